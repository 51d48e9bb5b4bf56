package jsontree

import "testing"

// BenchmarkParse reads what the .wasm reads per cold token: a JWS header and
// a claim set.
func BenchmarkParse(b *testing.B) {
	header := []byte(`{"alg":"RS256","kid":"r1","typ":"JWT"}`)
	claims := []byte(`{"iss":"https://issuer.example","sub":"user-123","aud":["orders","billing"],"exp":1900000000,"nbf":1700000000,"iat":1700000000,"scope":"read write","roles":["admin","dev"],"tenant":{"id":"t1","plan":"pro"}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(header); err != nil {
			b.Fatal(err)
		}
		if _, err := Parse(claims); err != nil {
			b.Fatal(err)
		}
	}
}
