package wasmhost

import "gatehouse/abi"

// setBufferBytes applies Envoy's Buffer::copyFrom semantics for proxy_set_buffer_bytes
// on a body buffer: start == 0 drains length bytes then prepends data (so 0,0
// prepends and 0,len replaces everything); start >= len(buf) appends; anything
// else is BAD_ARGUMENT.
func setBufferBytes(buf []byte, start, length uint32, data []byte) ([]byte, abi.Status) {
	switch {
	case start == 0:
		drain := int(length)
		if drain > len(buf) {
			drain = len(buf)
		}
		out := make([]byte, 0, len(data)+len(buf)-drain)
		out = append(out, data...)
		return append(out, buf[drain:]...), abi.StatusOK
	case int(start) >= len(buf):
		return append(buf, data...), abi.StatusOK
	default:
		return buf, abi.StatusBadArgument
	}
}

// getBufferBytes is cpp-host's get_buffer_bytes range handling: overflow of
// start+max is BAD_ARGUMENT, the range is clipped to the buffer.
func getBufferBytes(buf []byte, start, max uint32) ([]byte, abi.Status) {
	end := uint64(start) + uint64(max)
	if end > 0xFFFFFFFF {
		return nil, abi.StatusBadArgument
	}
	if int(start) >= len(buf) {
		return nil, abi.StatusOK
	}
	if end > uint64(len(buf)) {
		end = uint64(len(buf))
	}
	return buf[start:end], abi.StatusOK
}
