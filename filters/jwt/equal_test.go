package jwt

import (
	"strings"
	"testing"
)

func TestEqualStrings(t *testing.T) {
	long := strings.Repeat("eyJhbGciOiJSUzI1NiJ9.", 40)
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"a", "", false},
		{"abcdefg", "abcdefg", true},
		{"abcdefg", "abcdefh", false},
		{"abcdefgh", "abcdefgh", true},
		{"abcdefgh", "bbcdefgh", false},
		{"abcdefghi", "abcdefghj", false},
		{long, long[:len(long)-1] + ".", true},
		{long, long[:len(long)-1] + "x", false},
		{long, "x" + long[1:], false},
		{long, long[:400] + "X" + long[401:], false},
		{long, long[:len(long)-1], false},
	} {
		if got := equalStrings(tc.a, tc.b); got != tc.want {
			t.Errorf("equalStrings(%.20q…, %.20q…) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzEqualStrings checks equalStrings against ==.
func FuzzEqualStrings(f *testing.F) {
	f.Add("abcdefghij", "abcdefghij")
	f.Add("abcdefghij", "abcdefghiJ")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := equalStrings(a, b), a == b; got != want {
			t.Fatalf("equalStrings(%q, %q) = %v, want %v", a, b, got, want)
		}
		if !equalStrings(a, a) {
			t.Fatalf("equalStrings(%q, itself) = false", a)
		}
	})
}
