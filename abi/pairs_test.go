package abi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestEncodePairs(t *testing.T) {
	tests := []struct {
		name  string
		pairs []Pair
		want  []byte
	}{
		{"empty", nil, []byte{0, 0, 0, 0}},
		{"one", []Pair{{"a", "1"}}, []byte{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 'a', 0, '1', 0}},
		{"two with empty value", []Pair{{":path", "/"}, {"x", ""}}, []byte{
			2, 0, 0, 0,
			5, 0, 0, 0, 1, 0, 0, 0,
			1, 0, 0, 0, 0, 0, 0, 0,
			':', 'p', 'a', 't', 'h', 0, '/', 0,
			'x', 0, 0,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EncodePairs(tt.pairs)
			if !bytes.Equal(got, tt.want) {
				t.Fatalf("EncodePairs = %v, want %v", got, tt.want)
			}
			if PairsSize(tt.pairs) != len(tt.want) {
				t.Fatalf("PairsSize = %d, want %d", PairsSize(tt.pairs), len(tt.want))
			}
		})
	}
}

func TestDecodePairs(t *testing.T) {
	valid := EncodePairs([]Pair{{"a", "1"}, {"bb", ""}})
	noNUL := bytes.Clone(valid)
	noNUL[len(noNUL)-1] = 'x'
	tooMany := binary.LittleEndian.AppendUint32(nil, MaxPairsCount+1)
	huge := make([]byte, MaxPairsBytes+1)
	var maxPairs []Pair
	for i := 0; i < MaxPairsCount; i++ {
		maxPairs = append(maxPairs, Pair{"k", "v"})
	}
	tests := []struct {
		name    string
		in      []byte
		want    []Pair
		wantErr error
		msg     string
	}{
		{name: "zero length is empty", in: nil, want: nil},
		{name: "four zero bytes is empty", in: []byte{0, 0, 0, 0}, want: nil},
		{name: "valid", in: valid, want: []Pair{{"a", "1"}, {"bb", ""}}},
		{name: "max pairs", in: EncodePairs(maxPairs), want: maxPairs},
		{name: "short header", in: []byte{1, 0}, wantErr: ErrPairsMalformed,
			msg: "pairs: malformed buffer: 2 bytes, want at least 4"},
		{name: "too many", in: tooMany, wantErr: ErrTooManyPairs,
			msg: "pairs: too many pairs: 1025 pairs, limit 1024"},
		{name: "too large", in: huge, wantErr: ErrPairsTooLarge,
			msg: "pairs: buffer too large: 1048577 bytes, limit 1048576"},
		{name: "sizes truncated", in: []byte{2, 0, 0, 0, 1, 0, 0, 0}, wantErr: ErrPairsMalformed,
			msg: "pairs: malformed buffer: 2 pairs need 20 bytes of sizes, have 8"},
		{name: "data truncated", in: valid[:len(valid)-1], wantErr: ErrPairsMalformed,
			msg: "pairs: malformed buffer: pair 1 runs past the end"},
		{name: "trailing bytes", in: append(bytes.Clone(valid), 0), wantErr: ErrPairsMalformed,
			msg: "pairs: malformed buffer: 1 trailing bytes"},
		{name: "missing NUL", in: noNUL, wantErr: ErrPairsMalformed,
			msg: "pairs: malformed buffer: pair 1 lacks a NUL terminator"},
		{name: "huge length no overflow", in: []byte{1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, wantErr: ErrPairsMalformed,
			msg: "pairs: malformed buffer: pair 0 runs past the end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodePairs(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || err.Error() != tt.msg {
					t.Fatalf("DecodePairs error = %v, want %q (%v)", err, tt.msg, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodePairs: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("DecodePairs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodePairsDoesNotAliasInput(t *testing.T) {
	b := EncodePairs([]Pair{{"key", "value"}})
	got, err := DecodePairs(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 'z'
	}
	if got[0] != (Pair{"key", "value"}) {
		t.Fatalf("decoded pair changed with its input: %q", got[0])
	}
}

func FuzzDecodePairs(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0})
	f.Add(EncodePairs([]Pair{{":method", "GET"}, {"x", strings.Repeat("v", 40)}}))
	f.Add([]byte{1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		pairs, err := DecodePairs(b)
		if err != nil {
			if pairs != nil {
				t.Fatalf("pairs %q returned with error %v", pairs, err)
			}
			return
		}
		// A buffer that decodes re-encodes to itself, except that an empty
		// map has two spellings.
		if len(pairs) == 0 {
			if len(b) != 0 && !bytes.Equal(b, []byte{0, 0, 0, 0}) {
				t.Fatalf("%v decoded to an empty map", b)
			}
			return
		}
		if again := EncodePairs(pairs); !bytes.Equal(again, b) {
			t.Fatalf("round trip: %v -> %q -> %v", b, pairs, again)
		}
	})
}

func FuzzPairsRoundTrip(f *testing.F) {
	f.Add("a", "1", "b", "")
	f.Add("", "", "\x00", "\x00")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		in := []Pair{{k1, v1}, {k2, v2}}
		got, err := DecodePairs(EncodePairs(in))
		if strings.ContainsRune(k1+v1+k2+v2, 0) {
			// NUL inside a key or value cannot be told from the terminator
			// when it lines up; all we ask is no panic.
			return
		}
		if err != nil || !reflect.DeepEqual(got, in) {
			t.Fatalf("round trip of %q = %q, %v", in, got, err)
		}
	})
}

func TestDecodePairsStringReusesDst(t *testing.T) {
	dst := make([]Pair, 0, 4)
	got, err := DecodePairsString(string(EncodePairs([]Pair{{"a", "1"}, {"b", "2"}})), dst)
	if err != nil {
		t.Fatal(err)
	}
	if &got[0] != &dst[:1][0] || !reflect.DeepEqual(got, []Pair{{"a", "1"}, {"b", "2"}}) {
		t.Fatalf("got %q (reused: %v)", got, &got[0] == &dst[:1][0])
	}
	if got, err := DecodePairsString("", dst); err != nil || len(got) != 0 {
		t.Fatalf("empty: %q %v", got, err)
	}
	if got, err := DecodePairsString("\x01\x00", dst); err == nil || got != nil {
		t.Fatalf("malformed: %q %v", got, err)
	}
}
