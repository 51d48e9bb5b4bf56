package jsonschema

import (
	"regexp"
	"testing"
)

func TestSimplePatterns(t *testing.T) {
	simple := []string{`^[A-Z]{3}-[0-9]{4}$`, `^\d+$`, `^a`, `b$`, `abc`, `^[a-z]+@x\.com$`, `^.{1,5}$`, `^é+x$`, `a*`, `^\w{2,}-\d?$`,
		`^$`, `x?y`, `[^a]`, `^[\x{100}-\x{200}]+[a]$`, `a|b`, `^a+?b`}
	general := []string{`^a+a$`, `(ab)+`, `^a*b*$`, `(?i)abc`, `^[a-z]*[a-c]$`, `^a?$x`, `\bfoo`, `a|bc`}
	for _, p := range simple {
		if compileSimple(p) == nil {
			t.Errorf("%q: not compiled to the simple matcher", p)
		}
	}
	for _, p := range general {
		if compileSimple(p) != nil {
			t.Errorf("%q: compiled to the simple matcher", p)
		}
	}
	inputs := []string{"", "a", "ab", "abc", "ABC-1234", "ABC-12345", "xABC-1234", "abc@x.com", "éééx", "ab-", "ab-1", "12345",
		"123456", "b", "ba", "xy", "y", "\u0150\u0150a", "\u0150a", "a\n", "é"}
	for _, p := range simple {
		m, re := compileSimple(p), regexp.MustCompile(p)
		for _, in := range inputs {
			if got, want := m.match([]byte(in)), re.MatchString(in); got != want {
				t.Errorf("%q on %q: simple %v, regexp %v", p, in, got, want)
			}
		}
	}
}

// FuzzSimplePattern checks the simple matcher against regexp on any pattern
// it accepts and any string. Seeds: testdata/fuzz/FuzzSimplePattern.
func FuzzSimplePattern(f *testing.F) {
	f.Add(`^[A-Z]{3}-[0-9]{4}$`, "ABC-1234")
	f.Add(`a*b+c?`, "xaabbc")
	f.Add(`^.{2,3}x$`, "éé x")
	f.Fuzz(func(t *testing.T, p, s string) {
		re, err := regexp.Compile(p)
		if err != nil {
			return
		}
		m := compileSimple(p)
		if m == nil {
			return
		}
		if got, want := m.match([]byte(s)), re.MatchString(s); got != want {
			t.Fatalf("%q on %q: simple %v, regexp %v", p, s, got, want)
		}
	})
}
