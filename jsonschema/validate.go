package jsonschema

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validate checks doc against the schema in one pass over its bytes and
// reports the first violation. doc may be any bytes: what is not one JSON
// value (RFC 8259, strictly: no leading zeros, control characters or invalid
// UTF-8 in strings, nesting at most MaxDepth) is the violation
// {Pointer: "", Keyword: "json"}, whatever else is wrong. Keywords that apply
// several schemas to one value (allOf, anyOf, oneOf, not, if, $ref, and
// properties with matching patternProperties) read that value again for each.
// It allocates nothing for plain documents; escaped keys, uniqueItems and
// enum/const of non-string values allocate a little.
//
// Keywords that apply several schemas to one value can make the work grow
// faster than the document ({"items": {"$ref": "#"}, "contains": {"$ref":
// "#"}} doubles it at every level of nesting), so the number of schema
// applications is bounded by MaxSteps: past it, the document is refused with
// {Pointer: "", Keyword: "complexity"}.
func (s *Schema) Validate(doc []byte) (Violation, bool) {
	v := validator{data: doc, steps: MaxSteps(len(doc))}
	end, ok := v.eval(s.root, ws(doc, 0), 0, "false")
	if ok && v.steps >= 0 && ws(doc, end) == len(doc) {
		return Violation{}, true
	}
	if !valid(doc) {
		return Violation{Keyword: "json"}, false
	}
	if v.steps < 0 {
		return Violation{Keyword: "complexity"}, false
	}
	return Violation{Pointer: v.pointer(), Keyword: v.kw}, false
}

// MaxSteps is the number of schema applications Validate allows for a
// document of n bytes: 8 per byte plus 1024, far above what real schemas
// need (about one per value, a few more with anyOf/oneOf), far below
// exponential blow-ups.
func MaxSteps(n int) int { return 8*n + 1024 }

// seg is one step of the path from the document to a failure: an object
// member whose key's JSON string token is data[a:b], an array element (index
// a, b == segIndex), or the member the validator found missing (b ==
// segMissing, its name in validator.missing). Steps are only recorded for a
// failure, as it returns through the containers holding it, so the path
// costs nothing while the document is valid.
type seg struct{ a, b int }

const (
	segIndex   = -1
	segMissing = -2
)

// validator is the state of one Validate call. Every check that fails
// records its keyword (fail) and returns false; each object and array the
// failure returns through adds its step (in). A caller that recovers from a
// failure (anyOf, oneOf, not, if, contains) simply goes on: the next failure
// starts a new record, and the final failure is the last one recorded.
type validator struct {
	data    []byte
	vsegs   []seg // the path of the recorded failure, innermost first
	kw      string
	missing string // the member a required or dependentRequired failure names
	steps   int    // schema applications left; < 0: exhausted, the answer is "complexity"
	buf     []byte // decoded string values
}

func (v *validator) fail(kw string) bool {
	v.kw = kw
	v.vsegs = v.vsegs[:0]
	return false
}

// failMember records a failure about member name of the current object
// (required, dependentRequired: the member is missing).
func (v *validator) failMember(name, kw string) bool {
	v.fail(kw)
	v.missing = name
	v.vsegs = append(v.vsegs, seg{0, segMissing})
	return false
}

// in adds the step a:b (see seg) to the path of the failure just recorded,
// as the failure returns through the object or array holding it.
func (v *validator) in(a, b int) bool {
	v.vsegs = append(v.vsegs, seg{a, b})
	return false
}

// pointer returns the RFC 6901 pointer of the recorded failure.
func (v *validator) pointer() string {
	var b strings.Builder
	for i := len(v.vsegs) - 1; i >= 0; i-- {
		sg := v.vsegs[i]
		b.WriteByte('/')
		switch sg.b {
		case segIndex:
			b.WriteString(strconv.Itoa(sg.a))
		case segMissing:
			writeToken(&b, v.missing)
		default:
			var buf [64]byte
			writeToken(&b, string(decodeString(buf[:0], v.data[sg.a:sg.b])))
		}
	}
	return b.String()
}

func writeToken(b *strings.Builder, key string) {
	for i := 0; i < len(key); i++ {
		switch key[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(key[i])
		}
	}
}

