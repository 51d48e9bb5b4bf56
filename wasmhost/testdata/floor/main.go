// Command floor is a minimal proxy-wasm reactor: it runs the lifecycle, every
// callback continues, and it makes no host calls. It is the benchmark floor.
package main

func main() {}

//go:wasmexport proxy_abi_version_0_2_1
func abiVersion() {}

var heap [][]byte

//go:wasmexport proxy_on_memory_allocate
func onMemoryAllocate(size uint32) *byte {
	b := make([]byte, size+1)
	return &b[0]
}

//go:wasmexport proxy_on_context_create
func onContextCreate(id, parent uint32) {}

//go:wasmexport proxy_on_vm_start
func onVMStart(id, size uint32) bool { return true }

//go:wasmexport proxy_on_configure
func onConfigure(id, size uint32) bool { return true }

//go:wasmexport proxy_on_request_headers
func onRequestHeaders(id, n uint32, eos bool) uint32 { return 0 }

//go:wasmexport proxy_on_request_body
func onRequestBody(id, n uint32, eos bool) uint32 { return 0 }

//go:wasmexport proxy_on_response_headers
func onResponseHeaders(id, n uint32, eos bool) uint32 { return 0 }

//go:wasmexport proxy_on_response_body
func onResponseBody(id, n uint32, eos bool) uint32 { return 0 }

//go:wasmexport proxy_on_log
func onLog(id uint32) {}

//go:wasmexport proxy_on_done
func onDone(id uint32) bool { return true }

//go:wasmexport proxy_on_delete
func onDelete(id uint32) {}
