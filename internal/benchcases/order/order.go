// Package order is the JSON body and schema of the payload benchmarks: an order
// of about 1 KB and the schema an order API would check it with. It is a leaf
// package, so native benchmarks (filters/payload) and the wasm cases
// (internal/benchcases) measure the same document.
package order

import (
	"fmt"
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
