package ratelimit

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/authn"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// limits parses a policy and compiles its limits over store.
func limits(t testing.TB, policy string, store Store, c Counter) *Limits {
	t.Helper()
	pol, err := config.Parse([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	ls := Compile(pol, store, c)
	if err := ls.Prepare(); err != nil {
		t.Fatal(err)
	}
	return ls
}

func req(ip string, at time.Duration, headers ...filters.Header) *filters.Request {
	return &filters.Request{ClientIP: ip, Time: t0.Add(at), Headers: headers}
}

// counts records outcomes per limit index.
type counts map[[2]int]int

func (c counts) Count(limit int, o Outcome) { c[[2]int{limit, int(o)}]++ }

func TestBurstAndRefill(t *testing.T) {
	// 60/m = one token a second, burst 3.
	ls := limits(t, `{"rate_limits":[{"name":"g","rate":"60/m","burst":3,"by":["client_ip"]}]}`, nil, nil)
	steps := []struct {
		at      time.Duration
		verdict Verdict
		rl      string // RateLimit header, or Retry-After for a refusal
	}{
		{0, Pass, `"g";r=2;t=1`},
		{0, Pass, `"g";r=1;t=1`},
		{0, Pass, `"g";r=0;t=1`},
		{0, Refused, "1"},
		{999 * time.Millisecond, Refused, "1"},
		{time.Second, Pass, `"g";r=0;t=1`},
		{time.Second, Refused, "1"},
		{2500 * time.Millisecond, Pass, `"g";r=0;t=1`}, // 1.5 tokens: one taken, half left
		{3 * time.Second, Pass, `"g";r=0;t=1`},
		{3500 * time.Millisecond, Refused, "1"},
		{4 * time.Second, Pass, `"g";r=0;t=1`},
		{time.Hour, Pass, `"g";r=2;t=1`}, // idle: full again, never more than burst
		{time.Hour, Pass, `"g";r=1;t=1`},
	}
	for i, s := range steps {
		r := ls.Check(req("10.0.0.1", s.at), -1, "", nil)
		got := ""
		switch r.Verdict {
		case Pass:
			got = r.Headers[1].Value
			if r.Headers[0] != (filters.Header{Name: "ratelimit-policy", Value: `"g";q=60;w=60`}) {
				t.Fatalf("step %d: policy header %v", i, r.Headers[0])
			}
		case Refused:
			got = strconv.FormatInt(r.RetryAfter, 10)
			if r.Limit != "g" || !reflect.DeepEqual(r.Headers, []filters.Header{{Name: "ratelimit-policy", Value: `"g";q=60;w=60`},
				{Name: "ratelimit", Value: `"g";r=0;t=` + got}}) {
				t.Fatalf("step %d: %+v", i, r)
			}
		}
		if r.Verdict != s.verdict || got != s.rl {
			t.Fatalf("step %d at %v: verdict %d %q, want %d %q", i, s.at, r.Verdict, got, s.verdict, s.rl)
		}
	}
}

func TestRetryAfterAndResetRoundUp(t *testing.T) {
	// 1/m, burst 1: after one request the next token is 60 s away.
	ls := limits(t, `{"rate_limits":[{"name":"slow","rate":"1/m","burst":2,"by":["const"]}]}`, nil, nil)
	r := ls.Check(req("", 0), -1, "", nil)
	if r.Headers[1].Value != `"slow";r=1;t=60` {
		t.Fatal(r.Headers)
	}
	ls.Check(req("", 0), -1, "", nil)
	r = ls.Check(req("", 20500*time.Millisecond), -1, "", nil)
	if r.Verdict != Refused || r.RetryAfter != 40 { // 39.5 s, rounded up
		t.Fatalf("%+v", r)
	}
}

func TestAdmittedNeverExceedsBurstPlusRate(t *testing.T) {
	// 7/s does not divide a second into whole nanoseconds: the interval is
	// rounded up, so the limit is at most a hair stricter, never looser.
	ls := limits(t, `{"rate_limits":[{"name":"g","rate":"7/s","burst":5,"by":["const"]}]}`, nil, nil)
	admitted := 0
	const step = 13 * time.Millisecond
	var at time.Duration
	for ; at <= 10*time.Second; at += step {
		for i := 0; i < 3; i++ {
			if ls.Check(req("", at), -1, "", nil).Verdict == Pass {
				admitted++
			}
		}
	}
	elapsed := (at - step).Seconds()
	bound := 5 + 7*elapsed
	if float64(admitted) > bound || float64(admitted) < bound-1 {
		t.Fatalf("admitted %d in %.3f s, want within one of %.2f", admitted, elapsed, bound)
	}
}

func TestKeySources(t *testing.T) {
	key := func(ls *Limits, r *filters.Request, route string, p *authn.Principal) (uint64, bool) {
		l := ls.all[0]
		return keyHash(l.name, l.keys, subject{req: r, route: route, principal: p})
	}
	hdr := func(v string) filters.Header { return filters.Header{Name: "x-tenant", Value: v} }
	apiKey := &authn.Principal{Identity: "partners", Subject: "acme"}
	tests := []struct {
		name, by string
		a, b     func() (uint64, bool)
		same     bool
	}{}
	mk := func(by string) *Limits {
		return limits(t, `{"rate_limits":[{"name":"k","rate":"1/s","burst":1,"slots":8,"by":`+by+`}]}`, nil, nil)
	}
	add := func(name, by string, same bool, a, b func(*Limits) (uint64, bool)) {
		ls := mk(by)
		tests = append(tests, struct {
			name, by string
			a, b     func() (uint64, bool)
			same     bool
		}{name, by, func() (uint64, bool) { return a(ls) }, func() (uint64, bool) { return b(ls) }, same})
	}
	ip := func(addr string) func(*Limits) (uint64, bool) {
		return func(ls *Limits) (uint64, bool) { return key(ls, req(addr, 0), "", nil) }
	}
	add("client_ip: two addresses", `["client_ip"]`, false, ip("10.0.0.1"), ip("10.0.0.2"))
	add("client_ip: one address", `["client_ip"]`, true, ip("10.0.0.1"), ip("10.0.0.1"))
	add("client_ip/24: same /24", `["client_ip/24"]`, true, ip("10.0.0.1"), ip("10.0.0.200"))
	add("client_ip/24: other /24", `["client_ip/24"]`, false, ip("10.0.0.1"), ip("10.0.1.1"))
	add("client_ip/24: IPv6 kept whole", `["client_ip/24"]`, false, ip("2001:db8::1"), ip("2001:db8::2"))
	add("client_ip/64: same /64", `["client_ip/64"]`, true, ip("2001:db8:0:1::1"), ip("2001:db8:0:1:ffff::2"))
	add("client_ip/64: other /64", `["client_ip/64"]`, false, ip("2001:db8:0:1::1"), ip("2001:db8:0:2::1"))
	add("client_ip/24 + /64", `["client_ip/24","client_ip/64"]`, true, ip("2001:db8:0:1::1"), ip("2001:db8:0:1::2"))
	add("IPv4 and its mapped IPv6 form", `["client_ip"]`, true, ip("10.0.0.1"), ip("::ffff:10.0.0.1"))
	add("header values", `["header:x-tenant"]`, false,
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0, hdr("a")), "", nil) },
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0, hdr("b")), "", nil) })
	add("header, same value, other client", `["header:x-tenant"]`, true,
		func(ls *Limits) (uint64, bool) { return key(ls, req("10.0.0.1", 0, hdr("a")), "", nil) },
		func(ls *Limits) (uint64, bool) { return key(ls, req("10.0.0.2", 0, hdr("a")), "", nil) })
	add("route ids", `["route"]`, false,
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0), "a", nil) },
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0), "b", nil) })
	add("const", `["const"]`, true,
		func(ls *Limits) (uint64, bool) { return key(ls, req("10.0.0.1", 0), "a", nil) },
		func(ls *Limits) (uint64, bool) { return key(ls, req("10.0.0.2", 0), "b", nil) })
	add("api keys", `["api_key"]`, false,
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0), "", apiKey) },
		func(ls *Limits) (uint64, bool) {
			return key(ls, req("", 0), "", &authn.Principal{Identity: "partners", Subject: "globex"})
		})
	add("api key id in two sets", `["api_key"]`, false,
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0), "", apiKey) },
		func(ls *Limits) (uint64, bool) {
			return key(ls, req("", 0), "", &authn.Principal{Identity: "others", Subject: "acme"})
		})
	add("parts do not run into each other", `["header:x-tenant","route"]`, false,
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0, hdr("ab")), "c", nil) },
		func(ls *Limits) (uint64, bool) { return key(ls, req("", 0, hdr("a")), "bc", nil) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, aok := tt.a()
			b, bok := tt.b()
			if !aok || !bok || (a == b) != tt.same {
				t.Fatalf("keys %x %v, %x %v; same=%v", a, aok, b, bok, tt.same)
			}
		})
	}
	// A request without the source's value is not counted under the limit.
	for _, by := range []string{`["header:x-tenant"]`, `["api_key"]`, `["claim:sub"]`, `["client_ip"]`} {
		ls := mk(by)
		if _, ok := key(ls, req("", 0), "r", nil); ok {
			t.Errorf("%s: a key without a value", by)
		}
		if r := ls.Check(req("", 0), -1, "", nil); r.Verdict != Pass || r.Headers != nil {
			t.Errorf("%s: %+v", by, r)
		}
	}
}

