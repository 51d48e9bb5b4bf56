package pipeline

import (
	"encoding/base64"
	"testing"

	"gatehouse/filters"
)

func TestParamsAfterAuthorization(t *testing.T) {
	p := compile(t, `{"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["api"],
		"algorithms":["HS256"],"secret":"`+base64.StdEncoding.EncodeToString(hsSecret)+`","claims":{"scopes":"scope"}}]},
	"routes":[
		{"id":"list","match":{"path":"/orders","methods":["GET"]},"identity":["corp"],"allow":{"scopes":["orders:read"]},
		 "params":{"query":{"limit":{"type":"integer","maximum":100}}},"expose_errors":true},
		{"id":"create","match":{"path":"/orders","methods":["POST"]},"public":true,"body":{"max_bytes":10}},
		{"id":"get","match":{"path":"/orders/{id}"},"public":true,"params":{"path":{"id":{"type":"integer"}}}}]}`)
	good := "Bearer " + hsToken(map[string]any{"sub": "alice", "scope": "orders:read"})
	noScope := "Bearer " + hsToken(map[string]any{"sub": "bob"})
	tests := []struct {
		name, method, path, auth string
		want                     filters.Decision
	}{
		{"valid", "GET", "/orders?limit=5", good, filters.Decision{Reason: filters.ReasonAuthenticated, RouteID: "list",
			Enforced: true, Identity: "corp", Subject: "alice"}},
		{"param invalid keeps who", "GET", "/orders?limit=500", good, filters.Decision{Verdict: filters.Deny, Status: 400,
			Reason: filters.ReasonParamInvalid, RouteID: "list", Enforced: true, Identity: "corp", Subject: "alice",
			Detail: "/query/limit maximum", Violation: filters.Violation{Pointer: "/query/limit", Keyword: "maximum"},
			ExposeViolation: true}},
		// Who may not use the route learns nothing about its parameters.
		{"unauthenticated first", "GET", "/orders?limit=500", "", filters.Decision{Verdict: filters.Deny, Status: 401,
			Reason: filters.ReasonTokenMissing, RouteID: "list", Enforced: true, Detail: "corp: credential missing"}},
		{"unauthorized first", "GET", "/orders?limit=500", noScope, filters.Decision{Verdict: filters.Deny, Status: 403,
			Reason: filters.ReasonScopeMissing, RouteID: "list", Enforced: true, Identity: "corp", Subject: "bob"}},
		{"path param", "GET", "/orders/x", "", filters.Decision{Verdict: filters.Deny, Status: 400,
			Reason: filters.ReasonParamInvalid, RouteID: "get", Enforced: true, Detail: "/path/id type",
			Violation: filters.Violation{Pointer: "/path/id", Keyword: "type"}}},
		{"body route", "POST", "/orders", "", filters.Decision{Reason: filters.ReasonPublic, RouteID: "create",
			Enforced: true, BodyRoute: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &filters.Request{Method: tt.method, Path: tt.path}
			if tt.auth != "" {
				req.Headers = []filters.Header{{Name: "authorization", Value: tt.auth}}
			}
			d := p.Decide(req)
			d.RemoveHeaders, d.SetHeaders, d.ReplyHeaders = nil, nil, nil
			if d.Detail != tt.want.Detail && tt.want.Reason == filters.ReasonTokenMissing {
				d.Detail = tt.want.Detail // the wording is authn's
			}
			if d.Verdict != tt.want.Verdict || d.Status != tt.want.Status || d.Reason != tt.want.Reason ||
				d.RouteID != tt.want.RouteID || d.Enforced != tt.want.Enforced || d.Identity != tt.want.Identity ||
				d.Subject != tt.want.Subject || d.Detail != tt.want.Detail || d.Violation != tt.want.Violation ||
				d.ExposeViolation != tt.want.ExposeViolation || d.BodyRoute != tt.want.BodyRoute {
				t.Fatalf("Decide = %+v\nwant     %+v", d, tt.want)
			}
			rules, _ := p.Body(&d)
			if (rules != nil) != (tt.want.BodyRoute != 0) {
				t.Fatalf("Body = %v", rules)
			}
		})
	}
}
