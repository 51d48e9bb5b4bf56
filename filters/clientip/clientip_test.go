package clientip

import (
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

func parse(t *testing.T, section string) *config.ClientIP {
	t.Helper()
	pol, err := config.Parse([]byte(`{"client_ip":` + section + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return pol.ClientIP
}

func TestResolve(t *testing.T) {
	xff := func(vs ...string) []filters.Header {
		var hs []filters.Header
		for _, v := range vs {
			hs = append(hs, filters.Header{Name: "x-forwarded-for", Value: v})
		}
		return hs
	}
	tests := []struct {
		name    string
		hops    int
		headers []filters.Header
		want    string
	}{
		{"no hops: the peer, whatever XFF says", 0, xff("1.2.3.4"), "10.0.0.9"},
		{"one hop: rightmost", 1, xff("6.6.6.6, 1.2.3.4"), "1.2.3.4"},
		{"two hops", 2, xff("6.6.6.6, 1.2.3.4, 10.1.1.1"), "1.2.3.4"},
		{"two hops across two headers", 2, xff("6.6.6.6, 1.2.3.4", "10.1.1.1"), "1.2.3.4"},
		{"too few entries: the peer", 3, xff("1.2.3.4, 10.1.1.1"), "10.0.0.9"},
		{"no header: the peer", 1, nil, "10.0.0.9"},
		{"garbage entry: the peer", 1, xff("not-an-ip"), "10.0.0.9"},
		{"IPv6", 1, xff("2001:db8::1"), "2001:db8::1"},
		{"IPv4-mapped IPv6 kept as written", 1, xff("::ffff:1.2.3.4"), "::ffff:1.2.3.4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewResolver(&config.ClientIP{TrustedHops: tt.hops})
			if got := r.Resolve(&filters.Request{ClientIP: "10.0.0.9", Headers: tt.headers}); got != tt.want {
				t.Fatalf("Resolve = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRules(t *testing.T) {
	r := Compile(parse(t, `{"allow":["10.0.0.0/8","2001:db8::/32"],"deny":["10.6.6.0/24"]}`))
	for ip, want := range map[string]bool{
		"10.1.2.3": true, "10.6.6.6": false, "192.168.1.1": false, "2001:db8::7": true, "2001:db9::7": false,
		"::ffff:10.1.2.3": true, "": false, "junk": false,
	} {
		if got := r.Allowed(ip); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", ip, got, want)
		}
	}
	deny := Compile(parse(t, `{"deny":["203.0.113.0/24"]}`))
	if !deny.Allowed("198.51.100.1") || deny.Allowed("203.0.113.9") {
		t.Fatal("deny-only rules")
	}
	var none *Rules
	if !none.Allowed("anything") || Compile(nil) != nil {
		t.Fatal("no rules must allow everyone")
	}
}
