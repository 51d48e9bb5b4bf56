package jwt

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"hash"
	"io"
	"math/big"

	"gatehouse/config"
)

// This file checks a JWS signature (RFC 7515 §5.2) with the standard library,
// for the algorithms of RFC 7518 §3 and RFC 8037 §3.1. The caller has already
// checked the algorithm against the provider's allowlist and chosen keys that
// fit it (KeySet.Lookup, or the provider's secret for HS).

// errBadSignature is verifySignature's error for a signature that does not
// verify; the caller reports ErrSignatureInvalid.
var errBadSignature = errors.New("signature does not verify")

// algHash returns the hash an algorithm signs with.
func algHash(alg config.Algorithm) crypto.Hash {
	switch alg {
	case config.RS256, config.PS256, config.ES256, config.HS256:
		return crypto.SHA256
	case config.RS384, config.PS384, config.ES384, config.HS384:
		return crypto.SHA384
	case config.RS512, config.PS512, config.ES512, config.HS512:
		return crypto.SHA512
	}
	return 0
}

// hashStack is the size of the stack copy of a signing input that prehash
// hashes: crypto/sha256 and crypto/sha512 take bytes, and a heap copy of the
// string costs an allocation (inside the .wasm, about a microsecond).
const hashStack = 2048

// prehash hashes the signing input with alg's hash into sum and returns the
// digest, or nil for the algorithms that take the input itself (EdDSA, HS) or
// none.
func prehash(alg config.Algorithm, input string, sum *[64]byte) []byte {
	h := algHash(alg)
	if h == 0 || alg == config.HS256 || alg == config.HS384 || alg == config.HS512 {
		return nil
	}
	var stack [hashStack]byte
	var b []byte
	if len(input) <= len(stack) {
		b = stack[:copy(stack[:], input)]
	} else {
		b = []byte(input)
	}
	switch h {
	case crypto.SHA256:
		*(*[32]byte)(sum[:32]) = sha256.Sum256(b)
	case crypto.SHA384:
		*(*[48]byte)(sum[:48]) = sha512.Sum384(b)
	default:
		*sum = sha512.Sum512(b)
	}
	return sum[:h.Size()]
}

// newHash returns the constructor of h, for HMAC.
func newHash(h crypto.Hash) func() hash.Hash {
	switch h {
	case crypto.SHA256:
		return sha256.New
	case crypto.SHA384:
		return sha512.New384
	}
	return sha512.New
}

// signatureSize returns the exact signature length of alg in bytes, or 0 when
// it depends on the key (RS and PS: the modulus size, which crypto/rsa checks).
func signatureSize(alg config.Algorithm) int {
	switch alg {
	case config.ES256:
		return 64
	case config.ES384:
		return 96
	case config.ES512:
		return 132
	case config.EdDSA:
		return ed25519.SignatureSize
	case config.HS256, config.HS384, config.HS512:
		return algHash(alg).Size()
	}
	return 0
}

// verifySignature checks sig over input (the ASCII of header '.' payload, as
// received) with key for alg:
//
//   - RS256/384/512: RSASSA-PKCS1-v1_5 (rsa.VerifyPKCS1v15) with SHA-2;
//   - PS256/384/512: RSASSA-PSS with MGF1 of the same hash and a salt as long
//     as the hash (RFC 7518 §3.5), nothing else (rsa.PSSSaltLengthEqualsHash);
//   - ES256/384/512: r||s, each exactly the curve's coordinate size, both in
//     [1, N-1] (ecdsa.Verify), on the curve the algorithm names;
//   - EdDSA: Ed25519 only (ed25519.Verify over input itself);
//   - HS256/384/512: HMAC-SHA-2 with the secret, at least as long as the hash
//     (RFC 7518 §3.2), compared in constant time (hmac.Equal).
//
// key must be *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey or the
// secret []byte; any other combination is an error, never a fallback.
func verifySignature(alg config.Algorithm, input, sig []byte, key any) error {
	var sum [64]byte
	return verifyHashed(alg, string(input), prehash(alg, string(input), &sum), sig, key)
}

