package e2e

import (
	"fmt"
	"strings"
	"testing"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// presetAPI are the headers preset api puts on every response to an HTTPS
// request (the policy below adds includeSubDomains to HSTS).
var presetAPI = map[string]string{
	"strict-transport-security":    "max-age=31536000; includeSubDomains",
	"x-content-type-options":       "nosniff",
	"x-frame-options":              "DENY",
	"content-security-policy":      "default-src 'none'; frame-ancestors 'none'",
	"referrer-policy":              "no-referrer",
	"cross-origin-resource-policy": "same-origin",
}

// headersPolicy has the api preset, CORS, and routes that produce every kind of
// reply.
func headersPolicy(t *testing.T) string {
	return `{` + edgeJWKS(t) + `,
		"https":{"hsts":{"include_subdomains":true}},
		"cors":{"origins":["https://app.example.com"]},
		"response":{"headers":{"preset":"api","remove":["via"]}},
		"routes":[{"id":"pub","match":{"methods":["GET"],"path":"/pub"},"public":true},
			{"id":"orders","match":{"path":"/v1/orders/{id}"},"identity":["corp"],
			 "request_headers":{"set":{"x-tenant":"{claims.tenant}","x-route":"{route.id}","x-order":"{route.id}/{params.id}"},
			 "add":{"x-via-gatehouse":"1"},"remove":["x-debug"]}},
			{"id":"admin","match":{"path":"/admin"},"identity":["corp"],"allow":{"roles":["root"]}},
			{"id":"upload","match":{"methods":["POST"],"path":"/upload"},"public":true,
			 "body":{"max_bytes":16,"content_types":["application/json"]}},
			{"id":"limited","match":{"methods":["GET"],"path":"/limited"},"public":true,
			 "rate_limits":[{"name":"tight","rate":"1/h","burst":1,"by":["const"],"headers":false}]}]}`
}

// post is a POST of body with the given content type.
func post(path, contentType, body string) wasmhost.Request {
	r := get("POST", path, abi.Pair{Key: "content-type", Value: contentType},
		abi.Pair{Key: "content-length", Value: fmt.Sprint(len(body))})
	r.Body = [][]byte{[]byte(body)}
	return r
}

// TestSecurityHeadersOnEveryReply: every preset header, exactly once, on
// upstream responses, on replies Envoy makes after the request went on, and on
// each of Gatehouse's own local replies; Cache-Control: no-store on
// authenticated and error responses; leaky headers removed; Vary merged. To
// cover another local reply, add one row.
func TestSecurityHeadersOnEveryReply(t *testing.T) {
	tests := []struct {
		name   string
		req    func(t *testing.T) wasmhost.Request
		status int
		local  bool // answered by Gatehouse or Envoy, not the upstream
		auth   bool // the request authenticated
	}{
		{"upstream 200", func(*testing.T) wasmhost.Request { return get("GET", "/pub") }, 200, false, false},
		{"upstream 200, authenticated", func(t *testing.T) wasmhost.Request { return get("GET", "/v1/orders/7", bearer(t, nil)) }, 200, false, true},
		{"upstream 500", func(*testing.T) wasmhost.Request { return get("GET", "/pub?status=500") }, 500, false, false},
		{"Envoy 503, upstream unreachable", func(*testing.T) wasmhost.Request { return get("GET", "/pub?fail=1") }, 503, true, false},
		{"400 path rejected", func(*testing.T) wasmhost.Request { return get("GET", "/a%2Fb") }, 400, true, false},
		{"401", func(*testing.T) wasmhost.Request { return get("GET", "/v1/orders/7") }, 401, true, false},
		{"403", func(t *testing.T) wasmhost.Request { return get("GET", "/admin", bearer(t, nil)) }, 403, true, false},
		{"404", func(*testing.T) wasmhost.Request { return get("GET", "/nope") }, 404, true, false},
		{"405", func(*testing.T) wasmhost.Request { return get("POST", "/pub") }, 405, true, false},
		{"413 by Content-Length", func(*testing.T) wasmhost.Request {
			return post("/upload", "application/json", `{"name":"far too long"}`)
		}, 413, true, false},
		{"415", func(*testing.T) wasmhost.Request { return post("/upload", "text/plain", `{}`) }, 415, true, false},
		{"400 body invalid", func(*testing.T) wasmhost.Request { return post("/upload", "application/json", `{"a":`) }, 400, true, false},
		{"upstream 200 within the rate limit", func(*testing.T) wasmhost.Request { return get("GET", "/limited") }, 200, false, false},
		{"429 rate limited", func(*testing.T) wasmhost.Request { return get("GET", "/limited") }, 429, true, false},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, headersPolicy(t), withUpstream(leakyUpstream))
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp := send(t, h, with(tt.req(t), abi.Pair{Key: "origin", Value: "https://app.example.com"}))
				if resp.Status != tt.status || resp.LocalReply != tt.local {
					t.Fatalf("status %d local %v, want %d %v", resp.Status, resp.LocalReply, tt.status, tt.local)
				}
				want := map[string]string{"access-control-allow-origin": "https://app.example.com"}
				for k, v := range presetAPI {
					want[k] = v
				}
				switch {
				case tt.status >= 400 || tt.auth:
					want["cache-control"] = "no-store"
				case !tt.local:
					want["cache-control"] = "max-age=60" // the upstream's own, on a public success
				}
				for k, v := range want {
					if got := values(resp.Headers, k); len(got) != 1 || got[0] != v {
						t.Errorf("%s = %q, want %q once", k, got, v)
					}
				}
				wantVary := "Origin"
				if !tt.local {
					wantVary = "Accept-Encoding, Origin"
				}
				if got := values(resp.Headers, "vary"); fmt.Sprint(got) != fmt.Sprint([]string{wantVary}) {
					t.Errorf("vary = %q, want %q", got, wantVary)
				}
				for _, leaky := range []string{"server", "x-powered-by", "x-aspnet-version", "via"} {
					if got := values(resp.Headers, leaky); got != nil {
						t.Errorf("leaky %s: %q", leaky, got)
					}
				}
				seen := map[string]bool{}
				for _, p := range resp.Headers {
					if seen[p.Key] {
						t.Errorf("header %s twice: %q", p.Key, values(resp.Headers, p.Key))
					}
					seen[p.Key] = true
				}
			})
		}
		t.Run("no HSTS over plaintext", func(t *testing.T) {
			resp := send(t, h, scheme(get("GET", "/nope"), "http"))
			if got := values(resp.Headers, "strict-transport-security"); resp.Status != 404 || got != nil {
				t.Fatalf("status %d, hsts %q", resp.Status, got)
			}
			if got := values(resp.Headers, "x-frame-options"); len(got) != 1 {
				t.Fatalf("x-frame-options %q", got)
			}
		})
	})
}

