package jsonschema

import (
	"strconv"
	"strings"
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
	v.limit(Limits{})
	return s.validate(&v)
}

// validate runs v, set up for doc with its steps and limits, and reports as
// Validate and ValidateWithin do.
func (s *Schema) validate(v *validator) (Violation, bool) {
	doc := v.data
	end, ok := v.eval(s.root, ws(doc, 0), 0, "false")
	if ok && v.steps >= 0 && v.guard == "" && ws(doc, end) == len(doc) {
		return Violation{}, true
	}
	// A failure: the whole document decides whether it is a limit or the
	// syntax, which outrank the schema's keywords wherever they are.
	w := validator{data: doc}
	w.limit(v.lim)
	wend, wok := w.skip(ws(doc, 0), 0)
	switch {
	case w.guard != "":
		return Violation{Keyword: w.guard}, false
	case !wok || ws(doc, wend) != len(doc):
		return Violation{Keyword: "json"}, false
	case v.guard != "":
		return Violation{Keyword: v.guard}, false
	case v.steps < 0:
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

	// The limits (see Limits and limit) and their state.
	lim                         Limits // as given; the fields below are what the walk compares
	maxDepth, maxKeys, maxArray int
	dup                         bool   // refuse duplicate member names
	guard                       string // the first limit broken ("": none)
	names                       []name // the names of the open objects, when dup
	arena                       []byte // names that held escapes, decoded
}

// fail records a failure of keyword kw and returns false. fail and in are
// never inlined: they are only called on the way out of a failure, and
// inlined they would make the validator's loops larger, which costs on every
// jump inside wasm.
//
//go:noinline
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
//
//go:noinline
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
		end, ok := v.skip(pos, depth)
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
		} else if end, ok = v.skip(pos, depth); !ok {
			return pos, v.fail("json")
		}
	case c == '[':
		if s.types != 0 && s.types&tArray == 0 {
			return pos, v.fail("type")
		}
		if s.arr {
			end, ok = v.array(s, pos, depth)
		} else if end, ok = v.skip(pos, depth); !ok {
			return pos, v.fail("json")
		}
	case c == '"':
		if s.types != 0 && s.types&tString == 0 {
			return pos, v.fail("type")
		}
		end, ok = v.str(s, pos)
	case c == '-' || '0' <= c && c <= '9':
		if s.types != 0 && s.types&(tNumber|tInteger) == 0 {
			return pos, v.fail("type")
		}
		end, ok = v.number(s, pos)
	case c == 't' || c == 'f' || c == 'n':
		end, ok = v.literal(s, pos)
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
	// anyOf, oneOf, not and if go on after a failure, which may leave the
	// names of the objects it left open: each drops them.
	names, arena := len(v.names), len(v.arena)
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
			_, ok := v.eval(sub, pos, depth, "anyOf")
			v.names, v.arena = v.names[:names], v.arena[:arena]
			if ok {
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
			_, ok := v.eval(sub, pos, depth, "oneOf")
			v.names, v.arena = v.names[:names], v.arena[:arena]
			if ok {
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
		_, ok := v.eval(s.not, pos, depth, "not")
		v.names, v.arena = v.names[:names], v.arena[:arena]
		if ok {
			return v.fail("not")
		}
	}
	if s.ifS != nil {
		_, ok := v.eval(s.ifS, pos, depth, "if")
		v.names, v.arena = v.names[:names], v.arena[:arena]
		if ok {
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
