package jwt

// equalStrings reports whether a and b are the same string. It is a == b
// without Go's wasm memequal, which compares one byte per loop turn (about 15
// machine instructions per byte once compiled): a cached token is compared in
// full on every hit, and for an 800-byte token that loop was about a tenth of
// an authenticated request's instructions. Here eight bytes are compared per
// turn; the compiler combines the byte loads into one 64-bit load.
func equalStrings(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for ; i+8 <= len(a); i += 8 {
		if word(a, i) != word(b, i) {
			return false
		}
	}
	for ; i < len(a); i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// word is the eight bytes of s at i as one little-endian number.
func word(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
