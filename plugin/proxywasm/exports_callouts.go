//go:build wasip1

package proxywasm

// Root-context exports for callout answers, queues and foreign functions
// (shared/PROXY_WASM.md §1.3, §2.5).

//go:wasmexport proxy_on_http_call_response
func proxyOnHTTPCallResponse(rootID, token, numHeaders, bodySize, numTrailers uint32) {
	onHTTPCallResponse(rootID, token, numHeaders, bodySize, numTrailers)
}

//go:wasmexport proxy_on_grpc_receive_initial_metadata
func proxyOnGrpcReceiveInitialMetadata(rootID, token, numHeaders uint32) {
	onGrpcReceiveInitialMetadata(rootID, token, numHeaders)
}

//go:wasmexport proxy_on_grpc_receive
func proxyOnGrpcReceive(rootID, token, size uint32) { onGrpcReceive(rootID, token, size) }

//go:wasmexport proxy_on_grpc_receive_trailing_metadata
func proxyOnGrpcReceiveTrailingMetadata(rootID, token, numTrailers uint32) {
	onGrpcReceiveTrailingMetadata(rootID, token, numTrailers)
}

//go:wasmexport proxy_on_grpc_close
func proxyOnGrpcClose(rootID, token, status uint32) { onGrpcClose(rootID, token, status) }

//go:wasmexport proxy_on_queue_ready
func proxyOnQueueReady(rootID, queueID uint32) { onQueueReady(rootID, queueID) }

//go:wasmexport proxy_on_foreign_function
func proxyOnForeignFunction(rootID, functionID, argsSize uint32) {
	onForeignFunction(rootID, functionID, argsSize)
}