// eval checks the value at pos (its first byte) against s and returns the
// value's end. depth is the number of containers around the value; kw is the
// keyword that applied s, reported when s is the schema false.
func (v *validator) eval(s *schema, pos, depth int, kw string) (int, bool) {
	if v.steps--; v.steps < 0 {
		v.steps = -1
		return pos, false // Validate reports "complexity", whatever the callers make of it
	}
	data := v.data
	if s.boolean != 0 {
		if s.boolean < 0 {
			return pos, v.fail(kw)
		}
		end, ok := skip(data, pos, depth)
		if !ok {
			return end, v.fail("json")
		}
		return end, true
	}
	if pos >= len(data) {
		return pos, v.fail("json")
	}
	var end int
	ok := true
	switch c := data[pos]; {
	case c == '{':
		if s.types != 0 && s.types&tObject == 0 {
			return pos, v.fail("type")
		}
		if s.obj {
			end, ok = v.object(s, pos, depth)
		} else if end, ok = skip(data, pos, depth); !ok {
			return pos, v.fail("json")
		}
	case c == '[':
		if s.types != 0 && s.types&tArray == 0 {
			return pos, v.fail("type")
		}
		if s.arr {
			end, ok = v.array(s, pos, depth)
		} else if end, ok = skip(data, pos, depth); !ok {
			return pos, v.fail("json")
		}
	case c == '"':
		if s.types != 0 && s.types&tString == 0 {
			return pos, v.fail("type")
		}
		// Plain ASCII strings are read here; others by scanString.
		end = pos + 1
		for end < len(data) && plain[data[end]] {
			end++
		}
		esc := false
		if end < len(data) && data[end] == '"' {
			end++
		} else if end, esc, ok = scanString(data, pos); !ok {
			return pos, v.fail("json")
		}
		if s.str || s.enumStr != nil {
			str := data[pos+1 : end-1]
			if esc {
				v.buf = decodeString(v.buf[:0], data[pos:end])
				str = v.buf
			}
			if !v.checkString(s, str) {
				return pos, false
			}
		}
	case c == '-' || '0' <= c && c <= '9':
		if s.types != 0 && s.types&(tNumber|tInteger) == 0 {
			return pos, v.fail("type")
		}
		needInt := s.types != 0 && s.types&tNumber == 0
		if s.num || needInt {
			var f fixed
			var fok bool
			if end, f, fok, ok = scanFixed(data, pos); !ok {
				return pos, v.fail("json")
			}
			if !v.checkNumber(s, data[pos:end], f, fok, needInt) {
				return pos, false
			}
		} else if end, ok = scanNumber(data, pos); !ok {
			return pos, v.fail("json")
		}
	case c == 't' || c == 'f':
		if s.types != 0 && s.types&tBool == 0 {
			return pos, v.fail("type")
		}
		word := "true"
		if c == 'f' {
			word = "false"
		}
		if end, ok = literal(data, pos, word); !ok {
			return pos, v.fail("json")
		}
	case c == 'n':
		if s.types != 0 && s.types&tNull == 0 {
			return pos, v.fail("type")
		}
		if end, ok = literal(data, pos, "null"); !ok {
			return pos, v.fail("json")
		}
	default:
		return pos, v.fail("json")
	}
	if !ok {
		return pos, false
	}
	if s.hasConst || s.enum != nil && s.enumStr == nil {
		form, _ := appendCanonAt(nil, data, pos)
		if s.enum != nil && s.enumStr == nil && !s.enum[string(form)] {
			return pos, v.fail("enum")
		}
		if s.hasConst && string(form) != string(s.constForm) {
			return pos, v.fail("const")
		}
	} else if s.enumStr != nil && data[pos] != '"' {
		return pos, v.fail("enum")
	}
	if s.inPlace && !v.inPlace(s, pos, depth) {
		return pos, false
	}
	return end, true
}

// checkString applies the string keywords to str, the decoded value.
func (v *validator) checkString(s *schema, str []byte) bool {
	if s.enumStr != nil && !s.enumStr[string(str)] {
		return v.fail("enum")
	}
	if s.maxLen >= 0 || s.minLen >= 0 {
		n := utf8.RuneCount(str)
		if s.maxLen >= 0 && n > s.maxLen {
			return v.fail("maxLength")
		}
		if n < s.minLen {
			return v.fail("minLength")
		}
	}
	if p := s.pattern; p != nil {
		if p.simple != nil && !p.simple.match(str) || p.simple == nil && !p.re.Match(str) {
			return v.fail("pattern")
		}
	}
	if s.format != formatNone && !s.format.check(str) {
		return v.fail("format")
	}
	return true
}

