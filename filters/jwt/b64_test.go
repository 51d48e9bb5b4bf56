package jwt

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// b64url is the standard library's decoder of the encoding decodeB64URL reads:
// the reference it is compared with.
var b64url = base64.RawURLEncoding.Strict()

// TestDecodeB64URL checks decodeB64URL on each length remainder, the
// alphabet's edges, bytes the standard decoder skips and trailing bits.
func TestDecodeB64URL(t *testing.T) {
	tests := []struct {
		in        string
		bad       int
		canonical bool
		out       string
	}{
		{"", -1, true, ""},
		{"QQ", -1, true, "A"},
		{"QR", -1, false, ""},
		{"QUI", -1, true, "AB"},
		{"QUJ", -1, false, ""},
		{"QUJD", -1, true, "ABC"},
		{"QUJDR", -1, false, ""},
		{"-_-_", -1, true, "\xfb\xff\xbf"},
		{"AZaz0w", -1, true, "\x01\x96\xb3\xd3"},
		{"AZaz08", -1, false, ""},
		{"AZaz09", -1, false, ""},
		{"QUJD\nQQ", 4, false, ""},
		{"QU\rD", 2, false, ""},
		{"QUJD+A", 4, false, ""},
		{"QUJ/", 3, false, ""},
		{"QQ==", 2, false, ""},
		{"QUJDR=", 5, false, ""},
		{"QUJDRE=", 6, false, ""},
		{"Q\x00", 1, false, ""},
		{"QUJD\xff", 4, false, ""},
		{".", 0, false, ""},
	}
	for _, tt := range tests {
		dst := make([]byte, b64DecodedLen(len(tt.in)))
		bad, canonical := decodeB64URL(dst, tt.in)
		if bad != tt.bad || canonical != tt.canonical || (canonical && string(dst) != tt.out) {
			t.Errorf("decodeB64URL(%q) = %d, %v, %q; want %d, %v, %q", tt.in, bad, canonical, dst, tt.bad, tt.canonical, tt.out)
		}
	}
}

// FuzzDecodeB64URL compares decodeB64URL with the standard library's strict
// decoder: the same strings accepted, to the same bytes; a refused string is
// either non-canonical or names the first byte outside the alphabet.
func FuzzDecodeB64URL(f *testing.F) {
	for _, s := range []string{"", "QQ", "QR", "QUJD", "QUJDR", "a-_b", "QQ==", "Q\nQ", "QUJD\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dst := make([]byte, b64DecodedLen(len(s)))
		bad, canonical := decodeB64URL(dst, s)
		want, err := b64url.DecodeString(s)
		first := -1
		for i := 0; i < len(s); i++ {
			if !isB64URL(s[i]) {
				first = i
				break
			}
		}
		switch {
		case bad != first:
			t.Fatalf("%q: first bad byte %d, want %d", s, bad, first)
		case bad >= 0 && canonical:
			t.Fatalf("%q: canonical with a bad byte", s)
		case bad < 0 && canonical != (err == nil):
			t.Fatalf("%q: canonical %v, standard library error %v", s, canonical, err)
		case canonical && !bytes.Equal(dst, want):
			t.Fatalf("%q: %x, want %x", s, dst, want)
		}
	})
}

// isB64URL is the base64url alphabet written as comparisons, independently
// of b64Values.
func isB64URL(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}
