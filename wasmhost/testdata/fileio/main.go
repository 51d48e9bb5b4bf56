// Command fileio uses os.ReadFile, so it imports fd_filestat_get and the other
// file calls Envoy ≤ 1.38 lacks. It logs the read error from on_configure.
package main

import (
	"os"
	"unsafe"
)

func main() {}

//go:wasmimport env proxy_log
func proxyLog(level uint32, msg unsafe.Pointer, n uint32) uint32

func logf(s string) { proxyLog(2, unsafe.Pointer(unsafe.StringData(s)), uint32(len(s))) }

//go:wasmexport proxy_abi_version_0_2_1
func abiVersion() {}

//go:wasmexport proxy_on_memory_allocate
func onMemoryAllocate(size uint32) *byte {
	b := make([]byte, size+1)
	return &b[0]
}

//go:wasmexport proxy_on_configure
func onConfigure(id, size uint32) bool {
	_, err := os.ReadFile("/etc/hostname")
	if err != nil {
		logf("read failed: " + err.Error())
	}
	return true
}
