package pipeline

import (
	"fmt"
	"reflect"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

func compile(t *testing.T, policy string) *Pipeline {
	t.Helper()
	p, err := compilePolicy(policy)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func compilePolicy(policy string) (*Pipeline, error) {
	pol, err := config.Parse([]byte(policy))
	if err != nil {
		return nil, fmt.Errorf("Parse: %w", err)
	}
	p, err := Compile(pol)
	if err != nil {
		return nil, fmt.Errorf("Compile: %w", err)
	}
	return p, nil
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

func TestPathNormalisation(t *testing.T) {
	p := compile(t, `{"routes":[
		{"id":"static","match":{"path":"/static/{rest...}"},"public":true},
		{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`)
	tests := []struct {
		path    string
		status  int
		reason  filters.Reason
		forward string // the :path the upstream gets; "" = unchanged
	}{
		{"/static/app.js", 0, filters.ReasonPublic, ""},
		{"/static/../admin", 404, filters.ReasonRouteNotFound, ""},
		{"/static/%2e%2e/admin", 404, filters.ReasonRouteNotFound, ""},
		{"/static/a/../../admin", 404, filters.ReasonRouteNotFound, ""},
		{"//v1//orders/42?x=1", 0, filters.ReasonPublic, "/v1/orders/42?x=1"},
		{"/v1/orders/%34%32", 0, filters.ReasonPublic, "/v1/orders/42"},
		{"/v1/orders/x/../42", 0, filters.ReasonPublic, "/v1/orders/42"},
		{"/static/..%2fadmin", 400, filters.ReasonPathRejected, ""},
		{"/static/..%5cadmin", 400, filters.ReasonPathRejected, ""},
		{"/static/..;/admin", 400, filters.ReasonPathRejected, ""},
		{"/../static/x", 400, filters.ReasonPathRejected, ""},
		{"/static/%zz", 400, filters.ReasonPathRejected, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			d := p.Decide(&filters.Request{Method: "GET", Path: tt.path})
			if d.Reason != tt.reason || (tt.status != 0 && d.Status != tt.status) || d.Path != tt.forward {
				t.Fatalf("Decide(%q) = %s %d, forward %q; want %s %d, forward %q",
					tt.path, d.Reason, d.Status, d.Path, tt.reason, tt.status, tt.forward)
			}
		})
	}
}

func TestRouteModeAndUnmatchedStatus(t *testing.T) {
	p := compile(t, `{"unmatched_status":403,"routes":[
		{"id":"trial","match":{"path":"/trial"},"mode":"report"},
		{"id":"locked","match":{"path":"/locked"}}]}`)
	tests := []struct {
		path     string
		status   int
		reason   filters.Reason
		enforced bool
	}{
		{"/trial", 403, filters.ReasonNoAllowRule, false},
		{"/locked", 403, filters.ReasonNoAllowRule, true},
		{"/nowhere", 403, filters.ReasonRouteNotFound, true},
	}
	for _, tt := range tests {
		d := p.Decide(&filters.Request{Method: "GET", Path: tt.path})
		if d.Status != tt.status || d.Reason != tt.reason || d.Enforced != tt.enforced || d.Blocks() == !tt.enforced {
			t.Errorf("%s: %d %s enforced=%v", tt.path, d.Status, d.Reason, d.Enforced)
		}
	}
	enforced := compile(t, `{"mode":"report","routes":[{"id":"strict","match":{"path":"/strict"},"mode":"enforce"}]}`)
	if d := enforced.Decide(&filters.Request{Method: "GET", Path: "/strict"}); !d.Enforced {
		t.Error("route mode enforce under a report policy is not enforced")
	}
	if d := enforced.Decide(&filters.Request{Method: "GET", Path: "/other"}); d.Enforced || d.Status != 404 {
		t.Errorf("unmatched under report: %+v", d)
	}
}
