package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// rlHeaders are the rate-limit headers of a response, in a fixed order.
func rlHeaders(r *wasmhost.Response) []string {
	var out []string
	for _, k := range []string{"retry-after", "ratelimit-policy", "ratelimit"} {
		if v, ok := r.Header(k); ok {
			out = append(out, k+": "+v)
		}
	}
	return out
}

// from is a GET from the client address ip with a request id.
func from(path, ip, rid string, headers ...abi.Pair) wasmhost.Request {
	r := get("GET", path, append([]abi.Pair{{Key: "x-request-id", Value: rid}}, headers...)...)
	r.SourceAddress = ip + ":5000"
	if ip != "" && ip[0] != '[' && containsColonStr(ip) {
		r.SourceAddress = "[" + ip + "]:5000"
	}
	return r
}

func containsColonStr(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// TestRateLimitBurstAndRefill: a burst is admitted, the next request gets a
// 429 with the generic body, Retry-After and the RateLimit headers, and the
// bucket refills with the (manual) clock.
func TestRateLimitBurstAndRefill(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		clock := wasmhost.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		h := start(t, gatehouse(t), mode, `{"routes":[{"id":"pub","match":{"path":"/pub"},"public":true,
			"rate_limits":[{"name":"per-ip","rate":"60/m","burst":2,"slots":64,"by":["client_ip"]}]}]}`,
			func(c *wasmhost.Config) { c.Clock = clock })
		steps := []struct {
			advance time.Duration
			status  int
			headers []string
		}{
			{0, 200, []string{`ratelimit-policy: "per-ip";q=60;w=60`, `ratelimit: "per-ip";r=1;t=1`}},
			{0, 200, []string{`ratelimit-policy: "per-ip";q=60;w=60`, `ratelimit: "per-ip";r=0;t=1`}},
			{0, 429, []string{"retry-after: 1", `ratelimit-policy: "per-ip";q=60;w=60`, `ratelimit: "per-ip";r=0;t=1`}},
			{500 * time.Millisecond, 429, []string{"retry-after: 1", `ratelimit-policy: "per-ip";q=60;w=60`, `ratelimit: "per-ip";r=0;t=1`}},
			{500 * time.Millisecond, 200, []string{`ratelimit-policy: "per-ip";q=60;w=60`, `ratelimit: "per-ip";r=0;t=1`}},
			{10 * time.Second, 200, []string{`ratelimit-policy: "per-ip";q=60;w=60`, `ratelimit: "per-ip";r=1;t=1`}},
		}
		for i, s := range steps {
			clock.Advance(s.advance)
			rid := "rl-" + strconv.Itoa(i)
			resp := send(t, h, from("/pub", "198.51.100.7", rid))
			if resp.Status != s.status || !reflect.DeepEqual(rlHeaders(resp), s.headers) {
				t.Fatalf("step %d: %d %q, want %d %q", i, resp.Status, rlHeaders(resp), s.status, s.headers)
			}
			if s.status == 429 {
				if string(resp.Body) != `{"error":"too_many_requests","request_id":"`+rid+`"}` || resp.Upstream != nil ||
					resp.Details != "gatehouse_rate_limited" {
					t.Fatalf("step %d: body %s details %s", i, resp.Body, resp.Details)
				}
				if ev := eventFor(t, h, rid); ev["reason"] != "rate_limited" || ev["detail"] != "rate limit per-ip" || ev["status"] != 429.0 {
					t.Fatalf("event %v", ev)
				}
			}
		}
		// Another client has its own bucket.
		if resp := send(t, h, from("/pub", "198.51.100.8", "other")); resp.Status != 200 {
			t.Fatalf("other client: %d", resp.Status)
		}
		for name, want := range map[string]int64{"gatehouse.ratelimit.per-ip.allowed": 5, "gatehouse.ratelimit.per-ip.limited": 2,
			"gatehouse.ratelimit.per-ip.errors": 0, "gatehouse.requests.denied.rate_limited": 2, "gatehouse.requests.allowed.public": 5} {
			if got := counter(t, h, name); got != want {
				t.Errorf("%s = %d, want %d", name, got, want)
			}
		}
	})
}

