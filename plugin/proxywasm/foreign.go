package proxywasm

import (
	"gatehouse/abi"
)

// CallForeignFunction calls a host extension by name (Envoy has e.g.
// "clear_route_cache" since 1.33) with opaque args and returns its result. An
// unknown name is an error wrapping abi.StatusNotFound.
func CallForeignFunction(name string, args []byte) ([]byte, error) {
	const fn = "CallForeignFunction"
	if name == "" {
		return nil, badArgument(fn, "empty name")
	}
	nn, err := len32(fn, "name", len(name))
	if err != nil {
		return nil, err
	}
	an, err := len32(fn, "args", len(args))
	if err != nil {
		return nil, err
	}
	f := acquireFrame()
	st := proxyCallForeignFunction(stringPtr(name), nn, bytesPtr(args), an, f.ptrSlot(), &f.n)
	b, err := f.take()
	if st != abi.StatusOK {
		return nil, hostError(fn, st, "%q", name)
	}
	return b, err
}
