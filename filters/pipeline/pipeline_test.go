package pipeline

import (
	"reflect"
	"testing"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/filters"
)

func compile(t *testing.T, policy string) *Pipeline {
	t.Helper()
	pol, err := config.Parse([]byte(policy))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	p, err := Compile(pol)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return p
}

const routes = `"routes":[
	{"id":"health","match":{"path":"/healthz"},"public":true},
	{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET","HEAD"]},"public":true},
	{"id":"admin","match":{"path":"/admin/{rest...}"}}]`

func TestDecide(t *testing.T) {
	deny := compile(t, `{"default":"deny",`+routes+`}`)
	allow := compile(t, `{"default":"allow",`+routes+`}`)
	report := compile(t, `{"mode":"report",`+routes+`}`)
	tests := []struct {
		name         string
		p            *Pipeline
		method, path string
		want         filters.Decision
	}{
		{"public route", deny, "GET", "/healthz?probe=1", filters.Decision{Reason: filters.ReasonPublic, RouteID: "health", Enforced: true}},
		{"template", deny, "HEAD", "/v1/orders/7", filters.Decision{Reason: filters.ReasonPublic, RouteID: "orders", Enforced: true}},
		{"no allow rule", deny, "GET", "/admin/users", filters.Decision{Verdict: filters.Deny, Status: 403,
			Reason: filters.ReasonNoAllowRule, RouteID: "admin", Enforced: true}},
		{"not found", deny, "GET", "/nope", filters.Decision{Verdict: filters.Deny, Status: 404,
			Reason: filters.ReasonRouteNotFound, Enforced: true}},
		{"method not allowed", deny, "DELETE", "/v1/orders/7", filters.Decision{Verdict: filters.Deny, Status: 405,
			Reason: filters.ReasonMethodNotAllowed, Enforced: true,
			ReplyHeaders: []filters.Header{{Name: "allow", Value: "GET, HEAD"}}}},
		{"default allow, not found", allow, "GET", "/nope", filters.Decision{Reason: filters.ReasonDefaultAllow, Enforced: true}},
		{"default allow, other method", allow, "POST", "/v1/orders/7", filters.Decision{Reason: filters.ReasonDefaultAllow, Enforced: true}},
		{"default allow keeps route rules", allow, "GET", "/admin/x", filters.Decision{Verdict: filters.Deny, Status: 403,
			Reason: filters.ReasonNoAllowRule, RouteID: "admin", Enforced: true}},
		{"report mode", report, "GET", "/nope", filters.Decision{Verdict: filters.Deny, Status: 404,
			Reason: filters.ReasonRouteNotFound, Enforced: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.Decide(&filters.Request{Method: tt.method, Path: tt.path})
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Decide(%s %s) = %+v, want %+v", tt.method, tt.path, got, tt.want)
			}
			if got.Blocks() != (got.Verdict == filters.Deny && tt.p != report) {
				t.Fatalf("Blocks() = %v", got.Blocks())
			}
		})
	}
}

func TestSummary(t *testing.T) {
	if got := compile(t, `{"default":"allow",`+routes+`}`).Summary(); got != "3 routes, default allow, mode enforce" {
		t.Fatalf("Summary() = %q", got)
	}
}
