package jsontree

import (
	"fmt"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects, so hostile input cannot
// exhaust the stack.
const MaxDepth = 1000

// Parse reads data, which must hold exactly one JSON value surrounded by
// optional whitespace, into a tree. It stops at the first problem. The tree
// keeps a copy of data, not data itself.
func Parse(data []byte) (*Node, *SyntaxError) { return ParseString(string(data)) }

// ParseString is Parse of a string. Plain strings and numbers of the tree are
// substrings of text, so the tree keeps text alive (and does not copy it).
func ParseString(text string) (*Node, *SyntaxError) {
	r := reader{text: text}
	r.estimate(text)
	r.skipSpace()
	n := r.value()
	if r.err != nil {
		return nil, r.err
	}
	r.skipSpace()
	if r.pos < len(text) {
		return nil, r.errorf("invalid character %s after top-level value", r.char())
	}
	return n, nil
}

// reader is a recursive-descent parser: this file reads the structure,
// scan.go the numbers and strings, slab.go hands out the tree's memory. The
// first error stops it: err is set and every method returns nil (or false)
// from then on.
type reader struct {
	// text is the input: plain strings and numbers are substrings of it, so
	// reading them allocates nothing.
	text  string
	pos   int
	depth int
	err   *SyntaxError
	slabs
}

// errorf records a syntax error. (Out of line: an error path, inlined five
// times.)
//
//go:noinline
func (r *reader) errorf(format string, args ...any) *SyntaxError {
	if r.err == nil {
		r.err = &SyntaxError{Off: r.pos, Msg: fmt.Sprintf(format, args...)}
	}
	return r.err
}

// char describes the character at r.pos for messages, e.g. 'x' or '\x01'.
func (r *reader) char() string {
	c, size := utf8.DecodeRuneInString(r.text[r.pos:])
	if c == utf8.RuneError && size == 1 {
		return fmt.Sprintf("'\\x%02x'", r.text[r.pos])
	}
	return fmt.Sprintf("%q", c)
}

// unexpected reports the character at r.pos (or the end of input) in context,
// e.g. "looking for beginning of value".
func (r *reader) unexpected(context string) {
	if r.pos >= len(r.text) {
		r.errorf("unexpected end of input")
		return
	}
	r.errorf("invalid character %s %s", r.char(), context)
}

func (r *reader) skipSpace() {
	// Locals, not r.pos: inside the .wasm a field is a load and a store per
	// byte.
	s, i := r.text, r.pos
	for i < len(s) && space[s[i]] {
		i++
	}
	r.pos = i
}

// space marks JSON whitespace.
var space = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// is reports whether the byte at r.pos is c.
func (r *reader) is(c byte) bool { return r.pos < len(r.text) && r.text[r.pos] == c }

// value reads one value at r.pos (after whitespace).
func (r *reader) value() *Node {
	if r.pos >= len(r.text) {
		r.unexpected("")
		return nil
	}
	switch c := r.text[r.pos]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		n := r.node(String)
		s, ok := r.string()
		if !ok {
			return nil
		}
		n.Str, n.End = s, r.pos
		return n
	case c == '-' || '0' <= c && c <= '9':
		return r.number()
	case c == 't':
		return r.literal("true", Bool, true)
	case c == 'f':
		return r.literal("false", Bool, false)
	case c == 'n':
		return r.literal("null", Null, false)
	}
	r.unexpected("looking for beginning of value")
	return nil
}

func (r *reader) literal(word string, k Kind, b bool) *Node {
	n := r.node(k)
	for i := 0; i < len(word); i++ {
		if !r.is(word[i]) {
			r.unexpected("in literal " + word + " (expecting '" + word[i:i+1] + "')")
			return nil
		}
		r.pos++
	}
	n.Bool, n.End = b, r.pos
	return n
}

// enter opens the object or array at r.pos, unless that nests too deep.
func (r *reader) enter(k Kind) *Node {
	r.depth++
	if r.depth > MaxDepth {
		r.errorf("exceeded maximum nesting depth of %d", MaxDepth)
		return nil
	}
	n := r.node(k)
	r.pos++ // '{' or '['
	r.skipSpace()
	return n
}

// more reads what follows an element of an object or array: a comma (true:
// another element follows) or the closing bracket (false, r.pos at it).
// Anything else is an error, reported in context.
func (r *reader) more(closing byte, context string) bool {
	r.skipSpace()
	if r.is(',') {
		r.pos++
		r.skipSpace()
		return true
	}
	if !r.is(closing) {
		r.unexpected(context)
	}
	return false
}

// leave closes the object or array n at r.pos, its closing bracket.
func (r *reader) leave(n *Node) *Node {
	r.pos++
	r.depth--
	n.End = r.pos
	return n
}

func (r *reader) object() *Node {
	n := r.enter(Object)
	if n == nil {
		return nil
	}
	if r.is('}') {
		return r.leave(n)
	}
	// The members gather on the stack and are copied out once, exactly sized.
	var buf [16]Member
	members := buf[:0]
	var seen map[string]bool // built once the object is large enough to need it
	for {
		if !r.is('"') {
			r.unexpected("looking for beginning of object key string")
			return nil
		}
		m := Member{Off: r.pos}
		var ok bool
		if m.Key, ok = r.string(); !ok {
			return nil
		}
		r.skipSpace()
		if !r.is(':') {
			r.unexpected("after object key")
			return nil
		}
		r.pos++
		r.skipSpace()
		if m.Val = r.value(); m.Val == nil {
			return nil
		}
		if seen == nil && len(members) >= 16 {
			seen = make(map[string]bool, 2*len(members))
			for _, old := range members {
				seen[old.Key] = true
			}
		}
		if seen != nil {
			m.Dup = seen[m.Key]
			seen[m.Key] = true
		} else {
			for _, old := range members {
				if old.Key == m.Key {
					m.Dup = true
					break
				}
			}
		}
		members = append(members, m)
		if r.more('}', "after object key:value pair") {
			continue
		}
		if r.err != nil {
			return nil
		}
		n.Members = r.members(members)
		return r.leave(n)
	}
}

func (r *reader) array() *Node {
	n := r.enter(Array)
	if n == nil {
		return nil
	}
	if r.is(']') {
		return r.leave(n)
	}
	var buf [16]*Node // the elements gather here and are copied out once
	elems := buf[:0]
	for {
		val := r.value()
		if val == nil {
			return nil
		}
		elems = append(elems, val)
		if r.more(']', "after array element") {
			continue
		}
		if r.err != nil {
			return nil
		}
		n.Elems = r.elems(elems)
		return r.leave(n)
	}
}
