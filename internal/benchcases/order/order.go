// Package order is the JSON body and schema of the payload benchmarks: an order
// of about 1 KB and the schema an order API would check it with. It is a leaf
// package, so native benchmarks (filters/payload) and the wasm cases
// (internal/benchcases) measure the same document.
package order

import (
	"fmt"
	"strconv"
	"strings"
)

// Schema is the benchmark's schema: what an order API would check.
const Schema = `{"type":"object","required":["customer","items","currency"],"additionalProperties":false,
	"properties":{
	  "customer":{"type":"object","required":["id","email"],"properties":{
	    "id":{"type":"string","pattern":"^c-[0-9]+$"},"email":{"type":"string","maxLength":254},"name":{"type":"string"}}},
	  "currency":{"enum":["EUR","USD","GBP"]},
	  "note":{"type":"string","maxLength":500},
	  "items":{"type":"array","minItems":1,"maxItems":50,"items":{"type":"object","required":["sku","qty","price"],
	    "additionalProperties":false,"properties":{
	      "sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{4}$"},"qty":{"type":"integer","minimum":1,"maximum":1000},
	      "price":{"type":"number","minimum":0},"gift":{"type":"boolean"}}}}}}`

// Body is a valid order of about 1 KB for Schema.
func Body() []byte {
	var b strings.Builder
	b.WriteString(`{"customer":{"id":"c-1042","email":"alice@example.com","name":"Alice Example"},"currency":"EUR",`)
	b.WriteString(`"note":"Leave at the door, please.","items":[`)
	for i := 0; b.Len() < 980; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"sku":"ABC-%04d","qty":%d,"price":%d.%02d,"gift":%t}`, 1000+i, 1+i%7, 3+i, i%100, i%2 == 0)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// FormatsSchema is a stricter order schema — uuid, email and date-time
// formats, an enum, lengths, a pattern, $defs, integer bounds and multipleOf
// 0.01 — for the JSON Schema engine's budget (jsonschema's benchmarks and
// internal/wasmbench's schema pieces); FormatsBody makes bodies for it.
const FormatsSchema = `{"type":"object","required":["id","customer","lines"],"additionalProperties":false,
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

// FormatsBody returns a valid order for FormatsSchema of about size bytes.
func FormatsBody(size int) []byte {
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