// TestResponseHeaderOverrides: set replaces a preset value or adds a header, ""
// drops a preset header (the upstream's value then passes), remove takes out
// more upstream headers; without a policy section the upstream's headers pass.
func TestResponseHeaderOverrides(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{"response":{"headers":{"preset":"api",
			"set":{"x-frame-options":"SAMEORIGIN","referrer-policy":"","x-api-version":"2","strict-transport-security":"","cache-control":""},
			"remove":["x-aspnet-version","cache-control"]}},
			"routes":[{"id":"pub","match":{"path":"/pub"},"public":true}]}`, withUpstream(leakyUpstream))
		for _, path := range []string{"/pub", "/nope"} {
			resp := send(t, h, get("GET", path))
			want := map[string][]string{"x-frame-options": {"SAMEORIGIN"}, "x-api-version": {"2"},
				"x-content-type-options": {"nosniff"}, "strict-transport-security": nil, "server": nil}
			if path == "/pub" {
				want["referrer-policy"] = []string{"unsafe-url"} // dropped from the preset: the upstream's passes
				want["cache-control"] = nil
				want["x-aspnet-version"] = nil
			} else {
				want["referrer-policy"] = nil
				want["cache-control"] = []string{"no-store"} // Gatehouse's own error reply
			}
			for k, v := range want {
				if got := values(resp.Headers, k); fmt.Sprint(got) != fmt.Sprint(v) {
					t.Errorf("%s %s = %q, want %q", path, k, got, v)
				}
			}
		}
		plain := start(t, gatehouse(t), mode, `{"routes":[{"id":"pub","match":{"path":"/pub"},"public":true}]}`, withUpstream(leakyUpstream))
		resp := send(t, plain, get("GET", "/pub"))
		if got := values(resp.Headers, "server"); fmt.Sprint(got) != "[nginx/1.25.3]" || values(resp.Headers, "x-content-type-options") != nil {
			t.Errorf("without a response section: %v", resp.Headers)
		}
	})
}

// TestRequestHeaderRewrites: the upstream sees the route's request_headers,
// templated from claims, the route id and path parameters, after spoofed
// identity headers are stripped; a missing claim leaves the header unset (the
// client's copy removed).
func TestRequestHeaderRewrites(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, headersPolicy(t), withUpstream(leakyUpstream))
		spoofed := []abi.Pair{{Key: "x-tenant", Value: "evil"}, {Key: "x-user-id", Value: "mallory"},
			{Key: "x-route", Value: "admin"}, {Key: "x-debug", Value: "1"}, {Key: "x-via-gatehouse", Value: "client"}}
		tests := []struct {
			name   string
			claims map[string]any
			want   map[string][]string
		}{
			{"with the claim", map[string]any{"tenant": "acme", "sub": "alice"}, map[string][]string{
				"x-tenant": {"acme"}, "x-user-id": {"alice"}, "x-route": {"orders"}, "x-order": {"orders/42"},
				"x-debug": nil, "x-via-gatehouse": {"client", "1"}}},
			{"claim absent", map[string]any{"sub": "bob"}, map[string][]string{
				"x-tenant": nil, "x-user-id": {"bob"}, "x-route": {"orders"}, "x-debug": nil}},
			{"claim not renderable", map[string]any{"tenant": map[string]any{"id": 1}}, map[string][]string{
				"x-tenant": nil, "x-user-id": {"user-1"}}},
			{"array claim", map[string]any{"tenant": []string{"a", "b"}}, map[string][]string{"x-tenant": {"a,b"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp := send(t, h, with(get("GET", "/v1/orders/42", bearer(t, tt.claims)), spoofed...))
				if resp.Status != 200 || resp.Upstream == nil {
					t.Fatalf("status %d", resp.Status)
				}
				for k, v := range tt.want {
					if got := values(resp.Upstream.Headers, k); fmt.Sprint(got) != fmt.Sprint(v) {
						t.Errorf("upstream %s = %q, want %q", k, got, v)
					}
				}
			})
		}
		t.Run("public route: identity headers stripped, no rewrite", func(t *testing.T) {
			resp := send(t, h, with(get("GET", "/pub"), spoofed...))
			if got := values(resp.Upstream.Headers, "x-user-id"); got != nil {
				t.Errorf("x-user-id %q", got)
			}
			if got := strings.Join(values(resp.Upstream.Headers, "x-tenant"), ","); got != "evil" {
				t.Errorf("x-tenant %q (only the route with request_headers changes it)", got)
			}
		})
	})
}
