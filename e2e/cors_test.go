package e2e

import (
	"fmt"
	"strings"
	"testing"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// TestCORSMatrix: actual requests from allowed origins (exact, wildcard
// subdomains at any depth, a listed null) get the origin echoed with
// credentials and exposed headers, others get none; every response gets
// Vary: Origin once; preflights are answered locally without authentication
// (204 with the CORS headers, or 403 without any).
func TestCORSMatrix(t *testing.T) {
	const (
		app  = "https://app.example.com"
		deep = "https://a.b.example.org"
	)
	preflight := func(path, origin, method, hdrs string, extra ...abi.Pair) wasmhost.Request {
		req := get("OPTIONS", path, abi.Pair{Key: "origin", Value: origin}, abi.Pair{Key: "access-control-request-method", Value: method})
		if hdrs != "" {
			req = with(req, abi.Pair{Key: "access-control-request-headers", Value: hdrs})
		}
		return with(req, extra...)
	}
	actual := func(method, path, origin string, extra ...abi.Pair) wasmhost.Request {
		req := get(method, path, extra...)
		if origin != "" {
			req = with(req, abi.Pair{Key: "origin", Value: origin})
		}
		return req
	}
	allowedActual := map[string]string{"access-control-allow-credentials": "true", "access-control-expose-headers": "x-request-id"}
	allowedPreflight := map[string]string{"access-control-allow-methods": "GET, POST, PUT",
		"access-control-allow-headers": "authorization, content-type, x-tenant", "access-control-allow-credentials": "true",
		"access-control-max-age": "600", "vary": "Origin"}
	tests := []struct {
		name   string
		req    func(t *testing.T) wasmhost.Request
		status int
		reason string
		echo   string            // expected Access-Control-Allow-Origin ("" none)
		cors   map[string]string // other CORS headers expected (nil: none besides echo)
	}{
		{"actual, exact origin", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", app) }, 200, "public", app, allowedActual},
		{"actual, wildcard subdomain", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", "https://a.example.org") },
			200, "public", "https://a.example.org", allowedActual},
		{"actual, deeper subdomain", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", deep) }, 200, "public", deep, allowedActual},
		{"actual, listed null", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", "null") }, 200, "public", "null", allowedActual},
		{"actual, the wildcard's own domain", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", "https://example.org") },
			200, "public", "", nil},
		{"actual, suffix trick", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", "https://app.example.com.evil.com") },
			200, "public", "", nil},
		{"actual, other scheme", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", "http://app.example.com") },
			200, "public", "", nil},
		{"actual, no origin", func(*testing.T) wasmhost.Request { return actual("GET", "/pub", "") }, 200, "public", "", nil},
		{"actual with credentials", func(t *testing.T) wasmhost.Request {
			return actual("GET", "/v1/orders", app, bearer(t, nil))
		}, 200, "authenticated", app, allowedActual},
		{"actual, 401 reply readable by the page", func(*testing.T) wasmhost.Request { return actual("GET", "/v1/orders", app) },
			401, "token_missing", app, allowedActual},
		{"actual, 404 from a refused origin", func(*testing.T) wasmhost.Request { return actual("GET", "/nope", "https://evil.com") },
			404, "route_not_found", "", nil},
		{"preflight without auth", func(*testing.T) wasmhost.Request {
			return preflight("/v1/orders", app, "PUT", "Authorization, X-Tenant")
		}, 204, "cors_preflight", app, allowedPreflight},
		{"preflight carrying a bad token", func(*testing.T) wasmhost.Request {
			return preflight("/v1/orders", deep, "POST", "content-type", abi.Pair{Key: "authorization", Value: "Bearer x.y.z"})
		}, 204, "cors_preflight", deep, allowedPreflight},
		{"preflight with a good token", func(t *testing.T) wasmhost.Request {
			return preflight("/v1/orders", app, "GET", "", bearer(t, nil))
		}, 204, "cors_preflight", app, allowedPreflight},
		{"preflight, origin refused", func(*testing.T) wasmhost.Request { return preflight("/v1/orders", "https://evil.com", "GET", "") },
			403, "cors_rejected", "", nil},
		{"preflight, method refused", func(*testing.T) wasmhost.Request { return preflight("/v1/orders", app, "DELETE", "") },
			403, "cors_rejected", "", nil},
		{"preflight, header refused", func(*testing.T) wasmhost.Request { return preflight("/v1/orders", app, "GET", "x-tenant, x-admin") },
			403, "cors_rejected", "", nil},
		{"preflight, no route for the method", func(*testing.T) wasmhost.Request { return preflight("/pub", app, "POST", "") },
			403, "cors_rejected", "", nil},
		{"OPTIONS that is no preflight", func(*testing.T) wasmhost.Request { return actual("OPTIONS", "/v1/orders", app) },
			405, "method_not_allowed", app, allowedActual},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{`+edgeJWKS(t)+`,
			"cors":{"origins":["https://app.example.com","https://*.example.org","null"],"methods":["GET","POST","PUT"],
				"headers":["authorization","content-type","x-tenant"],"expose_headers":["x-request-id"],"max_age":"10m","credentials":true},
			"routes":[{"id":"orders","match":{"methods":["GET","POST","PUT"],"path":"/v1/orders"},"identity":["corp"]},
				{"id":"pub","match":{"methods":["GET"],"path":"/pub"},"public":true}]}`, withUpstream(leakyUpstream))
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rid := fmt.Sprintf("cors-%d", i)
				resp := send(t, h, with(tt.req(t), abi.Pair{Key: "x-request-id", Value: rid}))
				if resp.Status != tt.status {
					t.Fatalf("status %d, want %d", resp.Status, tt.status)
				}
				if ev := eventFor(t, h, rid); ev["reason"] != tt.reason {
					t.Fatalf("reason %v, want %s", ev["reason"], tt.reason)
				}
				if got := values(resp.Headers, "access-control-allow-origin"); tt.echo == "" && got != nil ||
					tt.echo != "" && fmt.Sprint(got) != fmt.Sprint([]string{tt.echo}) {
					t.Errorf("allow-origin %q, want %q", got, tt.echo)
				}
				for k, v := range tt.cors {
					if got := values(resp.Headers, k); len(got) != 1 || got[0] != v && !(k == "vary" && strings.HasSuffix(got[0], v)) {
						t.Errorf("%s = %q, want %q once", k, got, v)
					}
				}
				for _, p := range resp.Headers {
					if strings.HasPrefix(p.Key, "access-control-") && p.Key != "access-control-allow-origin" {
						if _, ok := tt.cors[p.Key]; !ok {
							t.Errorf("unexpected %s: %s", p.Key, p.Value)
						}
					}
				}
				// Vary: Origin once on every response except a refused preflight.
				vary := values(resp.Headers, "vary")
				if tt.reason == "cors_rejected" {
					if vary != nil {
						t.Errorf("vary %q on a refused preflight", vary)
					}
				} else if len(vary) != 1 || strings.Count(vary[0], "Origin") != 1 {
					t.Errorf("vary %q", vary)
				}
				if preflight := tt.status == 204 || tt.reason == "cors_rejected"; preflight && (resp.Upstream != nil || len(resp.Body) != 0 && tt.status == 204) {
					t.Errorf("preflight reached the upstream or has a body: %v %q", resp.Upstream != nil, resp.Body)
				}
			})
		}
	})
}
