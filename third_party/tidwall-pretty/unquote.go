package pretty

// This file is Gatehouse's only change to tidwall/pretty v1.2.0 (see
// README.gatehouse.md): parsestr decoded escaped strings with
// encoding/json.Unmarshal, which links encoding/json (about 530 KB) into every
// WebAssembly module that imports gjson. unquote gives the same result without it.

import (
	"unicode/utf16"
	"unicode/utf8"
)

// unquote decodes s, which must be exactly one JSON string literal with its
// quotes (JSON white space around it allowed), the way encoding/json.Unmarshal into a string does: invalid UTF-8 and
// lone surrogates become U+FFFD. Anything else — text after the closing quote,
// a bad escape, a control character — gives an empty result, as Unmarshal's
// error left the string empty.
func unquote(s []byte) []byte {
	s = trimSpace(s)
	if len(s) < 2 || s[0] != '"' {
		return []byte{}
	}
	out := make([]byte, 0, len(s))
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			if i != len(s)-1 {
				return []byte{}
			}
			return out
		case c < 0x20:
			return []byte{}
		case c == '\\':
			if i+1 >= len(s) {
				return []byte{}
			}
			i++
			switch s[i] {
			case '"', '\\', '/':
				out = append(out, s[i])
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := hex4(s[i+1:])
				if !ok {
					return []byte{}
				}
				i += 4
				if utf16.IsSurrogate(r) {
					// A high surrogate followed by an escaped low one is one rune;
					// anything else is U+FFFD, as in encoding/json.
					if len(s) >= i+7 && s[i+1] == '\\' && s[i+2] == 'u' {
						if r2, ok := hex4(s[i+3:]); ok {
							if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
								out = utf8.AppendRune(out, dec)
								i += 6
								break
							}
						}
					}
					r = utf8.RuneError
				}
				out = utf8.AppendRune(out, r)
			default:
				return []byte{}
			}
			i++
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			out = utf8.AppendRune(out, r)
			i += size
		}
	}
	return []byte{} // no closing quote
}

// hex4 reads four hex digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// trimSpace drops JSON white space from both ends of b.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
