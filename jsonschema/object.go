package jsonschema

import "encoding/binary"

// object checks the object at pos against s's object keywords.
func (v *validator) object(s *schema, pos, depth int) (int, bool) {
	if depth >= v.maxDepth {
		return pos, v.tooDeep()
	}
	if !s.record {
		return v.objectGeneral(s, pos, depth)
	}
	if v.dup {
		return objectRecord[refuseDuplicates](v, s, pos, depth)
	}
	return objectRecord[allowDuplicates](v, s, pos, depth)
}

// dupMode tells objectRecord at compile time whether duplicate member names
// are refused: the array's length, 1 when they are. Go stencils one copy of
// a generic function per array length, and len of the shape is a constant
// there, so the copy for routes that allow duplicates has none of their
// tests. Measured inside wasm (callgrind, the 1 KB order without the
// duplicate check): 235k instructions per validation with run-time tests of
// a flag in one loop, 230k with this; a hand-written second loop gave 223k
// but timed the same, and one loop is easier to keep right.
type dupMode interface{ ~[0]bool | ~[1]bool }

type (
	allowDuplicates  [0]bool
	refuseDuplicates [1]bool
)

// objectRecord is object for schemas whose members it reads in its own
// loop (s.record). depth is that of the object, checked by object.
func objectRecord[D dupMode](v *validator, s *schema, pos, depth int) (int, bool) {
	var mode D
	refuse := len(mode) == 1
	// The common case (properties, additionalProperties, required, the
	// counts), kept small and free of calls for members whose value is a
	// plain string, number or literal: inside wasm, a function's size and
	// the values it keeps across calls cost on every call and jump.
	data := v.data
	var seen uint64 // the names seen
	count, most := 0, most(s.maxProps, v.maxKeys)
	if refuse {
		v.openNames()
	}
	i := pos + 1
	if i < len(data) && data[i] <= ' ' {
		i = wsCall(data, i)
	}
	if i < len(data) && data[i] == '}' {
		if refuse {
			v.closeNames()
		}
		return v.objectDone(s, pos, i+1, count, seen, nil)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return i, v.fail("json")
		}
		// The key table's find, inlined (a call per member counts in wasm).
		idx, k := -1, 0
		if i+9 <= len(data) {
			t := s.keys
			x := binary.LittleEndian.Uint64(data[i+1:])
			for c := t.first[data[i+1]]; c != 0; c = t.next[c-1] {
				n := int(c - 1)
				if x&t.mask[n] == t.word[n] {
					if e := i + 1 + len(s.names[n]); e < len(data) && data[e] == '"' &&
						(len(s.names[n]) <= 8 || string(data[i+9:e]) == s.names[n][8:]) {
						idx, k = n, e+1
						break
					}
				}
			}
		}
		if idx < 0 {
			var ok bool
			if idx, k, ok = v.key(s, i); !ok {
				return i, v.fail("json")
			}
		}
		j := k
		if j >= len(data) || data[j] != ':' { // no else: a jump less per member inside wasm
			if j = wsCall(data, j); j >= len(data) || data[j] != ':' {
				return j, v.fail("json")
			}
		}
		j++
		if j < len(data) && data[j] <= ' ' {
			j = wsCall(data, j)
		}
		if count++; count > most {
			return pos, v.tooManyMembers(s, count)
		}
		sub := s.other
		if idx >= 0 {
			if seen&(1<<idx) != 0 && refuse {
				return pos, v.trip(KeywordDuplicateKeys)
			}
			seen |= 1 << idx
			sub = s.member[idx]
		} else if refuse {
			v.addName(i, k)
		}
		c := byte(0)
		if j < len(data) {
			c = data[j]
		}
		var end int
		var ok bool
		// Strings, numbers and true/false here, the rest in member: the
		// loop stays small.
		if a := sub.via[c]; a == viaStr {
			if v.steps--; v.steps < 0 {
				v.steps = -1
				return j, false
			}
			if end, ok = v.str(sub, j); !ok {
				return j, v.in(i, k)
			}
		} else if a == viaNum {
			if v.steps--; v.steps < 0 {
				v.steps = -1
				return j, false
			}
			if end, ok = v.number(sub, j); !ok {
				return j, v.in(i, k)
			}
		} else if a == viaBool && (j+5 <= len(data) && string(data[j:j+5]) == "false" || j+4 <= len(data) && string(data[j:j+4]) == "true") {
			if v.steps--; v.steps < 0 {
				v.steps = -1
				return j, false
			}
			end = j + 5 - int(c>>4&1) // 'f' (0x66): 5 bytes, 't' (0x74): 4
		} else if end, ok = v.member(s, sub, idx, j, depth); !ok {
			return j, v.in(i, k)
		}
		i = end
		if i < len(data) && data[i] <= ' ' {
			i = wsCall(data, i)
		}
		if i < len(data) && data[i] == ',' {
			if i++; i < len(data) && data[i] <= ' ' {
				i = wsCall(data, i)
			}
			continue
		}
		if i < len(data) && data[i] == '}' {
			if refuse && !v.closeNames() {
				return pos, false
			}
			if seen&s.reqMask != s.reqMask || count < s.minProps || s.depReq != nil {
				return v.objectDone(s, pos, i+1, count, seen, nil)
			}
			return i + 1, true
		}
		return i, v.fail("json")
	}
}

