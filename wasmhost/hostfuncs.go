package wasmhost

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/tetratelabs/wazero/api"

	"gatehouse/abi"
)

const (
	wasiPreview1 = "wasi_snapshot_preview1"
	wasiUnstable = "wasi_unstable"
)

// hostFunc is one host function with its wasm type and the phases in which Envoy
// allows it.
type hostFunc struct {
	module, name    string
	params, results []api.ValueType
	fn              func(w *worker, s []uint64)
	// allowed during _initialize / during host-initiated allocation
	init, alloc bool
}

func i32s(n int) []api.ValueType {
	out := make([]api.ValueType, n)
	for i := range out {
		out[i] = api.ValueTypeI32
	}
	return out
}

var (
	st1 = i32s(1)
	i64 = api.ValueTypeI64
)

func u32(v uint64) uint32 { return uint32(v) }

// restrictedCallback is the trap Envoy raises for a host call outside the allowed
// set during _initialize or allocation.
type restrictedCallback struct{ name, during string }

func (r restrictedCallback) Error() string {
	return fmt.Sprintf("restricted_callback: %s called during %s", r.name, r.during)
}

// proxyFuncs returns the env.proxy_* functions for abiV.
func proxyFuncs(abiV ABIVersion) []*hostFunc {
	f := func(name string, nparams int, fn func(w *worker, s []uint64) abi.Status) *hostFunc {
		return &hostFunc{module: "env", name: name, params: i32s(nparams), results: st1,
			fn: func(w *worker, s []uint64) { s[0] = uint64(fn(w, s)) }}
	}
	fs := []*hostFunc{
		f("proxy_log", 3, hLog),
		f("proxy_get_current_time_nanoseconds", 1, func(w *worker, s []uint64) abi.Status {
			return w.putU64(u32(s[0]), uint64(w.h.clock.Now().UnixNano()))
		}),
		f("proxy_set_tick_period_milliseconds", 1, func(w *worker, s []uint64) abi.Status {
			w.setTick(u32(s[0]))
			return abi.StatusOK
		}),
		f("proxy_set_effective_context", 1, func(w *worker, s []uint64) abi.Status {
			c, ok := w.contexts[u32(s[0])]
			if !ok {
				return abi.StatusBadArgument
			}
			w.eff = c
			return abi.StatusOK
		}),
		f("proxy_done", 0, func(w *worker, s []uint64) abi.Status {
			if !w.rootDonePending {
				return abi.StatusNotFound
			}
			w.rootDonePending = false
			w.after = append(w.after, func() { w.call(w.root, "proxy_on_delete", 0, uint64(w.root.id)) })
			return abi.StatusOK
		}),
		f("proxy_get_status", 3, func(w *worker, s []uint64) abi.Status {
			if st := w.putU32(u32(s[0]), w.status.code); st != abi.StatusOK {
				return st
			}
			return w.copyOut([]byte(w.status.msg), u32(s[1]), u32(s[2]))
		}),
		f("proxy_call_foreign_function", 6, func(w *worker, s []uint64) abi.Status {
			name, ok := w.readString(u32(s[0]), u32(s[1]))
			if !ok {
				return abi.StatusInvalidMemoryAccess
			}
			if name == "clear_route_cache" {
				return w.copyOut(nil, u32(s[4]), u32(s[5]))
			}
			return abi.StatusNotFound
		}),
		f("proxy_get_property", 4, hGetProperty),
		f("proxy_set_property", 4, hSetProperty),
		f("proxy_get_header_map_value", 5, hGetHeaderMapValue),
		f("proxy_get_header_map_pairs", 3, hGetHeaderMapPairs),
		f("proxy_set_header_map_pairs", 3, hSetHeaderMapPairs),
		f("proxy_add_header_map_value", 5, func(w *worker, s []uint64) abi.Status { return hMutateHeader(w, s, "add") }),
		f("proxy_replace_header_map_value", 5, func(w *worker, s []uint64) abi.Status { return hMutateHeader(w, s, "replace") }),
		f("proxy_remove_header_map_value", 3, func(w *worker, s []uint64) abi.Status { return hMutateHeader(w, s, "remove") }),
		f("proxy_get_header_map_size", 2, hGetHeaderMapSize),
		f("proxy_get_buffer_bytes", 5, hGetBufferBytes),
		f("proxy_get_buffer_status", 3, hGetBufferStatus),
		f("proxy_set_buffer_bytes", 5, hSetBufferBytes),
		f("proxy_send_local_response", 8, hSendLocalResponse),
		f("proxy_http_call", 10, hHTTPCall),
		f("proxy_grpc_call", 12, hGrpcCall),
		f("proxy_grpc_stream", 9, hGrpcStream),
		f("proxy_grpc_send", 4, hGrpcSend),
		f("proxy_grpc_cancel", 1, func(w *worker, s []uint64) abi.Status { return hGrpcEnd(w, u32(s[0]), true) }),
		f("proxy_grpc_close", 1, func(w *worker, s []uint64) abi.Status { return hGrpcEnd(w, u32(s[0]), false) }),
		f("proxy_get_shared_data", 5, hGetSharedData),
		f("proxy_set_shared_data", 5, hSetSharedData),
		f("proxy_register_shared_queue", 3, hRegisterQueue),
		f("proxy_resolve_shared_queue", 5, hResolveQueue),
		f("proxy_enqueue_shared_queue", 3, hEnqueue),
		f("proxy_dequeue_shared_queue", 3, hDequeue),
		f("proxy_define_metric", 4, func(w *worker, s []uint64) abi.Status {
			name, ok := w.readString(u32(s[1]), u32(s[2]))
			if !ok {
				return abi.StatusInvalidMemoryAccess
			}
			id, st := w.h.metrics.define(abi.MetricType(u32(s[0])), name)
			if st != abi.StatusOK {
				return st
			}
			return w.putU32(u32(s[3]), id)
		}),
		{module: "env", name: "proxy_increment_metric", params: []api.ValueType{api.ValueTypeI32, i64}, results: st1,
			fn: func(w *worker, s []uint64) { s[0] = uint64(w.h.metrics.increment(u32(s[0]), int64(s[1]))) }},
		{module: "env", name: "proxy_record_metric", params: []api.ValueType{api.ValueTypeI32, i64}, results: st1,
			fn: func(w *worker, s []uint64) { s[0] = uint64(w.h.metrics.record(u32(s[0]), s[1])) }},
		f("proxy_get_metric", 2, func(w *worker, s []uint64) abi.Status {
			v, st := w.h.metrics.get(u32(s[0]))
			if st != abi.StatusOK {
				return st
			}
			return w.putU64(u32(s[1]), v)
		}),
		f("proxy_continue_stream", 1, func(w *worker, s []uint64) abi.Status { return hStreamOp(w, u32(s[0]), false) }),
		f("proxy_close_stream", 1, func(w *worker, s []uint64) abi.Status { return hStreamOp(w, u32(s[0]), true) }),
		{module: "env", name: "emscripten_notify_memory_growth", params: i32s(1), fn: func(*worker, []uint64) {}},
	}
	if abiV == ABI021 {
		fs = append(fs, f("proxy_get_log_level", 1, func(w *worker, s []uint64) abi.Status {
			return w.putU32(u32(s[0]), uint32(w.h.cfg.LogLevel))
		}))
	}
	for _, h := range fs {
		h.init = h.name == "proxy_log" || h.name == "emscripten_notify_memory_growth"
		h.alloc = h.name == "proxy_log"
	}
	return fs
}

