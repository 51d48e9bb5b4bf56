// Package cors applies the policy's cors section: it matches a request's
// Origin against the allowlist, answers preflight requests (OPTIONS with Origin
// and Access-Control-Request-Method) and works out the CORS headers of actual
// responses. Compile once per policy.
//
// Origin matching: scheme, host and port must all match; scheme and host
// compare case-insensitively; an explicit default port (":443" on https) does
// not match an entry without one (browsers never send it). A wildcard entry
// "https://*.example.com" matches any subdomain at any depth
// ("https://a.example.com", "https://a.b.example.com") but not
// "https://example.com" and never "https://example.com.evil.com" or
// "https://evilexample.com". "null" matches only when listed; "*" matches every
// well-formed origin but not "null".
package cors

import (
	"strconv"
	"strings"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
)

// Policy is the compiled cors section.
type Policy struct {
	origins     []config.OriginPattern
	methods     []string
	headers     []string
	allowMethod string // Access-Control-Allow-Methods
	allowHeader string // Access-Control-Allow-Headers; "" when none
	expose      string // Access-Control-Expose-Headers; "" when none
	maxAge      string // Access-Control-Max-Age; "" when unset
	credentials bool
}

// Compile builds the policy; a nil section gives nil (no CORS).
func Compile(c *config.CORS) *Policy {
	if c == nil {
		return nil
	}
	p := &Policy{origins: c.OriginPatterns, headers: c.Headers, credentials: c.Credentials}
	for _, m := range c.EffectiveMethods() {
		p.methods = append(p.methods, string(m))
	}
	p.allowMethod = strings.Join(p.methods, ", ")
	p.allowHeader = strings.Join(c.Headers, ", ")
	p.expose = strings.Join(c.ExposeHeaders, ", ")
	if c.MaxAge != nil {
		p.maxAge = strconv.FormatInt(int64(time.Duration(*c.MaxAge)/time.Second), 10)
	}
	return p
}

// Header names.
const (
	hOrigin        = "origin"
	hRequestMethod = "access-control-request-method"
	hRequestHdrs   = "access-control-request-headers"
)

// IsPreflight reports whether req is a CORS preflight: OPTIONS with Origin and
// Access-Control-Request-Method. It also returns the requested method.
func IsPreflight(req *filters.Request) (string, bool) {
	if req.Method != "OPTIONS" {
		return "", false
	}
	if _, ok := req.Header(hOrigin); !ok {
		return "", false
	}
	m, ok := req.Header(hRequestMethod)
	return m, ok && m != ""
}

// Preflight answers a preflight request: ok and the headers of the 204 reply
// when the origin, the requested method and every requested header are
// allowed; otherwise false and a short reason for the log (no CORS headers
// are sent on a refusal).
func (p *Policy) Preflight(req *filters.Request) (ok bool, headers []filters.Header, why string) {
	origin, _ := req.Header(hOrigin)
	if !p.Allowed(origin) {
		return false, nil, "origin not allowed"
	}
	method, _ := req.Header(hRequestMethod)
	if !contains(p.methods, method) {
		return false, nil, "method not allowed"
	}
	for _, h := range req.Headers {
		if h.Name != hRequestHdrs {
			continue
		}
		for v := h.Value; v != ""; {
			name := v
			if i := strings.IndexByte(v, ','); i >= 0 {
				name, v = v[:i], v[i+1:]
			} else {
				v = ""
			}
			name = strings.ToLower(strings.TrimSpace(name))
			if name != "" && !contains(p.headers, name) {
				return false, nil, "header not allowed"
			}
		}
	}
	headers = make([]filters.Header, 0, 6)
	headers = append(headers,
		filters.Header{Name: "access-control-allow-origin", Value: origin},
		filters.Header{Name: "access-control-allow-methods", Value: p.allowMethod})
	if p.allowHeader != "" {
		headers = append(headers, filters.Header{Name: "access-control-allow-headers", Value: p.allowHeader})
	}
	if p.credentials {
		headers = append(headers, filters.Header{Name: "access-control-allow-credentials", Value: "true"})
	}
	if p.maxAge != "" {
		headers = append(headers, filters.Header{Name: "access-control-max-age", Value: p.maxAge})
	}
	headers = append(headers, Vary)
	return true, headers, ""
}

