package jsonschema

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"

	"gatehouse/jsontree"
)

// This file reads JSON tokens from a document's bytes, checking RFC 8259 as
// strictly as jsontree does (no leading zeros, control characters or invalid
// UTF-8 in strings, valid escapes). A function that fails returns ok=false;
// the validator then reports keyword "json".

// plain marks the bytes a string may hold as they are: printable ASCII but
// the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func ws(data []byte, pos int) int {
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			return pos
		}
	}
	return pos
}

// wsCall is ws, never inlined: the loops of object and array call it only
// when a byte below '!' follows a token, and a call there keeps the common
// path (no whitespace) free of the jumps an inlined loop would add inside
// wasm.
//
//go:noinline
func wsCall(data []byte, pos int) int { return ws(data, pos) }

// scanString reads the string whose opening quote is at pos; end is just past
// its closing quote and esc tells whether it holds escapes.
func scanString(data []byte, pos int) (end int, esc, ok bool) {
	i := pos + 1
	for {
		for i < len(data) && plain[data[i]] {
			i++
		}
		if i >= len(data) {
			return i, esc, false
		}
		switch c := data[i]; {
		case c == '"':
			return i + 1, esc, true
		case c == '\\':
			esc = true
			if i+1 >= len(data) {
				return i, esc, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) || !isHex(data[i+5]) {
					return i, esc, false
				}
				i += 6
			default:
				return i, esc, false
			}
		case c < 0x20:
			return i, esc, false
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				return i, esc, false
			}
			i += size
		}
	}
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func hexVal(c byte) rune {
	switch {
	case c <= '9':
		return rune(c - '0')
	case c >= 'a':
		return rune(c - 'a' + 10)
	}
	return rune(c - 'A' + 10)
}

// decodeString appends the value of the valid string token tok (quotes
// included) to dst.
func decodeString(dst, tok []byte) []byte { return jsontree.AppendUnescaped(dst, tok[1:len(tok)-1]) }

// scanNumber reads the number at pos.
func scanNumber(data []byte, pos int) (end int, ok bool) {
	i := pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	if i < len(data) && data[i] == '0' {
		i++
	} else if i, ok = digits(data, i); !ok {
		return i, false
	}
	if i < len(data) && data[i] == '.' {
		if i, ok = digits(data, i+1); !ok {
			return i, false
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i, ok = digits(data, i); !ok {
			return i, false
		}
	}
	return i, true
}

func digits(data []byte, i int) (int, bool) {
	start := i
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i, i > start
}

// literal reads word (true, false or null) at pos.
func literal(data []byte, pos int, word string) (int, bool) {
	if len(data)-pos < len(word) || string(data[pos:pos+len(word)]) != word {
		return pos, false
	}
	return pos + len(word), true
}

// skip reads the value at pos (no leading whitespace) and returns its end,
// checking its syntax and v's limits but no schema; depth is the nesting of
// the value's container.
func (v *validator) skip(pos, depth int) (int, bool) {
	data := v.data
	if pos >= len(data) {
		return pos, false
	}
	switch c := data[pos]; {
	case c == '"':
		end, _, ok := scanString(data, pos)
		return end, ok
	case c == '{' || c == '[':
		if depth >= v.maxDepth {
			return pos, v.tooDeep()
		}
		closing, most := byte('}'), v.maxKeys
		if c == '[' {
			closing, most = ']', v.maxArray
		}
		i := ws(data, pos+1)
		if i < len(data) && data[i] == closing {
			return i + 1, true
		}
		if v.dup && c == '{' {
			v.openNames()
		}
		for n := 1; ; n++ {
			if n > most {
				if c == '{' {
					return i, v.trip(KeywordMaxKeys)
				}
				return i, v.trip(KeywordMaxArray)
			}
			var ok bool
			if c == '{' {
				if i >= len(data) || data[i] != '"' {
					return i, false
				}
				k := i
				if i, _, ok = scanString(data, i); !ok {
					return i, false
				}
				if v.dup {
					v.addName(k, i)
				}
				i = ws(data, i)
				if i >= len(data) || data[i] != ':' {
					return i, false
				}
				i = ws(data, i+1)
			}
			if i, ok = v.skip(i, depth+1); !ok {
				return i, false
			}
			i = ws(data, i)
			if i < len(data) && data[i] == ',' {
				i = ws(data, i+1)
				continue
			}
			if i < len(data) && data[i] == closing {
				if v.dup && c == '{' && !v.closeNames() {
					return i, false
				}
				return i + 1, true
			}
			return i, false
		}
	case c == '-' || '0' <= c && c <= '9':
		return scanNumber(data, pos)
	case c == 't':
		return literal(data, pos, "true")
	case c == 'f':
		return literal(data, pos, "false")
	case c == 'n':
		return literal(data, pos, "null")
	}
	return pos, false
}

// Eight bytes at a time: a string's plain bytes are found a word at a time
// (inside wasm a loop iteration costs a jump through the function's
// dispatch table, so a byte loop is several times dearer than this).
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// notPlain returns x (eight bytes of a document, the first in the low byte)
// with the high bit set in its first byte that is not plain (a quote, a
// backslash, a control character or a non-ASCII byte), and possibly in
// later bytes; 0 when all eight are plain.
func notPlain(x uint64) uint64 {
	q := x ^ ones*'"'
	b := x ^ ones*'\\'
	// (y - ones) &^ y has the high bit of y's first zero byte set (and
	// perhaps of later ones, through the borrow); x - 0x20 borrows from the
	// first byte below 0x20.
	return ((q-ones)&^q | (b-ones)&^b | (x-ones*0x20)&^x | x) & highs
}

// plainEnd returns the index of the first byte at or after i that is not
// plain (len(data) if none).
func plainEnd(data []byte, i int) int {
	for i+8 <= len(data) {
		if m := notPlain(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(data) && plain[data[i]] {
		i++
	}
	return i
}
