package jsonschema

import (
	"bytes"
	"math"
	"sort"

	"gatehouse/jsontree"
)

// Limits bound a document's shape whatever its schema says: the guards
// against hostile JSON that a policy sets next to a body's schema. The
// validator checks them on its own walk over the document, so a body is read
// once for its syntax, its limits and its schema.
type Limits struct {
	// Depth is the deepest nesting of arrays and objects allowed (1: no
	// container inside another); 0 or more than MaxDepth means MaxDepth, and
	// going past MaxDepth is then the violation "json".
	Depth int
	// Keys is the most members one object may have; 0: no limit.
	Keys int
	// Array is the most elements one array may have; 0: no limit.
	Array int
	// RejectDuplicates refuses an object that holds the same member name
	// twice (compared after unescaping).
	RejectDuplicates bool
}

// The keywords of the violations Limits cause.
const (
	KeywordMaxDepth      = "max_depth"
	KeywordMaxKeys       = "max_keys"
	KeywordMaxArray      = "max_array"
	KeywordDuplicateKeys = "reject_duplicate_keys"
)

// ValidateWithin is Validate with limits. A document that breaks a limit is
// refused with that limit's keyword and the pointer "", before any schema
// keyword: the first limit broken in document order, unless the document
// stops being JSON before it (then the violation is "json"). scratch, when
// not nil, lends its storage to the duplicate check and keeps what it grew
// to (up to a bound) for the next call. Safe for concurrent use with distinct scratches.
func (s *Schema) ValidateWithin(doc []byte, lim Limits, scratch *Scratch) (Violation, bool) {
	v := validator{data: doc, steps: MaxSteps(len(doc))}
	v.limit(lim)
	if scratch == nil {
		return s.validate(&v)
	}
	v.names, v.arena = scratch.names[:0], scratch.arena[:0]
	viol, ok := s.validate(&v)
	scratch.names, scratch.arena = v.names[:0], v.arena[:0]
	if cap(scratch.names) > maxKeptNames || cap(scratch.arena) > maxKeptArena {
		*scratch = Scratch{} // one odd document does not pin its storage
	}
	return viol, ok
}

// The most storage a Scratch keeps from one call to the next.
const (
	maxKeptNames = 4096
	maxKeptArena = 64 << 10
)

// Scratch is storage a caller keeps between ValidateWithin calls so that the
// duplicate-name check does not allocate on every document: a stream's body
// checker holds one. The zero value is ready; one call at a time uses it.
type Scratch struct {
	names []name
	arena []byte
}

// limit sets the validator's limits.
func (v *validator) limit(lim Limits) {
	v.lim = lim
	v.maxDepth, v.maxKeys, v.maxArray = MaxDepth, math.MaxInt, math.MaxInt
	if lim.Depth > 0 && lim.Depth < MaxDepth {
		v.maxDepth = lim.Depth
	}
	if lim.Keys > 0 {
		v.maxKeys = lim.Keys
	}
	if lim.Array > 0 {
		v.maxArray = lim.Array
	}
	v.dup = lim.RejectDuplicates
}

// trip records that the document broke the limit kw and returns false. The
// first limit broken stays recorded whatever the callers make of the
// failure (anyOf, not, ...): Validate reports it.
//
//go:noinline
func (v *validator) trip(kw string) bool {
	if v.guard == "" {
		v.guard = kw
	}
	return v.fail(kw)
}

// tooDeep is the failure of a container nested deeper than allowed.
//
//go:noinline
func (v *validator) tooDeep() bool {
	if v.maxDepth < MaxDepth {
		return v.trip(KeywordMaxDepth)
	}
	return v.fail("json")
}

// name is a member name recorded for the duplicate check: data[off:off+n],
// or arena[off:off+n] when decoded (the name held escapes). No pointers, so
// recording names costs no write barriers.
type name struct {
	off, n  int32
	decoded bool
}

// addName records the member name whose token (quotes included) is
// data[a:b] among the names of the innermost open object.
func (v *validator) addName(a, b int) {
	if bytes.IndexByte(v.data[a+1:b-1], '\\') < 0 {
		v.names = append(v.names, name{off: int32(a + 1), n: int32(b - a - 2)})
		return
	}
	start := len(v.arena)
	v.arena = jsontree.AppendUnescaped(v.arena, v.data[a+1:b-1])
	v.names = append(v.names, name{off: int32(start), n: int32(len(v.arena) - start), decoded: true})
}

// openNames starts the names of an object, when duplicates are refused: a
// mark (n < 0) holding the arena's length, which closeNames goes back to.
func (v *validator) openNames() {
	v.names = append(v.names, name{off: int32(len(v.arena)), n: -1})
}

// closeNames checks the names recorded since the innermost open mark for a
// duplicate, then drops them with the mark. Most objects record none (their
// names are the schema's, checked by the seen-mask): then it only drops the
// mark, inlined.
func (v *validator) closeNames() bool {
	if m := len(v.names) - 1; v.names[m].n < 0 {
		v.names = v.names[:m]
		return true
	}
	return v.closeRecordedNames()
}

// closeRecordedNames is closeNames for an object that recorded names.
func (v *validator) closeRecordedNames() bool {
	m := len(v.names) - 1
	for v.names[m].n >= 0 {
		m--
	}
	dup := v.hasDuplicate(v.names[m+1:])
	v.names, v.arena = v.names[:m], v.arena[:v.names[m].off]
	if dup {
		return v.trip(KeywordDuplicateKeys)
	}
	return true
}

// tooManyMembers is the failure of an object with more members than its
// schema's maxProperties or the Keys limit allow.
//
//go:noinline
func (v *validator) tooManyMembers(s *schema, count int) bool {
	if s.maxProps >= 0 && count > s.maxProps {
		return v.fail("maxProperties")
	}
	return v.trip(KeywordMaxKeys)
}

// tooManyItems is the failure of an array with more elements than its
// schema's maxItems or the Array limit allow.
//
//go:noinline
func (v *validator) tooManyItems(s *schema, n int) bool {
	if s.maxItems >= 0 && n > s.maxItems {
		return v.fail("maxItems")
	}
	return v.trip(KeywordMaxArray)
}

// most returns the smaller of a schema's count bound (negative: none) and
// a limit.
func most(bound, limit int) int {
	if bound >= 0 && bound < limit {
		return bound
	}
	return limit
}

func (v *validator) nameBytes(k name) []byte {
	if k.decoded {
		return v.arena[k.off : k.off+k.n]
	}
	return v.data[k.off : k.off+k.n]
}

// hasDuplicate reports whether names holds one name twice: pairwise for a
// few, after sorting (by length, then bytes) for more. It may reorder names.
func (v *validator) hasDuplicate(names []name) bool {
	if len(names) <= 16 {
		for i := 1; i < len(names); i++ {
			ni := v.nameBytes(names[i])
			for j := 0; j < i; j++ {
				if names[j].n == names[i].n && string(v.nameBytes(names[j])) == string(ni) {
					return true
				}
			}
		}
		return false
	}
	sort.Slice(names, func(i, j int) bool {
		if names[i].n != names[j].n {
			return names[i].n < names[j].n
		}
		return bytes.Compare(v.nameBytes(names[i]), v.nameBytes(names[j])) < 0
	})
	for i := 1; i < len(names); i++ {
		if names[i].n == names[i-1].n && string(v.nameBytes(names[i])) == string(v.nameBytes(names[i-1])) {
			return true
		}
	}
	return false
}
