package jwt

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"math/big"

	"gatehouse/config"
)

// This file turns one JWK (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2) into a Key
// with the standard library alone. Certificates (x5c, x5t, x5t#S256, x5u) are
// ignored, never parsed: the key is n/e or crv/x/y only, and parsing X.509
// would link crypto/x509 and net into the .wasm (see RATIONALE.md). key_ops is
// ignored too, as go-jose did; use and alg are checked.

// jwkMembers lists the string members parseKey reads.
var jwkMembers = [...]string{"kty", "kid", "alg", "use", "n", "e", "crv", "x", "y"}

// jwkPrivateMembers are the members that only private or symmetric keys have
// (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2).
var jwkPrivateMembers = [...]string{"d", "p", "q", "dp", "dq", "qi", "k"}

// jwkFields are a JWK's members as strings ("" when absent).
type jwkFields struct {
	kty, kid, alg, use, n, e, crv, x, y string
	private                             string // the first private member present, or ""
}

// fieldsFromJSON reads a decoded JWKS entry. The returned kid is set whenever
// the entry has a string kid, so a refusal can name the key.
func fieldsFromJSON(v any) (jwkFields, string) {
	m, ok := v.(map[string]any)
	if !ok {
		return jwkFields{}, "invalid key: not a JSON object"
	}
	var f jwkFields
	f.kid, _ = m["kid"].(string)
	dst := [...]*string{&f.kty, &f.kid, &f.alg, &f.use, &f.n, &f.e, &f.crv, &f.x, &f.y}
	for i, name := range jwkMembers {
		raw, present := m[name]
		if !present {
			continue
		}
		s, ok := raw.(string)
		if !ok {
			return f, fmt.Sprintf("invalid key: %q is not a string", name)
		}
		*dst[i] = s
	}
	for _, name := range jwkPrivateMembers {
		if _, present := m[name]; present {
			f.private = name
			break
		}
	}
	return f, ""
}

// fieldsFromConfig reads an inline policy key (config only knows public members).
func fieldsFromConfig(k *config.JWK) jwkFields {
	return jwkFields{kty: k.Kty, kid: k.Kid, alg: k.Alg, use: k.Use, n: k.N, e: k.E, crv: k.Crv, x: k.X, y: k.Y}
}

// parseKey turns JWK fields into a Key, or says why not: symmetric keys,
// private members, unsupported kty or curve, malformed members, RSA outside
// [MinRSAKeyBits, MaxRSAKeyBits] or with a bad exponent, EC points off their
// curve, low-order Ed25519 keys, use other than "sig", an alg the key cannot
// verify.
func parseKey(f jwkFields) (Key, string) {
	if f.kty == "oct" {
		return Key{}, `symmetric key (kty "oct") refused: HS algorithms use the provider's secret`
	}
	if f.private != "" {
		return Key{}, "private key material refused"
	}
	var pub any
	var why string
	switch f.kty {
	case "RSA":
		pub, why = parseRSAKey(f.n, f.e)
	case "EC":
		pub, why = parseECKey(f.crv, f.x, f.y)
	case "OKP":
		pub, why = parseOKPKey(f.crv, f.x)
	case "":
		return Key{}, `invalid key: no "kty"`
	default:
		return Key{}, fmt.Sprintf("unsupported key type %q", truncate(f.kty))
	}
	if why != "" {
		return Key{}, why
	}
	k := Key{Kid: f.kid, Alg: f.alg, Public: pub}
	if f.use != "" && f.use != "sig" {
		return Key{}, fmt.Sprintf("use %q (want sig)", truncate(f.use))
	}
	if k.Alg != "" && keyFits(k.Public, config.Algorithm(k.Alg)) != "" {
		return Key{}, fmt.Sprintf("alg %q does not fit the key", truncate(k.Alg))
	}
	return k, ""
}

