package route

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"/", "/", ""},
		{"/v1/orders/42", "/v1/orders/42", ""},
		{"/v1/orders/", "/v1/orders/", ""},
		{"//v1///orders", "/v1/orders", ""},
		{"/v1/./orders", "/v1/orders", ""},
		{"/v1/orders/.", "/v1/orders/", ""},
		{"/v1/x/../orders", "/v1/orders", ""},
		{"/v1/orders/x/..", "/v1/orders/", ""},
		{"/public/../admin", "/admin", ""},
		{"/v1/%6Frders", "/v1/orders", ""},
		{"/v1/%2e%2e/admin", "/admin", ""},
		{"/v1/%2E/orders", "/v1/orders", ""},
		{"/a%20b", "/a%20b", ""},
		{"/a%3cb", "/a%3Cb", ""},
		{"/Admin", "/Admin", ""},
		{"/a:b@c", "/a:b@c", ""},
		{"/..", "", "path rejected: climbs above the root"},
		{"/v1/../../etc", "", "path rejected: climbs above the root"},
		{"/%2e%2e/admin", "", "path rejected: climbs above the root"},
		{"/v1%2Forders", "", "path rejected: encoded slash, backslash or NUL"},
		{"/v1%2forders", "", "path rejected: encoded slash, backslash or NUL"},
		{"/v1%5Corders", "", "path rejected: encoded slash, backslash or NUL"},
		{"/v1%00", "", "path rejected: encoded slash, backslash or NUL"},
		{"/v1\\orders", "", "path rejected: character not allowed in a path"},
		{"/admin;x=1/users", "", "path rejected: character not allowed in a path"},
		{"/a b", "", "path rejected: character not allowed in a path"},
		{"/caf\xc3\xa9", "", "path rejected: character not allowed in a path"},
		{"/a\x00", "", "path rejected: character not allowed in a path"},
		{"/a%zz", "", "path rejected: malformed percent-encoding"},
		{"/a%4", "", "path rejected: malformed percent-encoding"},
		{"/a%", "", "path rejected: malformed percent-encoding"},
		{"a/b", "", "path rejected: does not start with /"},
		{"", "", "path rejected: does not start with /"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err || !errors.Is(err, ErrPathRejected) {
				t.Errorf("Normalize(%q) = %q, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeDoesNotAllocateForNormalPaths(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Normalize("/v1/orders/42/items") }); n != 0 {
		t.Fatalf("%v allocations", n)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"/", "/a/../b", "//a/./b/", "/%2e%2E/x", "/a%2fb", "/a;b", "/%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Normalize(in)
		if err != nil {
			if !errors.Is(err, ErrPathRejected) {
				t.Fatalf("error of the wrong class: %v", err)
			}
			return
		}
		// A normal path is a fixed point, and has no ambiguous parts left.
		again, err := Normalize(out)
		if err != nil || again != out {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", in, out, out, again, err)
		}
		for _, bad := range []string{"/./", "/../", ";", "\\"} {
			if strings.Contains(out+"/", bad) {
				t.Fatalf("Normalize(%q) = %q contains %q", in, out, bad)
			}
		}
		if strings.Contains(out, "//") {
			t.Fatalf("Normalize(%q) = %q contains //", in, out)
		}
	})
}