func hLog(w *worker, s []uint64) abi.Status {
	if u32(s[0]) > uint32(abi.LogCritical) {
		return abi.StatusBadArgument
	}
	msg, ok := w.readString(u32(s[1]), u32(s[2]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	w.log(abi.LogLevel(u32(s[0])), msg)
	return abi.StatusOK
}

func (w *worker) activeStream() *stream {
	if c := w.active(); c != nil {
		return c.stream
	}
	return nil
}

func hGetProperty(w *worker, s []uint64) abi.Status {
	path, ok := w.readString(u32(s[0]), u32(s[1]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	v, st := w.lookupProperty(w.active(), path)
	if st != abi.StatusOK {
		return st
	}
	return w.copyOut(v, u32(s[2]), u32(s[3]))
}

func hSetProperty(w *worker, s []uint64) abi.Status {
	path, ok := w.readString(u32(s[0]), u32(s[1]))
	val, ok2 := w.read(u32(s[2]), u32(s[3]))
	if !ok || !ok2 {
		return abi.StatusInvalidMemoryAccess
	}
	st := w.activeStream()
	if st == nil {
		return abi.StatusNotFound
	}
	if st.filter == nil {
		st.filter = map[string][]byte{}
	}
	st.filter[path] = val
	return abi.StatusOK
}

// headerMap returns the map t for the active context as Envoy's getMap
// (write) / getConstMap (read) would, or nil when it is not available now.
func (w *worker) headerMap(t abi.MapType, write bool) *headerMap {
	switch t {
	case abi.MapHTTPCallResponseHeaders, abi.MapHTTPCallResponseTrailers:
		if write || w.callout == nil {
			return nil
		}
		if t == abi.MapHTTPCallResponseHeaders {
			return w.callout.headers
		}
		return w.callout.trailers
	case abi.MapGrpcInitialMetadata, abi.MapGrpcTrailingMetadata:
		if write || w.callout == nil {
			return nil
		}
		if t == abi.MapGrpcInitialMetadata {
			return w.callout.initial
		}
		return w.callout.trailing
	}
	s := w.activeStream()
	if s == nil {
		return nil
	}
	if s.inLog {
		if write {
			return nil
		}
		switch t {
		case abi.MapRequestHeaders:
			return s.req.headers
		case abi.MapResponseHeaders:
			if s.resp.haveHeaders {
				return s.resp.headers
			}
		case abi.MapResponseTrailers:
			return s.resp.trailers
		}
		return nil
	}
	d := s.req
	if t == abi.MapResponseHeaders || t == abi.MapResponseTrailers {
		d = s.resp
	}
	if d.aborted {
		return nil
	}
	switch t {
	case abi.MapRequestHeaders, abi.MapResponseHeaders:
		if d.headersCalled && !d.headersPassed {
			return d.headers
		}
	case abi.MapRequestTrailers, abi.MapResponseTrailers:
		if d.trailers != nil && !d.trailersPassed {
			return d.trailers
		}
		// addDecodedTrailers/addEncodedTrailers from the last body callback.
		if write && d.trailers == nil && s.cb == cbBody && s.cbDir == d && d.lastEOS {
			d.trailers = newHeaderMap(nil)
			return d.trailers
		}
	}
	return nil
}

func hGetHeaderMapValue(w *worker, s []uint64) abi.Status {
	t := abi.MapType(u32(s[0]))
	if t > abi.MapHTTPCallResponseTrailers {
		return abi.StatusBadArgument
	}
	key, ok := w.readString(u32(s[1]), u32(s[2]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	m := w.headerMap(t, false)
	if m == nil {
		if st := w.activeStream(); st != nil && st.inLog {
			return abi.StatusNotFound
		}
		return abi.StatusBadArgument
	}
	v, found := m.get(key)
	if !found {
		return abi.StatusNotFound
	}
	return w.copyOut([]byte(v), u32(s[3]), u32(s[4]))
}

func hGetHeaderMapPairs(w *worker, s []uint64) abi.Status {
	t := abi.MapType(u32(s[0]))
	if t > abi.MapHTTPCallResponseTrailers {
		return abi.StatusBadArgument
	}
	m := w.headerMap(t, false)
	if m == nil || len(m.pairs) == 0 {
		return w.copyOut(nil, u32(s[1]), u32(s[2]))
	}
	return w.copyOut(abi.EncodePairs(m.pairs), u32(s[1]), u32(s[2]))
}

func hSetHeaderMapPairs(w *worker, s []uint64) abi.Status {
	t := abi.MapType(u32(s[0]))
	b, ok := w.read(u32(s[1]), u32(s[2]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	m := w.headerMap(t, true)
	if m == nil {
		return abi.StatusBadArgument
	}
	m.setPairs(decodePairsLikeEnvoy(b))
	return abi.StatusOK
}

func hMutateHeader(w *worker, s []uint64, op string) abi.Status {
	t := abi.MapType(u32(s[0]))
	key, ok := w.readString(u32(s[1]), u32(s[2]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	var val string
	if op != "remove" {
		if val, ok = w.readString(u32(s[3]), u32(s[4])); !ok {
			return abi.StatusInvalidMemoryAccess
		}
	}
	m := w.headerMap(t, true)
	if m == nil {
		return abi.StatusBadArgument
	}
	switch op {
	case "add":
		m.add(key, val)
	case "replace":
		m.replace(key, val)
	default:
		m.remove(key)
	}
	return abi.StatusOK
}

func hGetHeaderMapSize(w *worker, s []uint64) abi.Status {
	m := w.headerMap(abi.MapType(u32(s[0])), false)
	if m == nil {
		return abi.StatusBadArgument
	}
	return w.putU32(u32(s[1]), uint32(m.byteSize()))
}

// buffer returns the buffer t for the active context, whether it may be written,
// or a status (BAD_ARGUMENT for unknown types, NOT_FOUND when unavailable).
func (w *worker) buffer(t abi.BufferType) (data []byte, d *direction, st abi.Status) {
	switch t {
	case abi.BufferRequestBody, abi.BufferResponseBody:
		s := w.activeStream()
		if s == nil {
			return nil, nil, abi.StatusNotFound
		}
		d := s.req
		if t == abi.BufferResponseBody {
			d = s.resp
		}
		if d.aborted || !((s.cb == cbBody && s.cbDir == d) || d.buffering || d.stop == stopBody) {
			return nil, nil, abi.StatusNotFound
		}
		return d.body, d, abi.StatusOK
	case abi.BufferHTTPCallResponseBody:
		if w.callout == nil || w.callout.headers == nil {
			return nil, nil, abi.StatusNotFound
		}
		return w.callout.body, nil, abi.StatusOK
	case abi.BufferGrpcReceive:
		if w.callout == nil || w.callout.grpcMsg == nil {
			return nil, nil, abi.StatusNotFound
		}
		return w.callout.grpcMsg, nil, abi.StatusOK
	case abi.BufferVMConfiguration:
		return w.h.cfg.VMConfig, nil, abi.StatusOK
	case abi.BufferPluginConfiguration:
		if !w.inConfigure {
			return nil, nil, abi.StatusNotFound
		}
		return w.h.cfg.PluginConfig, nil, abi.StatusOK
	case abi.BufferDownstreamData, abi.BufferUpstreamData, abi.BufferCallData:
		return nil, nil, abi.StatusNotFound
	}
	return nil, nil, abi.StatusBadArgument
}

func hGetBufferBytes(w *worker, s []uint64) abi.Status {
	data, _, st := w.buffer(abi.BufferType(u32(s[0])))
	if st != abi.StatusOK {
		return st
	}
	out, st := getBufferBytes(data, u32(s[1]), u32(s[2]))
	if st != abi.StatusOK {
		return st
	}
	return w.copyOut(out, u32(s[3]), u32(s[4]))
}

func hGetBufferStatus(w *worker, s []uint64) abi.Status {
	data, _, st := w.buffer(abi.BufferType(u32(s[0])))
	if st != abi.StatusOK {
		return st
	}
	if st := w.putU32(u32(s[1]), uint32(len(data))); st != abi.StatusOK {
		return st
	}
	return w.putU32(u32(s[2]), 0)
}

func hSetBufferBytes(w *worker, s []uint64) abi.Status {
	data, d, st := w.buffer(abi.BufferType(u32(s[0])))
	if st != abi.StatusOK {
		return st
	}
	if d == nil {
		return abi.StatusBadArgument
	}
	in, ok := w.read(u32(s[3]), u32(s[4]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	out, st := setBufferBytes(data, u32(s[1]), u32(s[2]), in)
	if st == abi.StatusOK {
		d.body = out
	}
	return st
}

func hSendLocalResponse(w *worker, s []uint64) abi.Status {
	details, ok1 := w.readString(u32(s[1]), u32(s[2]))
	body, ok2 := w.read(u32(s[3]), u32(s[4]))
	hdrs, ok3 := w.read(u32(s[5]), u32(s[6]))
	if !ok1 || !ok2 || !ok3 {
		return abi.StatusInvalidMemoryAccess
	}
	st := w.activeStream()
	if st == nil {
		return abi.StatusBadArgument
	}
	details = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, details)
	lr := localReply{status: int(u32(s[0])), details: details, body: body, headers: lowerPairs(decodePairsLikeEnvoy(hdrs))}
	if g := int32(u32(s[7])); g >= 0 && g <= 16 {
		if ct, _ := st.req.headers.get("content-type"); strings.HasPrefix(ct, "application/grpc") {
			lr.headers = append(lr.headers, abi.Pair{Key: "grpc-status", Value: fmt.Sprint(g)})
		}
	}
	st.pendingLocal = true
	w.after = append(w.after, func() { st.sendLocalReply(lr) })
	return abi.StatusOK
}

func hStreamOp(w *worker, t uint32, closeIt bool) abi.Status {
	switch abi.StreamType(t) {
	case abi.StreamRequest, abi.StreamResponse:
	case abi.StreamDownstream, abi.StreamUpstream:
		return abi.StatusUnimplemented
	default:
		return abi.StatusBadArgument
	}
	s := w.activeStream()
	if s == nil {
		return abi.StatusOK
	}
	if closeIt {
		w.post(func() { s.resetStream("wasm_close_stream") })
		return abi.StatusOK
	}
	d := s.req
	if t == uint32(abi.StreamResponse) {
		d = s.resp
	}
	w.post(func() { s.continueDir(d) })
	return abi.StatusOK
}

func hHTTPCall(w *worker, s []uint64) abi.Status {
	name, ok1 := w.readString(u32(s[0]), u32(s[1]))
	hb, ok2 := w.read(u32(s[2]), u32(s[3]))
	body, ok3 := w.read(u32(s[4]), u32(s[5]))
	tb, ok4 := w.read(u32(s[6]), u32(s[7]))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return abi.StatusInvalidMemoryAccess
	}
	c, ok := w.h.cfg.Clusters[name]
	if !ok {
		return abi.StatusBadArgument
	}
	hm := newHeaderMap(decodePairsLikeEnvoy(hb))
	for _, k := range []string{":method", ":path", ":authority"} {
		if v, ok := hm.get(k); !ok || v == "" {
			return abi.StatusBadArgument
		}
	}
	if len(body) > 0 {
		hm.replace("content-length", fmt.Sprint(len(body)))
	}
	req := &CalloutRequest{Cluster: name, Headers: hm.snapshot(), Body: body,
		Trailers: decodePairsLikeEnvoy(tb), Timeout: time.Duration(u32(s[8])) * time.Millisecond}
	co := w.newCallout(req, false)
	w.launch(co, c)
	return w.putU32(u32(s[9]), co.token)
}

func grpcRequest(w *worker, s []uint64) (*CalloutRequest, Cluster, abi.Status) {
	svc, ok1 := w.readString(u32(s[0]), u32(s[1]))
	svcName, ok2 := w.readString(u32(s[2]), u32(s[3]))
	method, ok3 := w.readString(u32(s[4]), u32(s[5]))
	md, ok4 := w.read(u32(s[6]), u32(s[7]))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, nil, abi.StatusInvalidMemoryAccess
	}
	c, ok := w.h.cfg.Clusters[svc]
	if !ok {
		// Either a serialized GrpcService (not supported here) or an unknown cluster.
		return nil, nil, abi.StatusParseFailure
	}
	hs := []abi.Pair{{Key: ":method", Value: "POST"}, {Key: ":path", Value: "/" + svcName + "/" + method},
		{Key: ":authority", Value: svc}, {Key: "content-type", Value: "application/grpc"}, {Key: "te", Value: "trailers"}}
	hs = append(hs, lowerPairs(decodePairsLikeEnvoy(md))...)
	return &CalloutRequest{Cluster: svc, Headers: hs}, c, abi.StatusOK
}

func hGrpcCall(w *worker, s []uint64) abi.Status {
	req, c, st := grpcRequest(w, s)
	if st != abi.StatusOK {
		return st
	}
	msg, ok := w.read(u32(s[8]), u32(s[9]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	req.Body = grpcFrame(msg)
	req.Timeout = time.Duration(u32(s[10])) * time.Millisecond
	co := w.newCallout(req, true)
	w.launch(co, c)
	return w.putU32(u32(s[11]), co.token)
}

func hGrpcStream(w *worker, s []uint64) abi.Status {
	req, c, st := grpcRequest(w, s)
	if st != abi.StatusOK {
		return st
	}
	co := w.newCallout(req, true)
	co.stream, co.cluster = true, c
	return w.putU32(u32(s[8]), co.token)
}

func hGrpcSend(w *worker, s []uint64) abi.Status {
	co, ok := w.callouts[u32(s[0])]
	if !ok {
		return abi.StatusNotFound
	}
	if !co.stream {
		return abi.StatusBadArgument
	}
	msg, ok := w.read(u32(s[1]), u32(s[2]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	if co.cluster == nil { // already half-closed
		return abi.StatusBadArgument
	}
	co.req.Body = append(co.req.Body, grpcFrame(msg)...)
	if u32(s[3]) != 0 {
		c := co.cluster
		co.cluster = nil
		w.launch(co, c)
	}
	return abi.StatusOK
}

// hGrpcEnd is proxy_grpc_cancel (no further callbacks) and proxy_grpc_close
// (half-close a stream: the buffered messages are sent; a unary call is
// cancelled).
func hGrpcEnd(w *worker, token uint32, cancel bool) abi.Status {
	co, ok := w.callouts[token]
	if !ok {
		return abi.StatusNotFound
	}
	if !cancel && co.stream && co.cluster != nil {
		c := co.cluster
		co.cluster = nil
		w.launch(co, c)
		return abi.StatusOK
	}
	w.endCallout(co)
	return abi.StatusOK
}

func hGetSharedData(w *worker, s []uint64) abi.Status {
	key, ok := w.readString(u32(s[0]), u32(s[1]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	v, cas, st := w.h.shared.get(w.h.cfg.VMID, key)
	if st != abi.StatusOK {
		return st
	}
	if st := w.copyOut(v, u32(s[2]), u32(s[3])); st != abi.StatusOK {
		return st
	}
	return w.putU32(u32(s[4]), cas)
}

func hSetSharedData(w *worker, s []uint64) abi.Status {
	key, ok1 := w.readString(u32(s[0]), u32(s[1]))
	val, ok2 := w.read(u32(s[2]), u32(s[3]))
	if !ok1 || !ok2 {
		return abi.StatusInvalidMemoryAccess
	}
	return w.h.shared.set(w.h.cfg.VMID, key, val, u32(s[4]))
}

func hRegisterQueue(w *worker, s []uint64) abi.Status {
	name, ok := w.readString(u32(s[0]), u32(s[1]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	id := w.h.queues.register(w.h.cfg.VMID, name, w, w.root.id)
	return w.putU32(u32(s[2]), id)
}

func hResolveQueue(w *worker, s []uint64) abi.Status {
	vm, ok1 := w.readString(u32(s[0]), u32(s[1]))
	name, ok2 := w.readString(u32(s[2]), u32(s[3]))
	if !ok1 || !ok2 {
		return abi.StatusInvalidMemoryAccess
	}
	if vm == "" {
		vm = w.h.cfg.VMID
	}
	id, st := w.h.queues.resolve(vm, name)
	if st != abi.StatusOK {
		return st
	}
	return w.putU32(u32(s[4]), id)
}

func hEnqueue(w *worker, s []uint64) abi.Status {
	val, ok := w.read(u32(s[1]), u32(s[2]))
	if !ok {
		return abi.StatusInvalidMemoryAccess
	}
	id := u32(s[0])
	owner, root, st := w.h.queues.enqueue(id, val)
	if st != abi.StatusOK {
		return st
	}
	if owner != nil {
		owner.post(func() { owner.call(owner.contexts[root], "proxy_on_queue_ready", 0, uint64(root), uint64(id)) })
	}
	return abi.StatusOK
}

func hDequeue(w *worker, s []uint64) abi.Status {
	v, st := w.h.queues.dequeue(u32(s[0]))
	if st != abi.StatusOK {
		return st
	}
	return w.copyOut(v, u32(s[1]), u32(s[2]))
}

// setTick arms (or with 0 disarms) the periodic proxy_on_tick of the worker's
// root context.
func (w *worker) setTick(ms uint32) {
	h := w.h
	w.stopTick()
	if ms == 0 {
		return
	}
	if !h.manualClock() {
		h.realTicks.Add(1)
	}
	gen := w.tickGen
	period := time.Duration(ms) * time.Millisecond
	var arm func()
	arm = func() {
		w.tickStop = h.schedule(period, func(sync bool) {
			f := func() {
				if w.tickGen != gen || w.failed != nil || w.root == nil {
					return
				}
				arm()
				w.call(w.root, "proxy_on_tick", 0, uint64(w.root.id))
			}
			if sync {
				w.runSync(f)
			} else {
				w.post(f)
			}
		})
	}
	arm()
}
