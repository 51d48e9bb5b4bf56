package jwt

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is the package's JSON reader for token headers, claims and JWKS
// documents. It implements RFC 8259 strictly (no comments, trailing commas,
// byte order mark, leading zeros, or control characters in strings) and refuses
// duplicate member names at any depth: encoding/json keeps the last one, which
// lets two parsers read different claims from one token. Values decode as
// map[string]any, []any, string, bool, nil and json.Number (the literal as
// written), the shapes encoding/json gives with UseNumber.

// maxJSONDepth bounds the nesting of objects and arrays, so hostile input
// cannot exhaust the stack. No header, claim set or JWKS comes near it.
const maxJSONDepth = 1000

// errJSONEOF is the error for input that ends inside a value.
var errJSONEOF = errors.New("unexpected EOF")

// decodeObject decodes a JSON object into a map, numbers as json.Number. It
// refuses invalid UTF-8, anything but exactly one object surrounded by optional
// whitespace, and duplicate member names at any depth.
func decodeObject(data []byte) (map[string]any, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("not UTF-8")
	}
	r := jsonReader{data: data}
	r.skipSpace()
	if r.pos >= len(data) || data[r.pos] != '{' {
		return nil, errors.New("not a JSON object")
	}
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	r.skipSpace()
	if r.pos != len(data) {
		return nil, errors.New("data after the JSON object")
	}
	return v.(map[string]any), nil
}

// jsonReader reads one value from data, starting at pos.
type jsonReader struct {
	data []byte
	pos  int
}

func (r *jsonReader) skipSpace() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// unexpected is the error for the byte at pos, or errJSONEOF at the end.
func (r *jsonReader) unexpected(context string) error {
	if r.pos >= len(r.data) {
		return errJSONEOF
	}
	return fmt.Errorf("invalid character %q %s at offset %d", r.data[r.pos], context, r.pos)
}

// value reads the value at pos (after whitespace); depth counts the enclosing
// objects and arrays.
func (r *jsonReader) value(depth int) (any, error) {
	r.skipSpace()
	if r.pos >= len(r.data) {
		return nil, errJSONEOF
	}
	switch c := r.data[r.pos]; {
	case c == '{' || c == '[':
		if depth >= maxJSONDepth {
			return nil, fmt.Errorf("nested deeper than %d at offset %d", maxJSONDepth, r.pos)
		}
		if c == '{' {
			return r.object(depth + 1)
		}
		return r.array(depth + 1)
	case c == '"':
		return r.string()
	case c == '-' || '0' <= c && c <= '9':
		return r.number()
	case c == 't':
		return true, r.literal("true")
	case c == 'f':
		return false, r.literal("false")
	case c == 'n':
		return nil, r.literal("null")
	}
	return nil, r.unexpected("looking for beginning of value")
}

func (r *jsonReader) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if r.pos >= len(r.data) {
			return errJSONEOF
		}
		if r.data[r.pos] != word[i] {
			return r.unexpected("in literal " + word)
		}
		r.pos++
	}
	return nil
}

// object reads an object; pos is at '{'.
func (r *jsonReader) object(depth int) (any, error) {
	r.pos++
	m := map[string]any{}
	r.skipSpace()
	if r.pos < len(r.data) && r.data[r.pos] == '}' {
		r.pos++
		return m, nil
	}
	for {
		r.skipSpace()
		if r.pos >= len(r.data) || r.data[r.pos] != '"' {
			return nil, r.unexpected("looking for beginning of object key string")
		}
		key, err := r.string()
		if err != nil {
			return nil, err
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("json: duplicate key '%s' in object", key)
		}
		r.skipSpace()
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			return nil, r.unexpected("after object key")
		}
		r.pos++
		v, err := r.value(depth)
		if err != nil {
			return nil, err
		}
		m[key] = v
		r.skipSpace()
		if r.pos >= len(r.data) {
			return nil, errJSONEOF
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return m, nil
		default:
			return nil, r.unexpected("after object key:value pair")
		}
	}
}

// array reads an array; pos is at '['.
func (r *jsonReader) array(depth int) (any, error) {
	r.pos++
	list := []any{}
	r.skipSpace()
	if r.pos < len(r.data) && r.data[r.pos] == ']' {
		r.pos++
		return list, nil
	}
	for {
		v, err := r.value(depth)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		r.skipSpace()
		if r.pos >= len(r.data) {
			return nil, errJSONEOF
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return list, nil
		default:
			return nil, r.unexpected("after array element")
		}
	}
}

// number reads a number literal (RFC 8259 §6) as written.
func (r *jsonReader) number() (any, error) {
	start := r.pos
	digits := func() int {
		n := 0
		for r.pos < len(r.data) && '0' <= r.data[r.pos] && r.data[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.data[r.pos] == '-' {
		r.pos++
	}
	switch {
	case r.pos >= len(r.data):
		return nil, errJSONEOF
	case r.data[r.pos] == '0':
		r.pos++
	case digits() == 0:
		return nil, r.unexpected("in numeric literal")
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return nil, r.unexpected("after decimal point in numeric literal")
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return nil, r.unexpected("in exponent of numeric literal")
		}
	}
	return json.Number(r.data[start:r.pos]), nil
}

// string reads a string; pos is at '"'. Escaped lone surrogates become U+FFFD,
// as in encoding/json.
func (r *jsonReader) string() (string, error) {
	r.pos++
	start := r.pos
	// Fast path: no escapes.
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		if c == '"' {
			s := string(r.data[start:r.pos])
			r.pos++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", r.unexpected("in string literal")
		}
		r.pos++
	}
	var b strings.Builder
	b.Write(r.data[start:r.pos])
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			return b.String(), nil
		case c < 0x20:
			return "", r.unexpected("in string literal")
		case c != '\\':
			b.WriteByte(c)
			r.pos++
			continue
		}
		r.pos++
		if r.pos >= len(r.data) {
			return "", errJSONEOF
		}
		e := r.data[r.pos]
		r.pos++
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
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
			rn, err := r.hex4()
			if err != nil {
				return "", err
			}
			if utf16.IsSurrogate(rn) {
				rn = r.lowSurrogate(rn)
			}
			b.WriteRune(rn)
		default:
			r.pos--
			return "", r.unexpected("in string escape code")
		}
	}
	return "", errJSONEOF
}

// lowSurrogate completes the high surrogate hi with a following \uXXXX low
// surrogate, or returns U+FFFD and leaves pos alone.
func (r *jsonReader) lowSurrogate(hi rune) rune {
	if r.pos+6 > len(r.data) || r.data[r.pos] != '\\' || r.data[r.pos+1] != 'u' {
		return utf8.RuneError
	}
	save := r.pos
	r.pos += 2
	lo, err := r.hex4()
	if err == nil {
		if rn := utf16.DecodeRune(hi, lo); rn != utf8.RuneError {
			return rn
		}
	}
	r.pos = save
	return utf8.RuneError
}

// hex4 reads the four hex digits of a \u escape.
func (r *jsonReader) hex4() (rune, error) {
	if r.pos+4 > len(r.data) {
		return 0, errJSONEOF
	}
	n, err := strconv.ParseUint(string(r.data[r.pos:r.pos+4]), 16, 16)
	if err != nil {
		return 0, fmt.Errorf("invalid \\u escape at offset %d", r.pos-2)
	}
	r.pos += 4
	return rune(n), nil
}