// checkNumber applies the number keywords (and "integer") to the literal
// lit, whose fixed form is f when fok.
func (v *validator) checkNumber(s *schema, lit []byte, f fixed, fok, needInt bool) bool {
	if fok {
		// The common case without calls: f against each bound at f's scale.
		sc := f.scale
		if needInt && !f.isInteger() {
			return v.fail("type")
		}
		if b := s.minimum; b != nil && (b.atOK[sc] && f.mant < b.at[sc] || !b.atOK[sc] && cmpBound(lit, f, fok, b) < 0) {
			return v.fail("minimum")
		}
		if b := s.maximum; b != nil && (b.atOK[sc] && f.mant > b.at[sc] || !b.atOK[sc] && cmpBound(lit, f, fok, b) > 0) {
			return v.fail("maximum")
		}
		if b := s.exMin; b != nil && (b.atOK[sc] && f.mant <= b.at[sc] || !b.atOK[sc] && cmpBound(lit, f, fok, b) <= 0) {
			return v.fail("exclusiveMinimum")
		}
		if b := s.exMax; b != nil && (b.atOK[sc] && f.mant >= b.at[sc] || !b.atOK[sc] && cmpBound(lit, f, fok, b) >= 0) {
			return v.fail("exclusiveMaximum")
		}
		if b := s.multipleOf; b != nil && !(b.atOK[sc] && uint64(abs(f.mant))%uint64(b.at[sc]) == 0 ||
			!b.atOK[sc] && multipleOfBound(lit, f, fok, b)) {
			return v.fail("multipleOf")
		}
		return true
	}
	d := parseDecimal(lit)
	switch {
	case needInt && !d.isInteger():
		return v.fail("type")
	case s.minimum != nil && cmpDecimal(d, s.minimum.d) < 0:
		return v.fail("minimum")
	case s.maximum != nil && cmpDecimal(d, s.maximum.d) > 0:
		return v.fail("maximum")
	case s.exMin != nil && cmpDecimal(d, s.exMin.d) <= 0:
		return v.fail("exclusiveMinimum")
	case s.exMax != nil && cmpDecimal(d, s.exMax.d) >= 0:
		return v.fail("exclusiveMaximum")
	case s.multipleOf != nil && !isMultipleOf(d, s.multipleOf.d):
		return v.fail("multipleOf")
	}
	return true
}

// inPlace applies the keywords that check the same value against other
// schemas. The value at pos is known to be valid JSON.
func (v *validator) inPlace(s *schema, pos, depth int) bool {
	if s.ref != nil {
		if _, ok := v.eval(s.ref, pos, depth, "$ref"); !ok {
			return false
		}
	}
	for _, sub := range s.allOf {
		if _, ok := v.eval(sub, pos, depth, "allOf"); !ok {
			return false
		}
	}
	if len(s.anyOf) > 0 {
		any := false
		for _, sub := range s.anyOf {
			if _, ok := v.eval(sub, pos, depth, "anyOf"); ok {
				any = true
				break
			}
		}
		if !any {
			return v.fail("anyOf")
		}
	}
	if len(s.oneOf) > 0 {
		n := 0
		for _, sub := range s.oneOf {
			if _, ok := v.eval(sub, pos, depth, "oneOf"); ok {
				if n++; n > 1 {
					break
				}
			}
		}
		if n != 1 {
			return v.fail("oneOf")
		}
	}
	if s.not != nil {
		if _, ok := v.eval(s.not, pos, depth, "not"); ok {
			return v.fail("not")
		}
	}
	if s.ifS != nil {
		if _, ok := v.eval(s.ifS, pos, depth, "if"); ok {
			if s.thenS != nil {
				if _, ok := v.eval(s.thenS, pos, depth, "then"); !ok {
					return false
				}
			}
		} else if s.elseS != nil {
			if _, ok := v.eval(s.elseS, pos, depth, "else"); !ok {
				return false
			}
		}
	}
	return true
}

