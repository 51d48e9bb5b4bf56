package abi

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Pair is one entry of a serialized map: a header, a trailer or a gRPC metadata
// entry. Keys of HTTP header maps are lower case in Envoy.
type Pair struct {
	Key   string
	Value string
}

// Limits of the host's pairs parser (proxy-wasm-cpp-host limits.h). A buffer over
// either limit is treated by Envoy as an empty map.
const (
	MaxPairsBytes = 1 << 20
	MaxPairsCount = 1024
)

// Errors of DecodePairs, one per failure class; the returned error wraps one of
// them with the detail.
var (
	// ErrPairsTooLarge: the buffer is longer than MaxPairsBytes.
	ErrPairsTooLarge = errors.New("pairs: buffer too large")
	// ErrTooManyPairs: the header announces more than MaxPairsCount pairs.
	ErrTooManyPairs = errors.New("pairs: too many pairs")
	// ErrPairsMalformed: truncated, a missing NUL terminator, or trailing bytes.
	ErrPairsMalformed = errors.New("pairs: malformed buffer")
)

// PairsSize is the length of the serialized form of pairs:
// 4 + Σ(8 + len(key) + 1 + len(value) + 1).
func PairsSize(pairs []Pair) int {
	n := 4
	for _, p := range pairs {
		n += 8 + len(p.Key) + 1 + len(p.Value) + 1
	}
	return n
}

// EncodePairs serializes pairs in the proxy-wasm format: a little-endian u32 count,
// then a (u32 key length, u32 value length) per pair, then each key and value
// followed by a NUL byte. An empty list encodes as four zero bytes.
func EncodePairs(pairs []Pair) []byte {
	return AppendPairs(make([]byte, 0, PairsSize(pairs)), pairs)
}

// AppendPairs appends the serialized form of pairs to dst and returns the result.
func AppendPairs(dst []byte, pairs []Pair) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(pairs)))
	for _, p := range pairs {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(p.Key)))
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(p.Value)))
	}
	for _, p := range pairs {
		dst = append(dst, p.Key...)
		dst = append(dst, 0)
		dst = append(dst, p.Value...)
		dst = append(dst, 0)
	}
	return dst
}

// DecodePairs parses a serialized map. An empty buffer is an empty map (the host
// returns length 0 for empty maps). The buffer must match the announced sizes
// exactly; the limits are those of Envoy's parser. The strings share one copy of
// the buffer, so b may be reused after the call.
func DecodePairs(b []byte) ([]Pair, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if len(b) > MaxPairsBytes {
		// Checked before the copy so an oversize buffer costs nothing.
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrPairsTooLarge, len(b), MaxPairsBytes)
	}
	return DecodePairsString(string(b), nil)
}

// DecodePairsString is DecodePairs for a buffer already held as a string: the
// keys and values are substrings of s (no copy), appended to dst[:0] so a caller
// can reuse one slice across calls. It returns nil pairs with any error.
func DecodePairsString(s string, dst []Pair) ([]Pair, error) {
	if len(s) == 0 {
		return dst[:0], nil
	}
	if len(s) > MaxPairsBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrPairsTooLarge, len(s), MaxPairsBytes)
	}
	if len(s) < 4 {
		return nil, fmt.Errorf("%w: %d bytes, want at least 4", ErrPairsMalformed, len(s))
	}
	count := u32(s, 0)
	if count > MaxPairsCount {
		return nil, fmt.Errorf("%w: %d pairs, limit %d", ErrTooManyPairs, count, MaxPairsCount)
	}
	sizesEnd := 4 + 8*int(count)
	if len(s) < sizesEnd {
		return nil, fmt.Errorf("%w: %d pairs need %d bytes of sizes, have %d", ErrPairsMalformed, count, sizesEnd, len(s))
	}
	want := sizesEnd
	for i := 0; i < int(count); i++ {
		want += int(u32(s, 4+8*i)) + int(u32(s, 8+8*i)) + 2
		if want > len(s) {
			return nil, fmt.Errorf("%w: pair %d runs past the end", ErrPairsMalformed, i)
		}
	}
	if want != len(s) {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrPairsMalformed, len(s)-want)
	}
	pairs := dst[:0]
	if count == 0 {
		return pairs, nil
	}
	if cap(pairs) < int(count) {
		pairs = make([]Pair, 0, count)
	}
	off := sizesEnd
	for i := 0; i < int(count); i++ {
		kl := int(u32(s, 4+8*i))
		vl := int(u32(s, 8+8*i))
		if s[off+kl] != 0 || s[off+kl+1+vl] != 0 {
			return nil, fmt.Errorf("%w: pair %d lacks a NUL terminator", ErrPairsMalformed, i)
		}
		pairs = append(pairs, Pair{Key: s[off : off+kl], Value: s[off+kl+1 : off+kl+1+vl]})
		off += kl + vl + 2
	}
	return pairs, nil
}

// u32 reads a little-endian uint32 at s[i:].
func u32(s string, i int) uint32 {
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}
