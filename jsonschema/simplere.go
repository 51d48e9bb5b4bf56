package jsonschema

import (
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// pattern is a compiled "pattern" (or patternProperties key): Go's regexp,
// and for the common simple shapes a direct matcher that answers the same
// much faster in wasm (where a regexp match costs microseconds).
type pattern struct {
	re     *regexp.Regexp
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
// backtracking. FuzzSimplePattern checks it against regexp.
type simpleRE struct {
	anchorStart, anchorEnd bool
	items                  []reItem
}

type reItem struct {
	ascii    [2]uint64 // ASCII members, as a bit set
	ranges   []rune    // non-ASCII members: lo, hi pairs (inclusive)
	min, max int       // max < 0: unbounded
}

func (it *reItem) has(r rune) bool {
	if r < utf8.RuneSelf {
		return it.ascii[r>>6]&(1<<(r&63)) != 0
	}
	for i := 0; i+1 < len(it.ranges); i += 2 {
		if it.ranges[i] <= r && r <= it.ranges[i+1] {
			return true
		}
	}
	return false
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

// compileSimple returns the simple matcher of an RE2 pattern, or nil when
// the pattern is not of that shape.
func compileSimple(expr string) *simpleRE {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	m := &simpleRE{}
	for i, sub := range subs {
		switch sub.Op {
		case syntax.OpBeginText:
			if i != 0 {
				return nil
			}
			m.anchorStart = true
			continue
		case syntax.OpEndText:
			if i != len(subs)-1 {
				return nil
			}
			m.anchorEnd = true
			continue
		case syntax.OpEmptyMatch:
			continue
		case syntax.OpLiteral:
			if sub.Flags&syntax.FoldCase != 0 {
				return nil
			}
			for _, r := range sub.Rune {
				m.items = append(m.items, newItem([]rune{r, r}, 1, 1))
			}
			continue
		}
		min, max := 1, 1
		one := sub
		switch sub.Op {
		case syntax.OpStar:
			min, max, one = 0, -1, sub.Sub[0]
		case syntax.OpPlus:
			min, max, one = 1, -1, sub.Sub[0]
		case syntax.OpQuest:
			min, max, one = 0, 1, sub.Sub[0]
		case syntax.OpRepeat:
			min, max, one = sub.Min, sub.Max, sub.Sub[0]
		}
		ranges := singleChar(one)
		if ranges == nil {
			return nil
		}
		m.items = append(m.items, newItem(ranges, min, max))
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
	return m
}

// singleChar returns the ranges of a regexp that matches exactly one
// character, or nil.
func singleChar(re *syntax.Regexp) []rune {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 1 && re.Flags&syntax.FoldCase == 0 {
			return []rune{re.Rune[0], re.Rune[0]}
		}
	case syntax.OpCharClass:
		if len(re.Rune) > 0 {
			return re.Rune
		}
	case syntax.OpAnyCharNotNL:
		return []rune{0, '\n' - 1, '\n' + 1, unicode.MaxRune}
	case syntax.OpAnyChar:
		return []rune{0, unicode.MaxRune}
	}
	return nil
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
