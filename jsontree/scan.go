package jsontree

import (
	"strings"
	"unicode/utf8"
)

// This file reads the scalar tokens: numbers and strings.

// number reads a number and keeps its literal text.
func (r *reader) number() *Node {
	n := r.node(Number)
	if r.text[r.pos] == '-' {
		r.pos++
	}
	if r.is('0') {
		r.pos++
	} else if !r.digits() {
		return nil
	}
	if r.is('.') {
		r.pos++
		if !r.digits() {
			return nil
		}
	}
	if r.is('e') || r.is('E') {
		r.pos++
		if r.is('+') || r.is('-') {
			r.pos++
		}
		if !r.digits() {
			return nil
		}
	}
	n.Str, n.End = r.text[n.Off:r.pos], r.pos
	return n
}

// digits reads one or more decimal digits.
func (r *reader) digits() bool {
	if r.pos >= len(r.text) || r.text[r.pos] < '0' || r.text[r.pos] > '9' {
		r.unexpected("in numeric literal")
		return false
	}
	s, i := r.text, r.pos+1
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	r.pos = i
	return true
}

// string reads the string at r.pos (a '"') and returns its decoded value.
func (r *reader) string() (string, bool) {
	start := r.pos + 1 // past the opening quote
	// Fast path: printable ASCII without escapes, in locals.
	text, i := r.text, start
	for i < len(text) && plainString[text[i]] {
		i++
	}
	r.pos = i
	if i < len(text) && text[i] == '"' {
		r.pos = i + 1
		return text[start:i], true
	}
	var b strings.Builder
	b.WriteString(r.text[start:r.pos])
	for {
		if r.pos >= len(r.text) {
			r.unexpected("")
			return "", false
		}
		c := r.text[r.pos]
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
			ch, size := utf8.DecodeRuneInString(r.text[r.pos:])
			if ch == utf8.RuneError && size == 1 {
				r.errorf("invalid UTF-8 in string literal")
				return "", false
			}
			b.WriteString(r.text[r.pos : r.pos+size])
			r.pos += size
		}
	}
}

// escape decodes the escape sequence after a backslash. A lone surrogate
// becomes U+FFFD.
func (r *reader) escape(b *strings.Builder) bool {
	if r.pos >= len(r.text) {
		r.unexpected("")
		return false
	}
	c := r.text[r.pos]
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
		if 0xD800 <= ch && ch < 0xDC00 && r.pos+1 < len(r.text) && r.text[r.pos] == '\\' && r.text[r.pos+1] == 'u' {
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

// hex4 reads the four hexadecimal digits of a \u escape.
func (r *reader) hex4() (rune, bool) {
	var v rune
	for i := 0; i < 4; i++ {
		if r.pos >= len(r.text) {
			r.unexpected("")
			return 0, false
		}
		c := r.text[r.pos]
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

// plainString marks the bytes a string's fast path passes over: printable
// ASCII but '"' and '\\'. One load per byte instead of four comparisons: in
// Go's wasm each branch is a jump through the function's dispatch table.
var plainString = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