// TestRateLimitKeysAndSeveralLimits: every key source through the .wasm, and
// several limits on one route that must all admit a request.
func TestRateLimitKeysAndSeveralLimits(t *testing.T) {
	jwks, err := jsonJWKS()
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(partnerKey))
	policy := `{"client_ip":{"trusted_hops":1},
	"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["orders-api"],
		"algorithms":["RS256"],"jwks":{"inline":` + jwks + `}}],
		"api_keys":[{"name":"partners","keys":[{"id":"acme","sha256":"` + hex.EncodeToString(sum[:]) + `"}]}]},
	"routes":[
		{"id":"ip","match":{"path":"/ip"},"public":true,"rate_limits":[{"name":"ip","rate":"1/h","burst":1,"slots":64,"by":["client_ip"]}]},
		{"id":"net","match":{"path":"/net"},"public":true,"rate_limits":[{"name":"net","rate":"1/h","burst":1,"slots":64,"by":["client_ip/24","client_ip/64"]}]},
		{"id":"sub","match":{"path":"/sub"},"identity":["corp"],"rate_limits":[{"name":"sub","rate":"1/h","burst":1,"slots":64,"by":["claim:sub"]}]},
		{"id":"tenant","match":{"path":"/tenant"},"identity":["corp"],"rate_limits":[{"name":"tenant","rate":"1/h","burst":1,"slots":64,"by":["claim:tenant"]}]},
		{"id":"key","match":{"path":"/key"},"identity":["partners"],"rate_limits":[{"name":"key","rate":"1/h","burst":1,"slots":64,"by":["api_key"]}]},
		{"id":"hdr","match":{"path":"/hdr"},"public":true,"rate_limits":[{"name":"hdr","rate":"1/h","burst":1,"slots":64,"by":["header:x-tenant"]}]},
		{"id":"route-a","match":{"path":"/route-a"},"public":true,"rate_limits":[{"name":"ra","rate":"1/h","burst":1,"slots":64,"by":["route"]}]},
		{"id":"const","match":{"path":"/const"},"public":true,"rate_limits":[{"name":"const","rate":"1/h","burst":1,"slots":64,"by":["const"]}]},
		{"id":"multi","match":{"path":"/multi"},"public":true,"rate_limits":[
			{"name":"m-ip","rate":"1/h","burst":2,"slots":64,"by":["client_ip"]},
			{"name":"m-all","rate":"1/h","burst":3,"slots":64,"by":["const"],"headers":false}]}]}`
	tok := func(over map[string]any) abi.Pair {
		return abi.Pair{Key: "authorization", Value: "Bearer " + token(t, jose.RS256, idRSA, "rsa-1", over)}
	}
	xff := func(ip string) abi.Pair { return abi.Pair{Key: "x-forwarded-for", Value: ip} }
	type step struct {
		path    string
		headers []abi.Pair
		status  int
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"client_ip", []step{{"/ip", []abi.Pair{xff("192.0.2.1")}, 200}, {"/ip", []abi.Pair{xff("192.0.2.1")}, 429},
			{"/ip", []abi.Pair{xff("192.0.2.2")}, 200}}},
		{"client_ip/24 and /64", []step{{"/net", []abi.Pair{xff("192.0.2.1")}, 200}, {"/net", []abi.Pair{xff("192.0.2.99")}, 429},
			{"/net", []abi.Pair{xff("192.0.3.1")}, 200}, {"/net", []abi.Pair{xff("2001:db8:0:1::1")}, 200},
			{"/net", []abi.Pair{xff("2001:db8:0:1::2")}, 429}, {"/net", []abi.Pair{xff("2001:db8:0:2::1")}, 200}}},
		{"claim:sub", []step{{"/sub", []abi.Pair{tok(nil)}, 200}, {"/sub", []abi.Pair{tok(nil)}, 429},
			{"/sub", []abi.Pair{tok(map[string]any{"sub": "user-2"})}, 200}}},
		{"claim:tenant", []step{{"/tenant", []abi.Pair{tok(map[string]any{"tenant": "acme"})}, 200},
			{"/tenant", []abi.Pair{tok(map[string]any{"tenant": "acme", "sub": "user-9"})}, 429},
			{"/tenant", []abi.Pair{tok(map[string]any{"tenant": "globex"})}, 200},
			{"/tenant", []abi.Pair{tok(nil)}, 200}, {"/tenant", []abi.Pair{tok(nil)}, 200}}}, // no tenant claim: not counted
		{"api_key", []step{{"/key", []abi.Pair{{Key: "x-api-key", Value: partnerKey}}, 200},
			{"/key", []abi.Pair{{Key: "x-api-key", Value: partnerKey}, xff("192.0.2.50")}, 429}}},
		{"header", []step{{"/hdr", []abi.Pair{{Key: "x-tenant", Value: "a"}}, 200}, {"/hdr", []abi.Pair{{Key: "x-tenant", Value: "a"}}, 429},
			{"/hdr", []abi.Pair{{Key: "x-tenant", Value: "b"}}, 200}, {"/hdr", nil, 200}, {"/hdr", nil, 200}}},
		{"route", []step{{"/route-a", []abi.Pair{xff("192.0.2.1")}, 200}, {"/route-a", []abi.Pair{xff("192.0.2.2")}, 429}}},
		{"const", []step{{"/const", nil, 200}, {"/const", []abi.Pair{xff("192.0.2.9")}, 429}}},
		// m-ip: 2 per address; m-all: 3 in all. The refused request gives m-ip's token back.
		{"several limits", []step{{"/multi", []abi.Pair{xff("192.0.2.1")}, 200}, {"/multi", []abi.Pair{xff("192.0.2.1")}, 200},
			{"/multi", []abi.Pair{xff("192.0.2.1")}, 429}, {"/multi", []abi.Pair{xff("192.0.2.2")}, 200},
			{"/multi", []abi.Pair{xff("192.0.2.3")}, 429}}},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		// The manual clock stands still: no token comes back during the test.
		h := start(t, gatehouse(t), mode, policy,
			func(c *wasmhost.Config) { c.Clock = wasmhost.NewManualClock(time.Now()) })
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for i, s := range tt.steps {
					r := from(s.path, "10.0.0.1", tt.name+strconv.Itoa(i), s.headers...)
					if resp := send(t, h, r); resp.Status != s.status {
						t.Fatalf("step %d: %d %s, want %d (%v)", i, resp.Status, resp.Body, s.status, eventFor(t, h, tt.name+strconv.Itoa(i)))
					}
				}
			})
		}
		// The several-limits route sends only m-ip's headers (m-all has headers: false).
		resp := send(t, h, from("/multi", "10.0.0.1", "hdrs", xff("192.0.2.77")))
		if resp.Status != 429 || !reflect.DeepEqual(rlHeaders(resp), []string{"retry-after: 3600"}) {
			t.Fatalf("%d %q", resp.Status, rlHeaders(resp))
		}
		if got := counter(t, h, "gatehouse.ratelimit.m-all.limited"); got != 2 {
			t.Fatalf("m-all limited %d", got)
		}
	})
}

