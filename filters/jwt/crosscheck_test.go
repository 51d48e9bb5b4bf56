package jwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/config"
)

// go-jose v4 is the independent implementation the verifier is checked
// against: it mints tokens and JWKs the package must accept, and it verifies
// what the package accepts (FuzzVerify) and what a hand signer produces.

// crossSecret is the HS secret of the cross-check provider: long enough for HS512.
var crossSecret = []byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")

// crossKey is one signing key of the cross-check, for the algorithms in algs.
type crossKey struct {
	kid  string
	algs []config.Algorithm
	priv crypto.Signer
}

// crossKeys are an RSA key, one key per NIST curve and an Ed25519 key.
var crossKeys = sync.OnceValue(func() []crossKey {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	return []crossKey{
		{"rsa", []config.Algorithm{config.RS256, config.RS384, config.RS512, config.PS256, config.PS384, config.PS512}, rsaKey},
		{"p256", []config.Algorithm{config.ES256}, ecKey},
		{"p384", []config.Algorithm{config.ES384}, p384},
		{"p521", []config.Algorithm{config.ES512}, p521},
		{"ed", []config.Algorithm{config.EdDSA}, edKey},
	}
})

// crossKeyFor returns the key of alg (nil for HS).
func crossKeyFor(alg config.Algorithm) *crossKey {
	for i, k := range crossKeys() {
		if slices.Contains(k.algs, alg) {
			return &crossKeys()[i]
		}
	}
	return nil
}

// crossJWKS is the public JWKS of crossKeys, written by go-jose.
func crossJWKS(t testing.TB) []byte {
	var set jose.JSONWebKeySet
	for _, k := range crossKeys() {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.priv.Public(), KeyID: k.kid, Use: "sig"})
	}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// crossProvider accepts every algorithm, with crossJWKS and crossSecret.
func crossProvider(t testing.TB) *Provider {
	p, err := Compile(&config.JWTProvider{Name: "cross", Issuer: "https://id.example.com/", Audiences: []string{"orders"},
		Algorithms: config.Algorithms(), SecretKey: crossSecret,
		JWKS: &config.JWKS{Remote: &config.RemoteJWKS{Cluster: "idp", Path: "/jwks"}}})
	if err != nil {
		t.Fatal(err)
	}
	ks, skipped, err := ParseJWKS(crossJWKS(t))
	if err != nil || len(skipped) != 0 {
		t.Fatal(err, skipped)
	}
	p.SetKeys(ks)
	return p
}

