package jwt

import "strings"

// This file reads the common claim set without building its tree: one object
// of plain members (names and strings of printable ASCII without escapes;
// values strings, numbers, true, false, null, arrays of those, or objects of
// such members nested at most maxFlatDepth deep). A cold
// Verify types the registered claims from one validating scan (flatClaims) and
// builds the jsontree only when a lookup asks for a claim that is present
// (Claims.tree). Anything else (nesting, escapes, non-ASCII, a duplicate name,
// a registered claim of the wrong type, any syntax error) makes the scan give
// up, and the tree reads the payload as before, with its exact errors: the scan
// accepts only documents the tree accepts, and reads the same values from them.

// flatKind is the kind of a flat value.
type flatKind uint8

const (
	flatBad flatKind = iota // not a flat value: the scan gives up
	flatString
	flatNumber
	flatLiteral // true, false or null
	flatArray
	flatObject
)

// flatScan is the scan's position in a payload.
type flatScan struct {
	s string
	i int
}

// flatByte classifies bytes for the scan: the plain string bytes (printable
// ASCII but '"' and '\\'), whitespace, and digits.
var flatByte = func() (t [256]uint8) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] |= flatPlain
	}
	t['"'] &^= flatPlain
	t['\\'] &^= flatPlain
	t[' '] |= flatSpace
	t['\t'] |= flatSpace
	t['\n'] |= flatSpace
	t['\r'] |= flatSpace
	for c := '0'; c <= '9'; c++ {
		t[c] |= flatDigit
	}
	return t
}()

const (
	flatPlain = 1 << iota
	flatSpace
	flatDigit
)

// space skips whitespace and returns the byte then at f.i (0 at the end).
func (f *flatScan) space() byte {
	s, i := f.s, f.i
	for i < len(s) && flatByte[s[i]]&flatSpace != 0 {
		i++
	}
	f.i = i
	if i < len(s) {
		return s[i]
	}
	return 0
}

// str reads a plain string at f.i (its opening quote) and returns its content.
func (f *flatScan) str() (string, bool) {
	s, i := f.s, f.i+1
	for i < len(s) && flatByte[s[i]]&flatPlain != 0 {
		i++
	}
	if i >= len(s) || s[i] != '"' {
		return "", false
	}
	start := f.i + 1
	f.i = i + 1
	return s[start:i], true
}

// digits reads one or more digits at f.i.
func (f *flatScan) digits() bool {
	s, i := f.s, f.i
	for i < len(s) && flatByte[s[i]]&flatDigit != 0 {
		i++
	}
	ok := i > f.i
	f.i = i
	return ok
}

// is reports whether the byte at f.i is c.
func (f *flatScan) is(c byte) bool { return f.i < len(f.s) && f.s[f.i] == c }

// scalar reads a string, number or literal at f.i (after whitespace): its kind
// and text (a string's content, a number's literal, the literal's word).
func (f *flatScan) scalar() (flatKind, string) {
	if f.i >= len(f.s) {
		return flatBad, ""
	}
	start := f.i
	switch c := f.s[f.i]; {
	case c == '"':
		if v, ok := f.str(); ok {
			return flatString, v
		}
	case c == '-' || flatByte[c]&flatDigit != 0:
		if c == '-' {
			f.i++
		}
		if f.is('0') {
			f.i++
		} else if !f.digits() {
			return flatBad, ""
		}
		if f.is('.') {
			f.i++
			if !f.digits() {
				return flatBad, ""
			}
		}
		if f.is('e') || f.is('E') {
			f.i++
			if f.is('+') || f.is('-') {
				f.i++
			}
			if !f.digits() {
				return flatBad, ""
			}
		}
		return flatNumber, f.s[start:f.i]
	default:
		for _, w := range [3]string{"true", "false", "null"} {
			if len(f.s)-start >= len(w) && f.s[start:start+len(w)] == w {
				f.i += len(w)
				return flatLiteral, w
			}
		}
	}
	return flatBad, ""
}

// value reads a member's value at f.i (after whitespace): a scalar, or an
// array of scalars.
func (f *flatScan) value() flatKind {
	if !f.is('[') {
		k, _ := f.scalar()
		return k
	}
	f.i++
	if f.space() == ']' {
		f.i++
		return flatArray
	}
	for {
		if k, _ := f.scalar(); k == flatBad {
			return flatBad
		}
		switch f.space() {
		case ',':
			f.i++
			f.space()
		case ']':
			f.i++
			return flatArray
		default:
			return flatBad
		}
	}
}

