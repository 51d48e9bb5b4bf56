package pipeline

import (
	"encoding/base64"
	"reflect"
	"testing"
	"time"

	"gatehouse/filters"
	"gatehouse/filters/redact"
)

// TestRedactPlan checks which redaction a decision carries: the route's own
// (replacing the policy-wide one), none on a route that disables it, the
// policy-wide one elsewhere (unmatched paths under default allow included),
// none for a caller the plan's unless keeps, none on a refused request; and
// that accept-encoding is dropped when a plan applies.
func TestRedactPlan(t *testing.T) {
	p := compile(t, `{"default":"allow","identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["api"],
		"algorithms":["HS256"],"secret":"`+base64.StdEncoding.EncodeToString(hsSecret)+`","claims":{"roles":"roles","scopes":"scope"}}]},
	"response":{"redact":{"fields":["password"],"unless":{"scopes":["pii:read"]}}},
	"routes":[
		{"id":"users","match":{"path":"/users"},"identity":["corp"]},
		{"id":"login","match":{"path":"/login"},"public":true,"response":{"redact":{"disabled":true}}},
		{"id":"staff","match":{"path":"/staff"},"identity":["corp"],"response":{"redact":{"fields":["users.#.ssn"],"unless":{"roles":["hr"]}}}},
		{"id":"closed","match":{"path":"/closed"},"identity":["corp"],"allow":{"roles":["admin"]}}]}`)
	// Plans as the pipeline compiled them, told apart by what they redact.
	probe := func(pl *redact.Plan) string {
		if pl == nil {
			return "none"
		}
		var r redact.Redactor
		out, _, _ := r.Redact(pl, []byte(`{"password":1,"users":[{"ssn":2}]}`))
		return string(out)
	}
	const global, staff = `{"users":[{"ssn":2}]}`, `{"password":1,"users":[{}]}`
	tests := []struct {
		name, path string
		claims     map[string]any
		want       string
	}{
		{"policy-wide", "/users", map[string]any{"scope": "orders:read"}, global},
		{"kept for a scope", "/users", map[string]any{"scope": "orders:read pii:read"}, "none"},
		{"disabled on the route", "/login", nil, "none"},
		{"route replaces policy-wide", "/staff", map[string]any{"scope": "pii:read"}, staff},
		{"route keeps for its role", "/staff", map[string]any{"roles": []string{"hr"}}, "none"},
		{"unmatched under default allow", "/elsewhere", nil, global},
		{"refused request", "/closed", map[string]any{"roles": []string{"user"}}, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &filters.Request{Method: "GET", Path: tt.path, Time: time.Now(),
				Headers: []filters.Header{{Name: "accept-encoding", Value: "gzip"}}}
			if tt.claims != nil {
				req.Headers = append(req.Headers, filters.Header{Name: "authorization", Value: "Bearer " + hsToken(tt.claims)})
			}
			d := p.Decide(req)
			if got := probe(d.Redact); got != tt.want {
				t.Fatalf("plan redacts to %s, want %s (reason %s)", got, tt.want, d.Reason)
			}
			var wantRemove []string
			if d.Redact != nil {
				wantRemove = []string{"accept-encoding"}
			}
			if !reflect.DeepEqual(d.RemoveHeaders, wantRemove) {
				t.Fatalf("RemoveHeaders = %q, want %q", d.RemoveHeaders, wantRemove)
			}
		})
	}
}
