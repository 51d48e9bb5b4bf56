package jsonschema

import (
	"testing"

	"github.com/tidwall/gjson"

	"gatehouse/internal/benchcases/order"
)

// The bench schema and bodies are internal/benchcases/order's (FormatsSchema,
// FormatsBody), as in internal/wasmbench's guest (bench_schema_1k,
// bench_schema_64k); natively, these benchmarks only guide work on the
// validator — the budget is measured inside wasm.

var benchOrderSchema = order.FormatsSchema

func benchOrder(size int) []byte { return order.FormatsBody(size) }

func benchValidate(b *testing.B, size int) {
	s := mustCompile(b, benchOrderSchema)
	body := benchOrder(size)
	if v, ok := s.Validate(body); !ok {
		b.Fatalf("bench body refused: %+v", v)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		s.Validate(body)
	}
}

func benchGjson(b *testing.B, size int) {
	body := string(benchOrder(size))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		gjson.Valid(body)
	}
}

func BenchmarkValidate1K(b *testing.B)    { benchValidate(b, 1<<10) }
func BenchmarkValidate64K(b *testing.B)   { benchValidate(b, 64<<10) }
func BenchmarkGjsonValid1K(b *testing.B)  { benchGjson(b, 1<<10) }
func BenchmarkGjsonValid64K(b *testing.B) { benchGjson(b, 64<<10) }
