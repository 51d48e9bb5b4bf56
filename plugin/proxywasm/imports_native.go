//go:build !wasip1

package proxywasm

import (
	"unsafe"

	"gatehouse/abi"
)

// Native stand-ins for the raw host functions of imports.go, so the package
// builds and its pure-Go logic is unit-tested outside wasm. Each stand-in turns
// its arguments into a nativeCall (byte arguments become strings) and lets
// nativeHost answer; without a nativeHost every call returns
// abi.StatusUnimplemented. Byte results go through allocate and the return
// slots exactly as a real host does.

// nativeCall is one raw host call seen by the native test hook.
type nativeCall struct {
	name string
	args []any

	// Filled in by the hook.
	status abi.Status
	out    []byte // byte result (ret_ptr/ret_len)
	nilPtr bool   // write length len(out) but address 0 (a broken host)
	u32    uint32 // first scalar result
	u32b   uint32 // second scalar result (buffer flags)
	u64    uint64 // 64-bit result
}

// nativeHost answers raw host calls in native builds; tests set it.
var nativeHost func(c *nativeCall)

func native(name string, args ...any) *nativeCall {
	c := &nativeCall{name: name, args: args}
	if nativeHost == nil {
		c.status = abi.StatusUnimplemented
		return c
	}
	nativeHost(c)
	return c
}

func str(p unsafe.Pointer, n uint32) string {
	if n == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(p), n))
}

// putBytes follows the host side of the return protocol: allocate in the guest,
// copy, write address and length.
func (c *nativeCall) putBytes(retPtr unsafe.Pointer, retLen *uint32) {
	if len(c.out) == 0 && !c.nilPtr {
		return
	}
	*retLen = uint32(len(c.out))
	if c.nilPtr {
		*(**byte)(retPtr) = nil
		return
	}
	p := onMemoryAllocate(uint32(len(c.out)))
	copy(unsafe.Slice(p, len(c.out)), c.out)
	*(**byte)(retPtr) = p
}

func proxyLog(level abi.LogLevel, msgPtr unsafe.Pointer, msgLen uint32) abi.Status {
	return native("proxy_log", level, str(msgPtr, msgLen)).status
}

func proxyGetLogLevel(retLevel *uint32) abi.Status {
	c := native("proxy_get_log_level")
	*retLevel = c.u32
	return c.status
}

func proxyGetCurrentTimeNanoseconds(retTime *uint64) abi.Status {
	c := native("proxy_get_current_time_nanoseconds")
	*retTime = c.u64
	return c.status
}

func proxySetTickPeriodMilliseconds(periodMs uint32) abi.Status {
	return native("proxy_set_tick_period_milliseconds", periodMs).status
}

func proxySetEffectiveContext(contextID uint32) abi.Status {
	return native("proxy_set_effective_context", contextID).status
}

func proxyDone() abi.Status { return native("proxy_done").status }

func proxyGetStatus(retCode *uint32, retMsgPtr unsafe.Pointer, retMsgLen *uint32) abi.Status {
	c := native("proxy_get_status")
	*retCode = c.u32
	c.putBytes(retMsgPtr, retMsgLen)
	return c.status
}