// member applies sub to the value at j, the value of a member of an object
// of schema s (name index idx, -1 for other names), in the cases object's
// loop leaves to it.
func (v *validator) member(s, sub *schema, idx, j, depth int) (int, bool) {
	data := v.data
	c := byte(0)
	if j < len(data) {
		c = data[j]
	}
	switch sub.via[c] {
	case viaSkip:
		end, ok := v.skip(j, depth+1)
		if !ok {
			return j, v.fail("json")
		}
		return end, true
	case viaBool, viaLit:
		if v.steps--; v.steps < 0 {
			v.steps = -1
			return j, false
		}
		return v.literal(sub, j)
	case viaObj:
		if v.steps--; v.steps < 0 {
			v.steps = -1
			return j, false
		}
		return v.object(sub, j, depth+1)
	}
	kw := "additionalProperties"
	if idx >= 0 && s.props != nil && s.props[idx] != nil {
		kw = "properties"
	}
	return v.eval(sub, j, depth+1, kw)
}

// key reads the key whose token starts at data[i] when the key table did
// not find it, and looks it up among s's names: idx is its index or -1, end
// the end of the token.
func (v *validator) key(s *schema, i int) (idx, end int, ok bool) {
	data := v.data
	end = plainEnd(data, i+1)
	var key []byte
	if end < len(data) && data[end] == '"' {
		key = data[i+1 : end]
		end++
	} else {
		var esc bool
		if end, esc, ok = scanString(data, i); !ok {
			return -1, i, false
		}
		key = data[i+1 : end-1]
		if esc {
			key = decodeString(nil, data[i:end])
		}
	}
	return s.lookup(key), end, true
}

// objectDone finishes an object read up to end: the keywords about the
// members it has.
func (v *validator) objectDone(s *schema, pos, end, count int, seen1 uint64, seenN []bool) (int, bool) {
	if count < s.minProps || s.required != nil || s.depReq != nil {
		if !v.objectEnd(s, count, seen1, seenN) {
			return pos, false
		}
	}
	return end, true
}

// objectGeneral is object for schemas with propertyNames,
// patternProperties or more than 64 property names.
func (v *validator) objectGeneral(s *schema, pos, depth int) (int, bool) {
	data := v.data
	var seen1 uint64 // names seen, when there are at most 64
	var seenN []bool
	if len(s.names) > 64 {
		seenN = make([]bool, len(s.names))
	}
	count, most := 0, most(s.maxProps, v.maxKeys)
	if v.dup {
		v.openNames()
	}
	i := ws(data, pos+1)
	if i < len(data) && data[i] == '}' {
		i++
	} else {
		for {
			if i >= len(data) || data[i] != '"' {
				return i, v.fail("json")
			}
			kend, esc, ok := scanString(data, i)
			if !ok {
				return i, v.fail("json")
			}
			keyTok := data[i:kend]
			key := keyTok[1 : len(keyTok)-1]
			if esc {
				key = decodeString(nil, keyTok)
			}
			j := ws(data, kend)
			if j >= len(data) || data[j] != ':' {
				return j, v.fail("json")
			}
			j = ws(data, j+1)
			if count++; count > most {
				return pos, v.tooManyMembers(s, count)
			}
			idx := s.lookup(key)
			switch {
			case idx >= 0 && seenN != nil:
				if seenN[idx] && v.dup {
					return pos, v.trip(KeywordDuplicateKeys)
				}
				seenN[idx] = true
			case idx >= 0:
				if seen1&(1<<idx) != 0 && v.dup {
					return pos, v.trip(KeywordDuplicateKeys)
				}
				seen1 |= 1 << idx
			case v.dup:
				v.addName(i, kend)
			}
			if s.propNames != nil {
				if _, ok := v.eval(s.propNames, i, depth+1, "propertyNames"); !ok {
					return i, v.fail("propertyNames") // at the object: the key may be anything
				}
			}
			end := -1
			if idx >= 0 && s.props != nil && s.props[idx] != nil {
				if end, ok = v.eval(s.props[idx], j, depth+1, "properties"); !ok {
					return j, v.in(i, kend)
				}
			}
			for _, pp := range s.patProps {
				if pp.re.match(key) {
					if end, ok = v.eval(pp.s, j, depth+1, "patternProperties"); !ok {
						return j, v.in(i, kend)
					}
				}
			}
			if end < 0 {
				if s.additional != nil {
					if end, ok = v.eval(s.additional, j, depth+1, "additionalProperties"); !ok {
						return j, v.in(i, kend)
					}
				} else if end, ok = v.skip(j, depth+1); !ok {
					return j, v.fail("json")
				}
			}
			i = ws(data, end)
			if i < len(data) && data[i] == ',' {
				i = ws(data, i+1)
				continue
			}
			if i < len(data) && data[i] == '}' {
				i++
				break
			}
			return i, v.fail("json")
		}
	}
	if v.dup && !v.closeNames() {
		return pos, false
	}
	return v.objectDone(s, pos, i, count, seen1, seenN)
}

// objectEnd applies the keywords about the members an object has, once the
// object is read: seen1 (or seenN, with more than 64 names) marks the names
// it holds.
func (v *validator) objectEnd(s *schema, count int, seen1 uint64, seenN []bool) bool {
	has := func(idx int) bool {
		if seenN != nil {
			return seenN[idx]
		}
		return seen1&(1<<idx) != 0
	}
	if count < s.minProps {
		return v.fail("minProperties")
	}
	for _, r := range s.required {
		if !has(r) {
			return v.failMember(s.names[r], "required")
		}
	}
	for _, d := range s.depReq {
		if has(d.name) {
			for _, r := range d.req {
				if !has(r) {
					return v.failMember(s.names[r], "dependentRequired")
				}
			}
		}
	}
	return true
}
