// Command sleeper arms a runtime timer (time.Sleep) in its request-headers
// callback: fine on current Envoy (poll_oneoff returns zero events), fatal on
// Envoy ≤ 1.38 ("poll_oneoff failed").
package main

import "time"

func main() {}

//go:wasmexport proxy_abi_version_0_2_1
func abiVersion() {}

//go:wasmexport proxy_on_memory_allocate
func onMemoryAllocate(size uint32) *byte {
	b := make([]byte, size+1)
	return &b[0]
}

//go:wasmexport proxy_on_configure
func onConfigure(id, size uint32) bool { return true }

//go:wasmexport proxy_on_request_headers
func onRequestHeaders(id, n uint32, eos bool) uint32 {
	time.Sleep(100 * time.Millisecond) // long enough that the scheduler always finds the timer pending and polls
	return 0
}