func proxyCallForeignFunction(namePtr unsafe.Pointer, nameLen uint32, argsPtr unsafe.Pointer, argsLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status {
	c := native("proxy_call_foreign_function", str(namePtr, nameLen), str(argsPtr, argsLen))
	c.putBytes(retPtr, retLen)
	return c.status
}

func proxyGetProperty(pathPtr unsafe.Pointer, pathLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status {
	c := native("proxy_get_property", str(pathPtr, pathLen))
	c.putBytes(retPtr, retLen)
	return c.status
}

func proxySetProperty(pathPtr unsafe.Pointer, pathLen uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status {
	return native("proxy_set_property", str(pathPtr, pathLen), str(valuePtr, valueLen)).status
}

func proxyGetHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status {
	c := native("proxy_get_header_map_value", m, str(keyPtr, keyLen))
	c.putBytes(retPtr, retLen)
	return c.status
}

func proxyGetHeaderMapPairs(m abi.MapType, retPtr unsafe.Pointer, retLen *uint32) abi.Status {
	c := native("proxy_get_header_map_pairs", m)
	c.putBytes(retPtr, retLen)
	return c.status
}

func proxySetHeaderMapPairs(m abi.MapType, pairsPtr unsafe.Pointer, pairsLen uint32) abi.Status {
	return native("proxy_set_header_map_pairs", m, str(pairsPtr, pairsLen)).status
}

func proxyAddHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status {
	return native("proxy_add_header_map_value", m, str(keyPtr, keyLen), str(valuePtr, valueLen)).status
}

func proxyReplaceHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status {
	return native("proxy_replace_header_map_value", m, str(keyPtr, keyLen), str(valuePtr, valueLen)).status
}

func proxyRemoveHeaderMapValue(m abi.MapType, keyPtr unsafe.Pointer, keyLen uint32) abi.Status {
	return native("proxy_remove_header_map_value", m, str(keyPtr, keyLen)).status
}

func proxyGetHeaderMapSize(m abi.MapType, retSize *uint32) abi.Status {
	c := native("proxy_get_header_map_size", m)
	*retSize = c.u32
	return c.status
}

func proxyGetBufferBytes(b abi.BufferType, start uint32, maxLen uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status {
	c := native("proxy_get_buffer_bytes", b, start, maxLen)
	c.putBytes(retPtr, retLen)
	return c.status
}

func proxyGetBufferStatus(b abi.BufferType, retLen *uint32, retFlags *uint32) abi.Status {
	c := native("proxy_get_buffer_status", b)
	*retLen, *retFlags = c.u32, c.u32b
	return c.status
}

func proxySetBufferBytes(b abi.BufferType, start uint32, length uint32, dataPtr unsafe.Pointer, dataLen uint32) abi.Status {
	return native("proxy_set_buffer_bytes", b, start, length, str(dataPtr, dataLen)).status
}

func proxySendLocalResponse(statusCode uint32, detailsPtr unsafe.Pointer, detailsLen uint32, bodyPtr unsafe.Pointer, bodyLen uint32, headersPtr unsafe.Pointer, headersLen uint32, grpcStatus int32) abi.Status {
	return native("proxy_send_local_response", statusCode, str(detailsPtr, detailsLen), str(bodyPtr, bodyLen), str(headersPtr, headersLen), grpcStatus).status
}

func proxyContinueStream(s abi.StreamType) abi.Status {
	return native("proxy_continue_stream", s).status
}

func proxyCloseStream(s abi.StreamType) abi.Status { return native("proxy_close_stream", s).status }

func proxyHTTPCall(upstreamPtr unsafe.Pointer, upstreamLen uint32, headersPtr unsafe.Pointer, headersLen uint32, bodyPtr unsafe.Pointer, bodyLen uint32, trailersPtr unsafe.Pointer, trailersLen uint32, timeoutMs uint32, retToken *uint32) abi.Status {
	c := native("proxy_http_call", str(upstreamPtr, upstreamLen), str(headersPtr, headersLen), str(bodyPtr, bodyLen), str(trailersPtr, trailersLen), timeoutMs)
	*retToken = c.u32
	return c.status
}

func proxyGrpcCall(servicePtr unsafe.Pointer, serviceLen uint32, serviceNamePtr unsafe.Pointer, serviceNameLen uint32, methodPtr unsafe.Pointer, methodLen uint32, metadataPtr unsafe.Pointer, metadataLen uint32, messagePtr unsafe.Pointer, messageLen uint32, timeoutMs uint32, retToken *uint32) abi.Status {
	c := native("proxy_grpc_call", str(servicePtr, serviceLen), str(serviceNamePtr, serviceNameLen), str(methodPtr, methodLen), str(metadataPtr, metadataLen), str(messagePtr, messageLen), timeoutMs)
	*retToken = c.u32
	return c.status
}

func proxyGrpcStream(servicePtr unsafe.Pointer, serviceLen uint32, serviceNamePtr unsafe.Pointer, serviceNameLen uint32, methodPtr unsafe.Pointer, methodLen uint32, metadataPtr unsafe.Pointer, metadataLen uint32, retToken *uint32) abi.Status {
	c := native("proxy_grpc_stream", str(servicePtr, serviceLen), str(serviceNamePtr, serviceNameLen), str(methodPtr, methodLen), str(metadataPtr, metadataLen))
	*retToken = c.u32
	return c.status
}

func proxyGrpcSend(token uint32, messagePtr unsafe.Pointer, messageLen uint32, endStream bool) abi.Status {
	return native("proxy_grpc_send", token, str(messagePtr, messageLen), endStream).status
}

func proxyGrpcCancel(token uint32) abi.Status { return native("proxy_grpc_cancel", token).status }

func proxyGrpcClose(token uint32) abi.Status { return native("proxy_grpc_close", token).status }

func proxyGetSharedData(keyPtr unsafe.Pointer, keyLen uint32, retPtr unsafe.Pointer, retLen *uint32, retCas *uint32) abi.Status {
	c := native("proxy_get_shared_data", str(keyPtr, keyLen))
	c.putBytes(retPtr, retLen)
	*retCas = c.u32
	return c.status
}

func proxySetSharedData(keyPtr unsafe.Pointer, keyLen uint32, valuePtr unsafe.Pointer, valueLen uint32, cas uint32) abi.Status {
	return native("proxy_set_shared_data", str(keyPtr, keyLen), str(valuePtr, valueLen), cas).status
}

func proxyRegisterSharedQueue(namePtr unsafe.Pointer, nameLen uint32, retID *uint32) abi.Status {
	c := native("proxy_register_shared_queue", str(namePtr, nameLen))
	*retID = c.u32
	return c.status
}

func proxyResolveSharedQueue(vmIDPtr unsafe.Pointer, vmIDLen uint32, namePtr unsafe.Pointer, nameLen uint32, retID *uint32) abi.Status {
	c := native("proxy_resolve_shared_queue", str(vmIDPtr, vmIDLen), str(namePtr, nameLen))
	*retID = c.u32
	return c.status
}

func proxyEnqueueSharedQueue(queueID uint32, valuePtr unsafe.Pointer, valueLen uint32) abi.Status {
	return native("proxy_enqueue_shared_queue", queueID, str(valuePtr, valueLen)).status
}

func proxyDequeueSharedQueue(queueID uint32, retPtr unsafe.Pointer, retLen *uint32) abi.Status {
	c := native("proxy_dequeue_shared_queue", queueID)
	c.putBytes(retPtr, retLen)
	return c.status
}

func proxyDefineMetric(t abi.MetricType, namePtr unsafe.Pointer, nameLen uint32, retID *uint32) abi.Status {
	c := native("proxy_define_metric", t, str(namePtr, nameLen))
	*retID = c.u32
	return c.status
}

func proxyIncrementMetric(metricID uint32, delta int64) abi.Status {
	return native("proxy_increment_metric", metricID, delta).status
}

func proxyRecordMetric(metricID uint32, value uint64) abi.Status {
	return native("proxy_record_metric", metricID, value).status
}

func proxyGetMetric(metricID uint32, retValue *uint64) abi.Status {
	c := native("proxy_get_metric", metricID)
	*retValue = c.u64
	return c.status
}
