package pipeline

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"gatehouse/filters"
)

var hsSecret = []byte("0123456789abcdef0123456789abcdef")

// hsToken signs claims (over valid defaults) with HS256 for the test provider.
func hsToken(claims map[string]any) string {
	c := map[string]any{"iss": "https://id.example.com/", "aud": "api", "exp": time.Now().Add(time.Hour).Unix()}
	for k, v := range claims {
		c[k] = v
	}
	b := base64.RawURLEncoding.EncodeToString
	payload, _ := json.Marshal(c)
	in := b([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + b(payload)
	m := hmac.New(sha256.New, hsSecret)
	m.Write([]byte(in))
	return in + "." + b(m.Sum(nil))
}

func TestAllowRules(t *testing.T) {
	p := compile(t, `{"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["api"],
		"algorithms":["HS256"],"secret":"`+base64.StdEncoding.EncodeToString(hsSecret)+`",
		"claims":{"roles":"realm_access.roles","scopes":"scope","known":["tenant","email_verified"]}}]},
	"routes":[
		{"id":"list","match":{"path":"/orders","methods":["GET"]},"identity":["corp"],"allow":{"scopes":["orders:read"]}},
		{"id":"get","match":{"path":"/orders/{id}","methods":["GET"]},"identity":["corp"],
			"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"id","claim":"sub"}}]}},
		{"id":"admin","match":{"path":"/admin"},"identity":["corp"],"allow":{"all_roles":["admin","ops"]}},
		{"id":"tenant","match":{"path":"/tenant"},"identity":["corp"],
			"allow":{"claims":{"tenant":["acme","globex"],"email_verified":["true"]},"not":{"roles":["suspended"]}}}]}`)
	roles := func(r ...string) map[string]any { return map[string]any{"roles": r} }
	tests := []struct {
		name, path string
		claims     map[string]any
		reason     filters.Reason
	}{
		{"all scopes held", "/orders", map[string]any{"scope": "orders:read orders:write"}, filters.ReasonAuthenticated},
		{"scope missing", "/orders", map[string]any{"scope": "orders:write"}, filters.ReasonScopeMissing},
		{"scopes as an array", "/orders", map[string]any{"scope": []string{"orders:read"}}, filters.ReasonAuthenticated},
		{"owner", "/orders/u-7", map[string]any{"sub": "u-7"}, filters.ReasonAuthenticated},
		{"not the owner", "/orders/u-8", map[string]any{"sub": "u-7"}, filters.ReasonAccessDenied},
		{"admin sees any order", "/orders/u-8", map[string]any{"sub": "u-7", "realm_access": roles("admin")}, filters.ReasonAuthenticated},
		{"all roles", "/admin", map[string]any{"realm_access": roles("ops", "admin")}, filters.ReasonAuthenticated},
		{"one role short", "/admin", map[string]any{"realm_access": roles("admin")}, filters.ReasonRoleMissing},
		{"claims match", "/tenant", map[string]any{"tenant": "globex", "email_verified": true}, filters.ReasonAuthenticated},
		{"claim value not accepted", "/tenant", map[string]any{"tenant": "initech", "email_verified": true}, filters.ReasonClaimMismatch},
		{"claim missing", "/tenant", map[string]any{"tenant": "acme"}, filters.ReasonClaimMismatch},
		{"not: suspended", "/tenant", map[string]any{"tenant": "acme", "email_verified": true, "realm_access": roles("suspended")}, filters.ReasonAccessDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := p.Decide(&filters.Request{Method: "GET", Path: tt.path, Time: time.Now(),
				Headers: []filters.Header{{Name: "authorization", Value: "Bearer " + hsToken(tt.claims)}}})
			if d.Reason != tt.reason {
				t.Fatalf("reason %s (detail %q), want %s", d.Reason, d.Detail, tt.reason)
			}
			if tt.reason != filters.ReasonAuthenticated && (d.Status != 403 || d.Identity != "corp") {
				t.Fatalf("status %d identity %q", d.Status, d.Identity)
			}
		})
	}
}
