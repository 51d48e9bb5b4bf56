package config

import (
	"bytes"
	"encoding/base64"
	"testing"
)

func FuzzDecodeBase64(f *testing.F) {
	for _, s := range []string{
		"", "QQ==", "QUI=", "QUJD", "QUJDRA==", "QQ", "QUI", "Q", "====", "Q===", "QQ=", "QQ=A", "QQ==\n", "QQ=\n=",
		"\r\nQU\nJD\r", "QUJD\n=", "QQ==QQ==", "QR==", "QUJ=", "+/+/", "-_-_", "QUJD====", "Q\x00JD", "QQ== ",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "c2VjcmV0LWF0LWxlYXN0LTMyLWJ5dGVzLWxvbmctLS0tLS0tLS0=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := base64.StdEncoding.DecodeString(s)
		got, ok := decodeBase64(s)
		if ok != (err == nil) || ok && !bytes.Equal(got, want) {
			t.Fatalf("decodeBase64(%q) = %x, %v; encoding/base64: %x, %v", s, got, ok, want, err)
		}
	})
}

// TestDecodeBase64Exhaustive compares decodeBase64 with encoding/base64 on
// every string of up to 6 characters over a few letters, '=', '\n' and '/'.
func TestDecodeBase64Exhaustive(t *testing.T) {
	const alphabet = "AQw+=\n/"
	var gen func(prefix string, n int)
	gen = func(s string, n int) {
		want, err := base64.StdEncoding.DecodeString(s)
		got, ok := decodeBase64(s)
		if ok != (err == nil) || ok && !bytes.Equal(got, want) {
			t.Fatalf("decodeBase64(%q) = %x, %v; encoding/base64: %x, %v", s, got, ok, want, err)
		}
		if n == 0 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			gen(s+alphabet[i:i+1], n-1)
		}
	}
	gen("", 6)
}
