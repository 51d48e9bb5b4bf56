package jsonschema

import (
	"strings"

	"gatehouse/jsontree"
)

// Resolver looks up a named schema of the policy (a ref "#/schemas/<name>"):
// it returns the schema's node and its JSON path in the policy, or ok=false
// when there is no such schema.
type Resolver func(name string) (node *jsontree.Node, path string, ok bool)

// Violation is the first place a document breaks its schema: Pointer is the
// RFC 6901 pointer of the offending value in the document ("" for the
// document itself, "/items/3/qty"), Keyword the schema keyword it breaks
// ("minimum", "required", "additionalProperties", ...; "json" when the
// document is not JSON). It never holds a value of the document.
type Violation struct {
	Pointer string
	Keyword string
}

// ErrorClass is the class of a schema error; the constants of this type are
// the sentinels every *Error wraps, for errors.Is.
type ErrorClass string

// Error returns the class name.
func (c ErrorClass) Error() string { return string(c) }

// The error classes.
const (
	// ErrUnknownKeyword: a schema uses a keyword Gatehouse does not support.
	ErrUnknownKeyword ErrorClass = "jsonschema: unsupported keyword"
	// ErrInvalidSchema: a keyword's value is malformed (wrong type, negative
	// length, bad regular expression, unknown format, ...).
	ErrInvalidSchema ErrorClass = "jsonschema: invalid schema"
	// ErrBadRef: a $ref does not resolve, or refs form a cycle that does not
	// consume input.
	ErrBadRef ErrorClass = "jsonschema: bad $ref"
)

// Error is one problem in a schema: the JSON path of the offending value in
// the policy and what is wrong with it.
type Error struct {
	Path string // JSON path in the policy, e.g. routes[0].body.schema.properties.qty.minimum
	Msg  string // what is wrong, one line
	Off  int    // byte offset of the offending value in the policy document, for ordering

	class ErrorClass
}

// Error returns "path: msg".
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Unwrap returns the error's class.
func (e *Error) Unwrap() error { return e.class }

// Errors is the error Compile returns: every problem found, never empty.
type Errors []*Error

// Error returns the messages of all entries, one per line.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the entries, so errors.Is and errors.As look into each.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// MaxDepth bounds the nesting of a validated document (as jsontree.MaxDepth
// bounds the policy's).
const MaxDepth = jsontree.MaxDepth
