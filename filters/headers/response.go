// Package headers works out header changes: the security headers set on every
// response (the policy's preset and overrides, Strict-Transport-Security on
// HTTPS, Cache-Control on sensitive responses), the leaky upstream headers
// removed, the merge of those headers into Gatehouse's own local replies, and
// the per-route request header rewrites templated from claims, the route id and
// path parameters. Compile once per policy; per request the common cases do not
// allocate.
package headers

import (
	"strings"

	"gatehouse/config"
	"gatehouse/filters"
)

// Response is the compiled response-header policy.
type Response struct {
	// variants[https][authenticated] are the headers set on a response,
	// computed once; callers must not modify them.
	variants [2][2][]filters.Header
	// sensitive are the headers sent on authenticated and error responses.
	sensitive []filters.Header
	remove    []string
}

// CompileResponse builds the response-header policy from response.headers (may
// be nil) and the https section (may be nil; its hsts sets the HSTS value, and
// when present HSTS is sent on HTTPS responses even without the api preset).
func CompileResponse(rh *config.ResponseHeaders, h *config.HTTPS) *Response {
	r := &Response{}
	var preset []config.PresetHeader
	var set map[string]string
	if rh != nil {
		preset = rh.Preset.Headers()
		set = rh.Set
		r.remove = append(rh.Preset.Leaky(), rh.Remove...)
	}
	var hsts *config.HSTS
	if h != nil {
		hsts = h.HSTS
	}
	if hsts != nil && !presetHas(preset, config.HSTSHeader) {
		preset = append(preset, config.PresetHeader{Name: config.HSTSHeader, When: config.OnHTTPS})
	}
	var always, onHTTPS []filters.Header
	for _, ph := range preset {
		v := ph.Value
		if ph.Name == config.HSTSHeader {
			v = hsts.Value()
		}
		if o, ok := set[ph.Name]; ok {
			if o == "" {
				continue // dropped from the preset
			}
			v = o
		}
		hd := filters.Header{Name: ph.Name, Value: v}
		switch ph.When {
		case config.OnHTTPS:
			onHTTPS = append(onHTTPS, hd)
		case config.OnSensitive:
			r.sensitive = append(r.sensitive, hd)
		default:
			always = append(always, hd)
		}
	}
	for _, name := range sortedKeys(set) {
		if set[name] != "" && !presetHas(preset, name) {
			always = append(always, filters.Header{Name: name, Value: set[name]})
		}
	}
	for https := 0; https < 2; https++ {
		for auth := 0; auth < 2; auth++ {
			var v []filters.Header
			if https == 1 {
				v = append(v, onHTTPS...)
			}
			v = append(v, always...)
			if auth == 1 {
				v = append(v, r.sensitive...)
			}
			r.variants[https][auth] = v[:len(v):len(v)]
		}
	}
	return r
}

func presetHas(preset []config.PresetHeader, name string) bool {
	for _, ph := range preset {
		if ph.Name == name {
			return true
		}
	}
	return false
}

// For returns the headers to set on the response to a request: judged HTTPS
// or not, authenticated or not. The slice is shared: append to a copy only
// (its capacity is its length, so append copies).
func (r *Response) For(https, authenticated bool) []filters.Header {
	return r.variants[b2i(https)][b2i(authenticated)]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Active reports whether upstream responses may need changes beyond the
// per-request headers (leaky headers to remove, headers for error responses).
func (r *Response) Active() bool { return len(r.remove) > 0 || len(r.sensitive) > 0 }

// Edit is one change to an upstream response's headers.
type Edit struct {
	// Remove removes every value of Name; otherwise Name is set to Value,
	// replacing the upstream's values.
	Remove      bool
	Name, Value string
}

// Edits appends to dst the changes that turn an upstream response (status and
// headers, lower-case names, pseudo-headers excluded) into what the client
// gets: leaky headers removed, the request's headers set (replacing the
// upstream's: security wins), the sensitive headers on error statuses (>=
// 400), and Vary merged rather than replaced. Unneeded changes (a header
// already right, an absent header to remove) are left out.
func (r *Response) Edits(status int, have, set []filters.Header, dst []Edit) []Edit {
	for _, name := range r.remove {
		if has(have, name) {
			dst = append(dst, Edit{Remove: true, Name: name})
		}
	}
	for _, h := range set {
		dst = appendSet(dst, have, h)
	}
	if status >= 400 {
		for _, h := range r.sensitive {
			if !has(set, h.Name) {
				dst = appendSet(dst, have, h)
			}
		}
	}
	return dst
}

// appendSet appends the edit that gives the response header h, if needed.
func appendSet(dst []Edit, have []filters.Header, h filters.Header) []Edit {
	if h.Name == "vary" {
		if v, ok := MergeVary(have, h.Value); ok {
			dst = append(dst, Edit{Name: "vary", Value: v})
		}
		return dst
	}
	n, same := 0, false
	for _, x := range have {
		if x.Name == h.Name {
			n++
			same = x.Value == h.Value
		}
	}
	if n == 1 && same {
		return dst
	}
	return append(dst, Edit{Name: h.Name, Value: h.Value})
}

// MergeVary returns the Vary value that adds token to the Vary headers in have
// (all of them, joined), and false when nothing needs to change: the token is
// already listed (case-insensitively) or Vary is "*".
func MergeVary(have []filters.Header, token string) (string, bool) {
	var joined string
	n := 0
	for _, x := range have {
		if x.Name != "vary" {
			continue
		}
		if listHas(x.Value, token) {
			return "", false
		}
		if strings.TrimSpace(x.Value) == "" {
			continue
		}
		if n > 0 {
			joined += ", "
		}
		joined += x.Value
		n++
	}
	if n == 0 {
		return token, true
	}
	return joined + ", " + token, true
}

// listHas reports whether the comma-separated list v holds "*" or token
// (case-insensitively).
func listHas(v, token string) bool {
	for v != "" {
		t := v
		if i := strings.IndexByte(v, ','); i >= 0 {
			t, v = v[:i], v[i+1:]
		} else {
			v = ""
		}
		t = strings.TrimSpace(t)
		if t == "*" || strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}

func has(hs []filters.Header, name string) bool {
	for _, h := range hs {
		if h.Name == name {
			return true
		}
	}
	return false
}

// LocalReply returns the headers of one of Gatehouse's own replies: the
// reply's own headers (content type, cache control, Allow, WWW-Authenticate,
// Location, CORS preflight headers), then each of set whose name the reply
// does not already carry — so every header appears once — with Vary merged.
func LocalReply(reply, set []filters.Header) []filters.Header {
	out := make([]filters.Header, 0, len(reply)+len(set))
	out = append(out, reply...)
	for _, h := range set {
		if h.Name == "vary" {
			if v, ok := MergeVary(out, h.Value); ok {
				out = setHeader(out, filters.Header{Name: "vary", Value: v})
			}
			continue
		}
		if !has(out, h.Name) {
			out = append(out, h)
		}
	}
	return out
}

// setHeader replaces the first header called h.Name (dropping any others) or
// appends h.
func setHeader(hs []filters.Header, h filters.Header) []filters.Header {
	out := hs[:0]
	done := false
	for _, x := range hs {
		if x.Name != h.Name {
			out = append(out, x)
		} else if !done {
			out = append(out, h)
			done = true
		}
	}
	if !done {
		out = append(out, h)
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
