// Package https judges whether a request arrived over HTTPS and applies the
// policy's https rule to plaintext requests: redirect GET and HEAD with 308 to
// the same host, path and query over https, refuse the rest (403 when
// redirecting, 426 otherwise). Compile once per policy; Check does not
// allocate except to build a redirect's Location.
//
// The scheme is :scheme, except behind trusted proxies (client_ip.trusted_hops
// > 0), where the last X-Forwarded-Proto value — the one the nearest trusted
// proxy set or appended — decides when present. Without trusted hops the
// header is ignored: any client could send it.
package https

import (
	"strings"

	"gatehouse/config"
	"gatehouse/filters"
)

// Rule is the compiled https section.
type Rule struct {
	require, redirect bool
	trustForwarded    bool
}

// Compile builds the rule; a nil section requires nothing. ci is the policy's
// client_ip section (its trusted_hops decide whether X-Forwarded-Proto counts).
func Compile(h *config.HTTPS, ci *config.ClientIP) *Rule {
	r := &Rule{trustForwarded: ci != nil && ci.TrustedHops > 0}
	if h != nil {
		r.require, r.redirect = h.Require, h.Redirect
	}
	return r
}

// IsHTTPS reports whether req arrived over HTTPS (see the package comment).
func (r *Rule) IsHTTPS(req *filters.Request) bool {
	if r.trustForwarded {
		for i := len(req.Headers) - 1; i >= 0; i-- {
			if req.Headers[i].Name != "x-forwarded-proto" {
				continue
			}
			v := req.Headers[i].Value
			if j := strings.LastIndexByte(v, ','); j >= 0 {
				v = v[j+1:]
			}
			return strings.EqualFold(strings.TrimSpace(v), "https")
		}
	}
	return strings.EqualFold(req.Scheme, "https")
}

// Verdict is what the rule says about a request.
type Verdict uint8

// Verdicts of Check.
const (
	// Pass: HTTPS, or plaintext is not refused.
	Pass Verdict = iota
	// Redirect: answer 308 with the Location Check returned.
	Redirect
	// Refuse: answer with the status Check returned (403 or 426).
	Refuse
)

// Check applies the rule to a request judged by IsHTTPS. For Redirect it
// returns the Location; for Refuse the status: 403 for methods other than GET
// and HEAD (or a host that cannot be redirected to) when the rule redirects,
// 426 when it does not.
func (r *Rule) Check(req *filters.Request, isHTTPS bool) (v Verdict, status int, location string) {
	if isHTTPS || !r.require {
		return Pass, 0, ""
	}
	if !r.redirect {
		return Refuse, 426, ""
	}
	if req.Method != "GET" && req.Method != "HEAD" {
		return Refuse, 403, ""
	}
	loc, ok := Location(req.Authority, originalPath(req))
	if !ok {
		return Refuse, 403, ""
	}
	return Redirect, 308, loc
}

// originalPath is the :path as the client sent it.
func originalPath(req *filters.Request) string {
	if req.RawPath != "" {
		return req.RawPath
	}
	return req.Path
}

// Location builds https://<authority><path> for a redirect: the authority
// without the plaintext default port 80, the path (with its query) as sent.
// It refuses an authority that is not a plain host[:port] (user info, slashes,
// spaces, ...) and a path that does not start with "/", so the Location can
// only ever point at the host the client asked for.
func Location(authority, path string) (string, bool) {
	if !validAuthority(authority) || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		return "", false
	}
	for i := 0; i < len(path); i++ {
		if c := path[i]; c <= ' ' || c >= 0x7f {
			return "", false
		}
	}
	authority = strings.TrimSuffix(authority, ":80")
	return "https://" + authority + path, true
}

// validAuthority reports whether a is host[:port]: a DNS name or IPv4 address
// (letters, digits, '.', '-', '_') or a bracketed IPv6 address, and digits after
// the colon.
func validAuthority(a string) bool {
	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return false
		}
		host, port = a[1:end], a[end+1:]
		if host == "" || strings.Trim(host, "0123456789abcdefABCDEF:.") != "" {
			return false
		}
		if port != "" {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
			if port == "" {
				return false
			}
		}
	} else {
		if i := strings.IndexByte(a, ':'); i >= 0 {
			host, port = a[:i], a[i+1:]
			if port == "" {
				return false
			}
		}
		if host == "" {
			return false
		}
		for i := 0; i < len(host); i++ {
			c := host[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
				return false
			}
		}
	}
	if len(port) > 5 {
		return false
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	return true
}
