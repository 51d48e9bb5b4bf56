package payload

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// errEncoding is a query string that is not a valid
// application/x-www-form-urlencoded string: a malformed percent escape, or a
// name or value that is not UTF-8 once decoded.
var errEncoding = errors.New("payload: malformed query string")

// queryOf returns the query string of a :path value: what follows the first
// '?', up to a '#' if any; "" when there is none (or a '#' comes first).
func queryOf(path string) string {
	i := strings.IndexAny(path, "?#")
	if i < 0 || path[i] == '#' {
		return ""
	}
	q := path[i+1:]
	if j := strings.IndexByte(q, '#'); j >= 0 {
		q = q[:j]
	}
	return q
}

// nextPair splits the first parameter off a query string, strictly: pairs are
// separated by '&' (';' is an ordinary character), empty pairs are skipped,
// the name ends at the first '=' (a pair without '=' has the value ""), and
// both are decoded: '+' is a space and %XX a byte (two hex digits, either
// case). A decoded name or value must be UTF-8. It returns ok=false once the
// query is used up. Decoding allocates only for parts that hold '+' or '%'.
func nextPair(q string) (name, value, rest string, ok bool, err error) {
	for q != "" {
		var pair string
		pair, rest, _ = strings.Cut(q, "&")
		q = rest
		if pair == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(pair, "=")
		if name, err = decodeComponent(rawName); err != nil {
			return "", "", rest, true, err
		}
		if value, err = decodeComponent(rawValue); err != nil {
			return "", "", rest, true, err
		}
		return name, value, rest, true, nil
	}
	return "", "", "", false, nil
}

// decodeComponent decodes one name or value of a query string ('+' and %XX).
func decodeComponent(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		if !utf8.ValidString(s) {
			return "", errEncoding
		}
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", errEncoding
			}
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	if !utf8.Valid(b) {
		return "", errEncoding
	}
	return string(b), nil
}

// decodePath percent-decodes a path parameter (no '+' rule in paths).
func decodePath(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		if !utf8.ValidString(s) {
			return "", errEncoding
		}
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", errEncoding
			}
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
		}
		b = append(b, c)
	}
	if !utf8.Valid(b) {
		return "", errEncoding
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
