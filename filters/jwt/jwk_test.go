package jwt

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"math/big"
	"testing"
)

// jwkMap is the public JWK of key (written by go-jose) as a map, to edit.
func jwkMap(t testing.TB, key any) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(jwkJSON(t, key, "k")), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// edit returns a copy of m with over applied (nil deletes a member).
func edit(m map[string]any, over map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for k, v := range over {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func b64big(n *big.Int) string { return b64url.EncodeToString(n.Bytes()) }

func TestParseKey(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	rsa := jwkMap(t, &rsaKey.PublicKey)
	ec := jwkMap(t, &ecKey.PublicKey)
	ed := jwkMap(t, edPub)
	evenN := new(big.Int).SetBit(rsaKey.N, 0, 0)
	bigN := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 4096), big.NewInt(1)) // 4097 bits, odd
	offCurveY := new(big.Int).Add(ecKey.Y, big.NewInt(1))
	zero32 := b64url.EncodeToString(make([]byte, 32))
	identity := b64url.EncodeToString(append([]byte{1}, make([]byte, 31)...))
	tests := []struct {
		name   string
		jwk    map[string]any
		reason string // "" accepts
	}{
		// RSA.
		{"RSA", rsa, ""},
		{"RSA e=3", edit(rsa, map[string]any{"e": "Aw"}), ""},
		{"RSA e with a leading zero byte", edit(rsa, map[string]any{"e": "AAEAAQ"}), ""},
		{"RSA e=1", edit(rsa, map[string]any{"e": "AQ"}), "invalid key: RSA exponent 1 (want an odd number from 3 to 2^31-1)"},
		{"RSA e=0", edit(rsa, map[string]any{"e": "AA"}), "invalid key: RSA exponent 0 (want an odd number from 3 to 2^31-1)"},
		{"RSA e=2", edit(rsa, map[string]any{"e": "Ag"}), "invalid key: RSA exponent 2 (want an odd number from 3 to 2^31-1)"},
		{"RSA e even", edit(rsa, map[string]any{"e": "AQAA"}), "invalid key: RSA exponent 65536 (want an odd number from 3 to 2^31-1)"},
		{"RSA e over 31 bits", edit(rsa, map[string]any{"e": "gAAAAQ"}), "invalid key: RSA exponent 2147483649 (want an odd number from 3 to 2^31-1)"},
		{"RSA n even", edit(rsa, map[string]any{"n": b64big(evenN)}), "invalid key: RSA modulus is even"},
		{"RSA n over 4096 bits", edit(rsa, map[string]any{"n": b64big(bigN)}), "RSA key of 4097 bits (want at most 4096)"},
		{"RSA n missing", edit(rsa, map[string]any{"n": nil}), `invalid key: missing "n"`},
		{"RSA e empty", edit(rsa, map[string]any{"e": ""}), `invalid key: missing "e"`},
		{"RSA n padded", edit(rsa, map[string]any{"n": rsa["n"].(string) + "="}), `invalid key: "n" is not base64url without padding`},
		{"RSA e standard base64", edit(rsa, map[string]any{"e": "A+A/"}), `invalid key: "e" is not base64url without padding`},
		{"RSA e with a newline", edit(rsa, map[string]any{"e": "AQ\nAB"}), `invalid key: "e" is not base64url without padding`},
		{"RSA e non-canonical", edit(rsa, map[string]any{"e": "AQB"}), `invalid key: "e" is not canonical base64url`},
		{"RSA n a number", edit(rsa, map[string]any{"n": 7}), `invalid key: "n" is not a string`},

		// EC.
		{"P-256", ec, ""},
		{"P-384", jwkMap(t, &p384.PublicKey), ""},
		{"P-521", jwkMap(t, &p521.PublicKey), ""},
		{"EC point off the curve", edit(ec, map[string]any{"y": b64url.EncodeToString(offCurveY.FillBytes(make([]byte, 32)))}), "invalid key: the point is not on P-256"},
		{"EC point (0, 0)", edit(ec, map[string]any{"x": zero32, "y": zero32}), "invalid key: the point is not on P-256"},
		{"EC x short", edit(ec, map[string]any{"x": b64url.EncodeToString(make([]byte, 31))}), `invalid key: "x" is 31 bytes (want 32 for P-256)`},
		{"EC y long", edit(ec, map[string]any{"y": b64url.EncodeToString(make([]byte, 33))}), `invalid key: "y" is 33 bytes (want 32 for P-256)`},
		{"P-521 x of 65 bytes", edit(jwkMap(t, &p521.PublicKey), map[string]any{"x": b64url.EncodeToString(make([]byte, 65))}), `invalid key: "x" is 65 bytes (want 66 for P-521)`},
		{"EC y missing", edit(ec, map[string]any{"y": nil}), `invalid key: missing "y"`},
		{"EC crv secp256k1", edit(ec, map[string]any{"crv": "secp256k1"}), `unsupported EC curve "secp256k1" (want P-256, P-384 or P-521)`},
		{"EC crv missing", edit(ec, map[string]any{"crv": nil}), `unsupported EC curve "" (want P-256, P-384 or P-521)`},
		{"EC private", edit(ec, map[string]any{"d": "AA"}), "private key material refused"},

		// OKP.
		{"Ed25519", ed, ""},
		{"Ed448", edit(ed, map[string]any{"crv": "Ed448", "x": b64url.EncodeToString(make([]byte, 57))}), `unsupported OKP curve "Ed448" (want Ed25519)`},
		{"X25519", edit(ed, map[string]any{"crv": "X25519"}), `unsupported OKP curve "X25519" (want Ed25519)`},
		{"Ed25519 x short", edit(ed, map[string]any{"x": b64url.EncodeToString(make([]byte, 31))}), `invalid key: "x" is 31 bytes (want 32 for Ed25519)`},
		{"Ed25519 low-order point 0", edit(ed, map[string]any{"x": zero32}), "invalid key: Ed25519 low-order point"},
		{"Ed25519 identity", edit(ed, map[string]any{"x": identity}), "invalid key: Ed25519 low-order point"},
		{"Ed25519 private", edit(ed, map[string]any{"d": ed["x"]}), "private key material refused"},

		// Members every key type shares.
		{"oct", map[string]any{"kty": "oct", "k": "AAAA"}, `symmetric key (kty "oct") refused: HS algorithms use the provider's secret`},
		{"oct without k", map[string]any{"kty": "oct"}, `symmetric key (kty "oct") refused: HS algorithms use the provider's secret`},
		{"kty missing", edit(rsa, map[string]any{"kty": nil}), `invalid key: no "kty"`},
		{"kty unknown", edit(rsa, map[string]any{"kty": "AKP"}), `unsupported key type "AKP"`},
		{"kid a number", edit(rsa, map[string]any{"kid": 1}), `invalid key: "kid" is not a string`},
		{"use a number", edit(rsa, map[string]any{"use": 1}), `invalid key: "use" is not a string`},
		{"use enc", edit(rsa, map[string]any{"use": "enc"}), `use "enc" (want sig)`},
		{"use sig", edit(rsa, map[string]any{"use": "sig"}), ""},
		{"alg PS256 on RSA", edit(rsa, map[string]any{"alg": "PS256"}), ""},
		{"alg HS256 on RSA", edit(rsa, map[string]any{"alg": "HS256"}), `alg "HS256" does not fit the key`},
		{"alg RSA-OAEP", edit(rsa, map[string]any{"alg": "RSA-OAEP"}), `alg "RSA-OAEP" does not fit the key`},
		{"alg ES384 on P-256", edit(ec, map[string]any{"alg": "ES384"}), `alg "ES384" does not fit the key`},
		{"RSA private d", edit(rsa, map[string]any{"d": "AQ"}), "private key material refused"},
		{"RSA private p", edit(rsa, map[string]any{"p": "AQ"}), "private key material refused"},
		{"RSA private q", edit(rsa, map[string]any{"q": "AQ"}), "private key material refused"},
		{"RSA private dp", edit(rsa, map[string]any{"dp": "AQ"}), "private key material refused"},
		{"RSA private dq", edit(rsa, map[string]any{"dq": "AQ"}), "private key material refused"},
		{"RSA private qi", edit(rsa, map[string]any{"qi": "AQ"}), "private key material refused"},
		{"RSA private k", edit(rsa, map[string]any{"k": "AQ"}), "private key material refused"},
		// Certificates are never parsed (that would link crypto/x509): ignored,
		// whatever they hold. key_ops is ignored as go-jose did.
		{"x5c, x5t, x5u ignored", edit(rsa, map[string]any{"x5c": []string{"not a certificate"}, "x5t": "!!", "x5t#S256": 7, "x5u": "::"}), ""},
		{"key_ops ignored", edit(rsa, map[string]any{"key_ops": []string{"encrypt"}}), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entry, err := json.Marshal(tt.jwk)
			if err != nil {
				t.Fatal(err)
			}
			set, skipped, err := ParseJWKS([]byte(`{"keys":[` + string(entry) + `]}`))
			if tt.reason == "" {
				if err != nil || set.Len() != 1 {
					t.Fatalf("refused: %v %v", err, skipped)
				}
				return
			}
			if len(skipped) != 1 || skipped[0].Reason != tt.reason {
				t.Fatalf("skipped %q\nwant reason %q", skipped, tt.reason)
			}
		})
	}
}

// TestParseKeyKid checks that a refused key is named by its kid.
func TestParseKeyKid(t *testing.T) {
	_, skipped, _ := ParseJWKS([]byte(`{"keys":[{"kty":"RSA","kid":"k7","n":"AQAB","e":"AQ"}]}`))
	want := `keys[0] (kid "k7"): invalid key: RSA exponent 1 (want an odd number from 3 to 2^31-1)`
	if len(skipped) != 1 || skipped[0].String() != want {
		t.Fatalf("skipped %q, want %q", skipped, want)
	}
}
