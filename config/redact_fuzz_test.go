package config

import (
	"reflect"
	"strings"
	"testing"
)

// render spells a field pattern canonically (escapes only where needed).
func render(fp FieldPattern) string {
	var b strings.Builder
	for i, s := range fp.Segments {
		if i > 0 {
			b.WriteByte('.')
		}
		switch s.Kind {
		case FieldAnyKey:
			b.WriteByte('*')
		case FieldEachElement:
			b.WriteByte('#')
		default:
			for j := 0; j < len(s.Name); j++ {
				if strings.IndexByte(`.*#\`, s.Name[j]) >= 0 {
					b.WriteByte('\\')
				}
				b.WriteByte(s.Name[j])
			}
		}
	}
	return b.String()
}

// FuzzFieldPattern checks ParseFieldPattern: it never panics; an error is one
// line (unless the pattern itself has a line break), wraps errFieldPattern and
// quotes the pattern; a parsed pattern's canonical spelling parses back to it,
// and only one-segment names match anywhere. The seed corpus is in
// testdata/fuzz/FuzzFieldPattern.
func FuzzFieldPattern(f *testing.F) {
	for _, s := range []string{"password", "*.token", "users.#.ssn", `a\.b.*`, "#.#.x", "a..b", "a*", `\`, "#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fp, err := ParseFieldPattern(s)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "invalid field pattern ") || strings.ContainsAny(msg, "\n\r") && !strings.ContainsAny(s, "\n\r") {
				t.Fatalf("bad error %q", msg)
			}
			return
		}
		back, err := ParseFieldPattern(render(fp))
		if err != nil || !reflect.DeepEqual(back, fp) {
			t.Fatalf("%q → %q → %+v, %v", s, render(fp), back, err)
		}
		if fp.Anywhere != (len(fp.Segments) == 1) || len(fp.Segments) > MaxFieldPatternSegments || len(fp.Segments) == 0 {
			t.Fatalf("%q: %+v", s, fp)
		}
	})
}
