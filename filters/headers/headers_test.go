package headers

import (
	"reflect"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

func hdr(pairs ...string) []filters.Header {
	var out []filters.Header
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, filters.Header{Name: pairs[i], Value: pairs[i+1]})
	}
	return out
}

func parse(t *testing.T, policy string) *config.Policy {
	t.Helper()
	pol, err := config.Parse([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	return pol
}

func compileResponse(t *testing.T, policy string) *Response {
	pol := parse(t, policy)
	var rh *config.ResponseHeaders
	if pol.Response != nil {
		rh = pol.Response.Headers
	}
	return CompileResponse(rh, pol.HTTPS)
}

var apiAlways = []string{"x-content-type-options", "nosniff", "x-frame-options", "DENY",
	"content-security-policy", "default-src 'none'; frame-ancestors 'none'", "referrer-policy", "no-referrer",
	"cross-origin-resource-policy", "same-origin"}

func TestFor(t *testing.T) {
	tests := []struct {
		name, policy         string
		https, authenticated bool
		want                 []filters.Header
	}{
		{"no policy", `{}`, true, true, nil},
		{"api, http", `{"response":{"headers":{"preset":"api"}}}`, false, false, hdr(apiAlways...)},
		{"api, https", `{"response":{"headers":{"preset":"api"}}}`, true, false,
			hdr(append([]string{"strict-transport-security", "max-age=31536000"}, apiAlways...)...)},
		{"api, https, authenticated", `{"response":{"headers":{"preset":"api"}}}`, true, true,
			hdr(append(append([]string{"strict-transport-security", "max-age=31536000"}, apiAlways...), "cache-control", "no-store")...)},
		{"overrides and drops", `{"https":{"hsts":{"max_age":"1h","include_subdomains":true,"preload":false}},
			"response":{"headers":{"preset":"api","set":{"x-frame-options":"SAMEORIGIN","referrer-policy":"","cache-control":"private","x-api":"v1"}}}}`,
			true, true, hdr("strict-transport-security", "max-age=3600; includeSubDomains", "x-content-type-options", "nosniff",
				"x-frame-options", "SAMEORIGIN", "content-security-policy", "default-src 'none'; frame-ancestors 'none'",
				"cross-origin-resource-policy", "same-origin", "x-api", "v1", "cache-control", "private")},
		{"hsts without preset", `{"https":{"hsts":{}}}`, true, false, hdr("strict-transport-security", "max-age=31536000")},
		{"hsts dropped", `{"response":{"headers":{"preset":"api","set":{"strict-transport-security":""}}}}`, true, false, hdr(apiAlways...)},
		{"set only", `{"response":{"headers":{"set":{"x-b":"2","x-a":"1"}}}}`, false, true, hdr("x-a", "1", "x-b", "2")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compileResponse(t, tt.policy)
			if got := r.For(tt.https, tt.authenticated); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("For:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestEdits(t *testing.T) {
	r := compileResponse(t, `{"response":{"headers":{"preset":"api","remove":["via"]}}}`)
	set := append(r.For(true, false)[:0:0], r.For(true, false)...)
	set = append(set, hdr("access-control-allow-origin", "https://a.com", "vary", "Origin")...)
	tests := []struct {
		name   string
		status int
		have   []filters.Header
		want   []Edit
	}{
		{"leaky removed, preset set, vary added", 200,
			hdr("server", "nginx/1.2", "x-powered-by", "PHP", "via", "1.1 x", "x-frame-options", "SAMEORIGIN", "x-frame-options", "DENY",
				"x-content-type-options", "nosniff", "vary", "Accept-Encoding"),
			[]Edit{{Remove: true, Name: "server"}, {Remove: true, Name: "x-powered-by"}, {Remove: true, Name: "via"},
				{Name: "strict-transport-security", Value: "max-age=31536000"}, {Name: "x-frame-options", Value: "DENY"},
				{Name: "content-security-policy", Value: "default-src 'none'; frame-ancestors 'none'"},
				{Name: "referrer-policy", Value: "no-referrer"}, {Name: "cross-origin-resource-policy", Value: "same-origin"},
				{Name: "access-control-allow-origin", Value: "https://a.com"}, {Name: "vary", Value: "Accept-Encoding, Origin"}}},
		{"error status gets no-store, vary already there", 500, hdr("cache-control", "max-age=60", "vary", "accept, origin"),
			[]Edit{{Name: "strict-transport-security", Value: "max-age=31536000"}, {Name: "x-content-type-options", Value: "nosniff"},
				{Name: "x-frame-options", Value: "DENY"}, {Name: "content-security-policy", Value: "default-src 'none'; frame-ancestors 'none'"},
				{Name: "referrer-policy", Value: "no-referrer"}, {Name: "cross-origin-resource-policy", Value: "same-origin"},
				{Name: "access-control-allow-origin", Value: "https://a.com"}, {Name: "cache-control", Value: "no-store"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Edits(tt.status, tt.have, set, nil); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Edits:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if v, ok := MergeVary(hdr("vary", "*"), "Origin"); ok {
		t.Fatalf("vary * changed to %q", v)
	}
}

func TestLocalReply(t *testing.T) {
	reply := hdr("content-type", "application/json", "cache-control", "no-store", "www-authenticate", "Bearer")
	set := hdr("x-frame-options", "DENY", "cache-control", "no-store", "vary", "Origin")
	want := hdr("content-type", "application/json", "cache-control", "no-store", "www-authenticate", "Bearer",
		"x-frame-options", "DENY", "vary", "Origin")
	if got := LocalReply(reply, set); !reflect.DeepEqual(got, want) {
		t.Fatalf("LocalReply:\n got %v\nwant %v", got, want)
	}
	got := LocalReply(hdr("vary", "Origin"), hdr("vary", "Origin"))
	if !reflect.DeepEqual(got, hdr("vary", "Origin")) {
		t.Fatalf("vary twice: %v", got)
	}
}

type claims map[string]string

func (c claims) HeaderValue(path string) (string, bool) { v, ok := c[path]; return v, ok }

func TestRewrite(t *testing.T) {
	pol := parse(t, `{"identity":{"jwt":[{"name":"k","issuer":"https://id.example.com/","audiences":["api"],"algorithms":["RS256"],
		"jwks":{"remote":{"cluster":"idp","path":"/jwks.json"}},"claims":{"known":["tenant"]}}]},
		"routes":[{"id":"get-doc","match":{"path":"/t/{tenant}/docs/{rest...}"},"identity":["k"],
		"request_headers":{"set":{"x-tenant":"{claims.tenant}","x-route":"{route.id}","x-doc":"{params.tenant}:{params.rest}","x-static":"1"},
		"add":{"x-via":"gatehouse"},"remove":["x-debug","x-absent"]}}]}`)
	w := CompileRewrite(pol.Routes[0].RequestHeaders, "get-doc")
	req := &filters.Request{Headers: hdr("x-tenant", "evil", "x-debug", "1", "x-via", "client"),
		Params: []filters.Param{{Name: "tenant", Value: "acme"}, {Name: "rest", Value: "a/b"}}}
	base := filters.Decision{RemoveHeaders: []string{"x-user-id"}, SetHeaders: hdr("x-user-id", "alice")[:1:1]}

	d := base
	w.Apply(req, claims{"tenant": "acme"}, &d)
	if !reflect.DeepEqual(d.RemoveHeaders, []string{"x-user-id", "x-debug"}) ||
		!reflect.DeepEqual(d.SetHeaders, hdr("x-user-id", "alice", "x-doc", "acme:a/b", "x-route", "get-doc", "x-static", "1", "x-tenant", "acme")) ||
		!reflect.DeepEqual(d.AddHeaders, hdr("x-via", "gatehouse")) {
		t.Fatalf("with claims: %+v", d)
	}
	d = base
	w.Apply(req, nil, &d) // an API key: no claims; the spoofed x-tenant is removed, not set
	if !reflect.DeepEqual(d.RemoveHeaders, []string{"x-user-id", "x-debug", "x-tenant"}) ||
		!reflect.DeepEqual(d.SetHeaders, hdr("x-user-id", "alice", "x-doc", "acme:a/b", "x-route", "get-doc", "x-static", "1")) {
		t.Fatalf("without claims: %+v", d)
	}
	if len(base.SetHeaders) != 1 || len(base.RemoveHeaders) != 1 {
		t.Fatal("Apply changed the slices it was given")
	}
}
