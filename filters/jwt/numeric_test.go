package jwt

import (
	"testing"

	"gatehouse/jsontree"
)

// TestNumericDate checks the NumericDate reader on the literals smallInt takes
// and on those it leaves to strconv.
func TestNumericDate(t *testing.T) {
	tests := []struct {
		lit  string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"1795849200", 1795849200, true},
		{"999999999999999999", 999999999999999999, true},   // 18 digits: smallInt
		{"9223372036854775807", 9223372036854775807, true}, // 19 digits: strconv
		{"9223372036854775808", 0, false},
		{"-1", -1, true},
		{"-0", 0, true},
		{"1.9", 1, true},
		{"-1.5", -2, true},
		{"1e3", 1000, true},
		{"1E+2", 100, true},
		{"1e400", 0, false},
		{"4.6e18", 4600000000000000000, true},
		{"4.7e18", 0, false},
	}
	for _, tt := range tests {
		got, ok := numericDate(&jsontree.Node{Kind: jsontree.Number, Str: tt.lit})
		if got != tt.want || ok != tt.ok {
			t.Errorf("numericDate(%s) = %d, %v; want %d, %v", tt.lit, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := numericDate(&jsontree.Node{Kind: jsontree.String, Str: "1"}); ok {
		t.Error("a string was read as a NumericDate")
	}
}