func TestSeveralLimitsAllMustPass(t *testing.T) {
	c := counts{}
	ls := limits(t, `{"rate_limits":[{"name":"global","rate":"100/s","burst":100,"by":["const"]}],
		"routes":[{"id":"r","match":{"path":"/r"},"public":true,"rate_limits":[
			{"name":"per-ip","rate":"1/m","burst":3,"by":["client_ip"]},
			{"name":"per-route","rate":"1/m","burst":4,"by":["route"]}]}]}`, nil, c)
	var got []string
	for i := 0; i < 6; i++ {
		ip := "10.0.0.1"
		if i >= 3 {
			ip = "10.0.0.2"
		}
		r := ls.Check(req(ip, 0), 0, "r", nil)
		got = append(got, strconv.Itoa(int(r.Verdict))+":"+r.Limit)
		if i == 0 && (r.Headers[0].Value != `"global";q=100;w=1, "per-ip";q=1;w=60, "per-route";q=1;w=60` ||
			r.Headers[1].Value != `"global";r=99;t=1, "per-ip";r=2;t=60, "per-route";r=3;t=60`) {
			t.Fatalf("headers %v", r.Headers)
		}
	}
	// Three from the first address, then the route's bucket (4) runs out on
	// the second address's second request.
	want := []string{"0:", "0:", "0:", "0:", "1:per-route", "1:per-route"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
	// Refused requests gave their global and per-ip tokens back.
	if r := ls.Check(req("10.0.0.9", 0), -1, "", nil); r.Headers[1].Value != `"global";r=95;t=1` {
		t.Fatalf("global after refunds: %v", r.Headers)
	}
	wantCounts := counts{{0, 0}: 7, {1, 0}: 6, {2, 0}: 4, {2, 1}: 2}
	if !reflect.DeepEqual(c, wantCounts) {
		t.Fatalf("counts %v want %v", c, wantCounts)
	}
}

// faultyStore wraps a MemoryStore and fails on demand.
type faultyStore struct {
	*MemoryStore
	mismatches int   // the next n writes lose their CAS
	err        error // every call fails
	writes     int
}

func (f *faultyStore) Get(key string) ([]byte, uint32, error) {
	if f.err != nil {
		return nil, 0, f.err
	}
	return f.MemoryStore.Get(key)
}

func (f *faultyStore) Set(key string, v []byte, cas uint32) error {
	f.writes++
	if f.err != nil {
		return f.err
	}
	if f.mismatches > 0 {
		f.mismatches--
		// Another worker wrote in between.
		old, _, _ := f.MemoryStore.Get(key)
		_ = f.MemoryStore.Set(key, old, 0)
		return ErrCASMismatch
	}
	return f.MemoryStore.Set(key, v, cas)
}

func TestContentionAndErrors(t *testing.T) {
	hostErr := errors.New("proxy-wasm: internal failure")
	tests := []struct {
		name       string
		onError    string
		mismatches int
		err        error
		verdict    Verdict
		wantErr    error
		writes     int
	}{
		{"one lost CAS: retried", "deny", 1, nil, Pass, nil, 2},
		{"seven lost: the eighth try wins", "deny", 7, nil, Pass, nil, 8},
		{"eight lost: contention, deny", "deny", 8, nil, Failed, ErrContention, 8},
		{"eight lost: contention, allow", "allow", 8, nil, Pass, ErrContention, 8},
		{"host error, deny", "deny", 0, hostErr, Failed, ErrStore, 0},
		{"host error, allow", "allow", 0, hostErr, Pass, ErrStore, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &faultyStore{MemoryStore: NewMemoryStore()}
			c := counts{}
			ls := limits(t, `{"rate_limits":[{"name":"g","rate":"1/s","burst":5,"slots":4,"on_error":"`+tt.onError+`","by":["const"]}]}`, fs, c)
			fs.mismatches, fs.err, fs.writes = tt.mismatches, tt.err, 0
			r := ls.Check(req("", 0), -1, "", nil)
			if r.Verdict != tt.verdict || !errors.Is(r.Err, tt.wantErr) || (tt.wantErr == nil) != (r.Err == nil) || fs.writes != tt.writes {
				t.Fatalf("verdict %d err %v writes %d", r.Verdict, r.Err, fs.writes)
			}
			if tt.err != nil && !errors.Is(r.Err, hostErr) {
				t.Fatalf("host error not wrapped: %v", r.Err)
			}
			wantCount := counts{{0, int(Errored)}: 1}
			if tt.wantErr == nil {
				wantCount = counts{{0, int(Allowed)}: 1}
			}
			if !reflect.DeepEqual(c, wantCount) {
				t.Fatalf("counts %v", c)
			}
		})
	}
}

