// Command initcall calls a proxy_* host function (not proxy_log) from a Go init
// function; Envoy kills such a VM with restricted_callback.
package main

func main() {}

//go:wasmimport env proxy_set_tick_period_milliseconds
func setTick(ms uint32) uint32

func init() { setTick(1000) }

//go:wasmexport proxy_abi_version_0_2_1
func abiVersion() {}

//go:wasmexport proxy_on_memory_allocate
func onMemoryAllocate(size uint32) *byte {
	b := make([]byte, size+1)
	return &b[0]
}

//go:wasmexport proxy_on_configure
func onConfigure(id, size uint32) bool { return true }
