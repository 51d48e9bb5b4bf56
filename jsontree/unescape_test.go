package jsontree

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

var unescapeSeeds = []string{`plain`, `a\"b\\c\/d`, `\b\f\n\r\t`, `\u00e9\u4E2D`, `\ud83d\ude00`, `\ud83d`,
	`\ude00x`, `\ud83d\u0041`, `\ud83dx`, `\ud83d\ud83d\ude00`, `é`, ``, `\u0041\u00e9\u20AC`, `\ude00\ud83d`,
	`é\u00e9`}

// TestAppendUnescaped: on every valid string the result is encoding/json's.
func TestAppendUnescaped(t *testing.T) {
	for _, s := range unescapeSeeds {
		checkUnescaped(t, s)
	}
	for in, want := range map[string]string{`\u12`: `\u12`, `\x`: `x`, `a\`: `a\`, `\uzzzz`: `\uzzzz`} {
		if got := string(AppendUnescaped(nil, []byte(in))); got != want {
			t.Errorf("malformed %q: got %q, want %q", in, got, want)
		}
	}
}

func FuzzAppendUnescaped(f *testing.F) {
	for _, s := range unescapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		AppendUnescaped(nil, []byte(s)) // never panics, valid or not
		checkUnescaped(t, s)
	})
}

// checkUnescaped compares with encoding/json when `"s"` is a valid JSON string
// in valid UTF-8 (encoding/json replaces invalid UTF-8; AppendUnescaped passes
// it through, and its callers check UTF-8 where it matters).
func checkUnescaped(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		return
	}
	var want string
	if json.Unmarshal([]byte(`"`+s+`"`), &want) != nil {
		return
	}
	if got := string(AppendUnescaped(nil, []byte(s))); got != want {
		t.Fatalf("AppendUnescaped(%q) = %q, encoding/json gives %q", s, got, want)
	}
}
