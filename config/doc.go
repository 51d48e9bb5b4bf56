// Package config defines the Gatehouse policy and parses it.
//
// The policy is one JSON document (see shared/DESIGN.md). Call Parse once, when the
// plugin is configured, never per request: it returns either a fully validated
// *Policy or an Errors value listing every problem found, each naming the JSON path
// of the offending value (routes[1].match.methods[0]), in document order.
//
// Parsing is strict: unknown fields, duplicate object keys, JSON null, values of the
// wrong type and integers that do not fit their field are all errors. Parsing works
// in three steps:
//
//   - package jsontree turns the bytes into an ordered tree of JSON values, keeping
//     byte offsets and noticing duplicate keys (parse.go turns its syntax errors
//     into line and column);
//   - decode.go copies the tree into the policy structs by reflection, driven by the
//     `json:"name"` and `policy:"required"` struct tags;
//   - validate.go holds the semantic checks: each policy type with rules has a
//     validate(path, *errorList) method that the decoder calls after decoding it.
//
// Adding a policy field therefore means adding a tagged struct field and, if it has
// rules beyond its JSON type, a few lines of validation.
package config
