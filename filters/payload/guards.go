package payload

import (
	"bytes"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// guards are the hostile-JSON limits of a route.
type guards struct {
	depth, keys, array int
	rejectDup          bool
}

// The guard keywords, as violations name them.
const (
	kwMaxDepth      = "max_depth"
	kwMaxKeys       = "max_keys"
	kwMaxArray      = "max_array"
	kwDuplicateKeys = "reject_duplicate_keys"
)

// frame is one open array or object during a scan.
type frame struct {
	object  bool
	count   int  // elements or members so far
	started bool // a value (or key) was seen since the opening bracket
	wantKey bool // objects: the next string is a member name
	keys    int  // objects: index in scanner.keys of this object's first key
}

// scanner walks a JSON body once, without recursion, to enforce the guards.
// It does not check the syntax (the schema validator does, on a body the
// guards have already bounded): on malformed input it stops quietly or
// counts nonsense, never more than the input's size. Its storage is reused
// from one body to the next.
type scanner struct {
	stack []frame
	keys  [][]byte
}

// scan returns the keyword of the first guard b breaks, or "".
func (s *scanner) scan(b []byte, g guards) string {
	s.stack, s.keys = s.stack[:0], s.keys[:0]
	defer func() { clear(s.keys) }()
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		var top *frame
		if n := len(s.stack); n > 0 {
			top = &s.stack[n-1]
		}
		switch c {
		case ',':
			if top != nil {
				top.count++
				top.wantKey = top.object
				if top.object && top.count > g.keys {
					return kwMaxKeys
				}
				if !top.object && top.count > g.array {
					return kwMaxArray
				}
			}
			continue
		case ':':
			continue
		case ']', '}':
			if top == nil {
				return ""
			}
			if top.object && g.rejectDup && hasDuplicate(s.keys[top.keys:]) {
				return kwDuplicateKeys
			}
			if top.object {
				clear(s.keys[top.keys:])
				s.keys = s.keys[:top.keys]
			}
			s.stack = s.stack[:len(s.stack)-1]
			continue
		}
		if top != nil && !top.started {
			top.started = true
			top.count = 1
		}
		switch c {
		case '[', '{':
			if len(s.stack) >= g.depth {
				return kwMaxDepth
			}
			s.stack = append(s.stack, frame{object: c == '{', wantKey: c == '{', keys: len(s.keys)})
		case '"':
			end, escaped := stringEnd(b, i+1)
			if top != nil && top.object && top.wantKey {
				top.wantKey = false
				if g.rejectDup {
					key := b[i+1 : end]
					if escaped {
						key = unescape(key)
					}
					s.keys = append(s.keys, key)
				}
			}
			i = end // the closing quote (or len(b))
		}
	}
	return ""
}

// stringEnd returns the index of the quote that closes the string whose
// contents start at b[i], and whether it holds escapes.
func stringEnd(b []byte, i int) (int, bool) {
	escaped := false
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			return i, escaped
		}
	}
	return len(b), escaped
}

// hasDuplicate reports whether keys holds the same name twice. It sorts keys.
func hasDuplicate(keys [][]byte) bool {
	if len(keys) < 2 {
		return false
	}
	if len(keys) == 2 {
		return bytes.Equal(keys[0], keys[1])
	}
	slices.SortFunc(keys, bytes.Compare)
	for i := 1; i < len(keys); i++ {
		if bytes.Equal(keys[i-1], keys[i]) {
			return true
		}
	}
	return false
}

// unescape decodes the escapes of a JSON string's contents, so "\u0061" and
// "a" compare equal. Malformed escapes are kept as written (the validator
// refuses them).
func unescape(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch s[i] {
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
			r, ok := hex4(s, i+1)
			if !ok {
				out = append(out, '\\', 'u')
				continue
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(s, i+3); ok && i+2 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						out = utf8.AppendRune(out, d)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default: // \" \\ \/ and anything malformed
			out = append(out, s[i])
		}
	}
	return out
}

// hex4 reads four hex digits at s[i:].
func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(s[i:i+4]), 16, 32)
	return rune(v), err == nil
}
