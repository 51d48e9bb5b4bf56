package jsonschema

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// The bench schema and bodies are those of internal/wasmbench's guest
// (bench_schema_1k, bench_schema_64k); natively, these benchmarks only guide
// work on the validator — the budget is measured inside wasm.

const benchOrderSchema = `{"type":"object","required":["id","customer","lines"],"additionalProperties":false,
 "properties":{
  "id":{"type":"string","format":"uuid"},
  "customer":{"type":"object","required":["name","email"],"additionalProperties":false,"properties":{
    "name":{"type":"string","minLength":1,"maxLength":100},"email":{"type":"string","format":"email"},
    "tier":{"enum":["free","pro","enterprise"]}}},
  "lines":{"type":"array","minItems":1,"maxItems":5000,"items":{"$ref":"#/$defs/line"}},
  "note":{"type":"string","maxLength":500},
  "created":{"type":"string","format":"date-time"}},
 "$defs":{"line":{"type":"object","required":["sku","qty","price"],"additionalProperties":false,"properties":{
    "sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{4}$"},"qty":{"type":"integer","minimum":1,"maximum":1000},
    "price":{"type":"number","exclusiveMinimum":0,"multipleOf":0.01},"gift":{"type":"boolean"}}}}}`

// benchOrder returns an order body of about size bytes.
func benchOrder(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"id":"2eb8aa08-aa98-11ea-b4aa-73b441d16380","customer":{"name":"Ada Lovelace","email":"ada@example.com","tier":"pro"},` +
		`"created":"2026-11-22T08:00:00.123Z","note":"leave at the door, ring twice","lines":[`)
	for i := 0; ; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"sku":"ABC-` + strconv.Itoa(1000+i%9000) + `","qty":` + strconv.Itoa(1+i%50) + `,"price":` +
			strconv.Itoa(i%200) + `.` + strconv.Itoa(10+i%90) + `,"gift":false}`)
		if b.Len() >= size-60 {
			break
		}
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

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
