package config

import (
	"errors"
	"fmt"
	"sort"

	"gatehouse/jsonschema"
	"gatehouse/jsontree"
)

// Schema is a JSON Schema (draft 2020-12, the subset package jsonschema
// supports) written in the policy: top-level under schemas, or a route's
// body.schema, inline or as {"$ref": "#/schemas/<name>"}. Parse keeps the
// schema's JSON tree and compiles it; a schema that does not compile is a
// load error naming the JSON path of the offending keyword.
type Schema struct {
	// Node is the schema as written.
	Node *jsontree.Node
	// Compiled is Node, compiled; filled in by Parse.
	Compiled *jsonschema.Schema
}

func (s *Schema) decodeNode(n *jsontree.Node) string {
	if n.Kind != jsontree.Object && n.Kind != jsontree.Bool {
		return "a schema (an object or a boolean)"
	}
	s.Node = n
	return ""
}

// compileSchemas compiles the named schemas and every route's body schema, once
// everything else is decoded (refs need the named schemas' trees).
func (pol *Policy) compileSchemas(p path, errs *errorList) {
	resolve := func(name string) (*jsontree.Node, string, bool) {
		s, ok := pol.Schemas[name]
		if !ok || s == nil || s.Node == nil {
			return nil, "", false
		}
		return s.Node, string(p.key("schemas").key(name)), true
	}
	// A named schema's errors are reported once, not again for every schema
	// that refers to it.
	seen := map[string]bool{}
	for _, name := range sortedKeys(pol.Schemas) {
		if s := pol.Schemas[name]; s != nil && s.Node != nil {
			s.Compiled = compileSchema(s.Node, p.key("schemas").key(name), resolve, errs, seen)
		}
	}
	for i := range pol.Routes {
		if b := pol.Routes[i].Body; b != nil && b.Schema != nil && b.Schema.Node != nil {
			b.Schema.Compiled = compileSchema(b.Schema.Node, p.key("routes").index(i).key("body").key("schema"), resolve, errs, seen)
		}
	}
}

func compileSchema(n *jsontree.Node, p path, resolve jsonschema.Resolver, errs *errorList, seen map[string]bool) *jsonschema.Schema {
	if errs.failed[p] {
		return nil
	}
	s, err := jsonschema.Compile(n, string(p), resolve)
	if err == nil {
		return s
	}
	list, ok := err.(jsonschema.Errors) // Compile's errors are an Errors (not wrapped)
	if !ok {
		errs.addAt(n.Off, p, ErrInvalid, err.Error())
		return nil
	}
	for _, e := range list {
		if seen[e.Error()] {
			continue
		}
		seen[e.Error()] = true
		class := ErrInvalid
		if errors.Is(e, jsonschema.ErrUnknownKeyword) {
			class = ErrUnknownField
		}
		errs.addAt(e.Off, path(e.Path), class, e.Msg)
	}
	return nil
}

// validateSchemaNames checks the names of the policy's schemas.
func (pol *Policy) validateSchemaNames(p path, errs *errorList) {
	for name := range pol.Schemas {
		if !validRouteID(name) {
			errs.add(p.key("schemas").key(name), ErrInvalid,
				fmt.Sprintf("invalid schema name %q (want %s)", name, nameSyntax))
		}
	}
}

// sortedKeys returns m's keys in order, so errors come out the same every time.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
