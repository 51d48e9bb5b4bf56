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

// Byte classes of the scan.
const (
	clSpace  = iota // whitespace
	clScalar        // a byte of a number, true, false or null (or junk)
	clOpen          // [ or {
	clClose         // ] or }
	clComma
	clColon
	clQuote
)

// class maps each byte to its class.
var class = func() (t [256]uint8) {
	for i := range t {
		t[i] = clScalar
	}
	t[' '], t['\t'], t['\n'], t['\r'] = clSpace, clSpace, clSpace, clSpace
	t['['], t['{'], t[']'], t['}'] = clOpen, clOpen, clClose, clClose
	t[','], t[':'], t['"'] = clComma, clColon, clQuote
	return t
}()

// scan returns the keyword of the first guard b breaks, or "".
func (s *scanner) scan(b []byte, g guards) string {
	s.stack, s.keys = s.stack[:0], s.keys[:0]
	kw := s.walk(b, g)
	clear(s.keys)
	return kw
}

func (s *scanner) walk(b []byte, g guards) string {
	var top *frame // the innermost open array or object; nil at the top level
	for i := 0; i < len(b); i++ {
		cl := class[b[i]]
		switch cl {
		case clSpace, clColon:
			continue
		case clComma:
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
		case clClose:
			if top == nil {
				return ""
			}
			if top.object && g.rejectDup {
				if hasDuplicate(s.keys[top.keys:]) {
					return kwDuplicateKeys
				}
				clear(s.keys[top.keys:])
				s.keys = s.keys[:top.keys]
			}
			s.stack = s.stack[:len(s.stack)-1]
			top = nil
			if n := len(s.stack); n > 0 {
				top = &s.stack[n-1]
			}
			continue
		}
		if top != nil && !top.started {
			top.started = true
			top.count = 1
			if top.object && g.keys < 1 {
				return kwMaxKeys
			}
			if !top.object && g.array < 1 {
				return kwMaxArray
			}
		}
		switch cl {
		case clOpen:
			if len(s.stack) >= g.depth {
				return kwMaxDepth
			}
			obj := b[i] == '{'
			s.stack = append(s.stack, frame{object: obj, wantKey: obj, keys: len(s.keys)})
			top = &s.stack[len(s.stack)-1]
		case clQuote:
			end, escaped := stringEnd(b, i+1)
			if top != nil && top.wantKey {
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
		default: // a scalar: skip the rest of it
			for i+1 < len(b) && class[b[i+1]] == clScalar {
				i++
			}
		}
	}
	return ""
}

// stringEnd returns the index of the quote that closes the string whose
// contents start at b[i], and whether it holds escapes.
func stringEnd(b []byte, i int) (int, bool) {
	start := i
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			break
		}
		q := i + j
		// The quote is escaped when an odd number of backslashes precede it.
		k := q
		for k > start && b[k-1] == '\\' {
			k--
		}
		if (q-k)%2 == 0 {
			return q, bytes.IndexByte(b[start:q], '\\') >= 0
		}
		i = q + 1
	}
	return len(b), bytes.IndexByte(b[start:], '\\') >= 0
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
