package e2e

import (
	"strconv"
	"testing"

	"github.com/gatehouse-dev/gatehouse/abi"
	"github.com/gatehouse-dev/gatehouse/wasmhost"
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
