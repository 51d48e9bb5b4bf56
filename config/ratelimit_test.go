package config

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRateLimitErrors(t *testing.T) {
	jwtID := `"identity":{"jwt":[{"name":"corp","issuer":"https://id/","audiences":["a"],"algorithms":["HS256"],
		"secret":"MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="}],
		"api_keys":[{"name":"partners","keys":[{"id":"k1","sha256":"0000000000000000000000000000000000000000000000000000000000000000"}]}]`
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"bad rates", `{"rate_limits":[{"name":"a","rate":"100/x","burst":1,"by":["const"]},
			{"name":"b","rate":"0/s","burst":1,"by":["const"]},{"name":"c","rate":100,"burst":1,"by":["const"]},
			{"name":"d","rate":"1000000001/s","burst":1,"by":["const"]}]}`, []string{
			`rate_limits[0].rate: invalid rate "100/x" (want N/s, N/m or N/h with 1 ≤ N ≤ 1000000000, e.g. "100/m")`,
			`rate_limits[1].rate: invalid rate "0/s" (want N/s, N/m or N/h with 1 ≤ N ≤ 1000000000, e.g. "100/m")`,
			`rate_limits[2].rate: expected a rate string like "100/m", got number`,
			`rate_limits[3].rate: invalid rate "1000000001/s" (want N/s, N/m or N/h with 1 ≤ N ≤ 1000000000, e.g. "100/m")`}},
		{"burst, slots, on_error, name", `{"rate_limits":[{"name":"A","rate":"1/s","burst":0,"by":["const"],"slots":-1,"on_error":"maybe"},
			{"name":"b","rate":"1/s","burst":1000001,"by":["const"],"slots":1048577}]}`, []string{
			`rate_limits[0].name: invalid name "A" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`rate_limits[0].burst: must be between 1 and 1000000`,
			`rate_limits[0].slots: must be between 1 and 1048576 (0 or absent: 8192)`,
			`rate_limits[0].on_error: unknown on_error "maybe" (want deny or allow)`,
			`rate_limits[1].burst: must be between 1 and 1000000`,
			`rate_limits[1].slots: must be between 1 and 1048576 (0 or absent: 8192)`}},
		{"missing fields", `{"rate_limits":[{"name":"a"}]}`, []string{
			`rate_limits[0]: missing required field "rate"`,
			`rate_limits[0]: missing required field "burst"`,
			`rate_limits[0]: missing required field "by"`}},
		{"key sources", `{"rate_limits":[{"name":"a","rate":"1/s","burst":1,"by":["ip","client_ip/0","client_ip/129",
			"client_ip/024","claim:","claim:a..b","header:X-Tenant","header:","const","const","client_ip","client_ip/24"]},
			{"name":"b","rate":"1/s","burst":1,"by":["client_ip/24","client_ip/16","client_ip/64","client_ip/48","client_ip"]},
			{"name":"c","rate":"1/s","burst":1,"by":[]}]}`, []string{
			`rate_limits[0].by[0]: unknown key source "ip" (want client_ip, client_ip/N, claim:NAME, api_key, header:NAME, route or const)`,
			`rate_limits[0].by[1]: invalid key source "client_ip/0" (client_ip/N takes N from 1 to 32 for IPv4, 33 to 128 for IPv6)`,
			`rate_limits[0].by[2]: invalid key source "client_ip/129" (client_ip/N takes N from 1 to 32 for IPv4, 33 to 128 for IPv6)`,
			`rate_limits[0].by[3]: invalid key source "client_ip/024" (client_ip/N takes N from 1 to 32 for IPv4, 33 to 128 for IPv6)`,
			`rate_limits[0].by[4]: invalid key source "claim:" (want claim:NAME, e.g. claim:sub)`,
			`rate_limits[0].by[5]: invalid key source "claim:a..b" (want claim:NAME, e.g. claim:sub)`,
			`rate_limits[0].by[6]: invalid key source "header:X-Tenant" (want header:NAME with a lowercase header name)`,
			`rate_limits[0].by[7]: invalid key source "header:" (want header:NAME with a lowercase header name)`,
			`rate_limits[0].by[9]: duplicate key source "const"`,
			`rate_limits[0].by[11]: key source "client_ip/24" overlaps an earlier client_ip entry (list client_ip once, or client_ip/N once per address family)`,
			`rate_limits[1].by[1]: key source "client_ip/16" overlaps an earlier client_ip entry (list client_ip once, or client_ip/N once per address family)`,
			`rate_limits[1].by[3]: key source "client_ip/48" overlaps an earlier client_ip entry (list client_ip once, or client_ip/N once per address family)`,
			`rate_limits[1].by[4]: key source "client_ip" overlaps an earlier client_ip entry (list client_ip once, or client_ip/N once per address family)`,
			`rate_limits[2].by: must not be empty`}},
		{"duplicate names across policy and routes", `{"rate_limits":[{"name":"a","rate":"1/s","burst":1,"by":["const"]}],
			"routes":[{"id":"r","match":{"path":"/r"},"public":true,"rate_limits":[{"name":"a","rate":"1/s","burst":1,"by":["route"]},
			{"name":"b","rate":"1/s","burst":1,"by":["route"]},{"name":"b","rate":"1/s","burst":1,"by":["route"]}]}]}`, []string{
			`routes[0].rate_limits[0].name: duplicate rate limit name "a" (first at rate_limits[0].name)`,
			`routes[0].rate_limits[2].name: duplicate rate limit name "b" (first at routes[0].rate_limits[1].name)`}},
		{"claim and api_key keys on routes that cannot have them", `{` + jwtID + `},
			"rate_limits":[{"name":"g","rate":"1/s","burst":1,"by":["claim:tenant","api_key"]}],
			"routes":[{"id":"pub","match":{"path":"/pub"},"public":true,"rate_limits":[{"name":"a","rate":"1/s","burst":1,"by":["claim:sub","api_key"]}]},
			{"id":"keys","match":{"path":"/keys"},"identity":["partners"],"rate_limits":[{"name":"b","rate":"1/s","burst":1,"by":["claim:sub","api_key"]}]},
			{"id":"tok","match":{"path":"/tok"},"identity":["corp"],"rate_limits":[{"name":"c","rate":"1/s","burst":1,"by":["claim:sub","api_key"]}]},
			{"id":"both","match":{"path":"/both"},"identity":["corp","partners"],"rate_limits":[{"name":"d","rate":"1/s","burst":1,"by":["claim:sub","api_key"]}]}]}`, []string{
			`routes[0].rate_limits[0].by[0]: key source "claim:sub" needs a JWT identity (the route is public)`,
			`routes[0].rate_limits[0].by[1]: key source "api_key" needs an API-key identity (the route is public)`,
			`routes[1].rate_limits[0].by[0]: key source "claim:sub" needs a JWT identity (the route accepts no JWT identity)`,
			`routes[2].rate_limits[0].by[1]: key source "api_key" needs an API-key identity (the route accepts no API-key identity)`}},
		{"unknown field", `{"rate_limits":[{"name":"a","rate":"1/s","burst":1,"by":["const"],"window":"1s"}]}`, []string{
			`rate_limits[0].window: unknown field (known: burst, by, headers, name, on_error, rate, slots)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.policy))
			errs, _ := err.(Errors)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestRateLimitParsed(t *testing.T) {
	pol, err := Parse([]byte(`{"rate_limits":[{"name":"g","rate":"100/m","burst":20,
		"by":["client_ip/24","client_ip/64","header:x-tenant","route","const"],"on_error":"allow","slots":64,"headers":false}],
		"routes":[{"id":"r","match":{"path":"/r"},"public":true,"rate_limits":[{"name":"r1","rate":"5/h","burst":1,"by":["client_ip"]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	g := pol.RateLimits[0]
	want := []KeySource{{Kind: KeyClientIP, V4Bits: 24, V6Bits: 64}, {Kind: KeyHeader, Name: "x-tenant"}, {Kind: KeyRoute}, {Kind: KeyConst}}
	if g.Rate != (Rate{100, time.Minute}) || g.Burst != 20 || g.OnError != OnErrorAllow || g.SlotCount() != 64 || g.SendHeaders() ||
		!reflect.DeepEqual(g.Keys, want) {
		t.Fatalf("%+v", g)
	}
	r := pol.Routes[0].RateLimits[0]
	if r.Rate.String() != "5/h" || r.SlotCount() != DefaultSlots || !r.SendHeaders() || r.OnError != OnErrorDeny ||
		!reflect.DeepEqual(r.Keys, []KeySource{{Kind: KeyClientIP, V4Bits: 32, V6Bits: 128}}) {
		t.Fatalf("%+v", r)
	}
}

func TestParseRate(t *testing.T) {
	good := map[string]Rate{"1/s": {1, time.Second}, "100/m": {100, time.Minute}, "1000000000/h": {1e9, time.Hour}}
	for s, want := range good {
		if got, ok := ParseRate(s); !ok || got != want || got.String() != s {
			t.Errorf("ParseRate(%q) = %v, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "/s", "1/", "1/d", "01/s", "-1/s", "+1/s", "1 /s", "1/ss", "1/S", "0/m", "1000000001/s",
		"99999999999/s", "1.5/s", "1/m ", "١/s"} {
		if got, ok := ParseRate(s); ok {
			t.Errorf("ParseRate(%q) = %v, want failure", s, got)
		}
	}
}

// FuzzParseRate: ParseRate never panics, accepts only what renders back to
// itself, and stays within bounds. Seeds in testdata/fuzz/FuzzParseRate.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"100/m", "1/s", "0/s", "1000000000/h", "12x/m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := ParseRate(s)
		if !ok {
			if r != (Rate{}) {
				t.Fatalf("failure with a value %v", r)
			}
			return
		}
		if r.String() != s || r.Count < 1 || r.Count > MaxRateCount {
			t.Fatalf("ParseRate(%q) = %v", s, r)
		}
		if n, err := strconv.ParseInt(s[:len(s)-2], 10, 64); err != nil || n != r.Count {
			t.Fatalf("count %d, strconv %d %v", r.Count, n, err)
		}
	})
}

// FuzzKeySource: parseKeySource never panics, returns a kind or a one-line
// message (never both), and what it accepts is one of the documented forms.
// Seeds in testdata/fuzz/FuzzKeySource.
func FuzzKeySource(f *testing.F) {
	for _, s := range []string{"client_ip", "client_ip/24", "client_ip/64", "claim:sub", "header:x-tenant", "api_key", "route", "const", "client_ip/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, msg := parseKeySource(s)
		if (msg == "") == (k.Kind == 0) || strings.ContainsAny(msg, "\n\r") {
			t.Fatalf("parseKeySource(%q) = %+v, %q", s, k, msg)
		}
		switch k.Kind {
		case KeyClientIP:
			if k.V4Bits < 1 || k.V4Bits > 32 || k.V6Bits < 33 || k.V6Bits > 128 || (k.V4Bits != 32 && k.V6Bits != 128) {
				t.Fatalf("%q: bits %d %d", s, k.V4Bits, k.V6Bits)
			}
		case KeyClaim:
			if s != "claim:"+k.Name {
				t.Fatalf("%q: %+v", s, k)
			}
		case KeyHeader:
			if s != "header:"+k.Name || strings.ToLower(k.Name) != k.Name {
				t.Fatalf("%q: %+v", s, k)
			}
		}
	})
}
