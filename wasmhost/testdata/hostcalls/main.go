// Command hostcalls is the floor module plus the host calls a Gatehouse
// pass-through request makes, with no logic around them: read the request
// headers and the client address (each copied in through
// proxy_on_memory_allocate), read the clock, log one event-sized line and
// increment one counter. Benchmarks set it between the floor and Gatehouse to
// tell the cost of the ABI from the cost of the filter.
package main

import (
	"time"
	"unsafe"
)

func main() {}

//go:wasmimport env proxy_get_header_map_pairs
func getHeaderMapPairs(mapType uint32, retPtr unsafe.Pointer, retLen *uint32) uint32

//go:wasmimport env proxy_get_property
func getProperty(path unsafe.Pointer, pathLen uint32, retPtr unsafe.Pointer, retLen *uint32) uint32

//go:wasmimport env proxy_log
func proxyLog(level uint32, msg unsafe.Pointer, msgLen uint32) uint32

//go:wasmimport env proxy_define_metric
func defineMetric(typ uint32, name unsafe.Pointer, nameLen uint32, retID *uint32) uint32

//go:wasmimport env proxy_increment_metric
func incrementMetric(id uint32, delta int64) uint32

//go:wasmexport proxy_abi_version_0_2_1
func abiVersion() {}

//go:wasmexport proxy_on_memory_allocate
func onMemoryAllocate(size uint32) *byte {
	b := make([]byte, size+1)
	return &b[0]
}

var (
	metricID uint32
	line     = make([]byte, 250)
	sinkT    time.Time
	sinkP    *byte
)

const (
	metricName = "hostcalls.requests"
	sourceAddr = "source\x00address"
)

//go:wasmexport proxy_on_context_create
func onContextCreate(id, parent uint32) {}

//go:wasmexport proxy_on_vm_start
func onVMStart(id, size uint32) bool { return true }

//go:wasmexport proxy_on_configure
func onConfigure(id, size uint32) bool {
	defineMetric(0, unsafe.Pointer(unsafe.StringData(metricName)), uint32(len(metricName)), &metricID)
	return true
}

//go:wasmexport proxy_on_request_headers
func onRequestHeaders(id, n uint32, eos bool) uint32 {
	var p *byte
	var l uint32
	getHeaderMapPairs(0, unsafe.Pointer(&p), &l)
	sinkP = p
	p, l = nil, 0
	getProperty(unsafe.Pointer(unsafe.StringData(sourceAddr)), uint32(len(sourceAddr)), unsafe.Pointer(&p), &l)
	sinkP = p
	sinkT = time.Now()
	proxyLog(2, unsafe.Pointer(&line[0]), uint32(len(line)))
	incrementMetric(metricID, 1)
	return 0
}

//go:wasmexport proxy_on_response_headers
func onResponseHeaders(id, n uint32, eos bool) uint32 { return 0 }

//go:wasmexport proxy_on_log
func onLog(id uint32) {}

//go:wasmexport proxy_on_done
func onDone(id uint32) bool { return true }

//go:wasmexport proxy_on_delete
func onDelete(id uint32) {}
