package jwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/config"
)

// Test keys, generated once per test binary.
var (
	rsaKey, rsaKey2 = mustRSA(), mustRSA()
	ecKey, _        = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	edPub, edKey, _ = ed25519.GenerateKey(rand.Reader)
	hsSecret        = []byte("0123456789abcdef0123456789abcdef")
	testNow         = time.Unix(1_700_000_000, 0)
)

func mustRSA() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// sign builds a compact JWS from raw header and payload JSON, signed by hand so
// tests can write headers and payloads no library would produce.
func sign(alg, header, payload string, key any) string {
	in := b64(header) + "." + b64(payload)
	var sig []byte
	switch alg {
	case "RS256":
		h := sha256.Sum256([]byte(in))
		sig, _ = rsa.SignPKCS1v15(rand.Reader, key.(*rsa.PrivateKey), crypto.SHA256, h[:])
	case "ES256":
		h := sha256.Sum256([]byte(in))
		r, s, _ := ecdsa.Sign(rand.Reader, key.(*ecdsa.PrivateKey), h[:])
		sig = make([]byte, 64)
		r.FillBytes(sig[:32])
		s.FillBytes(sig[32:])
	case "EdDSA":
		sig = ed25519.Sign(key.(ed25519.PrivateKey), []byte(in))
	case "HS256":
		m := hmac.New(sha256.New, key.([]byte))
		m.Write([]byte(in))
		sig = m.Sum(nil)
	default:
		sig = []byte("sig")
	}
	return in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// claimsJSON is a valid payload for testProvider at testNow, with overrides
// (nil deletes a claim).
func claimsJSON(over map[string]any) string {
	c := map[string]any{"iss": "https://id.example.com/", "aud": "orders", "sub": "user-1",
		"exp": testNow.Unix() + 600, "iat": testNow.Unix() - 60, "nbf": testNow.Unix() - 60,
		"scope": "orders:read orders:write", "realm_access": map[string]any{"roles": []string{"admin", "ops"}}}
	for k, v := range over {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// testJWKS is the JWKS of rsaKey (kid r1), ecKey (kid e1) and edPub (kid d1).
func testJWKS(t testing.TB) []byte {
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &rsaKey.PublicKey, KeyID: "r1", Use: "sig"},
		{Key: &ecKey.PublicKey, KeyID: "e1", Algorithm: "ES256"},
		{Key: edPub, KeyID: "d1"}}}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testProvider compiles a provider with RS256, ES256, EdDSA and HS256 over
// testJWKS, with cfg applied to the policy first.
func testProvider(t testing.TB, cfg func(*config.JWTProvider)) *Provider {
	pc := &config.JWTProvider{Name: "corp", Issuer: "https://id.example.com/", Audiences: []string{"orders", "billing"},
		Algorithms: []config.Algorithm{config.RS256, config.ES256, config.EdDSA, config.HS256}, SecretKey: hsSecret,
		Claims:  config.ClaimPaths{Roles: "realm_access.roles"},
		Forward: map[string]string{"x-user-id": "sub", "x-roles": "realm_access.roles"},
		JWKS:    &config.JWKS{Remote: &config.RemoteJWKS{Cluster: "idp", Path: "/jwks"}}}
	if cfg != nil {
		cfg(pc)
	}
	p, err := Compile(pc)
	if err != nil {
		t.Fatal(err)
	}
	ks, skipped, err := ParseJWKS(testJWKS(t))
	if err != nil || len(skipped) != 0 {
		t.Fatal(err, skipped)
	}
	p.SetKeys(ks)
	return p
}
