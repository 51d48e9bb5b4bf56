package jwt

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"

	"gatehouse/config"
)

// Limits of ParseJWKS.
const (
	MaxJWKSBytes  = 512 << 10
	MaxJWKSKeys   = 100
	MinRSAKeyBits = 2048
	MaxRSAKeyBits = 4096 // bounds the cost of one verification (go-jose's limit too)
)

// Key is one usable public key of a KeySet.
type Key struct {
	Kid string
	// Alg is the JWK's alg member, "" when absent (then any algorithm of the
	// key's type may use it).
	Alg string
	// Public is *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey.
	Public any
}

// KeySet is an immutable set of public keys, looked up by kid. Build it with
// ParseJWKS (or NewKeySet for inline policy keys) when keys arrive, then share it.
type KeySet struct {
	keys []Key
}

// SkippedKey says why one key of a JWKS was not used; log it.
type SkippedKey struct {
	Index  int    // position in the keys array
	Kid    string // may be empty
	Reason string
}

// String formats the skipped key for a log line.
func (s SkippedKey) String() string {
	return fmt.Sprintf("keys[%d] (kid %q): %s", s.Index, s.Kid, s.Reason)
}

// Len returns the number of usable keys.
func (s *KeySet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.keys)
}

// ParseJWKS parses a JSON Web Key Set (RFC 7517 §5). Invalid or unusable keys
// are skipped and listed, with their reason (see parseKey): malformed members,
// private or symmetric keys, unsupported types or curves, RSA outside
// [MinRSAKeyBits, MaxRSAKeyBits], EC points off their curve, use other than
// "sig", an alg that does not fit the key, keys past MaxJWKSKeys. The error is
// non-nil (wrapping ErrJWKSUnavailable) when the document is over MaxJWKSBytes,
// is not a JSON object with a keys array, or leaves no usable key: the caller
// then keeps its last good set.
func ParseJWKS(data []byte) (*KeySet, []SkippedKey, error) {
	if len(data) > MaxJWKSBytes {
		return nil, nil, errorf("%w: JWKS is %d bytes (limit %d)", ErrJWKSUnavailable, len(data), MaxJWKSBytes)
	}
	doc, err := decodeObject(data)
	if err != nil {
		return nil, nil, errorf("%w: JWKS: %v", ErrJWKSUnavailable, err)
	}
	entries, ok := doc["keys"].([]any)
	if !ok {
		return nil, nil, errorf("%w: JWKS has no keys array", ErrJWKSUnavailable)
	}
	set := &KeySet{}
	var skipped []SkippedKey
	for i, entry := range entries {
		if i >= MaxJWKSKeys {
			skipped = append(skipped, SkippedKey{Index: i, Reason: fmt.Sprintf("more than %d keys", MaxJWKSKeys)})
			continue
		}
		f, reason := fieldsFromJSON(entry)
		var k Key
		if reason == "" {
			k, reason = parseKey(f)
		}
		if reason != "" {
			skipped = append(skipped, SkippedKey{Index: i, Kid: f.kid, Reason: reason})
			continue
		}
		set.keys = append(set.keys, k)
	}
	if len(set.keys) == 0 {
		return nil, skipped, errorf("%w: no usable key in the JWKS (%d skipped)", ErrJWKSUnavailable, len(skipped))
	}
	return set, skipped, nil
}

// NewKeySet builds a key set from a policy's inline JWKS; unlike ParseJWKS, any
// unusable key is an error naming the key's index (a policy mistake).
func NewKeySet(keys []config.JWK) (*KeySet, error) {
	set := &KeySet{}
	for i := range keys {
		k, reason := parseKey(fieldsFromConfig(&keys[i]))
		if reason != "" {
			return nil, errorf("keys[%d]: %s", i, reason)
		}
		set.keys = append(set.keys, k)
	}
	return set, nil
}

// Lookup returns the keys that may verify a token with this kid and alg. With a
// kid, only keys with that kid count: none is ErrKidUnknown, and keys that exist
// but do not fit alg (another kty or curve, another JWK alg) are
// ErrAlgNotAllowed, the algorithm-confusion family. Without a kid, every key that
// fits alg is a candidate (none: ErrKidUnknown). An empty set is
// ErrJWKSUnavailable.
func (s *KeySet) Lookup(kid string, alg config.Algorithm) ([]Key, error) {
	return s.lookup(kid, alg, nil)
}

// lookup is Lookup appending to out (Verify passes a buffer on its stack).
func (s *KeySet) lookup(kid string, alg config.Algorithm, out []Key) ([]Key, error) {
	if s.Len() == 0 {
		return nil, errorf("%w: no keys", ErrJWKSUnavailable)
	}
	misfit := ""
	for _, k := range s.keys {
		if kid != "" && k.Kid != kid {
			continue
		}
		if why := k.fits(alg); why != "" {
			misfit = why
			continue
		}
		out = append(out, k)
	}
	switch {
	case len(out) > 0:
		return out, nil
	case misfit != "" && kid != "":
		return nil, errorf("%w: key %q: %s", ErrAlgNotAllowed, kid, misfit)
	case kid == "":
		return nil, errorf("%w: token has no kid and no key fits %s", ErrKidUnknown, alg)
	}
	return nil, errorf("%w: kid %q", ErrKidUnknown, truncate(kid))
}

// fits says why k cannot verify a token signed with alg, or returns "".
func (k Key) fits(alg config.Algorithm) string {
	if k.Alg != "" && k.Alg != string(alg) {
		return fmt.Sprintf("key is for %s, token uses %s", k.Alg, alg)
	}
	return keyFits(k.Public, alg)
}

// keyFits says why a public key cannot be used with alg, or returns "".
func keyFits(pub any, alg config.Algorithm) string {
	switch pub := pub.(type) {
	case *rsa.PublicKey:
		switch alg {
		case config.RS256, config.RS384, config.RS512, config.PS256, config.PS384, config.PS512:
			return ""
		}
		return fmt.Sprintf("RSA key cannot verify %s", alg)
	case *ecdsa.PublicKey:
		if want := curveAlg(pub.Curve); want != alg {
			return fmt.Sprintf("EC key on %s cannot verify %s", pub.Curve.Params().Name, alg)
		}
		return ""
	case ed25519.PublicKey:
		if alg != config.EdDSA {
			return fmt.Sprintf("Ed25519 key cannot verify %s", alg)
		}
		return ""
	}
	return fmt.Sprintf("key of type %T cannot verify %s", pub, alg)
}

// curveAlg is the one algorithm an EC curve is used with (RFC 7518 §3.4).
func curveAlg(c elliptic.Curve) config.Algorithm {
	switch c {
	case elliptic.P256():
		return config.ES256
	case elliptic.P384():
		return config.ES384
	case elliptic.P521():
		return config.ES512
	}
	return ""
}
