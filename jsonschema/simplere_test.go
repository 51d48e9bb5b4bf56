package jsonschema

import (
	"testing"

	"gatehouse/regex"
)

// simpleOf compiles p with the regex engine and its simple matcher (nil
// when p is not of that shape).
func simpleOf(t testing.TB, p string) (*regex.Regexp, *simpleRE) {
	re, err := regex.Compile(p)
	if err != nil {
		t.Fatalf("%q: %v", p, err)
	}
	tree, err := regex.Parse(p)
	if err != nil {
		t.Fatalf("%q: %v", p, err)
	}
	return re, compileSimple(tree)
}

func TestSimplePatterns(t *testing.T) {
	simple := []string{`^[A-Z]{3}-[0-9]{4}$`, `^\d+$`, `^a`, `b$`, `abc`, `^[a-z]+@x\.com$`, `^.{1,5}$`, `^é+x$`, `a*`, `^\w{2,}-\d?$`,
		`^$`, `x?y`, `[^a]`, `^[\u0100-\u0200]+[a]$`, `a|b`, `^a+?b`, `^(a)(?:b)c$`, `^(?<n>[a-f]+)$`, `^\s+\S$`, ``, `^.*\r$`, `^\p{L}+[0-9]$`,
		`^[a-c]{2}\d$`, `^ab$`, `^é{2}$`, `^[A-Z]{3}`, `[A-Z]{3}$`, `^[^a]{2}$`}
	general := []string{`^a+a$`, `(ab)+`, `^a*b*$`, `^[a-z]*[a-c]$`, `^a?$x`, `\bfoo`, `a|bc`, `[]`, `^.*a$`}
	for _, p := range simple {
		if _, m := simpleOf(t, p); m == nil {
			t.Errorf("%q: not compiled to the simple matcher", p)
		}
	}
	for _, p := range general {
		if _, m := simpleOf(t, p); m != nil {
			t.Errorf("%q: compiled to the simple matcher", p)
		}
	}
	inputs := []string{"", "a", "ab", "abc", "ab1", "é1", "a\xff1", "AB\x80-1234", "ca9", "aé1", "ééé", "éé", "bbbb", "xy9", "ABCD", "AB", "ABC-1234", "ABC-12345", "xABC-1234", "abc@x.com", "éééx", "ab-", "ab-1", "12345",
		"123456", "b", "ba", "xy", "y", "\u0150\u0150a", "\u0150a", "a\n", "é", "a\r", "\u2028", " \u00a0x", "abcdef", "\xff", "π1", "abc1", "日本語9"}
	// Anchored at both ends with fixed counts of ASCII-only characters: the
	// per-position byte sets, and only then.
	fixed := map[string]int{`^[A-Z]{3}-[0-9]{4}$`: 8, `^[a-c]{2}\d$`: 3, `^ab$`: 2, `^(a)(?:b)c$`: 3}
	for _, p := range simple {
		if _, m := simpleOf(t, p); len(m.fixed) != fixed[p] {
			t.Errorf("%q: %d fixed positions, want %d", p, len(m.fixed), fixed[p])
		}
	}
	for _, p := range simple {
		re, m := simpleOf(t, p)
		for _, in := range inputs {
			if got, want := m.match([]byte(in)), re.MatchString(in); got != want {
				t.Errorf("%q on %q: simple %v, regex %v", p, in, got, want)
			}
		}
	}
}

// FuzzSimplePattern checks the simple matcher against the regex program on
// any pattern it accepts and any string (the program is checked against Go's
// regexp by regex.FuzzDifferential). Seeds: testdata/fuzz/FuzzSimplePattern.
func FuzzSimplePattern(f *testing.F) {
	f.Add(`^[A-Z]{3}-[0-9]{4}$`, "ABC-1234")
	f.Add(`a*b+c?`, "xaabbc")
	f.Add(`^.{2,3}x$`, "éé x")
	f.Add(`^\s*[^\s]$`, "\u3000\u2028x")
	f.Fuzz(func(t *testing.T, p, s string) {
		re, err := regex.Compile(p)
		if err != nil {
			return
		}
		tree, err := regex.Parse(p)
		if err != nil {
			t.Fatalf("%q: Compile accepts, Parse refuses: %v", p, err)
		}
		m := compileSimple(tree)
		if m == nil {
			return
		}
		if got, want := m.match([]byte(s)), re.MatchString(s); got != want {
			t.Fatalf("%q on %q: simple %v, regex %v", p, s, got, want)
		}
	})
}
