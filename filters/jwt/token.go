package jwt

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/jsontree"
)

// DefaultMaxTokenBytes is the token size limit of ParseToken when a provider sets
// none: 8 KiB is well above real access tokens and far below Envoy's header limit.
const DefaultMaxTokenBytes = 8 << 10

// Token is a compact JWS whose structure ParseToken checked. Nothing in it is
// verified yet: use Provider.Verify.
type Token struct {
	// Raw is the token as received.
	Raw string
	// Header is the decoded protected header.
	Header Header
	// Payload is the decoded payload (the claims JSON, unverified).
	Payload []byte
	// Signature is the decoded signature.
	Signature []byte
}

// Header holds the JOSE header parameters Gatehouse looks at.
type Header struct {
	Alg config.Algorithm // as written; "none" never gets past ParseToken
	Kid string
	Typ string
}

// b64url decodes base64url without padding and with zero trailing bits, so every
// token has exactly one spelling.
var b64url = base64.RawURLEncoding.Strict()

// ParseToken checks the structure of a compact JWS and decodes it. It refuses,
// with ErrTokenMalformed unless said otherwise: an empty token, one over
// maxBytes (DefaultMaxTokenBytes when 0), JWE (5 segments), any segment count
// other than 3, an empty segment, characters outside the base64url alphabet
// (padding, '+', '/', whitespace), non-canonical base64url, a header that is not
// one JSON object or has duplicate members, alg missing or not a string, "none"
// (ErrAlgNotAllowed), kid or typ not strings, any crit header (we understand no
// extension), and b64 other than true (RFC 7797 unencoded payloads).
func ParseToken(raw string, maxBytes int) (*Token, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxTokenBytes
	}
	switch {
	case raw == "":
		return nil, fmt.Errorf("%w: empty token", ErrTokenMalformed)
	case len(raw) > maxBytes:
		return nil, fmt.Errorf("%w: token is %d bytes (limit %d)", ErrTokenMalformed, len(raw), maxBytes)
	}
	dots := strings.Count(raw, ".")
	switch {
	case dots == 4:
		return nil, fmt.Errorf("%w: encrypted tokens (JWE, 5 segments) are not accepted", ErrTokenMalformed)
	case dots != 2:
		return nil, fmt.Errorf("%w: %d segments (want 3)", ErrTokenMalformed, dots+1)
	}
	h, rest, _ := strings.Cut(raw, ".")
	p, s, _ := strings.Cut(rest, ".")
	names := [3]string{"header", "payload", "signature"}
	var dec [3][]byte
	for i, seg := range [3]string{h, p, s} {
		if seg == "" {
			return nil, fmt.Errorf("%w: empty %s segment", ErrTokenMalformed, names[i])
		}
		if c, at := badBase64URL(seg); at >= 0 {
			return nil, fmt.Errorf("%w: %s segment has %q at offset %d (want base64url without padding)", ErrTokenMalformed, names[i], c, at)
		}
		b, err := b64url.DecodeString(seg)
		if err != nil {
			return nil, fmt.Errorf("%w: %s segment is not canonical base64url", ErrTokenMalformed, names[i])
		}
		dec[i] = b
	}
	tok := &Token{Raw: raw, Payload: dec[1], Signature: dec[2]}
	if err := parseHeader(dec[0], &tok.Header); err != nil {
		return nil, err
	}
	return tok, nil
}

// badBase64URL returns the first byte of s outside the base64url alphabet and
// its offset, or -1. (Go's decoder skips '\r' and '\n', so it cannot be relied on
// to refuse them.)
func badBase64URL(s string) (byte, int) {
	for i := 0; i < len(s); i++ {
		if !base64URLAlphabet[s[i]] {
			return s[i], i
		}
	}
	return 0, -1
}

// base64URLAlphabet marks the bytes of the base64url alphabet. A table, not a
// chain of comparisons: inside the .wasm every branch of a Go function is a
// jump through the function's dispatch table, so one load per byte is several
// times cheaper than five range checks (measured on a 600-byte token).
var base64URLAlphabet = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") {
		t[c] = true
	}
	return t
}()

// parseHeader decodes and checks the protected header.
func parseHeader(data []byte, h *Header) error {
	root, err := parseObject(data)
	if err != nil {
		return fmt.Errorf("%w: header: %v", ErrTokenMalformed, err)
	}
	alg := objectMember(root, "alg")
	switch {
	case alg == nil || alg.Kind != jsontree.String:
		return fmt.Errorf("%w: header has no alg string", ErrTokenMalformed)
	case strings.EqualFold(alg.Str, "none"):
		return fmt.Errorf("%w: alg %q is never accepted", ErrAlgNotAllowed, alg.Str)
	}
	h.Alg = config.Algorithm(alg.Str)
	for _, name := range [2]string{"kid", "typ"} {
		v := objectMember(root, name)
		if v == nil {
			continue
		}
		if v.Kind != jsontree.String {
			return fmt.Errorf("%w: header %s is not a string", ErrTokenMalformed, name)
		}
		if name == "kid" {
			h.Kid = v.Str
		} else {
			h.Typ = v.Str
		}
	}
	if crit := objectMember(root, "crit"); crit != nil {
		if crit.Kind != jsontree.Array || len(crit.Elems) == 0 {
			return fmt.Errorf("%w: header crit must be a non-empty array", ErrTokenMalformed)
		}
		name := ""
		if first := crit.Elems[0]; first.Kind == jsontree.String {
			name = first.Str
		}
		return fmt.Errorf("%w: critical header extension %q is not supported", ErrTokenMalformed, name)
	}
	if b64 := objectMember(root, "b64"); b64 != nil && (b64.Kind != jsontree.Bool || !b64.Bool) {
		return fmt.Errorf("%w: unencoded payloads (b64 other than true) are not accepted", ErrTokenMalformed)
	}
	return nil
}