func TestSlotTakeoverAndSharing(t *testing.T) {
	// One slot: every key lands in it.
	ms := NewMemoryStore()
	ls := limits(t, `{"rate_limits":[{"name":"g","rate":"1/s","burst":2,"slots":1,"by":["client_ip"]}]}`, ms, nil)
	owner := func() uint64 {
		v, _, _ := ms.Get("gatehouse.rl.g.0")
		o, _, _ := decodeRecord(v)
		return o
	}
	a, _ := keyHash("g", ls.all[0].keys, subject{req: req("10.0.0.1", 0)})
	b, _ := keyHash("g", ls.all[0].keys, subject{req: req("10.0.0.2", 0)})
	if owner() != 0 {
		t.Fatal("prepared slot has an owner")
	}
	ls.Check(req("10.0.0.1", 0), -1, "", nil)
	if owner() != a {
		t.Fatal("first key did not take the idle slot")
	}
	// b collides while a's bucket is not full: they share it, b is not given
	// a fresh bucket, and the pair never gets more than the limit.
	if r := ls.Check(req("10.0.0.2", 0), -1, "", nil); r.Verdict != Pass || owner() != a {
		t.Fatalf("sharing: %+v owner %x", r, owner())
	}
	if r := ls.Check(req("10.0.0.2", 0), -1, "", nil); r.Verdict != Refused {
		t.Fatalf("shared bucket admitted beyond burst: %+v", r)
	}
	// Once a's bucket is idle (full again), b takes the slot over.
	if r := ls.Check(req("10.0.0.2", 2*time.Second), -1, "", nil); r.Verdict != Pass || owner() != b {
		t.Fatalf("takeover: %+v owner %x", r, owner())
	}
}

