package jsonschema

import "regexp"

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
	pattern        *regexp.Regexp
	format         format

	// arrays
	arr                      bool // any array keyword
	prefix                   []*schema
	items, contains          *schema
	minContains, maxContains int
	minItems, maxItems       int
	unique                   bool

	// objects
	obj                bool           // any object keyword
	names              []string       // every property name the keywords mention
	nameIdx            map[string]int // names' indexes, when there are many
	props              []*schema      // by name index; nil when not in properties
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
}

type depReq struct {
	name int
	req  []int
}

type patProp struct {
	re *regexp.Regexp
	s  *schema
}

// lookup returns the index of property name key, or -1. Names compare
// byte by byte here rather than with ==: in wasm, == on strings is a call
// into the runtime, and calls dominate the cost of validation there.
func (s *schema) lookup(key []byte) int {
	if s.nameIdx != nil {
		if i, ok := s.nameIdx[string(key)]; ok {
			return i
		}
		return -1
	}
next:
	for i, n := range s.names {
		if len(n) != len(key) {
			continue
		}
		for j := 0; j < len(key); j++ {
			if n[j] != key[j] {
				continue next
			}
		}
		return i
	}
	return -1
}
