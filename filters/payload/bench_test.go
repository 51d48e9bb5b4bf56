package payload

import (
	"strconv"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/internal/benchcases/order"
	"gatehouse/jsonschema"
)

// BenchmarkChecker1KB judges the benchmark's 1 KB order (internal/benchcases/order)
// with its schema and the default guards, in one chunk.
func BenchmarkChecker1KB(b *testing.B) {
	pol, err := config.Parse([]byte(`{"routes":[{"id":"r","match":{"path":"/r"},"public":true,
		"body":{"max_bytes":16384,"reject_duplicate_keys":true,"schema":` + order.Schema + `}}]}`))
	if err != nil {
		b.Fatal(err)
	}
	r, err := Compile(pol.Routes[0].Body)
	if err != nil {
		b.Fatal(err)
	}
	body := order.Body()
	req := &filters.Request{Headers: []filters.Header{{Name: "content-type", Value: "application/json"},
		{Name: "content-length", Value: strconv.Itoa(len(body))}}}
	var ch Checker
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if f := ch.Start(r, req, true); f.Failed() {
			b.Fatal(f)
		}
		ch.Size(int64(len(body)))
		ch.Write(body)
		if f := ch.Finish(); f.Failed() {
			b.Fatal(f.Detail())
		}
	}
}

// BenchmarkGuards is the syntax check with the default guards (the schema
// true, ValidateWithin): against BenchmarkSyntax, what the guards add.
func BenchmarkGuards(b *testing.B) {
	r := rulesFor(b, `{"reject_duplicate_keys":true}`)
	body := order.Body()
	var scratch jsonschema.Scratch
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if v, ok := r.schema.ValidateWithin(body, r.limits, &scratch); !ok {
			b.Fatal(v)
		}
	}
}

// BenchmarkSyntax is the schema engine's syntax check alone (the schema true)
// over the same body.
func BenchmarkSyntax(b *testing.B) {
	r := rulesFor(b, `{}`)
	body := order.Body()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := r.schema.Validate(body); !ok {
			b.Fatal("invalid")
		}
	}
}

// BenchmarkUTF8 is the UTF-8 check alone over the same body.
func BenchmarkUTF8(b *testing.B) {
	body := order.Body()
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		var u utf8Stream
		if !u.write(body) || !u.end() {
			b.Fatal("invalid")
		}
	}
}
