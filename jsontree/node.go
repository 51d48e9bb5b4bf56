package jsontree

import "strconv"

// Kind is the type of a JSON value.
type Kind uint8

// The kinds of JSON values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// String returns the JSON name of the kind, as used in "got ..." messages.
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Node is one JSON value and where it stands in the input.
type Node struct {
	Kind    Kind
	Bool    bool     // Bool: the value
	Off     int      // offset of the value's first byte
	End     int      // offset just past the value
	Str     string   // String: the decoded string; Number: the literal as written
	Elems   []*Node  // Array: the elements
	Members []Member // Object: the members in document order, duplicates included
}

// Member is one key/value pair of an object.
type Member struct {
	Key string // the decoded key
	Off int    // offset of the key's opening quote
	Val *Node
	Dup bool // an earlier member of the same object has the same key
}
