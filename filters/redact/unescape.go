package redact

import "unicode/utf8"

// unescape appends the JSON string content s (between the quotes; the scanner
// checked its escapes) to dst with the escapes decoded, as encoding/json does:
// a lone surrogate becomes U+FFFD.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		if s[i] != 'u' {
			// b f n r t, or '"', '\\', '/' as themselves.
			if j := indexByte("b\bf\fn\nr\rt\t", s[i]); j >= 0 && j%2 == 0 {
				c = "b\bf\fn\nr\rt\t"[j+1]
			} else {
				c = s[i]
			}
			dst = append(dst, c)
			continue
		}
		r := hex4(s[i+1:])
		i += 4
		if 0xD800 <= r && r < 0xDC00 && i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
			if r2 := hex4(s[i+3:]); 0xDC00 <= r2 && r2 < 0xE000 {
				r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
				i += 6
			}
		}
		if 0xD800 <= r && r < 0xE000 {
			r = utf8.RuneError
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// hex4 decodes four hex digits (checked by the scanner).
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