func TestPrepareIsIdempotentAndBounded(t *testing.T) {
	ms := NewMemoryStore()
	policy := `{"rate_limits":[{"name":"a","rate":"1/s","burst":1,"slots":16,"by":["const"]}],
		"routes":[{"id":"r","match":{"path":"/r"},"public":true,"rate_limits":[{"name":"b","rate":"1/s","burst":1,"slots":8,"by":["route"]}]}]}`
	ls := limits(t, policy, ms, nil)
	ls.Check(req("", 0), 0, "r", nil)
	v, cas, _ := ms.Get("gatehouse.rl.a.0")
	limits(t, policy, ms, nil) // a second VM configures: nothing rewritten
	v2, cas2, _ := ms.Get("gatehouse.rl.a.0")
	if ms.Len() != 24 || ls.Slots() != 24 || cas != cas2 || string(v) != string(v2) {
		t.Fatalf("len %d slots %d cas %d→%d", ms.Len(), ls.Slots(), cas, cas2)
	}
}

// TestDistinctKeyFlood drives 1,000,000 distinct client addresses through one
// limit natively (the .wasm flood in e2e is smaller): shared data stays at the
// slot count, and a key that is active during the flood stays limited.
func TestDistinctKeyFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000,000 requests")
	}
	ms := NewMemoryStore()
	const slots = 4096
	ls := limits(t, `{"rate_limits":[{"name":"flood","rate":"10/s","burst":5,"slots":4096,"by":["client_ip"]}]}`, ms, nil)
	admittedActive := 0
	var at time.Duration
	for i := 0; i < 1000000; i++ {
		at = time.Duration(i) * time.Microsecond // 1,000,000 requests in one second
		ip := "10." + strconv.Itoa(i>>16&255) + "." + strconv.Itoa(i>>8&255) + "." + strconv.Itoa(i&255)
		if i>>24 != 0 {
			t.Fatal("address space")
		}
		ls.Check(req(ip, at), -1, "", nil)
		if i%1000 == 0 { // the active client: 1,000 attempts in the second
			if ls.Check(req("192.0.2.1", at), -1, "", nil).Verdict == Pass {
				admittedActive++
			}
		}
	}
	if ms.Len() != slots {
		t.Fatalf("shared data holds %d entries, bound %d", ms.Len(), slots)
	}
	for k := range ms.data {
		if !strings.HasPrefix(k, "gatehouse.rl.flood.") {
			t.Fatalf("key %q", k)
		}
	}
	if bound := 5 + 10*at.Seconds(); float64(admittedActive) > bound {
		t.Fatalf("active key admitted %d, bound %.1f", admittedActive, bound)
	}
	t.Logf("active key admitted %d of 1000 during the flood; %d entries", admittedActive, ms.Len())
}