// object checks the object at pos against s's object keywords.
func (v *validator) object(s *schema, pos, depth int) (int, bool) {
	if depth >= MaxDepth {
		return pos, v.fail("json")
	}
	if s.propNames != nil || s.patProps != nil || len(s.names) > 64 {
		return v.objectGeneral(s, pos, depth)
	}
	// The common case, kept small (in wasm, a function's size and the values
	// it keeps across calls cost on every call): properties,
	// additionalProperties, required and the counts.
	data := v.data
	var seen uint64 // the names seen
	count := 0
	i := ws(data, pos+1)
	if i < len(data) && data[i] == '}' {
		return v.objectDone(s, pos, i+1, count, seen, nil)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return i, v.fail("json")
		}
		k := i + 1 // plain ASCII keys are read here; others by scanString
		for k < len(data) && plain[data[k]] {
			k++
		}
		var key []byte
		if k < len(data) && data[k] == '"' {
			key = data[i+1 : k]
			k++
		} else {
			var esc, ok bool
			if k, esc, ok = scanString(data, i); !ok {
				return i, v.fail("json")
			}
			key = data[i+1 : k-1]
			if esc {
				key = decodeString(nil, data[i:k])
			}
		}
		j := ws(data, k)
		if j >= len(data) || data[j] != ':' {
			return j, v.fail("json")
		}
		j = ws(data, j+1)
		if count++; s.maxProps >= 0 && count > s.maxProps {
			return pos, v.fail("maxProperties")
		}
		sub := s.additional
		kw := "additionalProperties"
		if t := &s.nameTab; len(t.slots) > 0 {
			// s.lookup(key), inlined: a call per member counts in wasm.
			h := nameHash(key) & t.mask
			for slot := t.slots[h]; slot != 0; slot = t.slots[h] {
				if n := s.names[slot-1]; len(n) == len(key) {
					c := 0
					for c < len(key) && n[c] == key[c] {
						c++
					}
					if c == len(key) {
						idx := slot - 1
						seen |= 1 << idx
						if s.props != nil && s.props[idx] != nil {
							sub, kw = s.props[idx], "properties"
						}
						break
					}
				}
				h = (h + 1) & t.mask
			}
		}
		var end int
		var ok bool
		if sub == nil || sub.boolean > 0 {
			if end, ok = skip(data, j, depth+1); !ok {
				return j, v.fail("json")
			}
		} else if end, ok = v.eval(sub, j, depth+1, kw); !ok {
			return j, v.in(i, k)
		}
		i = ws(data, end)
		if i < len(data) && data[i] == ',' {
			i = ws(data, i+1)
			continue
		}
		if i < len(data) && data[i] == '}' {
			return v.objectDone(s, pos, i+1, count, seen, nil)
		}
		return i, v.fail("json")
	}
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
	count := 0
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
			if count++; s.maxProps >= 0 && count > s.maxProps {
				return pos, v.fail("maxProperties")
			}
			idx := s.lookup(key)
			if idx >= 0 {
				if seenN != nil {
					seenN[idx] = true
				} else {
					seen1 |= 1 << idx
				}
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
				} else if end, ok = skip(data, j, depth+1); !ok {
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

// array checks the array at pos against s's array keywords.
func (v *validator) array(s *schema, pos, depth int) (int, bool) {
	if depth >= MaxDepth {
		return pos, v.fail("json")
	}
	data := v.data
	var forms map[string]bool // uniqueItems: canonical forms of the elements so far
	if s.unique {
		forms = map[string]bool{}
	}
	n, matched := 0, 0
	i := ws(data, pos+1)
	if i < len(data) && data[i] == ']' {
		i++
	} else {
		for {
			var end int
			var ok bool
			switch {
			case n < len(s.prefix):
				end, ok = v.eval(s.prefix[n], i, depth+1, "prefixItems")
			case s.items != nil && s.items.boolean <= 0:
				end, ok = v.eval(s.items, i, depth+1, "items")
			default:
				if end, ok = skip(data, i, depth+1); !ok {
					return i, v.fail("json")
				}
			}
			if !ok {
				return i, v.in(n, segIndex)
			}
			if s.contains != nil {
				if _, ok := v.eval(s.contains, i, depth+1, "contains"); ok {
					matched++
				}
			}
			if forms != nil {
				form, _ := appendCanonAt(nil, data, i)
				if forms[string(form)] {
					v.fail("uniqueItems")
					return i, v.in(n, segIndex)
				}
				forms[string(form)] = true
			}
			if n++; s.maxItems >= 0 && n > s.maxItems {
				return pos, v.fail("maxItems")
			}
			i = ws(data, end)
			if i < len(data) && data[i] == ',' {
				i = ws(data, i+1)
				continue
			}
			if i < len(data) && data[i] == ']' {
				i++
				break
			}
			return i, v.fail("json")
		}
	}
	if n < s.minItems {
		return pos, v.fail("minItems")
	}
	if s.contains != nil {
		switch {
		case s.minContains < 0 && matched == 0:
			return pos, v.fail("contains")
		case matched < s.minContains:
			return pos, v.fail("minContains")
		case s.maxContains >= 0 && matched > s.maxContains:
			return pos, v.fail("maxContains")
		}
	}
	return i, true
}
