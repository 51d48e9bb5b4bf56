// Package jsontree reads JSON into an ordered tree that keeps the byte offsets
// of every value and key and marks duplicate object keys, which encoding/json
// cannot do. Gatehouse reads its policy (config) and token headers, claims and
// JWKS documents (filters/jwt) with it.
//
// It implements RFC 8259 strictly: one value surrounded by optional
// whitespace; no comments, trailing commas, byte order mark, leading zeros,
// control characters or invalid UTF-8 in strings; nesting at most MaxDepth.
// Escaped lone surrogates decode to U+FFFD, as in encoding/json. It is
// compiled into the .wasm, so it uses the standard library only and allocates
// little: nodes, object members and array elements come from slabs, the first
// of each sized from a count of the document's structural characters (a
// token's claim set takes two allocations), and ParseString reads a string
// without copying it.
package jsontree
