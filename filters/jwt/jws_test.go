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
	"crypto/sha512"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

// signedBy builds a compact JWS from header and payload JSON with a signature
// computed by sig over the signing input, so tests can produce any signature.
func signedBy(header, payload string, sig func(input []byte) []byte) string {
	in := b64(header) + "." + b64(payload)
	return in + "." + b64url.EncodeToString(sig([]byte(in)))
}

// rawES is an ES signature r||s with each half size bytes.
func rawES(r, s *big.Int, size int) []byte {
	out := make([]byte, 2*size)
	r.FillBytes(out[:size])
	s.FillBytes(out[size:])
	return out
}

// esSign signs the SHA-256 of input with ecKey, as r and s.
func esSign(input []byte) (r, s *big.Int) {
	h := sha256.Sum256(input)
	r, s, err := ecdsa.Sign(rand.Reader, ecKey, h[:])
	if err != nil {
		panic(err)
	}
	return r, s
}

func pssSign(salt int) func([]byte) []byte {
	return func(in []byte) []byte {
		h := sha256.Sum256(in)
		sig, err := rsa.SignPSS(rand.Reader, rsaKey, crypto.SHA256, h[:], &rsa.PSSOptions{SaltLength: salt})
		if err != nil {
			panic(err)
		}
		return sig
	}
}

