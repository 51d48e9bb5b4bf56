package regex

import "sort"

// maxRune is the largest Unicode code point.
const maxRune = 0x10FFFF

// The predefined classes of ECMA-262, as sorted lo, hi pairs. \d and \w are
// ASCII; \s is WhiteSpace and LineTerminator: tab, LF, VT, FF, CR, space,
// U+00A0, U+FEFF, the Zs category (U+1680, U+2000–U+200A, U+202F, U+205F,
// U+3000) and U+2028, U+2029.
var (
	classDigit = []rune{'0', '9'}
	classWord  = []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
	classSpace = []rune{
		'\t', '\r', ' ', ' ', 0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A,
		0x2028, 0x2029, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF,
	}
	// classDot is what "." matches: everything but the line terminators
	// \n, \r, U+2028 and U+2029.
	classDot = []rune{0, '\n' - 1, '\n' + 1, '\r' - 1, '\r' + 1, 0x2027, 0x202A, maxRune}
)

// normalize sorts the lo, hi pairs of c and merges those that overlap or
// touch, in place.
func normalize(c []rune) []rune {
	pairs := make([][2]rune, 0, len(c)/2)
	for i := 0; i+1 < len(c); i += 2 {
		pairs = append(pairs, [2]rune{c[i], c[i+1]})
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] }) // sort.Slice: one shared sort in the .wasm, no instantiation per shape
	out := c[:0]
	for _, p := range pairs {
		if n := len(out); n > 0 && p[0] <= out[n-1]+1 {
			out[n-1] = max(out[n-1], p[1])
			continue
		}
		out = append(out, p[0], p[1])
	}
	return out
}

// negate returns the complement of the normalized class c in 0..maxRune.
// (Out of line: the parser's inlined copies of it cost the module 3.6 KB.)
//
//go:noinline
func negate(c []rune) []rune {
	out := make([]rune, 0, len(c)+2)
	next := rune(0)
	for i := 0; i+1 < len(c); i += 2 {
		if c[i] > next {
			out = append(out, next, c[i]-1)
		}
		next = c[i+1] + 1
	}
	if next <= maxRune {
		out = append(out, next, maxRune)
	}
	return out
}

// letters returns the class \p{L} (Letter), decoded from letterTable.
func letters() []rune {
	var c []rune
	prev := rune(0)
	for i := 0; i < len(letterTable); {
		gap, n := uvarint(letterTable, i)
		length, m := uvarint(letterTable, i+n)
		i += n + m
		lo := prev + rune(gap)
		prev = lo + rune(length)
		c = append(c, lo, prev)
	}
	return c
}

// uvarint decodes the unsigned varint at s[i] and its length.
func uvarint(s string, i int) (uint32, int) {
	var v uint32
	for k := 0; ; k++ {
		c := s[i+k]
		v |= uint32(c&0x7F) << (7 * k)
		if c < 0x80 {
			return v, k + 1
		}
	}
}
