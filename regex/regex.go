// Package regex is a small regular-expression engine for the ECMA-262
// pattern syntax that JSON Schema's "pattern" keyword and the policy's
// parameter patterns use, kept to the part whose match/no-match answer needs
// no backtracking. Patterns compile to a Thompson NFA program that is
// simulated Pike-VM style, so a match takes time linear in the input whatever
// the pattern; backreferences, lookaround and Unicode properties other than
// \p{L} are refused at compile with an *Error naming the construct and its
// offset.
//
// It exists so that the WebAssembly filter does not link Go's regexp,
// regexp/syntax and the unicode tables they need (380 KB of the module).
// It imports nothing but a few small standard packages.
//
// Matching is on Unicode code points of UTF-8 input (an invalid byte reads as
// U+FFFD), as ECMA-262 with the u flag does: without it ECMA-262 counts UTF-16
// code units, so an astral character is one "." here and two there.
package regex

import (
	"sync/atomic"
	"unicode/utf8"
)

// Regexp is a compiled pattern. It is safe for concurrent use.
type Regexp struct {
	src      string
	prog     []inst
	anchored bool   // the pattern starts with ^: threads start at 0 only
	prefix   string // a literal every match starts with ("" when none)
	cache    atomic.Pointer[machine]
}

// Compile parses an ECMA-262 pattern and compiles it. The error, if any, is
// an *Error.
func Compile(pattern string) (*Regexp, error) {
	tree, err := Parse(pattern)
	if err != nil {
		return nil, err
	}
	prog, err := compile(tree)
	if err != nil {
		return nil, err
	}
	re := &Regexp{src: pattern, prog: prog}
	re.anchored, re.prefix = leading(tree)
	return re, nil
}

// String returns the pattern as compiled.
func (re *Regexp) String() string { return re.src }

// Match reports whether b (UTF-8) contains a match of the pattern anywhere:
// an unanchored search, as JSON Schema's "pattern" asks.
func (re *Regexp) Match(b []byte) bool {
	m := re.get()
	ok := run(re, m, b)
	re.cache.Store(m)
	return ok
}

// MatchString is Match on a string. It matches a copy of the string's
// bytes, which Go keeps on the stack for strings of up to 32 bytes (the
// parameter values it is used for); one matcher for both forms keeps the
// module 9.9 KB smaller than a generic one compiled twice.
func (re *Regexp) MatchString(s string) bool {
	return re.Match([]byte(s))
}

// get returns the cached machine, or a new one when another call holds it.
func (re *Regexp) get() *machine {
	if m := re.cache.Swap(nil); m != nil {
		return m
	}
	return newMachine(len(re.prog))
}

// leading reports whether tree starts with ^ and the literal text every match
// of it starts with.
func leading(tree *Node) (anchored bool, prefix string) {
	items := []*Node{tree}
	if tree.Op == OpConcat {
		items = tree.Sub
	}
	if len(items) > 0 && items[0].Op == OpBegin {
		return true, ""
	}
	var b []byte
	for _, it := range items {
		if it.Op != OpClass || len(it.Class) != 2 || it.Class[0] != it.Class[1] {
			break
		}
		r := it.Class[0]
		if r >= 0xD800 && r <= 0xDFFF || r == 0xFFFD {
			break // never in valid UTF-8 / also what an invalid byte reads as
		}
		b = utf8.AppendRune(b, r)
	}
	return false, string(b)
}
