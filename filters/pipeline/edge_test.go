package pipeline

import (
	"encoding/base64"
	"reflect"
	"testing"

	"gatehouse/filters"
)

// TestEdgeOrder: the HTTPS rule comes before routing outcomes and
// authentication, a CORS preflight before client IP rules and authentication,
// and the route's request_headers after the identity headers.
func TestEdgeOrder(t *testing.T) {
	p := compile(t, `{"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["api"],
		"algorithms":["HS256"],"secret":"`+base64.StdEncoding.EncodeToString(hsSecret)+`","forward":{"x-user-id":"sub"},"claims":{"known":["tenant"]}}]},
	"client_ip":{"deny":["10.6.6.0/24"]},
	"https":{"require":true,"redirect":true},
	"cors":{"origins":["https://app.example.com"],"methods":["GET","PUT"]},
	"response":{"headers":{"preset":"api"}},
	"routes":[{"id":"orders","match":{"path":"/orders/{id}"},"identity":["corp"],
		"request_headers":{"set":{"x-tenant":"{claims.tenant}","x-order":"{params.id}"},"add":{"x-gw":"1"}}}]}`)
	h := func(pairs ...string) []filters.Header {
		var out []filters.Header
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, filters.Header{Name: pairs[i], Value: pairs[i+1]})
		}
		return out
	}
	tests := []struct {
		name           string
		method, scheme string
		path, ip       string
		headers        []filters.Header
		status         int
		reason         filters.Reason
	}{
		{"plaintext unknown path: redirect first", "GET", "http", "/nope", "192.0.2.1", nil, 308, filters.ReasonHTTPSRedirected},
		{"plaintext private route: before authentication", "PUT", "http", "/orders/1", "192.0.2.1", nil, 403, filters.ReasonHTTPSRequired},
		{"preflight: no token needed", "OPTIONS", "https", "/orders/1", "192.0.2.1",
			h("origin", "https://app.example.com", "access-control-request-method", "PUT"), 204, filters.ReasonCORSPreflight},
		{"preflight before the client IP rules", "OPTIONS", "https", "/orders/1", "10.6.6.6",
			h("origin", "https://app.example.com", "access-control-request-method", "GET"), 204, filters.ReasonCORSPreflight},
		{"actual request from a denied address", "GET", "https", "/orders/1", "10.6.6.6", nil, 403, filters.ReasonIPDenied},
		{"no token", "GET", "https", "/orders/1", "192.0.2.1", nil, 401, filters.ReasonTokenMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &filters.Request{Method: tt.method, Scheme: tt.scheme, Path: tt.path, Authority: "api.example.com",
				ClientIP: tt.ip, Headers: tt.headers}
			d := p.Decide(req)
			if d.Status != tt.status || d.Reason != tt.reason || !d.Replies() {
				t.Fatalf("decision %d %s (replies %v)", d.Status, d.Reason, d.Replies())
			}
			if d.RouteID != "orders" && tt.path == "/orders/1" {
				t.Errorf("route id %q", d.RouteID)
			}
		})
	}
	req := &filters.Request{Method: "GET", Scheme: "https", Path: "/orders/42", Authority: "api.example.com", ClientIP: "192.0.2.1",
		Headers: h("authorization", "Bearer "+hsToken(map[string]any{"sub": "alice", "tenant": "acme"}),
			"x-user-id", "mallory", "x-tenant", "evil", "origin", "https://app.example.com")}
	d := p.Decide(req)
	if d.Replies() || d.Reason != filters.ReasonAuthenticated {
		t.Fatalf("decision %+v", d)
	}
	if !reflect.DeepEqual(d.RemoveHeaders, []string{"x-user-id"}) ||
		!reflect.DeepEqual(d.SetHeaders, h("x-user-id", "alice", "x-order", "42", "x-tenant", "acme")) ||
		!reflect.DeepEqual(d.AddHeaders, h("x-gw", "1")) {
		t.Fatalf("rewrite: remove %v set %v add %v", d.RemoveHeaders, d.SetHeaders, d.AddHeaders)
	}
	want := h("strict-transport-security", "max-age=31536000", "x-content-type-options", "nosniff", "x-frame-options", "DENY",
		"content-security-policy", "default-src 'none'; frame-ancestors 'none'", "referrer-policy", "no-referrer",
		"cross-origin-resource-policy", "same-origin", "cache-control", "no-store", "vary", "Origin",
		"access-control-allow-origin", "https://app.example.com")
	if !reflect.DeepEqual(d.ResponseHeaders, want) {
		t.Fatalf("response headers:\n got %v\nwant %v", d.ResponseHeaders, want)
	}
	// The shared preset slices are not changed by appending CORS headers.
	if got := p.Response().For(true, true); len(got) != 7 {
		t.Fatalf("preset variant changed: %v", got)
	}
}
