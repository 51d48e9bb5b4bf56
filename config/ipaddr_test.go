package config

import (
	"net/netip"
	"testing"
)

// The parser is checked against net/netip (in tests only: linking netip into
// the .wasm costs ~190 KB).
func TestParseIPAgainstNetip(t *testing.T) {
	inputs := []string{"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
		"1..2.3", "", "::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
		"1:2:3:4:5:6:7::", "::ffff:1.2.3.4", "::ffff:01.2.3.4", "::1.2.3.4", "1::2::3", ":1::", "1:", "12345::",
		"fe80::1%eth0", "::ffff:1.2.3.4:5", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "g::", "1:::2"}
	for _, s := range inputs {
		got, ok := ParseIP(s)
		want, err := netip.ParseAddr(s)
		if ok != (err == nil && want.Zone() == "") {
			t.Errorf("ParseIP(%q) ok=%v, netip: %v", s, ok, err)
			continue
		}
		if ok && got.b != want.Unmap().As16() && got.b != want.As16() {
			t.Errorf("ParseIP(%q) = %v, netip %v", s, got.b, want.As16())
		}
	}
}

func TestPrefixContains(t *testing.T) {
	tests := []struct {
		prefix string
		ok     bool
		in     map[string]bool
	}{
		{"10.0.0.0/8", true, map[string]bool{"10.1.2.3": true, "11.0.0.1": false, "::ffff:10.9.9.9": true, "2001:db8::1": false}},
		{"10.1.2.3", true, map[string]bool{"10.1.2.3": true, "10.1.2.4": false}},
		{"192.168.1.128/25", true, map[string]bool{"192.168.1.200": true, "192.168.1.127": false}},
		{"2001:db8::/32", true, map[string]bool{"2001:db8:ffff::1": true, "2001:db9::1": false, "10.0.0.1": false}},
		{"::/0", true, map[string]bool{"1.2.3.4": true, "2001:db8::1": true}},
		{"0.0.0.0/0", true, map[string]bool{"1.2.3.4": true, "2001:db8::1": false}},
		{"10.0.0.1/8", false, nil},
		{"10.0.0.0/33", false, nil},
		{"2001:db8::/129", false, nil},
		{"10.0.0.0/08", false, nil},
		{"10.0.0.0/", false, nil},
		{"nope/8", false, nil},
	}
	for _, tt := range tests {
		p, ok := ParsePrefix(tt.prefix)
		if ok != tt.ok {
			t.Errorf("ParsePrefix(%q) ok=%v", tt.prefix, ok)
			continue
		}
		for ip, want := range tt.in {
			a, _ := ParseIP(ip)
			if got := p.Contains(a); got != want {
				t.Errorf("%s contains %s = %v, want %v", tt.prefix, ip, got, want)
			}
		}
	}
}

func FuzzParseIP(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "::ffff:1.2.3.4", "2001:db8::1", "1::2::3", "01.2.3.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseIP(s)
		want, err := netip.ParseAddr(s)
		if ok != (err == nil && want.Zone() == "") {
			t.Fatalf("ParseIP(%q) ok=%v, netip err %v", s, ok, err)
		}
		if ok && got.b != want.Unmap().As16() && got.b != want.As16() {
			t.Fatalf("ParseIP(%q) = %v, netip %v", s, got.b, want)
		}
	})
}
