package pipeline

import (
	"encoding/base64"
	"reflect"
	"testing"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/ratelimit"
)

func TestRateLimitDecisions(t *testing.T) {
	p := compile(t, `{"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["api"],
		"algorithms":["HS256"],"secret":"`+base64.StdEncoding.EncodeToString(hsSecret)+`"}]},
	"default":"allow",
	"rate_limits":[{"name":"all","rate":"100/s","burst":3,"by":["route"],"headers":false}],
	"routes":[
		{"id":"pub","match":{"path":"/pub"},"public":true,"rate_limits":[{"name":"ip","rate":"1/m","burst":1,"by":["client_ip"]}]},
		{"id":"tenant","match":{"path":"/t"},"identity":["corp"],"rate_limits":[{"name":"tenant","rate":"1/h","burst":1,"by":["claim:tenant"]}]},
		{"id":"trial","match":{"path":"/trial"},"public":true,"mode":"report","rate_limits":[{"name":"trial","rate":"1/h","burst":1,"by":["const"]}]}]}`)
	now := time.Now()
	do := func(path, ip string, claims map[string]any) filters.Decision {
		r := &filters.Request{Method: "GET", Path: path, ClientIP: ip, Time: now}
		if claims != nil {
			r.Headers = []filters.Header{{Name: "authorization", Value: "Bearer " + hsToken(claims)}}
		}
		return p.Decide(r)
	}
	// An allowed request carries the headers of the limits that send them.
	d := do("/pub", "10.0.0.1", nil)
	if d.Verdict != filters.Allow || d.Reason != filters.ReasonPublic || !reflect.DeepEqual(d.ResponseHeaders, []filters.Header{
		{Name: "ratelimit-policy", Value: `"ip";q=1;w=60`}, {Name: "ratelimit", Value: `"ip";r=0;t=60`}}) {
		t.Fatalf("%+v", d)
	}
	d = do("/pub", "10.0.0.1", nil)
	want := []filters.Header{{Name: "ratelimit-policy", Value: `"ip";q=1;w=60`}, {Name: "ratelimit", Value: `"ip";r=0;t=60`}}
	if !d.Blocks() || d.Status != 429 || d.Reason != filters.ReasonRateLimited || d.RouteID != "pub" ||
		d.Detail != "rate limit ip" || !reflect.DeepEqual(d.ReplyHeaders, []filters.Header{{Name: "retry-after", Value: "60"}}) ||
		!reflect.DeepEqual(d.ResponseHeaders, want) {
		t.Fatalf("%+v", d)
	}
	// Claim keys: one bucket per tenant; the identity stays on the refusal.
	for i, c := range []struct {
		tenant string
		status int
	}{{"acme", 0}, {"acme", 429}, {"globex", 0}} {
		d = do("/t", "10.0.0.1", map[string]any{"sub": "u", "tenant": c.tenant})
		if d.Status != c.status || (c.status == 429 && (d.Identity != "corp" || d.Subject != "u")) {
			t.Fatalf("%d: %+v", i, d)
		}
	}
	// A token without the claim is not counted under the tenant limit.
	if d = do("/t", "10.0.0.1", map[string]any{"sub": "u"}); d.Verdict != filters.Allow || d.ResponseHeaders != nil {
		t.Fatalf("%+v", d)
	}
	// The policy-wide limit (3 per route) covers routes and the default allow.
	for i, status := range []int{0, 0, 0, 429} {
		if d = do("/elsewhere", "10.0.0.1", nil); d.Status != status || d.Reason == filters.ReasonRateLimited && d.Detail != "rate limit all" {
			t.Fatalf("%d: %+v", i, d)
		}
	}
	// Report mode: decided and reported, not enforced; the rewrite still runs.
	do("/trial", "10.0.0.1", nil)
	if d = do("/trial", "10.0.0.1", nil); d.Blocks() || d.Reason != filters.ReasonRateLimited || d.Enforced ||
		d.ResponseHeaders[1].Value != `"trial";r=0;t=3600` {
		t.Fatalf("%+v", d)
	}
}

func TestRateLimitOnError(t *testing.T) {
	for _, onError := range []string{"deny", "allow"} {
		pol, err := config.Parse([]byte(`{"routes":[{"id":"pub","match":{"path":"/pub"},"public":true,
			"rate_limits":[{"name":"ip","rate":"1/s","burst":1,"slots":2,"on_error":"` + onError + `","by":["client_ip"]}]}]}`))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Compile(pol, WithRateLimitStore(brokenStore{}, nil))
		if err != nil {
			t.Fatal(err)
		}
		d := p.Decide(&filters.Request{Method: "GET", Path: "/pub", ClientIP: "10.0.0.1", Time: time.Now()})
		wantDetail := "rate limit ip: ratelimit: shared data: broken"
		if onError == "allow" {
			wantDetail = "rate limit ip let through by on_error allow: ratelimit: shared data: broken"
			if d.Blocks() || d.Reason != filters.ReasonRateLimitError || d.Detail != wantDetail {
				t.Fatalf("%s: %+v", onError, d)
			}
			continue
		}
		if !d.Blocks() || d.Status != 503 || d.Reason != filters.ReasonRateLimitError || d.Detail != wantDetail || d.RouteID != "pub" {
			t.Fatalf("%s: %+v", onError, d)
		}
	}
}

type brokenStore struct{}

func (brokenStore) Get(string) ([]byte, uint32, error) { return nil, 0, errBroken }
func (brokenStore) Set(string, []byte, uint32) error   { return errBroken }

var errBroken = ratelimitError("broken")

type ratelimitError string

func (e ratelimitError) Error() string { return string(e) }

var _ ratelimit.Store = brokenStore{}
