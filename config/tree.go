package config

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file is the JSON reader: it turns the policy bytes into an ordered tree of
// values that keeps the byte offset of every value and key and marks duplicate keys,
// which encoding/json cannot do. It implements RFC 8259 strictly: no comments, no
// trailing commas, no byte order mark, UTF-8 only.

// maxDepth bounds the nesting of arrays and objects, so hostile input cannot
// exhaust the stack.
const maxDepth = 1000

// kind is the type of a JSON value.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// String returns the JSON name of the kind, as used in "got ..." messages.
func (k kind) String() string {
	switch k {
	case kindNull:
		return "null"
	case kindBool:
		return "boolean"
	case kindNumber:
		return "number"
	case kindString:
		return "string"
	case kindArray:
		return "array"
	case kindObject:
		return "object"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// node is one JSON value.
type node struct {
	kind    kind
	off     int      // offset of the value's first byte
	end     int      // offset just past the value
	str     string   // kindString: the decoded string; kindNumber: the literal
	boolean bool     // kindBool
	elems   []*node  // kindArray
	members []member // kindObject, in document order, duplicates included
}

// member is one key/value pair of an object.
type member struct {
	key string
	off int // offset of the key's opening quote
	val *node
	dup bool // an earlier member of the same object has the same key
}

// syntaxError is a JSON syntax error at byte offset off.
type syntaxError struct {
	off int
	msg string
}

// parseTree parses data, which must hold exactly one JSON value surrounded by
// optional whitespace.
func parseTree(data []byte) (*node, *syntaxError) {
	r := reader{data: data}
	r.skipSpace()
	n := r.value()
	if r.err != nil {
		return nil, r.err
	}
	r.skipSpace()
	if r.pos < len(data) {
		return nil, r.errorf("invalid character %s after top-level value", r.char())
	}
	return n, nil
}

// lineColumn returns the 1-based line and column of byte offset off in data.
// Columns count characters (UTF-8 sequences), not bytes.
func lineColumn(data []byte, off int) (line, col int) {
	off = min(off, len(data))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}

// isBlank reports whether data holds only JSON whitespace.
func isBlank(data []byte) bool {
	for _, c := range data {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// reader is a recursive-descent JSON parser. The first error stops it: err is set
// and every method returns nil from then on.
type reader struct {
	data  []byte
	pos   int
	depth int
	err   *syntaxError
}

func (r *reader) errorf(format string, args ...any) *syntaxError {
	if r.err == nil {
		r.err = &syntaxError{off: r.pos, msg: fmt.Sprintf(format, args...)}
	}
	return r.err
}

// char describes the character at r.pos for messages, e.g. 'x' or '\x01'.
func (r *reader) char() string {
	c, size := utf8.DecodeRune(r.data[r.pos:])
	if c == utf8.RuneError && size == 1 {
		return fmt.Sprintf("'\\x%02x'", r.data[r.pos])
	}
	return fmt.Sprintf("%q", c)
}

func (r *reader) skipSpace() {
	for r.pos < len(r.data) && isSpace(r.data[r.pos]) {
		r.pos++
	}
}

// unexpected reports the character at r.pos (or the end of input) while looking for
// what.
func (r *reader) unexpected(context string) {
	if r.pos >= len(r.data) {
		r.errorf("unexpected end of input")
		return
	}
	r.errorf("invalid character %s %s", r.char(), context)
}

// value parses one value at r.pos (after whitespace).
func (r *reader) value() *node {
	if r.pos >= len(r.data) {
		r.unexpected("")
		return nil
	}
	start := r.pos
	switch c := r.data[r.pos]; {
	case c == '{':
		return r.object()
	case c == '[':
		return r.array()
	case c == '"':
		s, ok := r.string()
		if !ok {
			return nil
		}
		return &node{kind: kindString, off: start, end: r.pos, str: s}
	case c == '-' || '0' <= c && c <= '9':
		return r.number()
	case c == 't':
		return r.literal("true", &node{kind: kindBool, off: start, boolean: true})
	case c == 'f':
		return r.literal("false", &node{kind: kindBool, off: start})
	case c == 'n':
		return r.literal("null", &node{kind: kindNull, off: start})
	}
	r.unexpected("looking for beginning of value")
	return nil
}

func (r *reader) literal(word string, n *node) *node {
	for i := 0; i < len(word); i++ {
		if r.pos >= len(r.data) || r.data[r.pos] != word[i] {
			r.unexpected("in literal " + word + " (expecting '" + word[i:i+1] + "')")
			return nil
		}
		r.pos++
	}
	n.end = r.pos
	return n
}

func (r *reader) enter() bool {
	r.depth++
	if r.depth > maxDepth {
		r.errorf("exceeded maximum nesting depth of %d", maxDepth)
		return false
	}
	return true
}

func (r *reader) object() *node {
	n := &node{kind: kindObject, off: r.pos}
	if !r.enter() {
		return nil
	}
	r.pos++ // '{'
	r.skipSpace()
	if r.pos < len(r.data) && r.data[r.pos] == '}' {
		r.pos++
		r.depth--
		n.end = r.pos
		return n
	}
	var seen map[string]bool // built once the object is large enough to need it
	for {
		if r.pos >= len(r.data) || r.data[r.pos] != '"' {
			r.unexpected("looking for beginning of object key string")
			return nil
		}
		keyOff := r.pos
		key, ok := r.string()
		if !ok {
			return nil
		}
		r.skipSpace()
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			r.unexpected("after object key")
			return nil
		}
		r.pos++
		r.skipSpace()
		val := r.value()
		if val == nil {
			return nil
		}
		m := member{key: key, off: keyOff, val: val}
		if seen == nil && len(n.members) >= 16 {
			seen = make(map[string]bool, 2*len(n.members))
			for _, old := range n.members {
				seen[old.key] = true
			}
		}
		if seen != nil {
			m.dup = seen[key]
			seen[key] = true
		} else {
			for _, old := range n.members {
				if old.key == key {
					m.dup = true
					break
				}
			}
		}
		n.members = append(n.members, m)
		r.skipSpace()
		if r.pos < len(r.data) && r.data[r.pos] == ',' {
			r.pos++
			r.skipSpace()
			continue
		}
		if r.pos < len(r.data) && r.data[r.pos] == '}' {
			r.pos++
			r.depth--
			n.end = r.pos
			return n
		}
		r.unexpected("after object key:value pair")
		return nil
	}
}

func (r *reader) array() *node {
	n := &node{kind: kindArray, off: r.pos}
	if !r.enter() {
		return nil
	}
	r.pos++ // '['
	r.skipSpace()
	if r.pos < len(r.data) && r.data[r.pos] == ']' {
		r.pos++
		r.depth--
		n.end = r.pos
		return n
	}
	for {
		val := r.value()
		if val == nil {
			return nil
		}
		n.elems = append(n.elems, val)
		r.skipSpace()
		if r.pos < len(r.data) && r.data[r.pos] == ',' {
			r.pos++
			r.skipSpace()
			continue
		}
		if r.pos < len(r.data) && r.data[r.pos] == ']' {
			r.pos++
			r.depth--
			n.end = r.pos
			return n
		}
		r.unexpected("after array element")
		return nil
	}
}

// number parses a number and keeps its literal text.
func (r *reader) number() *node {
	start := r.pos
	digits := func() bool {
		if r.pos >= len(r.data) || r.data[r.pos] < '0' || r.data[r.pos] > '9' {
			r.unexpected("in numeric literal")
			return false
		}
		for r.pos < len(r.data) && '0' <= r.data[r.pos] && r.data[r.pos] <= '9' {
			r.pos++
		}
		return true
	}
	if r.data[r.pos] == '-' {
		r.pos++
	}
	if r.pos < len(r.data) && r.data[r.pos] == '0' {
		r.pos++
	} else if !digits() {
		return nil
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if !digits() {
			return nil
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if !digits() {
			return nil
		}
	}
	return &node{kind: kindNumber, off: start, end: r.pos, str: string(r.data[start:r.pos])}
}

// string parses a string at r.pos (a '"') and returns its decoded value. Lone
// surrogate escapes become U+FFFD, as in encoding/json.
func (r *reader) string() (string, bool) {
	r.pos++ // opening quote
	start := r.pos
	// Fast path: printable ASCII without escapes.
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		if c == '"' {
			s := string(r.data[start:r.pos])
			r.pos++
			return s, true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		r.pos++
	}
	var b strings.Builder
	b.Write(r.data[start:r.pos])
	for {
		if r.pos >= len(r.data) {
			r.unexpected("")
			return "", false
		}
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			return b.String(), true
		case c < 0x20:
			r.unexpected("in string literal")
			return "", false
		case c == '\\':
			r.pos++
			if !r.escape(&b) {
				return "", false
			}
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			r.pos++
		default:
			ch, size := utf8.DecodeRune(r.data[r.pos:])
			if ch == utf8.RuneError && size == 1 {
				r.errorf("invalid UTF-8 in string literal")
				return "", false
			}
			b.Write(r.data[r.pos : r.pos+size])
			r.pos += size
		}
	}
}

// escape decodes the escape sequence after a backslash.
func (r *reader) escape(b *strings.Builder) bool {
	if r.pos >= len(r.data) {
		r.unexpected("")
		return false
	}
	c := r.data[r.pos]
	r.pos++
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		ch, ok := r.hex4()
		if !ok {
			return false
		}
		if 0xD800 <= ch && ch < 0xDC00 && r.pos+1 < len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == 'u' {
			save := r.pos
			r.pos += 2
			lo, ok := r.hex4()
			if !ok {
				return false
			}
			if 0xDC00 <= lo && lo < 0xE000 {
				b.WriteRune(0x10000 + (ch-0xD800)<<10 + (lo - 0xDC00))
				return true
			}
			r.pos = save // not a low surrogate: decode it on its own
		}
		if 0xD800 <= ch && ch < 0xE000 {
			ch = utf8.RuneError
		}
		b.WriteRune(ch)
	default:
		r.pos--
		r.unexpected("in string escape code")
		return false
	}
	return true
}

func (r *reader) hex4() (rune, bool) {
	var v rune
	for i := 0; i < 4; i++ {
		if r.pos >= len(r.data) {
			r.unexpected("")
			return 0, false
		}
		c := r.data[r.pos]
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			r.unexpected("in \\u hexadecimal character escape")
			return 0, false
		}
		r.pos++
	}
	return v, true
}
