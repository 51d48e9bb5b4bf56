package regex

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMatch runs every construct on inputs it must and must not match.
func TestMatch(t *testing.T) {
	tests := []struct {
		pattern string
		yes, no []string
	}{
		{``, []string{"", "a"}, nil},
		{`abc`, []string{"abc", "xabcx"}, []string{"", "ab", "acb"}},
		{`^abc$`, []string{"abc"}, []string{"abcd", "xabc", "abc\n"}},
		{`^`, []string{"", "a"}, nil},
		{`$`, []string{"", "a"}, nil},
		{`a^`, nil, []string{"a", ""}},
		{`$a`, nil, []string{"a"}},
		// . is every code point but the ECMA-262 line terminators.
		{`^.$`, []string{"a", "é", "😀", "\t", "\v", "\u0085", "\u2027", "\u202a", "\x00"}, []string{"", "\n", "\r", "\u2028", "\u2029", "ab"}},
		{`^\d+$`, []string{"0", "0123456789"}, []string{"", "a", "٣", "１"}},
		{`^\D$`, []string{"a", "٣", "é"}, []string{"0", "9"}},
		{`^\w+$`, []string{"azAZ09_"}, []string{"é", "-", " ", "ſ"}},
		{`^\W$`, []string{"é", "-", " "}, []string{"a", "_", "5"}},
		// \s is ECMA-262 WhiteSpace and LineTerminator.
		{`^\s$`, []string{"\t", "\n", "\v", "\f", "\r", " ", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"},
			[]string{"a", "\u0085", "\u180e", "\u200b", "\u0000", ""}},
		{`^\S$`, []string{"a", "\u0085", "\u200b"}, []string{" ", "\u00a0", "\ufeff", "\n"}},
		{`\bfoo\b`, []string{"foo", "a foo.", "(foo)"}, []string{"foobar", "_foo", "afoo", "foo9"}},
		{`\Boo\B`, []string{"foood"}, []string{"oo", "f oo"}},
		{`é\b`, []string{"éa"}, []string{"é", "é "}}, // é is not a word character
		{`^\t\n\v\f\r\0$`, []string{"\t\n\v\f\r\x00"}, nil},
		{`^\cJ\cj\x41\u00e9\u{1F600}\uD83D\uDE00$`, []string{"\n\nAé😀😀"}, nil},
		{`^\u{0}\u{10FFFF}$`, []string{"\x00\U0010FFFF"}, nil},
		{`^\.\*\+\?\(\)\[\]\{\}\|\/\\\^\$\-$`, []string{`.*+?()[]{}|/\^$-`}, nil},
		{`^\é\ \"$`, []string{`é "`}, nil},
		{`^[a-c]+$`, []string{"abcabc"}, []string{"abcd", ""}},
		{`^[^a-c]$`, []string{"d", "é", "\n"}, []string{"a", "b", "c"}},
		{`^[-a]$`, []string{"-", "a"}, []string{"b"}},
		{`^[a-]$`, []string{"-", "a"}, []string{"b"}},
		{`^[--/]$`, []string{"-", ".", "/"}, []string{","}},
		{`^[a-b-d]$`, []string{"a", "b", "-", "d"}, []string{"c"}},
		{`^[\d\s_]$`, []string{"5", "\u3000", "_"}, []string{"a"}},
		{`^[\D]$`, []string{"a"}, []string{"5"}},
		{`^[\b\-\]\\]$`, []string{"\b", "-", "]", `\`}, []string{"b"}},
		{`^[\u00e0-\u00ff\x41]$`, []string{"é", "A"}, []string{"a", "Ā"}},
		{`^[😀-😂]$`, []string{"😁"}, []string{"😃"}},
		{`[]`, nil, []string{"", "a", "]"}},
		{`^[^]$`, []string{"a", "\n", "😀"}, []string{"", "ab"}},
		{`^[]a]$`, nil, []string{"a", "]a", "]"}}, // [] then a literal ]
		{`^]}{$`, []string{"]}{"}, nil},
		{`^a{x}$`, []string{"a{x}"}, nil},
		{`^a{2,x}$`, []string{"a{2,x}"}, nil},
		{`^a{,2}$`, []string{"a{,2}"}, nil},
		{`^(a|bc|)$`, []string{"a", "bc", ""}, []string{"b", "abc"}},
		{`^(?:ab)+$`, []string{"ab", "abab"}, []string{"", "aba"}},
		{`^(?<year>\d{4})-(?<mon>\d\d)$`, []string{"2024-01"}, []string{"2024-1"}},
		{`^a*$`, []string{"", "aaa"}, []string{"b"}},
		{`^a+$`, []string{"a", "aaa"}, []string{""}},
		{`^a?$`, []string{"", "a"}, []string{"aa"}},
		{`^a{3}$`, []string{"aaa"}, []string{"aa", "aaaa"}},
		{`^a{2,}$`, []string{"aa", "aaaaa"}, []string{"a"}},
		{`^a{2,3}$`, []string{"aa", "aaa"}, []string{"a", "aaaa"}},
		{`^a{0,0}b$`, []string{"b"}, []string{"ab"}},
		{`^a{0}$`, []string{""}, []string{"a"}},
		{`^a*?b+?c??d{1,2}?$`, []string{"bd", "aabbcdd"}, []string{"ad"}},
		{`^(a|ab)(c|bcd)(d*)$`, []string{"abcd", "acd", "abbcd"}, []string{"ab"}},
		{`(a*)*b`, []string{"aab", "b"}, []string{"aaa", ""}},
		{`^(()*)*$`, []string{""}, []string{"a"}},
		{`^(a?){3}a{3}$`, []string{"aaa", "aaaaaa"}, []string{"aa", "aaaaaaa"}},
		{`^(\b|a)+$`, []string{"aa"}, []string{"", "b"}},
		{`^\p{L}+$`, []string{"Hello", "π", "日本", "ǅ", "𝐀"}, []string{"", "123", "_", "a1", "\u0300"}},
		{`^[\p{Letter}\d]+$`, []string{"a1", "π9"}, []string{"-"}},
		{`^\P{L}$`, []string{"1", " ", "😀"}, []string{"a", "π"}},
		{`^[^\P{L}]$`, []string{"a", "π"}, []string{"1"}},
		{`é+`, []string{"xéé"}, []string{"e"}},
		{`^.{2}$`, []string{"éé", "😀😀", "ab"}, []string{"😀"}},
		{`foo|bar`, []string{"xbarx", "foo", "fobar"}, []string{"fo ba", "ba"}},
		{`hello`, []string{"say hello", "hellhello"}, []string{"hell", "helo"}},
		{`^\uFFFD$`, []string{"\xff", "\ufffd"}, nil},
		{`^.$`, []string{"\xff", "\xe2\x82"[:1]}, nil},
	}
	for _, tt := range tests {
		re, err := Compile(tt.pattern)
		if err != nil {
			t.Errorf("%q: %v", tt.pattern, err)
			continue
		}
		for _, s := range tt.yes {
			if !re.MatchString(s) || !re.Match([]byte(s)) {
				t.Errorf("%q does not match %q", tt.pattern, s)
			}
		}
		for _, s := range tt.no {
			if re.MatchString(s) || re.Match([]byte(s)) {
				t.Errorf("%q matches %q", tt.pattern, s)
			}
		}
	}
}

// TestErrors checks the exact error of each refused pattern.
func TestErrors(t *testing.T) {
	tests := []struct {
		pattern     string
		err         string
		unsupported bool
	}{
		{`(`, `unclosed ( at offset 0`, false},
		{`a(b(c)`, `unclosed ( at offset 1`, false},
		{`a)`, `unmatched ) at offset 1`, false},
		{`[a`, `unclosed [ at offset 0`, false},
		{`x[^\]`, `unclosed [ at offset 1`, false},
		{`ab\`, `\ at end of pattern at offset 2`, false},
		{`*a`, `nothing to repeat at offset 0`, false},
		{`a|+`, `nothing to repeat at offset 2`, false},
		{`(?:?)`, `nothing to repeat at offset 3`, false},
		{`a**`, `nothing to repeat at offset 2`, false},
		{`a{2}{3}`, `nothing to repeat at offset 4`, false},
		{`a???`, `nothing to repeat at offset 3`, false},
		{`{2}`, `nothing to repeat at offset 0`, false},
		{`^*`, `nothing to repeat at offset 1`, false},
		{`$+`, `nothing to repeat at offset 1`, false},
		{`\b{2}`, `nothing to repeat at offset 2`, false},
		{`\B?`, `nothing to repeat at offset 2`, false},
		{`a{1001}`, `repeat count {1001} is over 1000 at offset 1`, true},
		{`a{1,99999999999999999999}`, `repeat count {1,99999999999999999999} is over 1000 at offset 1`, true},
		{`a{3,2}`, `repeat count {3,2} has its maximum below its minimum at offset 1`, false},
		{`[z-a]`, `bad range z-a at offset 1`, false},
		{`[\x62-\x61]`, `bad range \x62-\x61 at offset 1`, false},
		{`[\d-z]`, `a range bounded by a class escape (\d-z) is not supported at offset 1`, true},
		{`[a-\w]`, `a range bounded by a class escape (a-\w) is not supported at offset 1`, true},
		{`(?=x)`, `lookahead (?= is not supported at offset 0`, true},
		{`a(?!x)`, `negative lookahead (?! is not supported at offset 1`, true},
		{`(?<=x)`, `lookbehind (?<= is not supported at offset 0`, true},
		{`(?<!x)`, `negative lookbehind (?<! is not supported at offset 0`, true},
		{`(a)\1`, `backreference \1 is not supported at offset 3`, true},
		{`(a)\12`, `backreference \12 is not supported at offset 3`, true},
		{`(?<n>a)\k<n>`, `backreference \k is not supported at offset 7`, true},
		{`\p{Greek}`, `Unicode property \p{Greek} is not supported (only \p{L} and \p{Letter} are) at offset 0`, true},
		{`[\P{Lu}]`, `Unicode property \P{Lu} is not supported (only \p{L} and \p{Letter} are) at offset 1`, true},
		{`\pL`, `\p must be followed by {name} at offset 0`, false},
		{`a\P{L`, `\P must be followed by {name} at offset 1`, false},
		{`\01`, `octal escape \01 is not supported at offset 0`, true},
		{`[\1]`, `octal escape \1 is not supported at offset 1`, true},
		{`(?i)a`, `modifiers (?i are not supported at offset 0`, true},
		{`(?-i:a)`, `modifiers (?- are not supported at offset 0`, true},
		{`(?P<n>a)`, `invalid group (?P at offset 0`, false},
		{`(?é)`, `invalid group (?é at offset 0`, false},
		{`(?`, `invalid group (? at offset 0`, false},
		{`(?<>a)`, `invalid group name at offset 0`, false},
		{`(?<1a>a)`, `invalid group name at offset 0`, false},
		{`(?<a`, `invalid group name at offset 0`, false},
		{`(?<a>x)(?<a>y)`, `duplicate group name a at offset 7`, false},
		{`\q`, `unknown escape \q at offset 0`, false},
		{`\A`, `unknown escape \A at offset 0`, false},
		{`[\z]`, `unknown escape \z at offset 1`, false},
		{`[\B]`, `\B is not valid in a class at offset 1`, false},
		{`\c1`, `\c must be followed by a letter at offset 0`, false},
		{`\x4`, `\x must be followed by two hex digits at offset 0`, false},
		{`\x4g`, `\x must be followed by two hex digits at offset 0`, false},
		{`\u12`, `\u must be followed by four hex digits or {code point} at offset 0`, false},
		{`\u{}`, `\u{ must hold hex digits and a } at offset 0`, false},
		{`\u{12`, `\u{ must hold hex digits and a } at offset 0`, false},
		{`\u{110000}`, `\u{110000} is beyond U+10FFFF at offset 0`, false},
		{`(a{100}){101}`, `pattern compiles to more than 10000 instructions at offset 8`, true},
		{`x(?:a{1000}b{1000}){6}`, `pattern compiles to more than 10000 instructions at offset 19`, true},
		{strings.Repeat(`a{1000}`, 11), `pattern compiles to more than 10000 instructions at offset 0`, true},
		{strings.Repeat(`(`, 251) + strings.Repeat(`)`, 251), `groups nested more than 250 deep at offset 250`, true},
	}
	for _, tt := range tests {
		re, err := Compile(tt.pattern)
		if err == nil {
			t.Errorf("%q: compiled (%d instructions)", tt.pattern, len(re.prog))
			continue
		}
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: %T %v", tt.pattern, err, err)
			continue
		}
		if e.Error() != tt.err || e.Unsupported != tt.unsupported {
			t.Errorf("%q: got %q (unsupported %v), want %q (%v)", tt.pattern, e.Error(), e.Unsupported, tt.err, tt.unsupported)
		}
	}
}

// TestBounds checks patterns just inside the limits compile.
func TestBounds(t *testing.T) {
	for _, p := range []string{`a{1000}`, `a{0,1000}`, `(a{100}){99}`, strings.Repeat(`(`, 250) + strings.Repeat(`)`, 250),
		`(?:a{1000}){0}`, `(?:){1000}`, `(?:(?:){1000}){1000}`} {
		re, err := Compile(p)
		if err != nil {
			t.Errorf("%q: %v", p, err)
			continue
		}
		if len(re.prog) > MaxInstructions {
			t.Errorf("%q: %d instructions", p, len(re.prog))
		}
	}
}

// TestLinear runs patterns that take exponential time in a backtracking
// engine on long inputs.
func TestLinear(t *testing.T) {
	long := strings.Repeat("a", 10000)
	tests := []struct {
		pattern, input string
		want           bool
	}{
		{`(a*)*b`, long, false},
		{`(a|a)*b`, long, false},
		{`(a|aa)+$`, long + "b", false},
		{`^(a+)+$`, long + "!", false},
		{`(\w+\s?)*$`, long + "!", true},
		{`(a?){500}a{500}`, strings.Repeat("a", 500), true},
	}
	for _, tt := range tests {
		re, err := Compile(tt.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tt.pattern, err)
		}
		start := time.Now()
		if got := re.MatchString(tt.input); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.pattern, got, tt.want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%q: %v", tt.pattern, d)
		}
	}
}

// TestNoAllocs checks that matching allocates nothing once warm.
func TestNoAllocs(t *testing.T) {
	re, err := Compile(`^(?:[a-z]+|\d{2,4})(?:-\w+)*$`)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte("abc-12-x_y")
	if n := testing.AllocsPerRun(100, func() { re.Match(b); re.MatchString("12-ab") }); n != 0 {
		t.Errorf("%v allocations per match", n)
	}
	lit, err := Compile(`needle\d`)
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { lit.Match([]byte("hay needle needle1")); lit.MatchString("hay needle1") }); n != 0 {
		t.Errorf("%v allocations per match with a prefix", n)
	}
}

// TestConcurrent matches one Regexp from several goroutines (run with
// -race).
func TestConcurrent(t *testing.T) {
	re, err := Compile(`b+c$`)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			ok := true
			for i := 0; i < 1000; i++ {
				ok = ok && re.MatchString("abbc") && !re.MatchString("abbcd")
			}
			done <- ok
		}()
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Error("wrong answer under concurrency")
		}
	}
}

// TestParseTree checks the shapes Parse gives the simple matcher.
func TestParseTree(t *testing.T) {
	tests := []struct {
		pattern string
		op      Op
		class   []rune
		subs    int
	}{
		{`a|b|c`, OpClass, []rune{'a', 'c'}, 0},
		{`(a)(b)c`, OpConcat, nil, 3},
		{`(?:ab)+`, OpRepeat, nil, 1},
		{`a{1}`, OpClass, []rune{'a', 'a'}, 0},
		{`a{0}`, OpEmpty, nil, 0},
		{`[^\x00-\u{10FFFE}]`, OpClass, []rune{0x10FFFF, 0x10FFFF}, 0},
		{`a|bc`, OpAlternate, nil, 2},
	}
	for _, tt := range tests {
		n, err := Parse(tt.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tt.pattern, err)
		}
		if n.Op != tt.op || len(n.Sub) != tt.subs || tt.class != nil && string(n.Class) != string(tt.class) {
			t.Errorf("%q: op %d, %d subs, class %v", tt.pattern, n.Op, len(n.Sub), n.Class)
		}
	}
}

// TestHostileCompile compiles large patterns a hostile policy could hold:
// each is refused or compiled quickly, within the bounds.
func TestHostileCompile(t *testing.T) {
	var names strings.Builder
	for i := 0; i < 20000; i++ {
		names.WriteString("(?<n" + strconv.Itoa(i) + ">)")
	}
	tests := []struct {
		name, pattern string
		err           string
	}{
		{"many names", names.String(), ""},
		{"many classes", strings.Repeat("[a-z]", 20000), "pattern compiles to more than 10000 instructions at offset 0"},
		{"long alternation of characters", strings.Repeat("a|", 50000) + "b", ""},
		{"long alternation", strings.Repeat("ab|", 5000), "pattern compiles to more than 10000 instructions at offset 0"},
		{"nested counts", `((((a{10}){10}){10}){10})`, "pattern compiles to more than 10000 instructions at offset 20"},
		{"empty loops", strings.Repeat("(?:", 200) + strings.Repeat("){1000}", 200), ""},
	}
	for _, tt := range tests {
		start := time.Now()
		_, err := Compile(tt.pattern)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("%s: error %q, want %q", tt.name, got, tt.err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: %v", tt.name, d)
		}
	}
}
