package jsonschema

import (
	"unicode/utf8"

	"gatehouse/regex"
)

// pattern is a compiled "pattern" (or patternProperties key): the regex
// engine's program, and for the common simple shapes a direct matcher that
// answers the same much faster in wasm (where a match of the program costs
// microseconds).
type pattern struct {
	re     *regex.Regexp
	simple *simpleRE
}

// match reports whether s (UTF-8) contains a match.
func (p *pattern) match(s []byte) bool {
	if p.simple != nil {
		return p.simple.match(s)
	}
	return p.re.Match(s)
}

// simpleRE is a pattern that is a sequence of single-character items —
// literal characters, classes, dots — each repeated min..max times,
// optionally anchored at either end, such as ^[A-Z]{3}-[0-9]{4}$. It is only
// built when every variable repetition is followed by a mandatory item whose
// characters it cannot take (or by the end): then the greedy match at each
// start is the only one that can succeed, and matching needs no
// backtracking. FuzzSimplePattern checks it against the regex program.
type simpleRE struct {
	anchorStart, anchorEnd bool
	items                  []reItem
	// fixed is set when the pattern is anchored at both ends and every
	// item is a fixed count of ASCII-only characters (^[A-Z]{3}-[0-9]{4}$):
	// the set of bytes allowed at each position of the one length that
	// matches. Such codes are the common patterns, and one loop over the
	// bytes costs half the general one inside wasm.
	fixed [][2]uint64
}

// maxFixed bounds the length of a fixed pattern's position table (16 bytes
// a position).
const maxFixed = 64

type reItem struct {
	ascii    [2]uint64 // ASCII members, as a bit set
	ranges   []rune    // non-ASCII members: lo, hi pairs (inclusive)
	min, max int       // max < 0: unbounded
}

func (it *reItem) has(r rune) bool {
	if r < utf8.RuneSelf {
		return it.ascii[r>>6]&(1<<(r&63)) != 0
	}
	return regex.InRanges(it.ranges, r)
}

func newItem(ranges []rune, min, max int) reItem {
	it := reItem{min: min, max: max}
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
			it.ascii[r>>6] |= 1 << (r & 63)
		}
		if hi >= utf8.RuneSelf {
			it.ranges = append(it.ranges, max32(lo, utf8.RuneSelf), hi)
		}
	}
	return it
}

func max32(a, b rune) rune {
	if a > b {
		return a
	}
	return b
}

// compileSimple returns the simple matcher of a parsed pattern, or nil when
// the pattern is not of that shape. The parser has already dropped groups,
// made literals one-character classes and merged alternations of single
// characters into one class.
func compileSimple(tree *regex.Node) *simpleRE {
	subs := []*regex.Node{tree}
	if tree.Op == regex.OpConcat {
		subs = tree.Sub
	}
	m := &simpleRE{}
	for i, sub := range subs {
		switch sub.Op {
		case regex.OpBegin:
			if i != 0 {
				return nil
			}
			m.anchorStart = true
			continue
		case regex.OpEnd:
			if i != len(subs)-1 {
				return nil
			}
			m.anchorEnd = true
			continue
		case regex.OpEmpty:
			continue
		}
		min, max := 1, 1
		one := sub
		if sub.Op == regex.OpRepeat {
			min, max, one = sub.Min, sub.Max, sub.Sub[0]
		}
		if one.Op != regex.OpClass || len(one.Class) == 0 {
			return nil
		}
		m.items = append(m.items, newItem(one.Class, min, max))
	}
	// Every variable item must be followed by a mandatory item it cannot
	// take a character of, or be last.
	for i, it := range m.items {
		if it.min == it.max {
			continue
		}
		if i+1 == len(m.items) {
			continue
		}
		next := &m.items[i+1]
		if next.min == 0 || !disjoint(&it, next) {
			return nil
		}
	}
	m.fixed = fixedPositions(m)
	return m
}

// fixedPositions returns m's per-position byte sets when m is anchored at
// both ends and each item is a fixed count of ASCII-only characters, or nil.
func fixedPositions(m *simpleRE) [][2]uint64 {
	if !m.anchorStart || !m.anchorEnd {
		return nil
	}
	n := 0
	for _, it := range m.items {
		if it.min != it.max || len(it.ranges) > 0 {
			return nil
		}
		n += it.min
	}
	if n == 0 || n > maxFixed {
		return nil
	}
	pos := make([][2]uint64, 0, n)
	for _, it := range m.items {
		for range it.min {
			pos = append(pos, it.ascii)
		}
	}
	return pos
}

func disjoint(a, b *reItem) bool {
	if a.ascii[0]&b.ascii[0] != 0 || a.ascii[1]&b.ascii[1] != 0 {
		return false
	}
	for i := 0; i+1 < len(a.ranges); i += 2 {
		for j := 0; j+1 < len(b.ranges); j += 2 {
			if a.ranges[i] <= b.ranges[j+1] && b.ranges[j] <= a.ranges[i+1] {
				return false
			}
		}
	}
	return true
}

// match reports whether s contains a match: the greedy match at the first
// start where one exists (only at 0 when anchored). One function, without
// calls in the common case: calls are what costs in wasm.
func (m *simpleRE) match(s []byte) bool {
	if m.fixed != nil {
		// A byte at or above utf8.RuneSelf (part of a multi-byte character
		// or invalid) is in no ASCII-only set.
		if len(s) != len(m.fixed) {
			return false
		}
		for i, c := range s {
			if c >= utf8.RuneSelf || m.fixed[i][c>>6]&(1<<(c&63)) == 0 {
				return false
			}
		}
		return true
	}
	for start := 0; ; {
		i, ok := start, true
		for k := range m.items {
			it := &m.items[k]
			n := 0
			for (it.max < 0 || n < it.max) && i < len(s) {
				r, size := rune(s[i]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRune(s[i:])
					if !it.has(r) {
						break
					}
				} else if it.ascii[r>>6]&(1<<(r&63)) == 0 {
					break
				}
				i += size
				n++
			}
			if n < it.min {
				ok = false
				break
			}
		}
		if ok && (!m.anchorEnd || i == len(s)) {
			return true
		}
		if m.anchorStart || start >= len(s) {
			return false
		}
		_, size := utf8.DecodeRune(s[start:])
		start += size
	}
}
