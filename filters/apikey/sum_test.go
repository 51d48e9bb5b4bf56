package apikey

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

// TestDecodeSumAgreesWithHex compares decodeSum with hex.DecodeString plus the
// length check on a valid sum with every byte value at every position, and on
// other lengths.
func TestDecodeSumAgreesWithHex(t *testing.T) {
	check := func(s string) {
		want, err := hex.DecodeString(s)
		wok := err == nil && len(want) == 32
		got, ok := decodeSum(s)
		if ok != wok || ok && !bytes.Equal(got[:], want) {
			t.Fatalf("decodeSum(%q) = %x, %v; hex: %x, %v", s, got, ok, want, err)
		}
	}
	valid := "0123456789abcdefABCDEF0123456789abcdefABCDEF0123456789abcdef0A1b"
	check(valid)
	for i := 0; i < len(valid); i++ {
		for c := 0; c < 256; c++ {
			check(valid[:i] + string([]byte{byte(c)}) + valid[i+1:])
		}
	}
	for _, s := range []string{"", "0", strings.Repeat("a", 62), strings.Repeat("a", 63), strings.Repeat("a", 65), strings.Repeat("a", 66), strings.Repeat("F", 64)} {
		check(s)
	}
}
