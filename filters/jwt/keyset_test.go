package jwt

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/config"
)

// jwkJSON is the public JWK of key with kid.
func jwkJSON(t testing.TB, key any, kid string) string {
	b, err := json.Marshal(jose.JSONWebKey{Key: key, KeyID: kid})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseJWKS(t *testing.T) {
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	p224, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	priv, _ := json.Marshal(jose.JSONWebKey{Key: rsaKey, KeyID: "priv"})
	good := jwkJSON(t, &rsaKey.PublicKey, "good")
	withField := func(k, member string) string { return strings.TrimSuffix(k, "}") + "," + member + "}" }
	doc := `{"keys":[` + strings.Join([]string{
		good,
		string(priv),
		`{"kty":"oct","kid":"sym","k":"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"}`,
		jwkJSON(t, &small.PublicKey, "small"),
		`{"kty":"EC","kid":"p224","crv":"P-224","x":"` + b64(string(p224.X.Bytes())) + `","y":"` + b64(string(p224.Y.Bytes())) + `"}`,
		withField(jwkJSON(t, &ecKey.PublicKey, "enc"), `"use":"enc"`),
		withField(jwkJSON(t, &ecKey.PublicKey, "badalg"), `"alg":"RS256"`),
		`{"kty":"OKP","kid":"x25519","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`,
		`{"kty":"RSA","kid":"broken","n":"!!","e":"AQAB"}`,
		`7`,
		withField(jwkJSON(t, &ecKey.PublicKey, "ec"), `"alg":"ES256","use":"sig"`),
	}, ",") + `],"other":1}`
	set, skipped, err := ParseJWKS([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range skipped {
		got = append(got, s.String())
	}
	want := []string{
		`keys[1] (kid "priv"): private key material refused`,
		`keys[2] (kid "sym"): symmetric key (kty "oct") refused: HS algorithms use the provider's secret`,
		`keys[3] (kid "small"): RSA key of 1024 bits (want at least 2048)`,
		`keys[4] (kid "p224"): unsupported EC curve "P-224" (want P-256, P-384 or P-521)`,
		`keys[5] (kid "enc"): use "enc" (want sig)`,
		`keys[6] (kid "badalg"): alg "RS256" does not fit the key`,
		`keys[7] (kid "x25519"): unsupported OKP curve "X25519" (want Ed25519)`,
		`keys[8] (kid "broken"): invalid key: "n" is not base64url without padding`,
		`keys[9] (kid ""): invalid key: not a JSON object`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skipped:\n got %q\nwant %q", got, want)
	}
	if set.Len() != 2 {
		t.Fatalf("usable keys %d", set.Len())
	}
	if ks, err := set.Lookup("ec", config.ES256); err != nil || len(ks) != 1 {
		t.Errorf("lookup ec: %v", err)
	}
	if _, err := set.Lookup("", config.ES384); errString(err) != "kid unknown: token has no kid and no key fits ES384" {
		t.Errorf("lookup without kid: %v", err)
	}
}

func TestParseJWKSErrors(t *testing.T) {
	tests := []struct{ name, in, msg string }{
		{"invalid JSON", `{"keys":[`, "jwks unavailable: JWKS: unexpected end of input at offset 9"},
		{"not an object", `[]`, "jwks unavailable: JWKS: not a JSON object"},
		{"no keys", `{"key":[]}`, "jwks unavailable: JWKS has no keys array"},
		{"keys not an array", `{"keys":{}}`, "jwks unavailable: JWKS has no keys array"},
		{"duplicate keys member", `{"keys":[],"keys":[]}`, "jwks unavailable: JWKS: json: duplicate key 'keys' in object"},
		{"empty", `{"keys":[]}`, "jwks unavailable: no usable key in the JWKS (0 skipped)"},
		{"only bad keys", `{"keys":[{"kty":"oct","k":"AA"},1]}`, "jwks unavailable: no usable key in the JWKS (2 skipped)"},
		{"too large", `{"keys":[` + strings.Repeat(" ", MaxJWKSBytes) + `]}`, "jwks unavailable: JWKS is 524299 bytes (limit 524288)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, _, err := ParseJWKS([]byte(tt.in))
			if set != nil || errString(err) != tt.msg || !errors.Is(err, ErrJWKSUnavailable) {
				t.Fatalf("ParseJWKS = %v, %q; want %q", set, errString(err), tt.msg)
			}
		})
	}
}

func TestNewKeySetInline(t *testing.T) {
	var jwk config.JWK
	if err := json.Unmarshal([]byte(jwkJSON(t, &rsaKey.PublicKey, "a")), &jwk); err != nil {
		t.Fatal(err)
	}
	ks, err := NewKeySet([]config.JWK{jwk})
	if err != nil || ks.Len() != 1 {
		t.Fatalf("NewKeySet: %v", err)
	}
	_, err = NewKeySet([]config.JWK{jwk, {Kty: "RSA", N: "AQAB", E: "AQAB"}})
	if errString(err) != "keys[1]: RSA key of 17 bits (want at least 2048)" {
		t.Fatalf("NewKeySet small: %v", err)
	}
	_, err = Compile(&config.JWTProvider{Name: "x", Algorithms: []config.Algorithm{config.RS256},
		JWKS: &config.JWKS{Inline: &config.InlineJWKS{Keys: []config.JWK{{Kty: "EC", Crv: "P-256", X: "AA", Y: "AA"}}}}})
	if errString(err) != `jwks.inline.keys[0]: invalid key: "x" is 1 bytes (want 32 for P-256)` {
		t.Fatalf("Compile: %v", err)
	}
}
