package jsonschema

import "github.com/gatehouse-dev/gatehouse/jsontree"

// Schema is a compiled schema, ready to validate documents.
type Schema struct{}

// Compile compiles the schema at node; see the package documentation.
func Compile(node *jsontree.Node, path string, resolve Resolver) (*Schema, error) {
	return &Schema{}, nil
}

// Validate checks doc against the schema; see the package documentation.
func (s *Schema) Validate(doc []byte) (v Violation, ok bool) { return Violation{}, true }