func TestVerifySignatureAttacks(t *testing.T) {
	p := testProvider(t, func(c *config.JWTProvider) {
		c.Algorithms = []config.Algorithm{config.RS256, config.PS256, config.ES256, config.ES384, config.EdDSA, config.HS256}
	})
	claims := claimsJSON(nil)
	n := ecKey.Curve.Params().N
	es := `{"alg":"ES256","kid":"e1"}`
	rsaPKIX, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	rsaPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: rsaPKIX})
	hs := func(secret []byte) func([]byte) []byte {
		return func(in []byte) []byte {
			m := hmac.New(sha256.New, secret)
			m.Write(in)
			return m.Sum(nil)
		}
	}
	const doesNotVerify = " signature does not verify with 1 key(s)"
	tests := []struct {
		name  string
		token string
		want  error
		msg   string
	}{
		// ECDSA: fixed-length r||s, both in [1, N-1], the algorithm's hash.
		{"ES256 signature of 63 bytes", signedBy(es, claims, func(in []byte) []byte { r, s := esSign(in); return rawES(r, s, 32)[1:] }),
			ErrSignatureInvalid, "signature invalid: ES256 signature is 63 bytes (want 64)"},
		{"ES256 signature of 65 bytes", signedBy(es, claims, func(in []byte) []byte { r, s := esSign(in); return append([]byte{0}, rawES(r, s, 32)...) }),
			ErrSignatureInvalid, "signature invalid: ES256 signature is 65 bytes (want 64)"},
		{"ES256 signature as ES384 length", signedBy(es, claims, func(in []byte) []byte { r, s := esSign(in); return rawES(r, s, 48) }),
			ErrSignatureInvalid, "signature invalid: ES256 signature is 96 bytes (want 64)"},
		{"ES256 r = 0", signedBy(es, claims, func(in []byte) []byte { _, s := esSign(in); return rawES(big.NewInt(0), s, 32) }),
			ErrSignatureInvalid, "signature invalid: ES256" + doesNotVerify},
		{"ES256 s = 0", signedBy(es, claims, func(in []byte) []byte { r, _ := esSign(in); return rawES(r, big.NewInt(0), 32) }),
			ErrSignatureInvalid, "signature invalid: ES256" + doesNotVerify},
		{"ES256 r = N", signedBy(es, claims, func(in []byte) []byte { _, s := esSign(in); return rawES(n, s, 32) }),
			ErrSignatureInvalid, "signature invalid: ES256" + doesNotVerify},
		{"ES256 s = N", signedBy(es, claims, func(in []byte) []byte { r, _ := esSign(in); return rawES(r, n, 32) }),
			ErrSignatureInvalid, "signature invalid: ES256" + doesNotVerify},
		{"ES256 r = s = 0", signedBy(es, claims, func([]byte) []byte { return make([]byte, 64) }),
			ErrSignatureInvalid, "signature invalid: ES256" + doesNotVerify},
		{"ES256 signed over SHA-384", signedBy(es, claims, func(in []byte) []byte {
			h := sha512.Sum384(in)
			r, s, _ := ecdsa.Sign(rand.Reader, ecKey, h[:])
			return rawES(r, s, 32)
		}), ErrSignatureInvalid, "signature invalid: ES256" + doesNotVerify},
		{"ES384 token naming the P-256 key", signedBy(`{"alg":"ES384","kid":"e1"}`, claims, func([]byte) []byte { return make([]byte, 96) }),
			ErrAlgNotAllowed, `algorithm not allowed: key "e1": key is for ES256, token uses ES384`},
		{"ES384 token without kid and no P-384 key", signedBy(`{"alg":"ES384"}`, claims, func([]byte) []byte { return make([]byte, 96) }),
			ErrKidUnknown, "kid unknown: token has no kid and no key fits ES384"},

		// RSA: PKCS#1 v1.5 and PSS are not interchangeable; PSS salt = hash size.
		{"PS256 salt length 0", signedBy(`{"alg":"PS256","kid":"r1"}`, claims, pssSign(0)),
			ErrSignatureInvalid, "signature invalid: PS256" + doesNotVerify},
		{"PS256 maximal salt", signedBy(`{"alg":"PS256","kid":"r1"}`, claims, pssSign(rsa.PSSSaltLengthAuto)),
			ErrSignatureInvalid, "signature invalid: PS256" + doesNotVerify},
		{"PS256 salt length 20", signedBy(`{"alg":"PS256","kid":"r1"}`, claims, pssSign(20)),
			ErrSignatureInvalid, "signature invalid: PS256" + doesNotVerify},
		{"PS256 token with a PKCS#1 v1.5 signature", signedBy(`{"alg":"PS256","kid":"r1"}`, claims, func(in []byte) []byte {
			h := sha256.Sum256(in)
			sig, _ := rsa.SignPKCS1v15(rand.Reader, rsaKey, crypto.SHA256, h[:])
			return sig
		}), ErrSignatureInvalid, "signature invalid: PS256" + doesNotVerify},
		{"RS256 token with a PSS signature", signedBy(`{"alg":"RS256","kid":"r1"}`, claims, pssSign(rsa.PSSSaltLengthEqualsHash)),
			ErrSignatureInvalid, "signature invalid: RS256" + doesNotVerify},
		{"RS256 signed over SHA-512", signedBy(`{"alg":"RS256","kid":"r1"}`, claims, func(in []byte) []byte {
			h := sha512.Sum512(in)
			sig, _ := rsa.SignPKCS1v15(rand.Reader, rsaKey, crypto.SHA512, h[:])
			return sig
		}), ErrSignatureInvalid, "signature invalid: RS256" + doesNotVerify},
		{"RS256 signature one byte short", signedBy(`{"alg":"RS256","kid":"r1"}`, claims, func(in []byte) []byte {
			h := sha256.Sum256(in)
			sig, _ := rsa.SignPKCS1v15(rand.Reader, rsaKey, crypto.SHA256, h[:])
			return sig[1:]
		}),
			ErrSignatureInvalid, "signature invalid: RS256" + doesNotVerify},
		{"alg swapped RS256 to PS256 (same key)", func() string {
			parts := strings.Split(sign("RS256", `{"alg":"RS256","kid":"r1"}`, claims, rsaKey), ".")
			return b64(`{"alg":"PS256","kid":"r1"}`) + "." + parts[1] + "." + parts[2]
		}(), ErrSignatureInvalid, "signature invalid: PS256" + doesNotVerify},

		// EdDSA.
		{"EdDSA signature of 63 bytes", signedBy(`{"alg":"EdDSA","kid":"d1"}`, claims, func(in []byte) []byte { return ed25519.Sign(edKey, in)[:63] }),
			ErrSignatureInvalid, "signature invalid: EdDSA signature is 63 bytes (want 64)"},
		{"EdDSA signature of the payload only", signedBy(`{"alg":"EdDSA","kid":"d1"}`, claims, func([]byte) []byte { return ed25519.Sign(edKey, []byte(b64(claims))) }),
			ErrSignatureInvalid, "signature invalid: EdDSA" + doesNotVerify},
		{"EdDSA token naming the EC key", signedBy(`{"alg":"EdDSA","kid":"e1"}`, claims, func(in []byte) []byte { return ed25519.Sign(edKey, in) }),
			ErrAlgNotAllowed, `algorithm not allowed: key "e1": key is for ES256, token uses EdDSA`},

		// HMAC: only the provider's secret; a public key is never a secret.
		{"HS256 signature truncated to 16 bytes", signedBy(`{"alg":"HS256"}`, claims, func(in []byte) []byte { return hs(hsSecret)(in)[:16] }),
			ErrSignatureInvalid, "signature invalid: HS256 signature is 16 bytes (want 32)"},
		{"HS256 keyed with the RSA public key PEM", signedBy(`{"alg":"HS256","kid":"r1"}`, claims, hs(rsaPEM)),
			ErrSignatureInvalid, "signature invalid: HS256" + doesNotVerify},
		{"HS256 keyed with the RSA public key DER", signedBy(`{"alg":"HS256","kid":"r1"}`, claims, hs(rsaPKIX)),
			ErrSignatureInvalid, "signature invalid: HS256" + doesNotVerify},
		{"HS256 keyed with the RSA JWK", signedBy(`{"alg":"HS256","kid":"r1"}`, claims, hs([]byte(jwkJSON(t, &rsaKey.PublicKey, "r1")))),
			ErrSignatureInvalid, "signature invalid: HS256" + doesNotVerify},
		{"HS256 keyed with the RSA modulus", signedBy(`{"alg":"HS256","kid":"r1"}`, claims, hs(rsaKey.N.Bytes())),
			ErrSignatureInvalid, "signature invalid: HS256" + doesNotVerify},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := p.Verify(tt.token, testNow)
			if err == nil {
				t.Fatalf("Verify accepted the token: %+v", id)
			}
			if !errors.Is(err, tt.want) || err.Error() != tt.msg {
				t.Fatalf("err = %q\nwant %q (%v)", err, tt.msg, tt.want)
			}
			if r, ok := filters.ReasonOf(err); !ok || r != tt.want.(*filters.ReasonError).Reason {
				t.Fatalf("reason %q", r)
			}
		})
	}
}

