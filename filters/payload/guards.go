package payload

import (
	"bytes"
	"sort"

	"github.com/gatehouse-dev/gatehouse/jsontree"
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
	keys  []span // the names of the open objects, when duplicates are refused
	arena []byte // decoded names that held escapes
}

// span is a member name: b[off:off+n] of the body, or of the arena when
// the name held escapes. No pointers, so keeping names costs no write
// barriers.
type span struct {
	off, n  int32
	decoded bool
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
	s.stack, s.keys, s.arena = s.stack[:0], s.keys[:0], s.arena[:0]
	return s.walk(b, g)
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
				if s.hasDuplicate(b, s.keys[top.keys:]) {
					return kwDuplicateKeys
				}
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
					k := span{off: int32(i + 1), n: int32(end - i - 1)}
					if escaped {
						start := len(s.arena)
						s.arena = jsontree.AppendUnescaped(s.arena, b[i+1:end])
						k = span{off: int32(start), n: int32(len(s.arena) - start), decoded: true}
					}
					s.keys = append(s.keys, k)
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
// contents start at b[i], and whether it holds escapes. The first bytes are
// looked at one by one (names and most values are short); the rest of a long
// string without escapes is crossed with IndexByte, which is fast in wasm too.
func stringEnd(b []byte, i int) (int, bool) {
	for n := min(len(b), i+16); i < n; i++ {
		switch b[i] {
		case '"':
			return i, false
		case '\\':
			return escapedEnd(b, i)
		}
	}
	if i >= len(b) {
		return len(b), false
	}
	q := bytes.IndexByte(b[i:], '"')
	if q < 0 {
		q = len(b) - i
	}
	if bytes.IndexByte(b[i:i+q], '\\') < 0 {
		return i + q, false
	}
	return escapedEnd(b, i)
}

// escapedEnd is stringEnd for a string with escapes, from b[i] on.
func escapedEnd(b []byte, i int) (int, bool) {
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			return i, true
		case '\\':
			i++
		}
	}
	return len(b), true
}

// name returns the bytes of a member name.
func (s *scanner) name(b []byte, k span) []byte {
	if k.decoded {
		return s.arena[k.off : k.off+k.n]
	}
	return b[k.off : k.off+k.n]
}

// hasDuplicate reports whether one object's names hold the same name twice:
// pairwise for small objects, after sorting (by length, then bytes) for
// larger ones. It may reorder keys.
func (s *scanner) hasDuplicate(b []byte, keys []span) bool {
	if len(keys) <= 16 {
		for i := 1; i < len(keys); i++ {
			ki := s.name(b, keys[i])
			for j := 0; j < i; j++ {
				if keys[j].n == keys[i].n && string(s.name(b, keys[j])) == string(ki) {
					return true
				}
			}
		}
		return false
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].n != keys[j].n {
			return keys[i].n < keys[j].n
		}
		return bytes.Compare(s.name(b, keys[i]), s.name(b, keys[j])) < 0
	})
	for i := 1; i < len(keys); i++ {
		if keys[i].n == keys[i-1].n && string(s.name(b, keys[i])) == string(s.name(b, keys[i-1])) {
			return true
		}
	}
	return false
}
