package config

import (
	"reflect"
	"testing"
)

func TestClientIPErrors(t *testing.T) {
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"bad entries", `{"client_ip":{"trusted_hops":11,"allow":["10.0.0.0/33","10.0.0.1/8","nope",""],"deny":[]}}`, []string{
			`client_ip.trusted_hops: must be between 0 and 10`,
			`client_ip.allow[0]: invalid address or CIDR prefix "10.0.0.0/33" (want e.g. 10.0.0.0/8 or 2001:db8::/32)`,
			`client_ip.allow[1]: invalid address or CIDR prefix "10.0.0.1/8" (want e.g. 10.0.0.0/8 or 2001:db8::/32)`,
			`client_ip.allow[2]: invalid address or CIDR prefix "nope" (want e.g. 10.0.0.0/8 or 2001:db8::/32)`,
			`client_ip.allow[3]: invalid address or CIDR prefix "" (want e.g. 10.0.0.0/8 or 2001:db8::/32)`,
			`client_ip.deny: must not be empty`}},
		{"trusted hops on a route", `{"routes":[{"id":"a","match":{"path":"/a"},"public":true,"client_ip":{"trusted_hops":1}}]}`, []string{
			`routes[0].client_ip.trusted_hops: is policy-wide: set it in the top-level client_ip`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.policy))
			var got []string
			for _, e := range err.(Errors) {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestClientIPPrefixes(t *testing.T) {
	pol, err := Parse([]byte(`{"client_ip":{"trusted_hops":2,"allow":["10.0.0.0/8","2001:db8::/32"],"deny":["10.1.2.3","::1"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	must := func(s string) Prefix {
		p, ok := ParsePrefix(s)
		if !ok {
			t.Fatal(s)
		}
		return p
	}
	want := []Prefix{must("10.0.0.0/8"), must("2001:db8::/32")}
	if !reflect.DeepEqual(pol.ClientIP.AllowPrefixes, want) || pol.ClientIP.DenyPrefixes[1] != must("::1/128") {
		t.Fatalf("%+v", pol.ClientIP)
	}
}
