package regex

import (
	"regexp"
	"strings"
	"testing"
)

// benchCases are patterns and inputs for comparing Match with Go's regexp
// (in the syntax both read the same way).
var benchCases = []struct{ name, pattern, input string }{
	{"sku", `^[A-Z]{3}-[0-9]{4}$`, "ABC-1234"},
	{"param", `^[A-Z0-9-]{3,32}$`, "ABC-123-XYZ"},
	{"uuid", `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, "123e4567-e89b-12d3-a456-426614174000"},
	{"email", `^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$`, "jane.doe+tag@example.co.uk"},
	{"words", `\b(?:cat|dog|bird)s?\b`, strings.Repeat("the quick brown fox jumps over the lazy ", 3) + "dogs"},
	{"literal", `needle`, strings.Repeat("haystack ", 20) + "needle"},
	{"nomatch", `(a|b)*c`, strings.Repeat("ab", 100)},
}

func BenchmarkMatch(b *testing.B) {
	for _, c := range benchCases {
		in := []byte(c.input)
		b.Run(c.name+"/regex", func(b *testing.B) {
			re, err := Compile(c.pattern)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				re.Match(in)
			}
		})
		b.Run(c.name+"/regexp", func(b *testing.B) {
			re := regexp.MustCompile(c.pattern)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				re.Match(in)
			}
		})
	}
}