// jsonJWKS is the public key set of idRSA (kid rsa-1).
func jsonJWKS() (string, error) {
	b, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &idRSA.PublicKey, KeyID: "rsa-1", Algorithm: "RS256", Use: "sig"}}})
	return string(b), err
}

// TestRateLimitReportMode: a refused request on a report-mode route passes,
// is logged and counted as reported, and carries the RateLimit headers.
func TestRateLimitReportMode(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{"routes":[{"id":"trial","match":{"path":"/trial"},"public":true,"mode":"report",
			"rate_limits":[{"name":"trial","rate":"1/m","burst":1,"slots":8,"by":["const"]}]}]}`,
			func(c *wasmhost.Config) { c.Clock = wasmhost.NewManualClock(time.Now()) })
		send(t, h, from("/trial", "10.0.0.1", "r1"))
		resp := send(t, h, from("/trial", "10.0.0.1", "r2"))
		if resp.Status != 200 || resp.Upstream == nil ||
			!reflect.DeepEqual(rlHeaders(resp), []string{`ratelimit-policy: "trial";q=1;w=60`, `ratelimit: "trial";r=0;t=60`}) {
			t.Fatalf("%d %q", resp.Status, rlHeaders(resp))
		}
		if ev := eventFor(t, h, "r2"); ev["reason"] != "rate_limited" || ev["enforced"] != false || ev["decision"] != "deny" {
			t.Fatalf("event %v", ev)
		}
		if counter(t, h, "gatehouse.requests.reported.rate_limited") != 1 || counter(t, h, "gatehouse.ratelimit.trial.limited") != 1 {
			t.Fatalf("metrics:\n%s", h.Metrics())
		}
	})
}

// TestRateLimitOnError: a shared-data failure or persistent contention is
// counted, and answered 503 (on_error deny) or let through (on_error allow).
func TestRateLimitOnError(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouseWithHooks(t), mode, `{"routes":[
			{"id":"strict","match":{"path":"/strict"},"public":true,"rate_limits":[{"name":"strict","rate":"10/s","burst":5,"slots":8,"by":["const"]}]},
			{"id":"lenient","match":{"path":"/lenient"},"public":true,"rate_limits":[{"name":"lenient","rate":"10/s","burst":5,"slots":8,"on_error":"allow","by":["const"]}]}]}`,
			func(c *wasmhost.Config) {
				c.Clock = wasmhost.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
			})
		tests := []struct {
			path, fault string
			status      int
			detail      string
		}{
			{"/strict", "error", 503, "rate limit strict: ratelimit: shared data: proxy-wasm: internal failure"},
			{"/strict", "contention", 503, "rate limit strict: ratelimit: contention: retries exhausted"},
			{"/lenient", "error", 200, "rate limit lenient let through by on_error allow: ratelimit: shared data: proxy-wasm: internal failure"},
			{"/lenient", "contention", 200, "rate limit lenient let through by on_error allow: ratelimit: contention: retries exhausted"},
			{"/strict", "", 200, ""},
			{"/strict", "race", 200, ""}, // one lost compare-and-swap: retried, one token taken
		}
		for i, tt := range tests {
			rid := "err-" + strconv.Itoa(i)
			resp := send(t, h, from(tt.path, "10.0.0.1", rid, abi.Pair{Key: "x-gatehouse-test-shared-data", Value: tt.fault}))
			ev := eventFor(t, h, rid)
			if resp.Status != tt.status || (tt.detail != "" && (ev["reason"] != "rate_limit_error" || ev["detail"] != tt.detail)) {
				t.Fatalf("%d: %d %s event %v", i, resp.Status, resp.Body, ev)
			}
			if tt.status == 503 && string(resp.Body) != `{"error":"unavailable","request_id":"`+rid+`"}` {
				t.Fatalf("body %s", resp.Body)
			}
		}
		// Two tokens were taken from strict's bucket of 5, the retried write
		// included: three remain.
		if resp := send(t, h, from("/strict", "10.0.0.1", "after")); !reflect.DeepEqual(rlHeaders(resp),
			[]string{`ratelimit-policy: "strict";q=10;w=1`, `ratelimit: "strict";r=2;t=1`}) {
			t.Fatalf("%q", rlHeaders(resp))
		}
		for name, want := range map[string]int64{"gatehouse.ratelimit.strict.errors": 2, "gatehouse.ratelimit.lenient.errors": 2,
			"gatehouse.ratelimit.strict.allowed": 3, "gatehouse.requests.denied.rate_limit_error": 2,
			"gatehouse.requests.allowed.rate_limit_error": 2} {
			if got := counter(t, h, name); got != want {
				t.Errorf("%s = %d, want %d", name, got, want)
			}
		}
	})
}

// TestRateLimitExactAcrossWorkers: four workers take tokens for one key at the
// same time, round after round, while the manual clock moves: the admitted
// count stays within one token of burst + rate × elapsed.
func TestRateLimitExactAcrossWorkers(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		clock := wasmhost.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		const burst, perSecond, workers, rounds, each = 100, 200, 4, 40, 10
		h := start(t, gatehouse(t), mode, `{"routes":[{"id":"pub","match":{"path":"/pub"},"public":true,
			"rate_limits":[{"name":"one","rate":"200/s","burst":100,"slots":16,"by":["const"]}]}]}`,
			func(c *wasmhost.Config) { c.Clock = clock; c.Workers = workers; c.LogLevel = abi.LogWarn })
		var mu sync.Mutex
		admitted, refused := 0, 0
		step := 100 * time.Millisecond
		for round := 0; round < rounds; round++ {
			if round > 0 {
				clock.Advance(step)
			}
			var wg sync.WaitGroup
			for w := 1; w <= workers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for i := 0; i < each; i++ {
						r := from("/pub", "10.0.0."+strconv.Itoa(w), "x")
						r.Worker = w
						resp, err := h.Send(context.Background(), r)
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						if resp.Status == 200 {
							admitted++
						} else if resp.Status == 429 {
							refused++
						}
						mu.Unlock()
					}
				}(w)
			}
			wg.Wait()
		}
		elapsed := time.Duration(rounds-1) * step
		bound := burst + perSecond*elapsed.Seconds()
		if float64(admitted) > bound+1 || float64(admitted) < bound-1 || admitted+refused != workers*rounds*each {
			t.Fatalf("admitted %d, refused %d over %v: want within one of %.1f", admitted, refused, elapsed, bound)
		}
		if got := counter(t, h, "gatehouse.ratelimit.one.allowed"); got != int64(admitted) {
			t.Fatalf("allowed counter %d, admitted %d", got, admitted)
		}
		t.Logf("admitted %d of %d (bound %.0f); %d compare-and-swap writes lost a race", admitted, workers*rounds*each, bound,
			h.SharedDataCASMismatches())
	})
}

// TestRateLimitDistinctKeyFlood drives 20,000 distinct client addresses
// through the .wasm (filters/ratelimit's TestDistinctKeyFlood drives
// 1,000,000 natively): shared data stays at the slot count while an active
// client stays within its limit.
func TestRateLimitDistinctKeyFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 requests")
	}
	clock := wasmhost.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	const slots, flood = 1024, 20000
	h := start(t, gatehouse(t), wasmhost.ModeCurrent, `{"routes":[{"id":"pub","match":{"path":"/pub"},"public":true,
		"rate_limits":[{"name":"flood","rate":"10/s","burst":5,"slots":1024,"by":["client_ip"]}]}]}`,
		func(c *wasmhost.Config) { c.Clock = clock; c.LogLevel = abi.LogWarn })
	began := time.Now()
	admitted := 0
	for i := 0; i < flood; i++ {
		if i%100 == 0 {
			clock.Advance(5 * time.Millisecond) // 20,000 requests over one second
			if send(t, h, from("/pub", "192.0.2.1", "active")).Status == 200 {
				admitted++
			}
		}
		ip := "10." + strconv.Itoa(i>>16&255) + "." + strconv.Itoa(i>>8&255) + "." + strconv.Itoa(i&255)
		send(t, h, from("/pub", ip, "flood"))
	}
	if n := h.SharedDataLen(); n > slots {
		t.Fatalf("shared data holds %d keys, bound %d", n, slots)
	}
	if admitted > 5+10+1 {
		t.Fatalf("active client admitted %d of 200 in one second (limit 5 + 10/s)", admitted)
	}
	t.Logf("%d requests in %v; %d shared-data keys; active client admitted %d of 200", flood+200, time.Since(began), h.SharedDataLen(), admitted)
}
