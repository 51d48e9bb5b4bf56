package main

// The JSON Schema pieces: jsonschema.Validate against gjson.Valid on the same
// bodies (the issue-6 budget: ≤ 2.5×, 1 KB and 64 KB), and exports the host
// uses to run JSON-Schema-Test-Suite cases through the wasm build.

import (
	"strings"

	"github.com/tidwall/gjson"

	"gatehouse/internal/benchcases/order"
	"gatehouse/jsonschema"
	"gatehouse/jsontree"
)

// The bench bodies and their schema are internal/benchcases/order's, as in
// jsonschema's native benchmarks.
var benchOrderSchema = order.FormatsSchema

func benchOrder(size int) []byte { return order.FormatsBody(size) }

var (
	benchSchema     *jsonschema.Schema
	body1k, body64k []byte
	schemaBuf       [64 << 10]byte
	docBuf          [128 << 10]byte
	outBuf          [4 << 10]byte
	userSchema      *jsonschema.Schema
	validSink       bool
)

//go:wasmexport setup_schema
func setupSchema() {
	node, serr := jsontree.Parse([]byte(benchOrderSchema))
	if serr != nil {
		panic(serr)
	}
	s, err := jsonschema.Compile(node, "schema", nil)
	if err != nil {
		panic(err)
	}
	benchSchema, body1k, body64k = s, benchOrder(1<<10), benchOrder(64<<10)
	for _, b := range [][]byte{body1k, body64k} {
		if v, ok := s.Validate(b); !ok || !gjson.Valid(string(b)) {
			panic("bench body refused at " + v.Pointer + " " + v.Keyword)
		}
	}
}

//go:wasmexport bench_schema_1k
func benchSchema1k(n uint32) { validateN(body1k, n) }

//go:wasmexport bench_gjson_valid_1k
func benchGjson1k(n uint32) { gjsonN(body1k, n) }

//go:wasmexport bench_schema_64k
func benchSchema64k(n uint32) { validateN(body64k, n) }

//go:wasmexport bench_gjson_valid_64k
func benchGjson64k(n uint32) { gjsonN(body64k, n) }

func validateN(body []byte, n uint32) {
	for i := uint32(0); i < n; i++ {
		if _, ok := benchSchema.Validate(body); !ok {
			panic("refused")
		}
	}
}

func gjsonN(body []byte, n uint32) {
	s := string(body)
	for i := uint32(0); i < n; i++ {
		validSink = gjson.Valid(s)
	}
}

// load_bench compiles the bench schema (without its pattern when
// noPattern is 1) as the schema of schema_validate and the loops below, and
// writes the bench order of about size bytes into doc_buffer; it returns the
// order's length.
//
//go:wasmexport load_bench
func loadBench(size, noPattern uint32) uint32 {
	src := benchOrderSchema
	if noPattern == 1 {
		src = strings.Replace(src, `,"pattern":"^[A-Z]{3}-[0-9]{4}$"`, "", 1)
	}
	node, serr := jsontree.Parse([]byte(src))
	if serr != nil {
		panic(serr)
	}
	s, err := jsonschema.Compile(node, "schema", nil)
	if err != nil {
		panic(err)
	}
	userSchema = s
	return uint32(copy(docBuf[:], benchOrder(int(size))))
}

// Buffers the host writes a schema and a document into.
//
//go:wasmexport schema_buffer
func schemaBuffer() *byte { return &schemaBuf[0] }

//go:wasmexport doc_buffer
func docBuffer() *byte { return &docBuf[0] }

//go:wasmexport out_buffer
func outBuffer() *byte { return &outBuf[0] }

// schema_compile compiles the n bytes of schema_buffer: 0 when it compiles,
// else 1 + the length of the error written to out_buffer.
//
//go:wasmexport schema_compile
func schemaCompile(n uint32) uint32 {
	node, serr := jsontree.Parse(schemaBuf[:n])
	if serr != nil {
		return writeOut(serr.Error())
	}
	s, err := jsonschema.Compile(node, "schema", nil)
	if err != nil {
		return writeOut(err.Error())
	}
	userSchema = s
	return 0
}

// schema_validate validates the n bytes of doc_buffer against the last
// compiled schema: 0 when valid, else 1 + the length of "pointer keyword"
// written to out_buffer.
//
//go:wasmexport schema_validate
func schemaValidate(n uint32) uint32 {
	v, ok := userSchema.Validate(docBuf[:n])
	if ok {
		return 0
	}
	return writeOut(v.Pointer + " " + v.Keyword)
}

func writeOut(s string) uint32 { return uint32(copy(outBuf[:], s)) + 1 }

// user_schema_loop validates the first size bytes of doc_buffer against the
// last compiled schema n times (for measuring other schemas and bodies).
//
//go:wasmexport user_schema_loop
func userSchemaLoop(n, size uint32) {
	for i := uint32(0); i < n; i++ {
		userSchema.Validate(docBuf[:size])
	}
}

// gjson_valid_loop runs gjson.Valid on the first size bytes of doc_buffer n
// times, the baseline of user_schema_loop.
//
//go:wasmexport gjson_valid_loop
func gjsonValidLoop(n, size uint32) {
	s := string(docBuf[:size])
	for i := uint32(0); i < n; i++ {
		validSink = gjson.Valid(s)
	}
}
