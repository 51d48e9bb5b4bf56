package redact

import (
	"testing"

	"github.com/tidwall/gjson"
)

// benchBody is the 1 KB body of internal/wasmbench's redact pieces.
var benchBody = []byte(`{"users":[` +
	`{"id":1,"name":"Ann Example","email":"ann@example.com","ssn":"111-22-3333","roles":["admin","ops"],"address":{"street":"1 Main St","city":"Springfield","zip":"12345"},"password":"hunter2"},` +
	`{"id":2,"name":"Bob Example","email":"bob@example.com","ssn":"222-33-4444","roles":["user"],"address":{"street":"2 Side St","city":"Shelbyville","zip":"23456"},"tags":[["a","b"],["c"]]},` +
	`{"id":3,"name":"Cy Example","email":"cy@example.com","ssn":"333-44-5555","roles":[],"address":{"street":"3 High St","city":"Ogdenville","zip":"34567"},"password":"swordfish"},` +
	`{"id":4,"name":"Di Example","email":"di@example.com","ssn":"444-55-6666","roles":["user","beta"],"address":{"street":"4 Low St","city":"North Haverbrook","zip":"45678"}}],` +
	`"session":{"token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl","expires_in":3600,"refresh":"r-123"},` +
	`"page":{"next":"/v1/users?cursor=abc","size":4,"total":1234},"meta":{"generated":"2026-11-22T08:00:00Z","version":"1.4.2","links":[{"rel":"self","href":"/v1/users"}]}}`)

// BenchmarkRedact1K and BenchmarkGjsonValid1K compare natively what
// internal/wasmbench compares inside wasm.
func BenchmarkRedact1K(b *testing.B) {
	p := plan(b, `{"fields":["password","*.token","users.#.ssn"]}`)
	var r Redactor
	b.SetBytes(int64(len(benchBody)))
	for i := 0; i < b.N; i++ {
		if _, n, err := r.Redact(p, benchBody); err != nil || n != 7 {
			b.Fatal(n, err)
		}
	}
}

func BenchmarkGjsonValid1K(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	for i := 0; i < b.N; i++ {
		if !gjson.ValidBytes(benchBody) {
			b.Fatal("invalid")
		}
	}
}
