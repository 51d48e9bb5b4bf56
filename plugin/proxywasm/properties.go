package proxywasm

import (
	"gatehouse/abi"
)

// GetProperty reads a host attribute by path segments, e.g.
// GetProperty("source", "address") or GetProperty("request", "id"). Values are
// encoded as in shared/PROXY_WASM.md §1.5 (strings raw, integers 8 bytes little
// endian, maps as serialized pairs). An absent property is abi.StatusNotFound
// (returned as is, unwrapped: this is on hot paths). Valid in any callback; what
// exists depends on the phase.
func GetProperty(path ...string) ([]byte, error) {
	if len(path) == 0 {
		return nil, badArgument("GetProperty", "empty path")
	}
	return getProperty("GetProperty", abi.PropertyPath(path...))
}

// PropertyString reads a property whose path is already encoded with
// abi.PropertyPath (encode it once, outside the request path) and returns the
// value as a string. The string is the plugin's own copy of the host's bytes,
// made without a second copy, so it may be kept.
func PropertyString(encodedPath string) (string, error) {
	if encodedPath == "" {
		return "", badArgument("PropertyString", "empty path")
	}
	b, err := getProperty("PropertyString", encodedPath)
	return ownedString(b), err
}

func getProperty(fn, p string) ([]byte, error) {
	n, err := len32(fn, "path", len(p))
	if err != nil {
		return nil, err
	}
	f := acquireFrame()
	st := proxyGetProperty(stringPtr(p), n, f.ptrSlot(), &f.n)
	b, err := f.take()
	if st != abi.StatusOK {
		return nil, st
	}
	return b, err
}

// SetProperty stores value under path for the current stream (Envoy keeps it in
// filter state as wasm.<path>; a later GetProperty finds it). Envoy refuses it
// outside a stream with abi.StatusNotFound.
func SetProperty(path []string, value []byte) error {
	if len(path) == 0 {
		return badArgument("SetProperty", "empty path")
	}
	p := abi.PropertyPath(path...)
	pn, err := len32("SetProperty", "path", len(p))
	if err != nil {
		return err
	}
	vn, err := len32("SetProperty", "value", len(value))
	if err != nil {
		return err
	}
	return proxySetProperty(stringPtr(p), pn, bytesPtr(value), vn).Err()
}
