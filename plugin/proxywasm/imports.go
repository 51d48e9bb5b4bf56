//go:build wasip1

package proxywasm

import (
	"unsafe"

	"gatehouse/abi"
)

// Raw host functions of proxy-wasm ABI 0.2.1 (module "env"), declared exactly as
// shared/PROXY_WASM.md §1.2 lists them: every pointer and size is an i32, only the
// metric delta and value are i64, and every function returns an i32 status.
//
// Out-parameters ("ret_*") are addresses of the return slots in memory.go; the
// host writes a 32-bit address and a 32-bit length for byte results, 4 bytes for
// uint32 results and 8 bytes for uint64 results. Nothing outside this package's
// typed wrappers may call these.

// Logging and miscellany.

//go:wasmimport env proxy_log
func proxyLog(level abi.LogLevel, msgPtr unsafe.Pointer, msgLen uint32) abi.Status

//go:wasmimport env proxy_get_log_level
func proxyGetLogLevel(retLevel *uint32) abi.Status

//go:wasmimport env proxy_get_current_time_nanoseconds
func proxyGetCurrentTimeNanoseconds(retTime *uint64) abi.Status

//go:wasmimport env proxy_set_tick_period_milliseconds
func proxySetTickPeriodMilliseconds(periodMs uint32) abi.Status

//go:wasmimport env proxy_set_effective_context
func proxySetEffectiveContext(contextID uint32) abi.Status

//go:wasmimport env proxy_done
func proxyDone() abi.Status

//go:wasmimport env proxy_get_status
func proxyGetStatus(retCode *uint32, retMsgPtr unsafe.Pointer, retMsgLen *uint32) abi.Status

//go:wasmimport env proxy_call_foreign_function
func proxyCallForeignFunction(namePtr unsafe.Pointer, nameLen uint32, argsPtr unsafe.Pointer, argsLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status

// Properties.

//go:wasmimport env proxy_get_property
func proxyGetProperty(pathPtr unsafe.Pointer, pathLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status

//go:wasmimport env proxy_set_property
func proxySetProperty(pathPtr unsafe.Pointer, pathLen uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status

// Header maps.

//go:wasmimport env proxy_get_header_map_value
func proxyGetHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status

//go:wasmimport env proxy_get_header_map_pairs
func proxyGetHeaderMapPairs(m abi.MapType, retPtr unsafe.Pointer, retLen *uint32) abi.Status

//go:wasmimport env proxy_set_header_map_pairs
func proxySetHeaderMapPairs(m abi.MapType, pairsPtr unsafe.Pointer, pairsLen uint32) abi.Status

//go:wasmimport env proxy_add_header_map_value
func proxyAddHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status

//go:wasmimport env proxy_replace_header_map_value
func proxyReplaceHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status

//go:wasmimport env proxy_remove_header_map_value
func proxyRemoveHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32) abi.Status

//go:wasmimport env proxy_get_header_map_size
func proxyGetHeaderMapSize(m abi.MapType, retSize *uint32) abi.Status

// Buffers.

//go:wasmimport env proxy_get_buffer_bytes
func proxyGetBufferBytes(b abi.BufferType, start uint32, maxLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status

//go:wasmimport env proxy_get_buffer_status
func proxyGetBufferStatus(b abi.BufferType, retLen *uint32, retFlags *uint32) abi.Status

//go:wasmimport env proxy_set_buffer_bytes
func proxySetBufferBytes(b abi.BufferType, start uint32, length uint32, dataPtr unsafe.Pointer, dataLen uint32) abi.Status

// Stream control and local replies.

//go:wasmimport env proxy_send_local_response
func proxySendLocalResponse(statusCode uint32, detailsPtr unsafe.Pointer, detailsLen uint32, bodyPtr unsafe.Pointer, bodyLen uint32, headersPtr unsafe.Pointer, headersLen uint32, grpcStatus int32) abi.Status

//go:wasmimport env proxy_continue_stream
func proxyContinueStream(s abi.StreamType) abi.Status

//go:wasmimport env proxy_close_stream
func proxyCloseStream(s abi.StreamType) abi.Status

// HTTP and gRPC callouts.

//go:wasmimport env proxy_http_call
func proxyHTTPCall(upstreamPtr unsafe.Pointer, upstreamLen uint32, headersPtr unsafe.Pointer, headersLen uint32, bodyPtr unsafe.Pointer, bodyLen uint32, trailersPtr unsafe.Pointer, trailersLen uint32, timeoutMs uint32, retToken *uint32) abi.Status

//go:wasmimport env proxy_grpc_call
func proxyGrpcCall(servicePtr unsafe.Pointer, serviceLen uint32, serviceNamePtr unsafe.Pointer, serviceNameLen uint32, methodPtr unsafe.Pointer, methodLen uint32, metadataPtr unsafe.Pointer, metadataLen uint32, messagePtr unsafe.Pointer, messageLen uint32, timeoutMs uint32, retToken *uint32) abi.Status

//go:wasmimport env proxy_grpc_stream
func proxyGrpcStream(servicePtr unsafe.Pointer, serviceLen uint32, serviceNamePtr unsafe.Pointer, serviceNameLen uint32, methodPtr unsafe.Pointer, methodLen uint32, metadataPtr unsafe.Pointer, metadataLen uint32, retToken *uint32) abi.Status

//go:wasmimport env proxy_grpc_send
func proxyGrpcSend(token uint32, messagePtr unsafe.Pointer, messageLen uint32, endStream bool) abi.Status

//go:wasmimport env proxy_grpc_cancel
func proxyGrpcCancel(token uint32) abi.Status

//go:wasmimport env proxy_grpc_close
func proxyGrpcClose(token uint32) abi.Status

// Shared data and shared queues.

//go:wasmimport env proxy_get_shared_data
func proxyGetSharedData(keyPtr unsafe.Pointer, keyLen uint32, retPtr unsafe.Pointer, retLen *uint32, retCas *uint32) abi.Status

//go:wasmimport env proxy_set_shared_data
func proxySetSharedData(keyPtr unsafe.Pointer, keyLen uint32, valuePtr unsafe.Pointer, valueLen uint32, cas uint32) abi.Status

//go:wasmimport env proxy_register_shared_queue
func proxyRegisterSharedQueue(namePtr unsafe.Pointer, nameLen uint32, retID *uint32) abi.Status

//go:wasmimport env proxy_resolve_shared_queue
func proxyResolveSharedQueue(vmIDPtr unsafe.Pointer, vmIDLen uint32, namePtr unsafe.Pointer, nameLen uint32, retID *uint32) abi.Status

//go:wasmimport env proxy_enqueue_shared_queue
func proxyEnqueueSharedQueue(queueID uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status

//go:wasmimport env proxy_dequeue_shared_queue
func proxyDequeueSharedQueue(queueID uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status

// Metrics.

//go:wasmimport env proxy_define_metric
func proxyDefineMetric(t abi.MetricType, namePtr unsafe.Pointer, nameLen uint32, retID *uint32) abi.Status

//go:wasmimport env proxy_increment_metric
func proxyIncrementMetric(metricID uint32, delta int64) abi.Status

//go:wasmimport env proxy_record_metric
func proxyRecordMetric(metricID uint32, value uint64) abi.Status

//go:wasmimport env proxy_get_metric
func proxyGetMetric(metricID uint32, retValue *uint64) abi.Status