// maxFlatMembers bounds the members of a flat claim set: the scan keeps them
// on its stack, to refuse duplicates and to find claims without another scan.
// Larger claim sets take the tree.
const maxFlatMembers = 24

// flatMember is one member of a flat claim set.
type flatMember struct {
	_        [0]func() // not comparable: no generated equality function
	key      string
	text     string // the value as written
	kind     flatKind
	keyShape uint32 // length and three bytes of key: most distinct keys differ here
}

// flatIndex is the members of a flat claim set, in document order.
type flatIndex struct {
	n int
	m [maxFlatMembers]flatMember
}

// shape packs a key's length and first, middle and last bytes, compared before
// the keys themselves (a call to memequal inside the .wasm).
func shape(k string) uint32 {
	if k == "" {
		return 0
	}
	return uint32(len(k))<<24 | uint32(k[0])<<16 | uint32(k[len(k)/2])<<8 | uint32(k[len(k)-1])
}

// maxFlatDepth bounds the nesting of objects in a flat claim set ("realm_access":
// {"roles": [...]} is depth 2).
const maxFlatDepth = 4

// scanFlat reads payload, a flat claim set, into idx. false: payload is not
// one object of at most maxFlatMembers plain members, names unique in each
// object at any depth.
func scanFlat(payload string, idx *flatIndex) bool {
	f := flatScan{s: payload}
	f.space()
	if !f.object(idx, 1) {
		return false
	}
	f.space()
	return f.i == len(f.s)
}

// object reads the object at f.i into idx: plain members with unique names,
// objects among their values nested at most maxFlatDepth deep (depth is this
// object's).
func (f *flatScan) object(idx *flatIndex, depth int) bool {
	idx.n = 0
	if !f.is('{') {
		return false
	}
	f.i++
	if f.space() == '}' {
		f.i++
		return true
	}
	for {
		if !f.is('"') || idx.n == maxFlatMembers {
			return false
		}
		key, ok := f.str()
		if !ok {
			return false
		}
		sh := shape(key)
		for i := range idx.m[:idx.n] {
			if old := &idx.m[i]; old.keyShape == sh && old.key == key {
				return false
			}
		}
		if f.space() != ':' {
			return false
		}
		f.i++
		f.space()
		start := f.i
		var k flatKind
		if f.is('{') {
			if !f.nested(depth + 1) {
				return false
			}
			k = flatObject
		} else if k = f.value(); k == flatBad {
			return false
		}
		idx.m[idx.n] = flatMember{key: key, text: f.s[start:f.i], kind: k, keyShape: sh}
		idx.n++
		switch f.space() {
		case ',':
			f.i++
			f.space()
		case '}':
			f.i++
			return true
		default:
			return false
		}
	}
}

// nested reads an object inside another, at f.i, as object does but keeping
// only its names (the members of nested objects are found again by lookup).
// Its own function, not object with a fresh index: the compiler cannot keep a
// recursive call's index on the stack.
func (f *flatScan) nested(depth int) bool {
	if depth > maxFlatDepth || !f.is('{') {
		return false
	}
	var keys [maxFlatMembers]string
	var shapes [maxFlatMembers]uint32
	n := 0
	f.i++
	if f.space() == '}' {
		f.i++
		return true
	}
	for {
		if !f.is('"') || n == maxFlatMembers {
			return false
		}
		key, ok := f.str()
		if !ok {
			return false
		}
		sh := shape(key)
		for i := range keys[:n] {
			if shapes[i] == sh && keys[i] == key {
				return false
			}
		}
		keys[n], shapes[n] = key, sh
		n++
		if f.space() != ':' {
			return false
		}
		f.i++
		f.space()
		if f.is('{') {
			if !f.nested(depth + 1) {
				return false
			}
		} else if f.value() == flatBad {
			return false
		}
		switch f.space() {
		case ',':
			f.i++
			f.space()
		case '}':
			f.i++
			return true
		default:
			return false
		}
	}
}

// lookup finds the member at a dotted path as Claims.lookup walks the tree:
// the whole path as one name first, then one name per part through nested
// objects.
func (idx *flatIndex) lookup(path string) (flatMember, bool) {
	if m := idx.find(path); m != nil {
		return *m, true
	}
	if strings.IndexByte(path, '.') < 0 {
		return flatMember{}, false
	}
	cur := idx
	var sub flatIndex
	for rest := path; ; {
		part, tail, more := strings.Cut(rest, ".")
		m := cur.find(part)
		if m == nil {
			return flatMember{}, false
		}
		if !more {
			return *m, true
		}
		if m.kind != flatObject {
			return flatMember{}, false
		}
		f := flatScan{s: m.text}
		if !f.object(&sub, 2) { // cannot happen: scanFlat accepted it
			return flatMember{}, false
		}
		cur, rest = &sub, tail
	}
}