// joseSign mints a compact JWS of payload with go-jose; withKid puts the key's
// kid in the header.
func joseSign(t testing.TB, alg config.Algorithm, payload string, withKid bool) string {
	var key any = crossSecret
	if k := crossKeyFor(alg); k != nil {
		key = k.priv
		if withKid {
			key = jose.JSONWebKey{Key: k.priv, KeyID: k.kid}
		}
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(alg), Key: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// joseVerifies reports whether go-jose verifies tok as alg with the cross-check
// key of alg (or the secret), and returns the payload it verified.
func joseVerifies(tok string, alg config.Algorithm) ([]byte, bool) {
	jws, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
	if err != nil {
		return nil, false
	}
	var key any = crossSecret
	if k := crossKeyFor(alg); k != nil {
		key = k.priv.Public()
	} else if !alg.Symmetric() {
		return nil, false
	}
	payload, err := jws.Verify(key)
	return payload, err == nil
}

// stdSign signs input for alg with the standard library, as RFC 7518 says:
// code written independently of verifySignature, checked against go-jose.
func stdSign(t testing.TB, alg config.Algorithm, input []byte) []byte {
	h := map[string]crypto.Hash{"256": crypto.SHA256, "384": crypto.SHA384, "512": crypto.SHA512}[string(alg)[2:]]
	var sum []byte
	if h != 0 {
		d := h.New()
		d.Write(input)
		sum = d.Sum(nil)
	}
	k := crossKeyFor(alg)
	var sig []byte
	var err error
	switch {
	case strings.HasPrefix(string(alg), "RS"):
		sig, err = rsa.SignPKCS1v15(rand.Reader, k.priv.(*rsa.PrivateKey), h, sum)
	case strings.HasPrefix(string(alg), "PS"):
		sig, err = rsa.SignPSS(rand.Reader, k.priv.(*rsa.PrivateKey), h, sum, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	case strings.HasPrefix(string(alg), "ES"):
		priv := k.priv.(*ecdsa.PrivateKey)
		size := (priv.Curve.Params().BitSize + 7) / 8
		r, s, e := ecdsa.Sign(rand.Reader, priv, sum)
		sig, err = rawES(r, s, size), e
	case alg == config.EdDSA:
		sig = ed25519.Sign(k.priv.(ed25519.PrivateKey), input)
	default:
		m := hmac.New(h.New, crossSecret)
		m.Write(input)
		sig = m.Sum(nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// TestCrossCheckGoJoseMints: every token go-jose mints, for every algorithm,
// with and without kid, verifies here; flipping one bit of its signature makes
// both refuse it.
func TestCrossCheckGoJoseMints(t *testing.T) {
	p := crossProvider(t)
	payload := claimsJSON(map[string]any{"aud": "orders"})
	for _, alg := range config.Algorithms() {
		for _, withKid := range []bool{true, false} {
			tok := joseSign(t, alg, payload, withKid)
			id, err := p.Verify(tok, testNow)
			if err != nil || id.Subject != "user-1" {
				t.Errorf("%s (kid %v): %v", alg, withKid, err)
				continue
			}
			i := strings.LastIndexByte(tok, '.')
			sig, _ := b64url.DecodeString(tok[i+1:])
			sig[len(sig)/2] ^= 1
			bad := tok[:i+1] + b64url.EncodeToString(sig)
			if _, err := p.Verify(bad, testNow); errString(err) != "signature invalid: "+string(alg)+" signature does not verify with 1 key(s)" {
				t.Errorf("%s flipped bit: %v", alg, err)
			}
			if _, ok := joseVerifies(bad, alg); ok {
				t.Errorf("%s: go-jose accepts the flipped bit", alg)
			}
		}
	}
}

// TestCrossCheckGoJoseVerifies: tokens signed by the standard library as RFC
// 7518 describes verify both here and in go-jose, for every algorithm.
func TestCrossCheckGoJoseVerifies(t *testing.T) {
	p := crossProvider(t)
	payload := claimsJSON(map[string]any{"aud": "orders"})
	for _, alg := range config.Algorithms() {
		header := `{"alg":"` + string(alg) + `"}`
		tok := signedBy(header, payload, func(in []byte) []byte { return stdSign(t, alg, in) })
		if _, err := p.Verify(tok, testNow); err != nil {
			t.Errorf("%s: %v", alg, err)
		}
		if got, ok := joseVerifies(tok, alg); !ok || string(got) != payload {
			t.Errorf("%s: go-jose refuses the token", alg)
		}
	}
}

// TestCrossCheckPSSSalt documents the one place the verifier is stricter than
// go-jose: go-jose accepts any PSS salt length, RFC 7518 §3.5 (and this
// package) only the hash size.
func TestCrossCheckPSSSalt(t *testing.T) {
	p := crossProvider(t)
	payload := claimsJSON(map[string]any{"aud": "orders"})
	for _, salt := range []int{0, 20, rsa.PSSSaltLengthAuto} {
		tok := signedBy(`{"alg":"PS256"}`, payload, pssSign(salt))
		if _, ok := joseVerifies(tok, config.PS256); !ok {
			t.Errorf("salt %d: go-jose refuses", salt)
		}
		if _, err := p.Verify(tok, testNow); errString(err) != "signature invalid: PS256 signature does not verify with 1 key(s)" {
			t.Errorf("salt %d: %v", salt, err)
		}
	}
}

// TestCrossCheckJWKs: every public JWK go-jose writes parses to the same key,
// and go-jose writes the parsed key back to the same JSON.
func TestCrossCheckJWKs(t *testing.T) {
	for _, k := range crossKeys() {
		want := jwkJSON(t, k.priv.Public(), k.kid)
		set, skipped, err := ParseJWKS([]byte(`{"keys":[` + want + `]}`))
		if err != nil {
			t.Fatalf("%s: %v %v", k.kid, err, skipped)
		}
		got := set.keys[0]
		if got.Kid != k.kid || !got.Public.(interface{ Equal(crypto.PublicKey) bool }).Equal(k.priv.Public()) {
			t.Errorf("%s: parsed %+v", k.kid, got)
		}
		if back := jwkJSON(t, got.Public, got.Kid); back != want {
			t.Errorf("%s: round trip\n got %s\nwant %s", k.kid, back, want)
		}
	}
}
