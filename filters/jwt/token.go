package jwt

import (
	"strings"

	"gatehouse/config"
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

// parsed is a token as Verify reads it, ParseToken's checks done. The decoded
// header and payload share one string, the one allocation of parseToken: the
// claims tree is read from it without a copy.
type parsed struct {
	header  Header
	input   string // the signing input: header '.' payload, as received
	payload string // the decoded payload (the claims JSON, unverified)
}

// ParseToken checks the structure of a compact JWS and decodes it. It refuses,
// with ErrTokenMalformed unless said otherwise: an empty token, one over
// maxBytes (DefaultMaxTokenBytes when 0), JWE (5 segments), any segment count
// other than 3, an empty segment, characters outside the base64url alphabet
// (padding, '+', '/', whitespace), non-canonical base64url, a header that is not
// one JSON object or has duplicate members, alg missing or not a string, "none"
// (ErrAlgNotAllowed), kid or typ not strings, any crit header (we understand no
// extension), and b64 other than true (RFC 7797 unencoded payloads).
func ParseToken(raw string, maxBytes int) (*Token, error) {
	p, sig, err := parseToken(raw, maxBytes, nil)
	if err != nil {
		return nil, err
	}
	return &Token{Raw: raw, Header: p.header, Payload: []byte(p.payload), Signature: sig}, nil
}

// segmentNames name the three segments in messages.
var segmentNames = [3]string{"header", "payload", "signature"}

// decodeStack is the size of the stack buffer the header and payload are
// decoded into before their one copy to the heap; larger tokens take a heap
// buffer instead.
const decodeStack = 1024

// parseToken is ParseToken, the signature decoded into sigBuf when it fits
// (Verify passes a buffer on its stack; the signature is returned on its own,
// by value, so escape analysis lets the buffer stay there).
func parseToken(raw string, maxBytes int, sigBuf []byte) (p parsed, sig []byte, err error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxTokenBytes
	}
	switch {
	case raw == "":
		return p, nil, errorf("%w: empty token", ErrTokenMalformed)
	case len(raw) > maxBytes:
		return p, nil, errorf("%w: token is %d bytes (limit %d)", ErrTokenMalformed, len(raw), maxBytes)
	}
	d1, d2 := twoDots(raw)
	if d2 < 0 {
		dots := strings.Count(raw, ".")
		if dots == 4 {
			return p, nil, errorf("%w: encrypted tokens (JWE, 5 segments) are not accepted", ErrTokenMalformed)
		}
		return p, nil, errorf("%w: %d segments (want 3)", ErrTokenMalformed, dots+1)
	}
	segs := [3]string{raw[:d1], raw[d1+1 : d2], raw[d2+1:]}
	hn, pn := b64DecodedLen(len(segs[0])), b64DecodedLen(len(segs[1]))
	var stack [decodeStack]byte
	var text []byte
	if hn+pn <= len(stack) {
		text = stack[:hn+pn]
	} else {
		text = make([]byte, hn+pn)
	}
	for i, seg := range segs {
		if seg == "" {
			return p, nil, errorf("%w: empty %s segment", ErrTokenMalformed, segmentNames[i])
		}
		var dst []byte
		switch i {
		case 0:
			dst = text[:hn]
		case 1:
			dst = text[hn:]
		default:
			if n := b64DecodedLen(len(seg)); n <= len(sigBuf) {
				sig = sigBuf[:n]
			} else {
				sig = make([]byte, n)
			}
			dst = sig
		}
		if at, canonical := decodeB64URL(dst, seg); at >= 0 {
			return p, nil, errorf("%w: %s segment has %q at offset %d (want base64url without padding)", ErrTokenMalformed, segmentNames[i], seg[at], at)
		} else if !canonical {
			return p, nil, errorf("%w: %s segment is not canonical base64url", ErrTokenMalformed, segmentNames[i])
		}
	}
	decoded := string(text)
	p.input, p.payload = raw[:d2], decoded[hn:]
	if err := parseHeader(decoded[:hn], &p.header); err != nil {
		return p, nil, err
	}
	return p, sig, nil
}

// twoDots returns the offsets of the two dots of raw, or d2 < 0 when raw does
// not have exactly two.
func twoDots(raw string) (d1, d2 int) {
	d1 = strings.IndexByte(raw, '.')
	if d1 < 0 {
		return -1, -1
	}
	k := strings.IndexByte(raw[d1+1:], '.')
	if k < 0 {
		return d1, -1
	}
	d2 = d1 + 1 + k
	if strings.IndexByte(raw[d2+1:], '.') >= 0 {
		return d1, -1
	}
	return d1, d2
}
