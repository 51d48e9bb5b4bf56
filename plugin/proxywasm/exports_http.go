//go:build wasip1

package proxywasm

import "gatehouse/abi"

// HTTP stream exports (shared/PROXY_WASM.md §1.3, §2.2).

//go:wasmexport proxy_on_request_headers
func proxyOnRequestHeaders(contextID, numHeaders uint32, endOfStream bool) abi.Action {
	return onRequestHeaders(contextID, numHeaders, endOfStream)
}

//go:wasmexport proxy_on_request_body
func proxyOnRequestBody(contextID, bodySize uint32, endOfStream bool) abi.Action {
	return onRequestBody(contextID, bodySize, endOfStream)
}

//go:wasmexport proxy_on_request_trailers
func proxyOnRequestTrailers(contextID, numTrailers uint32) abi.Action {
	return onRequestTrailers(contextID, numTrailers)
}

//go:wasmexport proxy_on_response_headers
func proxyOnResponseHeaders(contextID, numHeaders uint32, endOfStream bool) abi.Action {
	return onResponseHeaders(contextID, numHeaders, endOfStream)
}

//go:wasmexport proxy_on_response_body
func proxyOnResponseBody(contextID, bodySize uint32, endOfStream bool) abi.Action {
	return onResponseBody(contextID, bodySize, endOfStream)
}

//go:wasmexport proxy_on_response_trailers
func proxyOnResponseTrailers(contextID, numTrailers uint32) abi.Action {
	return onResponseTrailers(contextID, numTrailers)
}

//go:wasmexport proxy_on_log
func proxyOnLog(contextID uint32) { onLog(contextID) }
