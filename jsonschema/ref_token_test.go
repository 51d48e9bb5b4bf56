package jsonschema

import (
	"strings"
	"testing"
)

// TestUnescapeToken compares unescapeToken with the two ReplaceAll calls of
// RFC 6901 §4 on every string of up to 7 characters over "~01/a".
func TestUnescapeToken(t *testing.T) {
	const alphabet = "~01/a"
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		want := strings.ReplaceAll(strings.ReplaceAll(prefix, "~1", "/"), "~0", "~")
		if got := unescapeToken(prefix); got != want {
			t.Fatalf("unescapeToken(%q) = %q, want %q", prefix, got, want)
		}
		if n == 0 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			gen(prefix+alphabet[i:i+1], n-1)
		}
	}
	gen("", 7)
}
