package e2e

import (
	"strconv"
	"testing"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// TestPathTricks: equivalent spellings of a path get the decision of its normal
// form, the upstream receives the normal form, and ambiguous spellings are
// refused — so a public {rest...} route cannot be used to reach another one.
func TestPathTricks(t *testing.T) {
	const policy = `{"routes":[
		{"id":"static","match":{"path":"/static/{rest...}"},"public":true},
		{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true},
		{"id":"admin","match":{"path":"/admin/{rest...}"}}]}`
	tests := []struct {
		path, reason string
		status       int
		upstream     string // :path the upstream received ("" = not forwarded)
	}{
		{"/static/app.js", "public", 200, "/static/app.js"},
		{"/static/../admin/users", "no_allow_rule", 403, ""},
		{"/static/%2e%2e/admin/users", "no_allow_rule", 403, ""},
		{"/static/%2E%2E/%2E%2E/admin/users", "path_rejected", 400, ""},
		{"/static/..%2fadmin/users", "path_rejected", 400, ""},
		{"/static/..%5Cadmin/users", "path_rejected", 400, ""},
		{"/static/..;/admin/users", "path_rejected", 400, ""},
		{"/static\\..\\admin", "path_rejected", 400, ""},
		{"//v1//orders/42?q=1", "public", 200, "/v1/orders/42?q=1"},
		{"/v1/./orders/%34%32", "public", 200, "/v1/orders/42"},
		{"/V1/orders/42", "route_not_found", 404, ""},
		{"/v1/orders/42/", "route_not_found", 404, ""},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policy)
		for i, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				rid := "path-" + strconv.Itoa(i)
				resp := send(t, h, get("GET", tt.path, abi.Pair{Key: "x-request-id", Value: rid}))
				if resp.Status != tt.status {
					t.Fatalf("status %d, want %d", resp.Status, tt.status)
				}
				ev := eventFor(t, h, rid)
				if ev["reason"] != tt.reason {
					t.Fatalf("reason %v (detail %v), want %s", ev["reason"], ev["detail"], tt.reason)
				}
				if tt.upstream == "" {
					if resp.Upstream != nil {
						t.Fatal("forwarded")
					}
					return
				}
				if got, _ := resp.Upstream.Header(":path"); got != tt.upstream {
					t.Fatalf("upstream :path %q, want %q", got, tt.upstream)
				}
			})
		}
	})
}

// TestHostRoutes: a route with a host takes only requests for that host (the
// :authority without its port, any case); an exact host beats a wildcard,
// which beats a route without a host, and another host falls through to the
// routes without one.
func TestHostRoutes(t *testing.T) {
	const policy = `{"routes":[
		{"id":"default-orders","match":{"path":"/v1/orders/{id}"}},
		{"id":"api-orders","match":{"path":"/v1/orders/{id}","host":"api.example.com","methods":["GET"]},"public":true},
		{"id":"tenant-orders","match":{"path":"/v1/orders/{id}","host":"*.example.com"},"public":true},
		{"id":"admin","match":{"path":"/admin","host":"admin.example.com","methods":["POST"]},"public":true}]}`
	tests := []struct {
		authority, method, path, route, reason string
		status                                 int
		allow                                  string
	}{
		{"api.example.com", "GET", "/v1/orders/1", "api-orders", "public", 200, ""},
		{"API.Example.COM:8443", "GET", "/v1/orders/1", "api-orders", "public", 200, ""},
		{"api.example.com", "DELETE", "/v1/orders/1", "tenant-orders", "public", 200, ""},
		{"acme.example.com", "GET", "/v1/orders/1", "tenant-orders", "public", 200, ""},
		{"example.com", "GET", "/v1/orders/1", "default-orders", "no_allow_rule", 403, ""},
		{"evil.test", "GET", "/v1/orders/1", "default-orders", "no_allow_rule", 403, ""},
		{"admin.example.com", "GET", "/admin", "", "method_not_allowed", 405, "POST"},
		{"api.example.com", "POST", "/admin", "", "route_not_found", 404, ""},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policy)
		for i, tt := range tests {
			t.Run(tt.authority+" "+tt.method+" "+tt.path, func(t *testing.T) {
				rid := "host-" + strconv.Itoa(i)
				req := get(tt.method, tt.path, abi.Pair{Key: "x-request-id", Value: rid})
				req.Headers[2].Value = tt.authority
				resp := send(t, h, req)
				if resp.Status != tt.status {
					t.Fatalf("status %d, want %d", resp.Status, tt.status)
				}
				if got, _ := resp.Header("allow"); got != tt.allow {
					t.Fatalf("allow %q, want %q", got, tt.allow)
				}
				ev := eventFor(t, h, rid)
				if ev["reason"] != tt.reason || (tt.route != "" && ev["route_id"] != tt.route) {
					t.Fatalf("event reason %v route %v, want %s %s", ev["reason"], ev["route_id"], tt.reason, tt.route)
				}
			})
		}
	})
}
