package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CORS is the top-level cors section: which browser origins may call the API
// cross-origin, and what they may send and read. It applies to every route.
//
// Preflight requests (OPTIONS with Origin and Access-Control-Request-Method)
// are answered by Gatehouse itself, before authentication: 204 with the CORS
// headers when the origin, the method and every requested header are allowed,
// 403 without CORS headers otherwise. Actual requests from an allowed origin
// get the origin echoed in Access-Control-Allow-Origin; every response gets
// Vary: Origin.
type CORS struct {
	// Origins are the allowed origins (required, not empty): exact origins
	// ("https://app.example.com", "http://localhost:3000"), wildcard subdomains
	// ("https://*.example.com": any subdomain at any depth, not example.com
	// itself), "null" (only when listed), or "*" (any origin except null; not
	// with credentials). See ParseOriginPattern.
	Origins []string `json:"origins" policy:"required"`
	// Methods are the methods a preflight may ask for. Absent: GET, HEAD, POST.
	Methods []Method `json:"methods"`
	// Headers are the request headers a preflight may ask for (lower case).
	// Absent: none beyond the CORS-safelisted ones browsers do not ask about.
	Headers []string `json:"headers"`
	// ExposeHeaders are response headers browser scripts may read
	// (Access-Control-Expose-Headers).
	ExposeHeaders []string `json:"expose_headers"`
	// MaxAge is how long a browser may cache a preflight answer
	// (Access-Control-Max-Age), whole seconds. Absent: the header is not sent
	// (browsers then cache for 5 s).
	MaxAge *Duration `json:"max_age"`
	// Credentials lets requests with cookies or HTTP authentication read the
	// response (Access-Control-Allow-Credentials: true).
	Credentials bool `json:"credentials"`

	// OriginPatterns are Origins, parsed. Filled in by Parse.
	OriginPatterns []OriginPattern `json:"-"`
}

// defaultCORSMethods are the methods a preflight may ask for when cors.methods
// is absent.
var defaultCORSMethods = []Method{MethodGet, MethodHead, MethodPost}

// EffectiveMethods returns Methods, or GET, HEAD, POST when absent.
func (c *CORS) EffectiveMethods() []Method {
	if len(c.Methods) == 0 {
		return defaultCORSMethods
	}
	return c.Methods
}

// OriginPattern is one parsed cors.origins entry.
type OriginPattern struct {
	// Any is "*": every origin except "null".
	Any bool
	// Null is "null": the opaque origin of sandboxed frames and file: pages.
	Null bool
	// Scheme is "http" or "https".
	Scheme string
	// Host is the host, lower case; for a wildcard, the domain after "*.".
	Host string
	// Port is the explicit port, or "" for the scheme's default.
	Port string
	// Wildcard is true for "scheme://*.domain": any subdomain of Host.
	Wildcard bool
}

// ParseOriginPattern parses a cors.origins entry: "*", "null", or
// scheme://host[:port] with scheme http or https, where host is a lower-case
// DNS name (optionally "*." followed by a domain of at least two labels), an
// IPv4 address or a bracketed IPv6 address, and port is not the scheme's
// default. No path, not even "/", and no user info.
func ParseOriginPattern(s string) (OriginPattern, error) {
	switch s {
	case "*":
		return OriginPattern{Any: true}, nil
	case "null":
		return OriginPattern{Null: true}, nil
	}
	if strings.ToLower(s) != s {
		return OriginPattern{}, errors.New("must be lower case (browsers send origins in lower case)")
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return OriginPattern{}, errors.New(`must start with "https://" or "http://"`)
	}
	if strings.ContainsAny(rest, "/?#@") {
		return OriginPattern{}, errors.New("must be scheme://host[:port] only (no path, not even a trailing slash, and no user info)")
	}
	o := OriginPattern{Scheme: scheme}
	host, port, err := splitHostPort(rest)
	if err != nil {
		return OriginPattern{}, err
	}
	if port != "" {
		if port == defaultPort(scheme) {
			return OriginPattern{}, errorf("omit the default port %s (browsers send %s://%s)", port, scheme, host)
		}
		o.Port = port
	}
	if d, ok := strings.CutPrefix(host, "*."); ok {
		if !validDNSName(d) || !strings.Contains(d, ".") {
			return OriginPattern{}, errors.New(`a wildcard must be "*." followed by a domain of at least two labels, like *.example.com`)
		}
		o.Host, o.Wildcard = d, true
		return o, nil
	}
	if !validDNSName(host) && !validIPLiteral(host) {
		return OriginPattern{}, errorf("invalid host %q", host)
	}
	o.Host = host
	return o, nil
}

