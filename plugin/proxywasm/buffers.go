package proxywasm

import (
	"gatehouse/abi"
)

// Buffers are available in Envoy as follows: the plugin configuration only in
// OnConfigure, the VM configuration at any time, request/response bodies in
// their body callbacks (the whole buffered body while the plugin pauses), the
// http-call response body in OnHTTPCallResponse. Elsewhere the host answers
// abi.StatusNotFound. Statuses are returned unwrapped (hot path).

// GetBuffer returns up to maxLen bytes of buffer b starting at start; the range is
// clipped to the buffer and an empty result is a nil slice. The returned bytes
// belong to the caller.
func GetBuffer(b abi.BufferType, start, maxLen int) ([]byte, error) {
	if err := checkBuffer("GetBuffer", b); err != nil {
		return nil, err
	}
	s, err := arg32("GetBuffer", "start", start)
	if err != nil {
		return nil, err
	}
	m, err := arg32("GetBuffer", "maxLen", maxLen)
	if err != nil {
		return nil, err
	}
	f := acquireFrame()
	st := proxyGetBufferBytes(b, s, m, f.ptrSlot(), &f.n)
	data, err := f.take()
	if st != abi.StatusOK {
		return nil, st
	}
	return data, err
}

// BufferStatus returns the current length of buffer b and its flags (always 0 in
// Envoy). Not provided by proxytest.
func BufferStatus(b abi.BufferType) (length int, flags uint32, err error) {
	if err := checkBuffer("BufferStatus", b); err != nil {
		return 0, 0, err
	}
	f := acquireFrame()
	st := proxyGetBufferStatus(b, &f.u32, &f.u32b)
	n, fl := f.u32, f.u32b
	f.release()
	if st != abi.StatusOK {
		return 0, 0, st
	}
	return int(n), fl, nil
}

// SetBuffer replaces length bytes of buffer b at start with data. For Envoy
// bodies only two forms work: start 0 (drain length bytes, then prepend data, so
// (0, current length) replaces the body and (0, 0) prepends) and start at or past
// the end (append); anything else and immutable buffers give
// abi.StatusBadArgument.
func SetBuffer(b abi.BufferType, start, length int, data []byte) error {
	if err := checkBuffer("SetBuffer", b); err != nil {
		return err
	}
	s, err := arg32("SetBuffer", "start", start)
	if err != nil {
		return err
	}
	l, err := arg32("SetBuffer", "length", length)
	if err != nil {
		return err
	}
	n, err := len32("SetBuffer", "data", len(data))
	if err != nil {
		return err
	}
	return proxySetBufferBytes(b, s, l, bytesPtr(data), n).Err()
}
