package jwt

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

// FuzzParseToken checks that ParseToken never panics, that every error wraps
// ErrTokenMalformed or ErrAlgNotAllowed and never quotes the token, that an
// accepted token has exactly three canonical segments, and that Verify (which
// adds the signature and the claims) agrees on structure. Seeds: testdata/fuzz/FuzzParseToken.
func FuzzParseToken(f *testing.F) {
	f.Add(sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(nil), rsaKey))
	f.Add(sign("HS256", `{"alg":"HS256","crit":["b64"],"b64":false}`, `{}`, hsSecret))
	f.Add("a.b.c.d.e")
	p := testProvider(f, nil)
	f.Fuzz(func(t *testing.T, raw string) {
		tok, err := ParseToken(raw, 0)
		if err != nil {
			if !errors.Is(err, ErrTokenMalformed) && !errors.Is(err, ErrAlgNotAllowed) {
				t.Fatalf("unexpected error class: %v", err)
			}
			if len(raw) > 16 && strings.Contains(err.Error(), raw) {
				t.Fatalf("error quotes the token")
			}
			if _, verr := p.Verify(raw, testNow); verr == nil {
				t.Fatalf("Verify accepted what ParseToken refused: %v", err)
			}
			return
		}
		if strings.Count(raw, ".") != 2 || tok.Header.Alg == "" || strings.EqualFold(string(tok.Header.Alg), "none") {
			t.Fatalf("accepted %q", raw)
		}
		parts := strings.Split(raw, ".")
		if b64url.EncodeToString(tok.Payload) != parts[1] || b64url.EncodeToString(tok.Signature) != parts[2] {
			t.Fatalf("non-canonical segments accepted")
		}
		_, verr := p.Verify(raw, testNow)
		if verr != nil {
			if _, ok := filters.ReasonOf(verr); !ok {
				t.Fatalf("Verify error without reason: %v", verr)
			}
		}
	})
}

// FuzzParseJWKS checks that ParseJWKS never panics, returns either a non-empty
// set or an ErrJWKSUnavailable, and that every usable key can be looked up.
// Seeds: testdata/fuzz/FuzzParseJWKS.
func FuzzParseJWKS(f *testing.F) {
	f.Add(string(testJWKS(f)))
	f.Add(`{"keys":[{"kty":"oct","k":"AA"},{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		set, skipped, err := ParseJWKS([]byte(doc))
		if err != nil {
			if set != nil || !errors.Is(err, ErrJWKSUnavailable) {
				t.Fatalf("ParseJWKS = %v, %v", set, err)
			}
			return
		}
		if set.Len() == 0 {
			t.Fatal("empty set without error")
		}
		for _, s := range skipped {
			if s.Reason == "" {
				t.Fatal("skipped key without reason")
			}
		}
		for _, k := range set.keys {
			if k.Public == nil {
				t.Fatal("key without public key")
			}
		}
	})
}

// FuzzVerify checks Verify, every algorithm allowed, against go-jose: it never
// panics, every error carries a reason code, and every token it accepts go-jose
// verifies too, with the same key, to the same payload. Seeds: one go-jose
// token per algorithm (the keys are generated per run, so there is no stored
// corpus).
func FuzzVerify(f *testing.F) {
	p := crossProvider(f)
	payload := claimsJSON(map[string]any{"aud": "orders"})
	for _, alg := range config.Algorithms() {
		f.Add(joseSign(f, alg, payload, true))
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := p.Verify(raw, testNow)
		if err != nil {
			if _, ok := filters.ReasonOf(err); !ok {
				t.Fatalf("error without reason: %v", err)
			}
			return
		}
		tok, err := ParseToken(raw, 0)
		if err != nil {
			t.Fatalf("Verify accepted what ParseToken refuses: %v", err)
		}
		got, ok := joseVerifies(raw, tok.Header.Alg)
		if !ok || !bytes.Equal(got, tok.Payload) {
			t.Fatalf("accepted %q, which go-jose refuses", raw)
		}
	})
}