// splitHostPort splits host[:port] (host may be a bracketed IPv6 address) and
// checks the port's syntax.
func splitHostPort(s string) (host, port string, err error) {
	host = s
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", errors.New("unclosed IPv6 bracket")
		}
		rest := s[end+1:]
		host = s[:end+1]
		if rest == "" {
			return host, "", nil
		}
		if rest[0] != ':' {
			return "", "", errorf("invalid text %q after the host", rest)
		}
		port = rest[1:]
	} else if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, port = s[:i], s[i+1:]
	} else {
		return host, "", nil
	}
	if !validPort(port) {
		return "", "", errorf("invalid port %q (want 1-65535, no leading zeros)", port)
	}
	return host, port, nil
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 || p[0] == '0' {
		return false
	}
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535 && strconv.Itoa(n) == p
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// validDNSName reports whether s is dot-separated labels of lower-case
// letters, digits and inner hyphens, each 1-63 bytes, at most 253 in all.
func validDNSName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// validIPLiteral reports whether s is a bracketed IPv6 address ("[::1]");
// dotted IPv4 addresses are valid DNS names already.
func validIPLiteral(s string) bool {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	_, ok := ParsePrefix(s[1 : len(s)-1])
	return ok && strings.Contains(s, ":")
}

func (c *CORS) validate(p path, errs *errorList) {
	op := p.key("origins")
	if len(c.Origins) == 0 {
		errs.add(op, ErrInvalid, "must list at least one origin")
	}
	for i, s := range c.Origins {
		o, err := ParseOriginPattern(s)
		switch {
		case err != nil:
			errs.add(op.index(i), ErrInvalid, fmt.Sprintf("origin %q: %s", s, err))
			continue
		case containsString(c.Origins[:i], s):
			errs.add(op.index(i), ErrInvalid, fmt.Sprintf("duplicate origin %q", s))
			continue
		case o.Any && c.Credentials:
			errs.add(op.index(i), ErrInvalid, `"*" cannot be used with credentials: true (list the origins)`)
		}
		c.OriginPatterns = append(c.OriginPatterns, o)
	}
	if c.Methods != nil && len(c.Methods) == 0 {
		errs.add(p.key("methods"), ErrInvalid, "must not be empty (omit it for GET, HEAD, POST)")
	}
	for i, m := range c.Methods {
		switch {
		case !m.Known():
			errs.add(p.key("methods").index(i), ErrInvalid, fmt.Sprintf("unknown method %q", string(m)))
		case containsMethod(c.Methods[:i], m):
			errs.add(p.key("methods").index(i), ErrInvalid, fmt.Sprintf("duplicate method %q", string(m)))
		}
	}
	validateHeaderNames(p.key("headers"), c.Headers, errs)
	validateHeaderNames(p.key("expose_headers"), c.ExposeHeaders, errs)
	if c.MaxAge != nil && time.Duration(*c.MaxAge)%time.Second != 0 {
		errs.add(p.key("max_age"), ErrInvalid, fmt.Sprintf("%s is not a whole number of seconds", *c.MaxAge))
	}
}

// validateHeaderNames checks a list of header names: lower-case tokens, no
// duplicates, not empty when present.
func validateHeaderNames(p path, names []string, errs *errorList) {
	if names != nil && len(names) == 0 {
		errs.add(p, ErrInvalid, "must not be empty")
	}
	for i, h := range names {
		switch {
		case !validHeaderName(h):
			errs.add(p.index(i), ErrInvalid, fmt.Sprintf("invalid header name %q (want a lowercase token)", h))
		case containsString(names[:i], h):
			errs.add(p.index(i), ErrInvalid, fmt.Sprintf("duplicate header %q", h))
		}
	}
}