// TestAlgorithmConfusionWithoutHS checks that a provider without HS refuses an
// HS token keyed with its RSA public key before any cryptography.
func TestAlgorithmConfusionWithoutHS(t *testing.T) {
	p := testProvider(t, func(c *config.JWTProvider) { c.Algorithms = []config.Algorithm{config.RS256}; c.SecretKey = nil })
	der, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	tok := sign("HS256", `{"alg":"HS256","kid":"r1"}`, claimsJSON(nil), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	_, err := p.Verify(tok, testNow)
	if want := `algorithm not allowed: alg "HS256" is not in the provider's algorithms`; errString(err) != want {
		t.Fatalf("err = %q, want %q", errString(err), want)
	}
}

// TestVerifyPSSSaltEqualsHash checks that PS256/384/512 accept a salt as long
// as the hash, the one RFC 7518 §3.5 allows.
func TestVerifyPSSSaltEqualsHash(t *testing.T) {
	p := testProvider(t, func(c *config.JWTProvider) {
		c.Algorithms = []config.Algorithm{config.PS256, config.PS384, config.PS512}
	})
	for _, tt := range []struct {
		alg  string
		hash crypto.Hash
	}{{"PS256", crypto.SHA256}, {"PS384", crypto.SHA384}, {"PS512", crypto.SHA512}} {
		tok := signedBy(`{"alg":"`+tt.alg+`","kid":"r1"}`, claimsJSON(nil), func(in []byte) []byte {
			h := tt.hash.New()
			h.Write(in)
			sig, err := rsa.SignPSS(rand.Reader, rsaKey, tt.hash, h.Sum(nil), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
			if err != nil {
				t.Fatal(err)
			}
			return sig
		})
		if _, err := p.Verify(tok, testNow); err != nil {
			t.Errorf("%s: %v", tt.alg, err)
		}
	}
}

// TestVerifySignatureKeyMismatch covers verifySignature's second line of
// defence: a key that cannot verify the algorithm is an error, never a
// fallback to another algorithm.
func TestVerifySignatureKeyMismatch(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	in := []byte("e30.e30")
	tests := []struct {
		name string
		alg  config.Algorithm
		sig  []byte
		key  any
		msg  string
	}{
		{"RS256 with an EC key", config.RS256, make([]byte, 256), &ecKey.PublicKey, "key of type *ecdsa.PublicKey does not fit"},
		{"PS256 with an Ed25519 key", config.PS256, make([]byte, 256), edPub, "key of type ed25519.PublicKey does not fit"},
		{"ES256 with a P-384 key", config.ES256, make([]byte, 64), &p384.PublicKey, "key of type *ecdsa.PublicKey does not fit"},
		{"ES384 with an RSA key", config.ES384, make([]byte, 96), &rsaKey.PublicKey, "key of type *rsa.PublicKey does not fit"},
		{"EdDSA with an RSA key", config.EdDSA, make([]byte, 64), &rsaKey.PublicKey, "key of type *rsa.PublicKey does not fit"},
		{"EdDSA with a short key", config.EdDSA, make([]byte, 64), ed25519.PublicKey{1}, "key of type ed25519.PublicKey does not fit"},
		{"HS256 with an RSA key", config.HS256, make([]byte, 32), &rsaKey.PublicKey, "key of type *rsa.PublicKey does not fit"},
		{"HS512 with a 32-byte secret", config.HS512, make([]byte, 64), hsSecret, "secret is 32 bytes (want at least 64)"},
		{"unknown algorithm", "XS256", nil, hsSecret, "is not a supported algorithm"},
		{"bad RS256 signature", config.RS256, make([]byte, 256), &rsaKey.PublicKey, "signature does not verify"},
		{"good ES256 signature", config.ES256, func() []byte { r, s := esSign(in); return rawES(r, s, 32) }(), &ecKey.PublicKey, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := verifySignature(tt.alg, in, tt.sig, tt.key); errString(err) != tt.msg {
				t.Fatalf("err = %q, want %q", errString(err), tt.msg)
			}
		})
	}
}

// TestVerifyNamesSignatureDetail checks the log detail of a refusal that is
// not a plain mismatch: the algorithm once, then the reason.
func TestVerifyNamesSignatureDetail(t *testing.T) {
	p := testProvider(t, func(c *config.JWTProvider) { c.Algorithms = []config.Algorithm{config.HS512} })
	tok := signedBy(`{"alg":"HS512"}`, claimsJSON(nil), func([]byte) []byte { return make([]byte, 64) })
	_, err := p.Verify(tok, testNow)
	if want := "signature invalid: HS512 secret is 32 bytes (want at least 64)"; errString(err) != want || !errors.Is(err, ErrSignatureInvalid) {
		t.Fatalf("err = %q, want %q", errString(err), want)
	}
}
