// Package payload checks what a request carries besides its headers: the
// body rules of a route (size, content type, required or forbidden, UTF-8,
// hostile-JSON guards, JSON Schema) and its query and path parameter rules.
//
// Rules compile once per policy (Compile, CompileParams). Parameters are
// checked at the request headers (ParamRules.Check). A body is checked by a
// Checker fed as the body arrives: Start at the headers (Content-Length,
// Content-Type), Size on every chunk (413 as soon as the running total passes
// max_bytes), Write with the bytes of textual bodies (UTF-8 across chunk
// boundaries; JSON kept for the end), Finish at the end of the stream (the
// guards, the syntax and the schema in one pass over the body, by package
// jsonschema). Failures name a JSON pointer and a keyword, never a
// value. Pure Go: no ABI, no clock, no goroutines.
package payload
