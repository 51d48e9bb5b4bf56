// Package jsonschema checks request bodies against the JSON Schemas (draft
// 2020-12) written in a Gatehouse policy. Schemas compile once, when the policy
// is configured; a body is then validated in one pass over its bytes, without
// decoding it into Go values. It is compiled into the .wasm, so it uses the
// standard library, jsontree (the policy's parsed schemas), regex (for
// "pattern") and nothing else.
//
// API (stable; the policy layer builds on it):
//
//	// Compile compiles the schema at node, a subtree of the parsed policy.
//	// path is node's JSON path in the policy ("routes[2].body.schema") and
//	// prefixes every error. resolve looks up the policy's named schemas for
//	// refs "#/schemas/<name>": it returns the named schema's node and path.
//	// Refs "#", "#/$defs/x" and other JSON pointers resolve inside the schema
//	// resource that contains them (the inline schema, or the named schema).
//	// The error, when not nil, is an Errors: every problem found, each
//	// "<path>: <message>", wrapping one of ErrUnknownKeyword, ErrInvalidSchema,
//	// ErrBadRef (errors.Is works on the whole list).
//	func Compile(node *jsontree.Node, path string, resolve Resolver) (*Schema, error)
//	type Resolver func(name string) (node *jsontree.Node, path string, ok bool)
//
//	// Validate checks doc, any bytes: invalid JSON (RFC 8259, strict, nesting
//	// at most MaxDepth) is a violation with Keyword "json" and the pointer "";
//	// a document needing more than MaxSteps(len(doc)) schema applications is
//	// one with Keyword "complexity". It stops at the first violation. Safe
//	// for concurrent use.
//	func (s *Schema) Validate(doc []byte) (v Violation, ok bool)
//	type Violation struct{ Pointer, Keyword string }
//
//	// ValidateWithin is Validate with the hostile-JSON guards of a route
//	// (nesting, members per object, elements per array, duplicate names),
//	// checked on the same walk: a limit broken anywhere in the document is
//	// the violation (Keyword KeywordMaxDepth, ...), before any schema keyword.
//	// scratch (may be nil) is storage kept between calls.
//	func (s *Schema) ValidateWithin(doc []byte, lim Limits, scratch *Scratch) (v Violation, ok bool)
//
// Supported keywords: type, enum, const, properties, required,
// additionalProperties, patternProperties, propertyNames, items, prefixItems,
// contains, minContains, maxContains, minItems, maxItems, uniqueItems,
// minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum,
// exclusiveMaximum, multipleOf, minProperties, maxProperties,
// dependentRequired, allOf, anyOf, oneOf, not, if, then, else, $ref, $defs,
// boolean schemas, and format as an assertion (date-time, date, email, uuid,
// uri, ipv4, ipv6). The annotations $schema (only the 2020-12 meta-schema),
// $comment, title, description, default and examples are accepted and have no
// effect. Any other keyword is a load error naming its path.
package jsonschema
