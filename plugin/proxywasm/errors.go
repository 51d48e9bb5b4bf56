package proxywasm

import (
	"fmt"
	"math"

	"gatehouse/abi"
)

// Argument checks run before the host sees a value. They build detailed errors
// only on failure, so successful calls stay allocation-free.

// badArgument returns an error wrapping abi.StatusBadArgument, e.g.
// "proxywasm.GetBuffer: start -1 is negative: proxy-wasm: bad argument".
func badArgument(fn, format string, args ...any) error {
	return fmt.Errorf("proxywasm.%s: %s: %w", fn, fmt.Sprintf(format, args...), abi.StatusBadArgument)
}

// hostError wraps a non-OK status with the call and a detail; for calls off the
// hot path. It returns nil for abi.StatusOK.
func hostError(fn string, st abi.Status, format string, args ...any) error {
	if st == abi.StatusOK {
		return nil
	}
	return fmt.Errorf("proxywasm.%s(%s): %w", fn, fmt.Sprintf(format, args...), st)
}

// len32 checks that a length fits the ABI's 32-bit sizes.
func len32(fn, what string, n int) (uint32, error) {
	if uint64(n) > math.MaxUint32 {
		return 0, tooLong(fn, what, n)
	}
	return uint32(n), nil
}

// tooLong is len32's error. (Out of line: the check is inlined into every
// host call, and building the error there cost the module 5 KB.)
//
//go:noinline
func tooLong(fn, what string, n int) error {
	return badArgument(fn, "%s is %d bytes, over the 32-bit limit", what, n)
}

// arg32 checks that an int argument is neither negative nor over 32 bits.
func arg32(fn, what string, v int) (uint32, error) {
	if v < 0 {
		return 0, badArgument(fn, "%s %d is negative", what, v)
	}
	if uint64(v) > math.MaxUint32 {
		return 0, badArgument(fn, "%s %d does not fit in 32 bits", what, v)
	}
	return uint32(v), nil
}

// emptyPairs is the serialized empty map: a zero count. The spec also allows a
// zero-length buffer, but proxytest's parser panics on that, so the four bytes
// are always sent. The host only reads it.
var emptyPairs = []byte{0, 0, 0, 0}

// encodePairs serializes pairs for the host and refuses what Envoy's parser would
// silently turn into an empty map (shared/PROXY_WASM.md §1.4). An empty list
// encodes as emptyPairs.
func encodePairs(fn, what string, pairs []abi.Pair) ([]byte, error) {
	if len(pairs) == 0 {
		return emptyPairs, nil
	}
	if len(pairs) > abi.MaxPairsCount {
		return nil, fmt.Errorf("proxywasm.%s: %s: %w: %d pairs, limit %d", fn, what, abi.ErrTooManyPairs, len(pairs), abi.MaxPairsCount)
	}
	if n := abi.PairsSize(pairs); n > abi.MaxPairsBytes {
		return nil, fmt.Errorf("proxywasm.%s: %s: %w: %d bytes, limit %d", fn, what, abi.ErrPairsTooLarge, n, abi.MaxPairsBytes)
	}
	return abi.EncodePairs(pairs), nil
}

// Enumeration checks: hosts answer unknown values with BAD_ARGUMENT (Envoy) or a
// panic (proxytest), so they are refused here.

func checkMap(fn string, m abi.MapType) error {
	if m > abi.MapHTTPCallResponseTrailers {
		return badArgument(fn, "unknown %s", m)
	}
	return nil
}

func checkBuffer(fn string, b abi.BufferType) error {
	if b > abi.BufferCallData {
		return badArgument(fn, "unknown %s", b)
	}
	return nil
}

func checkStream(fn string, s abi.StreamType) error {
	if s > abi.StreamUpstream {
		return badArgument(fn, "unknown %s", s)
	}
	return nil
}
