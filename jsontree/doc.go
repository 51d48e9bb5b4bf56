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
// little: nodes come from slabs, and each object's members and each array's
// elements gather on the stack and are copied out in one allocation.
package jsontree
