package jsonschema

// Schema is a compiled schema, ready to validate documents. It is immutable:
// Validate may be called concurrently.
type Schema struct {
	root *schema
}

// The JSON types of the "type" keyword, as a bit set.
const (
	tNull uint8 = 1 << iota
	tBool
	tInteger
	tNumber
	tString
	tArray
	tObject
)

var typeNames = []struct {
	name string
	bit  uint8
}{{"null", tNull}, {"boolean", tBool}, {"integer", tInteger}, {"number", tNumber}, {"string", tString},
	{"array", tArray}, {"object", tObject}}

// schema is one compiled (sub)schema. Keywords absent from the source have
// their zero or "absent" values (nil, -1).
type schema struct {
	boolean int8  // 1: the schema true; -1: false; 0: an object schema
	types   uint8 // 0: any type

	constForm []byte          // canonical form of const, when present
	hasConst  bool            //
	enum      map[string]bool // canonical forms of enum's values, when present
	enumStr   map[string]bool // enum's values, when they are all strings (a fast path)

	// numbers
	num                                        bool // any number keyword
	minimum, maximum, exMin, exMax, multipleOf *bound

	// strings
	str            bool // any string keyword
	minLen, maxLen int
	pattern        *pattern
	format         format

	// arrays
	arr                      bool // any array keyword
	prefix                   []*schema
	items, contains          *schema
	minContains, maxContains int
	minItems, maxItems       int
	unique                   bool

	// objects
	obj                bool      // any object keyword
	names              []string  // every property name the keywords mention
	nameTab            nameTable // names' indexes
	props              []*schema // by name index; nil when not in properties
	required           []int
	depReq             []depReq
	patProps           []patProp
	additional         *schema
	propNames          *schema
	minProps, maxProps int

	// keywords that apply other schemas to the same value
	inPlace                bool
	ref                    *schema
	allOf, anyOf, oneOf    []*schema
	not, ifS, thenS, elseS *schema
	refPath                string // the $ref's path in the policy, for cycle errors
	refOff                 int    // and its offset in the policy document

	// What the validator's fast paths need, set by prepare once refs are
	// collapsed.
	via       [256]uint8 // how the containers' loops apply s to a value, by its first byte (via*)
	atScales  uint32     // the scales k (bit k) at which every bound of s has its fixed form (bound.at[k])
	nb        *numBounds // the bounds at those scales, for number
	itemsOnly bool       // array's only keywords are items (not true), minItems and maxItems: items reads it
	record    bool       // object reads members in its own loop (no propertyNames, patternProperties, ≤ 64 names)
	member    []*schema  // by name index: the schema a member of that name gets (props or additional; never nil)
	other     *schema    // the schema other members get (additional; never nil)
	reqMask   uint64     // the required names, as bits of their indexes (record only)
	keys      *keyTable  // finds plain ASCII names from the document's bytes (record only)
}

// How the containers' loops (object, array) apply a schema to a value, by
// the value's first byte (schema.via). Inside wasm, Go's code pays for a call
// (arguments and live values go through memory) and for every jump (through
// the function's dispatch table), more so in a large function: the loops
// call the validator's small function for the kind of value, or read it
// themselves, instead of eval, when the schema has none of the keywords eval
// applies to any value (const, enum but for strings, $ref and the other
// in-place keywords) and its type allows the kind.
const (
	viaEval uint8 = iota // eval: any other case (a type that fails included)
	viaSkip              // the value is only read (true, or nothing checks it)
	viaStr               // str
	viaNum               // number
	viaBool              // true and false: read by the loop
	viaLit               // literal (null, or true/false when nothing else applies)
	viaObj               // object
)

type depReq struct {
	name int
	req  []int
}

type patProp struct {
	re *pattern
	s  *schema
}

// nameTable indexes property names by a cheap hash of their length and
// first, middle and last bytes, with linear probing in a table at least
// twice their number: a lookup is one hash and usually one comparison. (In
// wasm, a map lookup or a scan over the names costs several times more.)
type nameTable struct {
	slots []int32 // name index + 1; 0: empty
	mask  uint32
}

func nameHash(key []byte) uint32 {
	n := len(key)
	if n == 0 {
		return 0
	}
	return uint32(n)*0x9E3779B1 ^ uint32(key[0])*0x85EBCA6B ^ uint32(key[n/2])*0xC2B2AE35 ^ uint32(key[n-1])*0x27D4EB2F
}

func newNameTable(names []string) nameTable {
	size := 4
	for size < 2*len(names) {
		size *= 2
	}
	t := nameTable{slots: make([]int32, size), mask: uint32(size - 1)}
	for i, n := range names {
		h := nameHash([]byte(n)) & t.mask
		for t.slots[h] != 0 {
			h = (h + 1) & t.mask
		}
		t.slots[h] = int32(i + 1)
	}
	return t
}

// lookup returns the index of property name key, or -1.
func (s *schema) lookup(key []byte) int {
	t := &s.nameTab
	if len(t.slots) == 0 {
		return -1
	}
	h := nameHash(key) & t.mask
	for {
		slot := t.slots[h]
		if slot == 0 {
			return -1
		}
		if n := s.names[slot-1]; len(n) == len(key) {
			eq := true
			for j := 0; j < len(key); j++ {
				if n[j] != key[j] {
					eq = false
					break
				}
			}
			if eq {
				return int(slot - 1)
			}
		}
		h = (h + 1) & t.mask
	}
}
