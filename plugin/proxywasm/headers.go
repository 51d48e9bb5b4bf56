package proxywasm

import (
	"fmt"

	"gatehouse/abi"
)

// Header maps are readable and writable only in the callbacks that own them:
// request headers in OnRequestHeaders (or while that phase is paused), response
// headers in OnResponseHeaders, trailers likewise, http-call response maps in
// OnHTTPCallResponse. Outside that window Envoy answers abi.StatusBadArgument (in
// OnLog some maps are readable, see shared/PROXY_WASM.md §1.2). Statuses from the
// host are returned unwrapped: these are hot paths.

// GetHeader returns the first value of key (lower case) in map m.
// A missing key is abi.StatusNotFound.
func GetHeader(m abi.MapType, key string) (string, error) {
	if err := checkMap("GetHeader", m); err != nil {
		return "", err
	}
	kn, err := len32("GetHeader", "key", len(key))
	if err != nil {
		return "", err
	}
	f := acquireFrame()
	st := proxyGetHeaderMapValue(m, stringPtr(key), kn, f.ptrSlot(), &f.n)
	b, err := f.take()
	if st != abi.StatusOK {
		return "", st
	}
	if err != nil {
		return "", err
	}
	return ownedString(b), nil
}

// GetHeaders returns every entry of map m in order (repeated keys appear once per
// value). An unavailable or empty map is an empty list. A buffer the host got
// wrong is an error wrapping abi.ErrPairsMalformed, abi.ErrTooManyPairs or
// abi.ErrPairsTooLarge.
func GetHeaders(m abi.MapType) ([]abi.Pair, error) { return AppendHeaders(nil, m) }

// AppendHeaders is GetHeaders that reuses dst's storage: the entries replace
// dst[:0]. Keys and values share the one buffer the host copied into guest
// memory, so a whole map costs one allocation (two when dst is too small).
func AppendHeaders(dst []abi.Pair, m abi.MapType) ([]abi.Pair, error) {
	if err := checkMap("GetHeaders", m); err != nil {
		return nil, err
	}
	f := acquireFrame()
	st := proxyGetHeaderMapPairs(m, f.ptrSlot(), &f.n)
	b, err := f.take()
	if st != abi.StatusOK {
		return nil, st
	}
	if err != nil {
		return nil, err
	}
	pairs, err := abi.DecodePairsString(ownedString(b), dst)
	if err != nil {
		return nil, fmt.Errorf("proxywasm.GetHeaders(%s): %w", m, err)
	}
	return pairs, nil
}

// SetHeaders replaces every entry of map m with pairs. Lists that Envoy's parser
// would silently read as empty (wiping the map) are refused: over
// abi.MaxPairsCount pairs or abi.MaxPairsBytes bytes.
func SetHeaders(m abi.MapType, pairs []abi.Pair) error {
	if err := checkMap("SetHeaders", m); err != nil {
		return err
	}
	b, err := encodePairs("SetHeaders", "pairs", pairs)
	if err != nil {
		return err
	}
	n, err := len32("SetHeaders", "pairs", len(b))
	if err != nil {
		return err
	}
	return proxySetHeaderMapPairs(m, bytesPtr(b), n).Err()
}

// AddHeader appends a value for key, keeping existing values.
func AddHeader(m abi.MapType, key, value string) error {
	if err := checkMap("AddHeader", m); err != nil {
		return err
	}
	kn, vn, err := keyValueLens("AddHeader", key, value)
	if err != nil {
		return err
	}
	return proxyAddHeaderMapValue(m, stringPtr(key), kn, stringPtr(value), vn).Err()
}

// ReplaceHeader sets key to value, replacing existing values or adding it.
func ReplaceHeader(m abi.MapType, key, value string) error {
	if err := checkMap("ReplaceHeader", m); err != nil {
		return err
	}
	kn, vn, err := keyValueLens("ReplaceHeader", key, value)
	if err != nil {
		return err
	}
	return proxyReplaceHeaderMapValue(m, stringPtr(key), kn, stringPtr(value), vn).Err()
}

// RemoveHeader removes every value of key; removing an absent key succeeds.
func RemoveHeader(m abi.MapType, key string) error {
	if err := checkMap("RemoveHeader", m); err != nil {
		return err
	}
	kn, err := len32("RemoveHeader", "key", len(key))
	if err != nil {
		return err
	}
	return proxyRemoveHeaderMapValue(m, stringPtr(key), kn).Err()
}

// HeaderMapSize returns what the host reports as the size of map m. Envoy
// reports the map's byte size, not the number of entries. Not provided by
// proxytest.
func HeaderMapSize(m abi.MapType) (int, error) {
	if err := checkMap("HeaderMapSize", m); err != nil {
		return 0, err
	}
	f := acquireFrame()
	st := proxyGetHeaderMapSize(m, &f.u32)
	n := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, st
	}
	return int(n), nil
}

func keyValueLens(fn, key, value string) (uint32, uint32, error) {
	kn, err := len32(fn, "key", len(key))
	if err != nil {
		return 0, 0, err
	}
	vn, err := len32(fn, "value", len(value))
	if err != nil {
		return 0, 0, err
	}
	return kn, vn, nil
}