// find returns the member named key, or nil.
func (idx *flatIndex) find(key string) *flatMember {
	sh := shape(key)
	for i := range idx.m[:idx.n] {
		if m := &idx.m[i]; m.keyShape == sh && m.key == key {
			return m
		}
	}
	return nil
}

// maxFlatAudiences bounds an aud array the scan reads (on its stack).
const maxFlatAudiences = 8

// flatClaims types the registered claims of payload into c from one scan
// into idx, as parse would from the tree. false: payload is not a flat claim
// set, or a registered claim has the wrong type (c is then partly set; parse
// starts afresh).
func (c *Claims) flatClaims(payload string, idx *flatIndex) bool {
	if !scanFlat(payload, idx) {
		return false
	}
	for i := range idx.m[:idx.n] {
		m := &idx.m[i]
		if len(m.key) != 3 {
			continue
		}
		switch m.key {
		case "iss", "sub":
			if m.kind != flatString {
				return false
			}
			if m.key == "iss" {
				c.Issuer = m.text[1 : len(m.text)-1]
			} else {
				c.Subject = m.text[1 : len(m.text)-1]
			}
		case "aud":
			switch m.kind {
			case flatString:
				c.aud1[0] = m.text[1 : len(m.text)-1]
				c.Audience = c.aud1[:]
			case flatArray:
				var buf [maxFlatAudiences]string
				strs, ok := arrayStrings(m.text, buf[:0])
				if !ok {
					return false
				}
				c.Audience = make([]string, len(strs))
				copy(c.Audience, strs)
			default:
				return false
			}
		case "exp", "nbf", "iat":
			if m.kind != flatNumber {
				return false
			}
			n, ok := numericLiteral(m.text)
			if !ok {
				return false
			}
			c.setTime(m.key, n)
		}
	}
	return true
}

// arrayStrings appends the entries of a flat array (as written) to strs.
// false: an entry is not a string, or there are more than strs holds.
func arrayStrings(text string, strs []string) ([]string, bool) {
	f := flatScan{s: text, i: 1}
	if f.space() == ']' {
		return strs, true
	}
	for {
		k, v := f.scalar()
		if k != flatString || len(strs) == cap(strs) {
			return strs, false
		}
		strs = append(strs, v)
		if f.space() == ']' {
			return strs, true
		}
		f.i++ // ','
		f.space()
	}
}

// flatLookup returns the value, as written, of the member at the dotted path
// key of a payload flatClaims accepted (as idx.lookup finds it), and whether
// there is one.
func flatLookup(payload, key string) (string, bool) {
	var idx flatIndex
	if !scanFlat(payload, &idx) {
		return "", false
	}
	if m, ok := idx.lookup(key); ok {
		return m.text, true
	}
	return "", false
}

// stringList is Claims.StringList of the claim at path.
func (idx *flatIndex) stringList(path string) []string {
	m, ok := idx.lookup(path)
	switch {
	case !ok:
		return nil
	case m.kind == flatString:
		return strings.Fields(m.text[1 : len(m.text)-1])
	case m.kind == flatArray:
		out := make([]string, 0, arrayLen(m.text))
		f := flatScan{s: m.text, i: 1}
		for f.space() != ']' {
			if k, v := f.scalar(); k == flatString && v != "" {
				out = append(out, v)
			}
			if f.space() == ',' {
				f.i++
			}
		}
		return out
	}
	return nil
}

// arrayLen counts the entries of a flat array (as written).
func arrayLen(text string) int {
	n := 0
	f := flatScan{s: text, i: 1}
	for f.space() != ']' {
		f.scalar()
		n++
		if f.space() == ',' {
			f.i++
		}
	}
	return n
}

// headerValue is Claims.HeaderValue of the claim at path.
func (idx *flatIndex) headerValue(path string) (string, bool) {
	m, ok := idx.lookup(path)
	switch {
	case !ok || m.kind == flatObject:
		return "", false
	case m.kind == flatArray:
		var buf [8]string
		parts := buf[:0]
		f := flatScan{s: m.text, i: 1}
		for f.space() != ']' {
			k, v := f.scalar()
			if k == flatLiteral && v == "null" {
				return "", false
			}
			parts = append(parts, v)
			if f.space() == ',' {
				f.i++
			}
		}
		return safeHeader(strings.Join(parts, ","))
	}
	f := flatScan{s: m.text}
	if k, v := f.scalar(); k != flatLiteral || v != "null" {
		return safeHeader(v)
	}
	return "", false
}