// Vary is the header every response gets while CORS is configured (except a
// refused preflight): the response depends on the request's Origin.
var Vary = filters.Header{Name: "vary", Value: "Origin"}

// Actual appends to dst the CORS headers of the response to an actual
// (non-preflight) request from an allowed origin: the origin echoed,
// credentials and exposed headers. For another origin, or none, dst is
// returned unchanged. Vary (above) is the caller's to add.
func (p *Policy) Actual(req *filters.Request, dst []filters.Header) []filters.Header {
	origin, ok := req.Header(hOrigin)
	if !ok || !p.Allowed(origin) {
		return dst
	}
	dst = append(dst, filters.Header{Name: "access-control-allow-origin", Value: origin})
	if p.credentials {
		dst = append(dst, filters.Header{Name: "access-control-allow-credentials", Value: "true"})
	}
	if p.expose != "" {
		dst = append(dst, filters.Header{Name: "access-control-expose-headers", Value: p.expose})
	}
	return dst
}

// Allowed reports whether origin (an Origin header value) is on the allowlist.
func (p *Policy) Allowed(origin string) bool {
	if origin == "null" {
		for _, o := range p.origins {
			if o.Null {
				return true
			}
		}
		return false
	}
	o, ok := ParseOrigin(origin)
	if !ok {
		return false
	}
	for _, pat := range p.origins {
		if Matches(pat, o) {
			return true
		}
	}
	return false
}

// Origin is a parsed Origin header: scheme, host and port, lower case.
type Origin struct {
	Scheme, Host, Port string
}

// ParseOrigin parses scheme://host[:port] with scheme http or https (any
// case); host is a DNS name or IPv4 address (letters, digits, '-', '.') or a
// bracketed IPv6 address; the port is digits. Anything else — a path, user
// info, "null" — is not an origin.
func ParseOrigin(s string) (Origin, bool) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return Origin{}, false
	}
	scheme = strings.ToLower(scheme)
	if scheme != "http" && scheme != "https" {
		return Origin{}, false
	}
	host, port := rest, ""
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return Origin{}, false
		}
		host, port = rest[:end+1], rest[end+1:]
		if strings.Trim(host[1:end], "0123456789abcdefABCDEF:.") != "" || end == 1 {
			return Origin{}, false
		}
		if port != "" {
			if port[0] != ':' {
				return Origin{}, false
			}
			port = port[1:]
			if port == "" {
				return Origin{}, false
			}
		}
	} else {
		if i := strings.IndexByte(rest, ':'); i >= 0 {
			host, port = rest[:i], rest[i+1:]
			if port == "" {
				return Origin{}, false
			}
		}
		if !validHost(host) {
			return Origin{}, false
		}
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return Origin{}, false
		}
	}
	return Origin{Scheme: scheme, Host: strings.ToLower(host), Port: port}, true
}

// validHost reports whether h is non-empty dot-separated labels of letters,
// digits and hyphens (no empty label).
func validHost(h string) bool {
	if h == "" {
		return false
	}
	label := 0
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c == '.':
			if label == 0 {
				return false
			}
			label = 0
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-':
			label++
		default:
			return false
		}
	}
	return label > 0
}

// Matches reports whether origin o matches pattern pat (not "null" patterns;
// see Allowed).
func Matches(pat config.OriginPattern, o Origin) bool {
	switch {
	case pat.Any:
		return true
	case pat.Null:
		return false
	case pat.Scheme != o.Scheme || pat.Port != o.Port:
		return false
	case pat.Wildcard:
		// host = <one or more labels> "." pat.Host
		return len(o.Host) > len(pat.Host)+1 && strings.HasSuffix(o.Host, pat.Host) &&
			o.Host[len(o.Host)-len(pat.Host)-1] == '.' && o.Host[0] != '['
	}
	return o.Host == pat.Host
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
