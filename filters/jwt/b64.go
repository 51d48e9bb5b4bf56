package jwt

// This file decodes the segments of a compact JWS: base64url without padding
// and with zero trailing bits (the canonical spelling; RFC 7515 §2), refusing
// every byte outside the alphabet. One pass checks and decodes, four
// characters per table lookup round: inside the .wasm every branch of a Go
// function is a jump through the function's dispatch table, so a load per byte
// and one test per quantum beat a separate scan and encoding/base64.

// b64Invalid marks a byte outside the alphabet in b64Values (any value ≥ 64).
const b64Invalid = 0xFF

// b64Values maps each byte to its base64url value, or b64Invalid.
var b64Values = func() (t [256]byte) {
	for i := range t {
		t[i] = b64Invalid
	}
	for i, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") {
		t[c] = byte(i)
	}
	return t
}()

// b64DecodedLen is the decoded size of n base64url characters without padding
// (n%4 == 1, never canonical, counts as if the last character were absent).
func b64DecodedLen(n int) int { return n/4*3 + n%4*3/4 }

// decodeB64URL decodes s into dst, which must hold b64DecodedLen(len(s))
// bytes. It returns the offset of the first byte of s outside the alphabet
// (-1: none), and whether s is canonical: not one character past a whole
// quantum, and no bits set past the last decoded byte. dst is unspecified when
// s is refused.
func decodeB64URL(dst []byte, s string) (bad int, canonical bool) {
	t := &b64Values
	whole := len(s) / 4 * 4
	j := 0
	for i := 0; i < whole; i += 4 {
		_ = s[i+3]
		a, b, c, d := t[s[i]], t[s[i+1]], t[s[i+2]], t[s[i+3]]
		if a|b|c|d >= 64 {
			return firstBad(s, i), false
		}
		v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
		_ = dst[j+2]
		dst[j], dst[j+1], dst[j+2] = byte(v>>16), byte(v>>8), byte(v)
		j += 3
	}
	switch len(s) - whole {
	case 1:
		if t[s[whole]] >= 64 {
			return whole, false
		}
		return -1, false
	case 2:
		a, b := t[s[whole]], t[s[whole+1]]
		if a|b >= 64 {
			return firstBad(s, whole), false
		}
		dst[j] = a<<2 | b>>4
		return -1, b&0x0F == 0
	case 3:
		a, b, c := t[s[whole]], t[s[whole+1]], t[s[whole+2]]
		if a|b|c >= 64 {
			return firstBad(s, whole), false
		}
		_ = dst[j+1]
		dst[j], dst[j+1] = a<<2|b>>4, b<<4|c>>2
		return -1, c&0x03 == 0
	}
	return -1, true
}

// firstBad returns the offset of the first byte of s at or after from outside
// the alphabet (the caller knows there is one).
func firstBad(s string, from int) int {
	for i := from; i < len(s); i++ {
		if b64Values[s[i]] >= 64 {
			return i
		}
	}
	return -1
}
