package proxywasm

import (
	"gatehouse/abi"
)

// SendLocalResponse makes the host answer the current stream itself with status,
// body and extra headers (added to the reply), without reaching the upstream.
// details becomes the response code details (Envoy replaces whitespace with '_').
// grpcStatus 0..16 adds a grpc-status; use abi.GrpcStatusNone for none. Envoy
// sends the reply after the current callback returns and forces that callback to
// stop; treat the call as final and return abi.ActionPause. Response callbacks run
// afterwards for the reply itself.
func SendLocalResponse(status uint32, details string, body []byte, headers []abi.Pair, grpcStatus int32) error {
	const fn = "SendLocalResponse"
	if status < 100 || status > 599 {
		return badArgument(fn, "status %d is not an HTTP status (100-599)", status)
	}
	dn, err := len32(fn, "details", len(details))
	if err != nil {
		return err
	}
	bn, err := len32(fn, "body", len(body))
	if err != nil {
		return err
	}
	h, err := encodePairs(fn, "headers", headers)
	if err != nil {
		return err
	}
	hn, err := len32(fn, "headers", len(h))
	if err != nil {
		return err
	}
	return proxySendLocalResponse(status, stringPtr(details), dn, bytesPtr(body), bn, bytesPtr(h), hn, grpcStatus).Err()
}

// ContinueStream resumes a stream direction the plugin paused (abi.StreamRequest
// or abi.StreamResponse); Envoy acts after the current callback returns. From a
// root callback, call SetEffectiveContext(stream) first.
func ContinueStream(s abi.StreamType) error {
	if err := checkStream("ContinueStream", s); err != nil {
		return err
	}
	return proxyContinueStream(s).Err()
}

// CloseStream resets the stream (Envoy: deferred resetStream, details
// wasm_close_stream).
func CloseStream(s abi.StreamType) error {
	if err := checkStream("CloseStream", s); err != nil {
		return err
	}
	return proxyCloseStream(s).Err()
}