// verifyHashed is verifySignature with the digest of input by alg's hash
// already computed (prehash), so trying several keys hashes once.
func verifyHashed(alg config.Algorithm, input string, hashed, sig []byte, key any) error {
	if n := signatureSize(alg); n != 0 && len(sig) != n {
		return errorf("signature is %d bytes (want %d)", len(sig), n)
	}
	h := algHash(alg)
	switch alg {
	case config.RS256, config.RS384, config.RS512:
		pub, ok := key.(*rsa.PublicKey)
		if !ok {
			return keyMismatch(key)
		}
		if rsa.VerifyPKCS1v15(pub, h, hashed, sig) != nil {
			return errBadSignature
		}
	case config.PS256, config.PS384, config.PS512:
		pub, ok := key.(*rsa.PublicKey)
		if !ok {
			return keyMismatch(key)
		}
		opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}
		// A copy: VerifyPSS keeps its argument from escape analysis's view,
		// which would move every caller's digest buffer to the heap.
		if rsa.VerifyPSS(pub, h, bytes.Clone(hashed), sig, opts) != nil {
			return errBadSignature
		}
	case config.ES256, config.ES384, config.ES512:
		pub, ok := key.(*ecdsa.PublicKey)
		if !ok || curveAlg(pub.Curve) != alg {
			return keyMismatch(key)
		}
		half := len(sig) / 2
		r := new(big.Int).SetBytes(sig[:half])
		s := new(big.Int).SetBytes(sig[half:])
		if !ecdsa.Verify(pub, hashed, r, s) {
			return errBadSignature
		}
	case config.EdDSA:
		pub, ok := key.(ed25519.PublicKey)
		if !ok || len(pub) != ed25519.PublicKeySize {
			return keyMismatch(key)
		}
		if !ed25519.Verify(pub, []byte(input), sig) {
			return errBadSignature
		}
	case config.HS256, config.HS384, config.HS512:
		secret, ok := key.([]byte)
		if !ok {
			return keyMismatch(key)
		}
		if len(secret) < h.Size() {
			return errorf("secret is %d bytes (want at least %d)", len(secret), h.Size())
		}
		m := hmac.New(newHash(h), secret)
		io.WriteString(m, input)
		if !hmac.Equal(m.Sum(nil), sig) {
			return errBadSignature
		}
	default:
		return errors.New("is not a supported algorithm")
	}
	return nil
}

// keyMismatch is the error for a key that cannot verify the algorithm. KeySet.Lookup
// already keeps such keys out; this is the second line. verifyAny prefixes the
// algorithm.
func keyMismatch(key any) error {
	return errorf("key of type %T does not fit", key)
}

// verifyAny checks the signature sig over input with each key in turn (at most
// maxCandidates), or with secret for HS, and succeeds on the first that
// verifies. The input is hashed once. Every failure is ErrSignatureInvalid: a
// signature of the wrong length for alg is named as such, otherwise the count
// of keys tried.
func verifyAny(alg config.Algorithm, input string, sig []byte, keys []Key, secret []byte) error {
	var sum [64]byte
	hashed := prehash(alg, input, &sum)
	var detail error
	tried := 0
	if alg.Symmetric() {
		tried = 1
		switch err := verifyHashed(alg, input, hashed, sig, secret); err {
		case nil:
			return nil
		case errBadSignature:
		default:
			detail = err
		}
	} else {
		for ; tried < len(keys) && tried < maxCandidates; tried++ {
			err := verifyHashed(alg, input, hashed, sig, keys[tried].Public)
			if err == nil {
				return nil
			}
			if err != errBadSignature && detail == nil {
				detail = err
			}
		}
	}
	if detail != nil {
		return errorf("%w: %s %v", ErrSignatureInvalid, alg, detail)
	}
	return errorf("%w: %s signature does not verify with %d key(s)", ErrSignatureInvalid, alg, tried)
}