// member decodes the base64url member name of a JWK: present, without padding,
// canonical.
func member(name, s string) ([]byte, string) {
	if s == "" {
		return nil, fmt.Sprintf("invalid key: missing %q", name)
	}
	b := make([]byte, b64DecodedLen(len(s)))
	if at, canonical := decodeB64URL(b, s); at >= 0 {
		return nil, fmt.Sprintf("invalid key: %q is not base64url without padding", name)
	} else if !canonical {
		return nil, fmt.Sprintf("invalid key: %q is not canonical base64url", name)
	}
	return b, ""
}

// parseRSAKey builds an RSA public key (RFC 7518 §6.3.1): e an odd integer ≥ 3 that
// fits 31 bits (crypto/rsa's own limit), n odd and of MinRSAKeyBits to
// MaxRSAKeyBits bits.
func parseRSAKey(n64, e64 string) (any, string) {
	nb, why := member("n", n64)
	if why != "" {
		return nil, why
	}
	eb, why := member("e", e64)
	if why != "" {
		return nil, why
	}
	e := new(big.Int).SetBytes(eb)
	if e.BitLen() > 31 || e.Int64() < 3 || e.Bit(0) == 0 {
		return nil, fmt.Sprintf("invalid key: RSA exponent %s (want an odd number from 3 to 2^31-1)", truncate(e.String()))
	}
	n := new(big.Int).SetBytes(nb)
	switch bits := n.BitLen(); {
	case bits < MinRSAKeyBits:
		return nil, fmt.Sprintf("RSA key of %d bits (want at least %d)", bits, MinRSAKeyBits)
	case bits > MaxRSAKeyBits:
		return nil, fmt.Sprintf("RSA key of %d bits (want at most %d)", bits, MaxRSAKeyBits)
	case n.Bit(0) == 0:
		return nil, "invalid key: RSA modulus is even"
	}
	return &rsa.PublicKey{N: n, E: int(e.Int64())}, ""
}

// ecCurve returns the curve of a JWK crv and its coordinate size in bytes.
func ecCurve(crv string) (elliptic.Curve, int) {
	switch crv {
	case "P-256":
		return elliptic.P256(), 32
	case "P-384":
		return elliptic.P384(), 48
	case "P-521":
		return elliptic.P521(), 66
	}
	return nil, 0
}

// parseECKey builds an ECDSA public key (RFC 7518 §6.2.1): x and y of exactly the
// coordinate size, and a point on the curve (not the identity), which
// ecdsa.ParseUncompressedPublicKey checks on 0x04||x||y.
func parseECKey(crv, x64, y64 string) (any, string) {
	curve, size := ecCurve(crv)
	if curve == nil {
		return nil, fmt.Sprintf("unsupported EC curve %q (want P-256, P-384 or P-521)", truncate(crv))
	}
	point := make([]byte, 1, 1+2*size)
	point[0] = 4
	for _, c := range [2]struct{ name, b64 string }{{"x", x64}, {"y", y64}} {
		b, why := member(c.name, c.b64)
		if why != "" {
			return nil, why
		}
		if len(b) != size {
			return nil, fmt.Sprintf("invalid key: %q is %d bytes (want %d for %s)", c.name, len(b), size, crv)
		}
		point = append(point, b...)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
	if err != nil {
		return nil, fmt.Sprintf("invalid key: the point is not on %s", crv)
	}
	return pub, ""
}

// parseOKPKey builds an Ed25519 public key (RFC 8037 §2): crv Ed25519 only, x of 32
// bytes, not a low-order point.
func parseOKPKey(crv, x64 string) (any, string) {
	if crv != "Ed25519" {
		return nil, fmt.Sprintf("unsupported OKP curve %q (want Ed25519)", truncate(crv))
	}
	x, why := member("x", x64)
	if why != "" {
		return nil, why
	}
	if len(x) != ed25519.PublicKeySize {
		return nil, fmt.Sprintf("invalid key: \"x\" is %d bytes (want %d for Ed25519)", len(x), ed25519.PublicKeySize)
	}
	if weakEd25519(x) {
		return nil, "invalid key: Ed25519 low-order point"
	}
	return ed25519.PublicKey(x), ""
}
