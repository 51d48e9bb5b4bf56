package regex

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// gen builds, from fuzz bytes, a pattern in the part of the syntax where
// ECMA-262 and Go's regexp (RE2) mean the same on the inputs of inputText:
// ASCII literals and é, classes, \d \D \w \W, . (the inputs hold no \r,
// U+2028 or U+2029), ^ $ \b \B, groups, alternation and every quantifier.
type gen struct {
	b []byte
	i int
}

func (g *gen) next() int {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return int(g.b[g.i-1])
}

var genAtoms = []string{`a`, `b`, `c`, `é`, `1`, `_`, ` `, `.`, `\d`, `\D`, `\w`, `\W`, `[a-c]`, `[^ab]`, `[\d_]`, `\.`, `\n`, `[é-ê]`}

func (g *gen) alternation(depth int) string {
	n := 1
	if depth < 3 {
		n += g.next() % 3
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.concat(depth)
	}
	return strings.Join(parts, "|")
}

func (g *gen) concat(depth int) string {
	var b strings.Builder
	for k := g.next() % 4; k >= 0; k-- {
		c := g.next()
		switch {
		case c < 16:
			b.WriteString([]string{`^`, `$`, `\b`, `\B`}[c%4])
			continue
		case c < 48 && depth < 3:
			b.WriteString([]string{"(", "(?:"}[c%2] + g.alternation(depth+1) + ")")
		default:
			b.WriteString(genAtoms[c%len(genAtoms)])
		}
		q := g.next()
		if q < 128 {
			continue
		}
		b.WriteString([]string{`*`, `+`, `?`, `{2}`, `{0,2}`, `{1,}`, `{0}`, `{1,3}`}[q%8])
		if q&8 != 0 {
			b.WriteString("?")
		}
	}
	return b.String()
}

// inputText turns fuzz bytes into a string over a small alphabet.
func inputText(b []byte) string {
	const alphabet = "abc1_ é\n.ê"
	runes := []rune(alphabet)
	var sb strings.Builder
	for _, c := range b {
		if c == 0xff {
			sb.WriteByte(0xff) // invalid UTF-8: U+FFFD in both engines
			continue
		}
		sb.WriteRune(runes[int(c)%len(runes)])
	}
	return sb.String()
}

// FuzzDifferential compares Match with Go's regexp on generated patterns of
// the common subset. Seeds: testdata/fuzz/FuzzDifferential.
func FuzzDifferential(f *testing.F) {
	f.Add([]byte{3, 200, 1, 2, 130, 7}, []byte{0, 1, 2})
	f.Add([]byte{1, 20, 2, 60, 61, 140, 9, 3}, []byte{4, 4, 0, 1})
	f.Add([]byte{2, 0, 12, 1, 8, 5, 255, 3}, []byte{6, 6, 3, 0xff})
	f.Fuzz(func(t *testing.T, pat, in []byte) {
		g := &gen{b: pat}
		p := g.alternation(0)
		want, err := regexp.Compile(p)
		if err != nil {
			return // RE2 refuses some nestings of counted repeats
		}
		re, err := Compile(p)
		if err != nil {
			t.Fatalf("%q: %v", p, err)
		}
		s := inputText(in)
		if got, w := re.MatchString(s), want.MatchString(s); got != w {
			t.Fatalf("%q on %q: %v, regexp %v", p, s, got, w)
		}
		if got, w := re.Match([]byte(s)), want.MatchString(s); got != w {
			t.Fatalf("%q on %q (bytes): %v, regexp %v", p, s, got, w)
		}
	})
}

// FuzzCompile checks that any pattern compiles or fails with a well-formed
// *Error, and that a compiled one matches without panicking.
// Seeds: testdata/fuzz/FuzzCompile.
func FuzzCompile(f *testing.F) {
	for _, p := range []string{`^[A-Z]{3}-\d{4}$`, `(?<y>\d+)|[^\s\u{1F600}]*?`, `(?=a)`, `\k<n>`, `[z-a]`, `a{2,1}`, `\cA\x41\u0041`, `((a|b)*c){3,5}$`} {
		f.Add(p, "ABC-1234 xyz")
	}
	f.Fuzz(func(t *testing.T, p, s string) {
		re, err := Compile(p)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Msg == "" || e.Offset < 0 || e.Offset > len(p) {
				t.Fatalf("%q: malformed error %#v", p, err)
			}
			if utf8.ValidString(p) && !utf8.ValidString(e.Msg) {
				t.Fatalf("%q: error message %q is not UTF-8", p, e.Msg)
			}
			return
		}
		if len(re.prog) > MaxInstructions {
			t.Fatalf("%q: %d instructions", p, len(re.prog))
		}
		if re.MatchString(s) != re.Match([]byte(s)) {
			t.Fatalf("%q on %q: string and bytes differ", p, s)
		}
		re.MatchString(p)
	})
}

// FuzzDecode checks decode against utf8.DecodeRune.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("é\xe0\xa0\xed\xa0\x80\xf4\x90\x80\x80😀"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := 0; i < len(b); i++ {
			if b[i] < utf8.RuneSelf {
				continue
			}
			r, n := decode(b, i)
			wr, wn := utf8.DecodeRune(b[i:])
			if r != wr || n != wn {
				t.Fatalf("%q at %d: %U %d, utf8 %U %d", b, i, r, n, wr, wn)
			}
		}
	})
}
