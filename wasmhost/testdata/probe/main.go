// Command probe is a test fixture that calls host functions on command and logs
// what it got. Commands are "op arg arg;op arg" lists taken from the plugin
// configuration (run in proxy_on_configure) and from request headers named
// x-probe-<phase> (phases: reqh reqb reqt resph respb respt log), captured in
// proxy_on_request_headers. Each command logs "<command> => <result>" at info.
// In arguments "~" stands for a NUL byte (property paths), "+" for a space and
// "-" for empty.
package main

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"unsafe"
)

func main() {}

//go:wasmimport env proxy_log
func proxyLog(level uint32, p unsafe.Pointer, n uint32) uint32

//go:wasmimport env proxy_get_log_level
func proxyGetLogLevel(ret unsafe.Pointer) uint32

//go:wasmimport env proxy_get_current_time_nanoseconds
func proxyGetTime(ret unsafe.Pointer) uint32

//go:wasmimport env proxy_set_tick_period_milliseconds
func proxySetTick(ms uint32) uint32

//go:wasmimport env proxy_set_effective_context
func proxySetEffective(id uint32) uint32

//go:wasmimport env proxy_get_status
func proxyGetStatus(code unsafe.Pointer, p unsafe.Pointer, n unsafe.Pointer) uint32

//go:wasmimport env proxy_call_foreign_function
func proxyForeign(np unsafe.Pointer, nn uint32, ap unsafe.Pointer, an uint32, rp unsafe.Pointer, rn unsafe.Pointer) uint32

//go:wasmimport env proxy_get_property
func proxyGetProperty(p unsafe.Pointer, n uint32, rp unsafe.Pointer, rn unsafe.Pointer) uint32

//go:wasmimport env proxy_set_property
func proxySetProperty(p unsafe.Pointer, n uint32, vp unsafe.Pointer, vn uint32) uint32

//go:wasmimport env proxy_get_header_map_value
func proxyGetHeader(m uint32, kp unsafe.Pointer, kn uint32, rp unsafe.Pointer, rn unsafe.Pointer) uint32

//go:wasmimport env proxy_get_header_map_pairs
func proxyGetPairs(m uint32, rp unsafe.Pointer, rn unsafe.Pointer) uint32

//go:wasmimport env proxy_set_header_map_pairs
func proxySetPairs(m uint32, p unsafe.Pointer, n uint32) uint32

//go:wasmimport env proxy_add_header_map_value
func proxyAddHeader(m uint32, kp unsafe.Pointer, kn uint32, vp unsafe.Pointer, vn uint32) uint32

//go:wasmimport env proxy_replace_header_map_value
func proxyReplaceHeader(m uint32, kp unsafe.Pointer, kn uint32, vp unsafe.Pointer, vn uint32) uint32

//go:wasmimport env proxy_remove_header_map_value
func proxyRemoveHeader(m uint32, kp unsafe.Pointer, kn uint32) uint32

//go:wasmimport env proxy_get_header_map_size
func proxyGetMapSize(m uint32, ret unsafe.Pointer) uint32

//go:wasmimport env proxy_get_buffer_bytes
func proxyGetBuffer(t, start, max uint32, rp unsafe.Pointer, rn unsafe.Pointer) uint32

//go:wasmimport env proxy_get_buffer_status
func proxyGetBufferStatus(t uint32, rl unsafe.Pointer, rf unsafe.Pointer) uint32

//go:wasmimport env proxy_set_buffer_bytes
func proxySetBuffer(t, start, n uint32, p unsafe.Pointer, pn uint32) uint32

//go:wasmimport env proxy_continue_stream
func proxyContinue(t uint32) uint32

//go:wasmimport env proxy_close_stream
func proxyClose(t uint32) uint32

//go:wasmimport env proxy_send_local_response
func proxySendLocal(code uint32, dp unsafe.Pointer, dn uint32, bp unsafe.Pointer, bn uint32, hp unsafe.Pointer, hn uint32, grpc int32) uint32

//go:wasmimport env proxy_http_call
func proxyHTTPCall(up unsafe.Pointer, un uint32, hp unsafe.Pointer, hn uint32, bp unsafe.Pointer, bn uint32, tp unsafe.Pointer, tn uint32, timeout uint32, tok unsafe.Pointer) uint32

//go:wasmimport env proxy_grpc_call
func proxyGrpcCall(sp unsafe.Pointer, sn uint32, np unsafe.Pointer, nn uint32, mp unsafe.Pointer, mn uint32, dp unsafe.Pointer, dn uint32, msgp unsafe.Pointer, msgn uint32, timeout uint32, tok unsafe.Pointer) uint32

//go:wasmimport env proxy_get_shared_data
func proxyGetShared(kp unsafe.Pointer, kn uint32, rp unsafe.Pointer, rn unsafe.Pointer, cas unsafe.Pointer) uint32

//go:wasmimport env proxy_set_shared_data
func proxySetShared(kp unsafe.Pointer, kn uint32, vp unsafe.Pointer, vn uint32, cas uint32) uint32

//go:wasmimport env proxy_register_shared_queue
func proxyRegisterQueue(np unsafe.Pointer, nn uint32, id unsafe.Pointer) uint32

//go:wasmimport env proxy_resolve_shared_queue
func proxyResolveQueue(vp unsafe.Pointer, vn uint32, np unsafe.Pointer, nn uint32, id unsafe.Pointer) uint32

//go:wasmimport env proxy_enqueue_shared_queue
func proxyEnqueue(id uint32, p unsafe.Pointer, n uint32) uint32

//go:wasmimport env proxy_dequeue_shared_queue
func proxyDequeue(id uint32, rp unsafe.Pointer, rn unsafe.Pointer) uint32

//go:wasmimport env proxy_define_metric
func proxyDefineMetric(t uint32, np unsafe.Pointer, nn uint32, id unsafe.Pointer) uint32

//go:wasmimport env proxy_increment_metric
func proxyIncrementMetric(id uint32, delta int64) uint32

//go:wasmimport env proxy_record_metric
func proxyRecordMetric(id uint32, v uint64) uint32

//go:wasmimport env proxy_get_metric
func proxyGetMetric(id uint32, ret unsafe.Pointer) uint32

// ---- helpers

func sp(s string) unsafe.Pointer {
	if s == "" {
		return nil
	}
	return unsafe.Pointer(unsafe.StringData(s))
}

func bp(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

func logAt(level uint32, s string) { proxyLog(level, sp(s), uint32(len(s))) }
func logf(s string)                { logAt(2, s) }

// out is a ret_ptr/ret_len pair the host fills.
type out struct {
	p *byte
	n uint32
}

func (o *out) ptrs() (unsafe.Pointer, unsafe.Pointer) {
	return unsafe.Pointer(&o.p), unsafe.Pointer(&o.n)
}

func (o *out) bytes() []byte {
	if o.p == nil || o.n == 0 {
		return nil
	}
	return unsafe.Slice(o.p, o.n)
}

func u(s string) uint32 {
	v, _ := strconv.ParseUint(s, 10, 32)
	return uint32(v)
}

func arg(s string) string {
	if s == "-" {
		return ""
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "\x00"), "+", " ")
}

func encodePairs(spec string) []byte {
	var keys, vals []string
	if spec != "-" && spec != "" {
		for _, kv := range strings.Split(spec, ",") {
			k, v, _ := strings.Cut(kv, "=")
			keys, vals = append(keys, k), append(vals, v)
		}
	}
	b := binary.LittleEndian.AppendUint32(nil, uint32(len(keys)))
	for i := range keys {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(keys[i])))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(vals[i])))
	}
	for i := range keys {
		b = append(append(append(append(b, keys[i]...), 0), vals[i]...), 0)
	}
	return b
}

func decodePairs(b []byte) string {
	if len(b) < 4 {
		return ""
	}
	n := int(binary.LittleEndian.Uint32(b))
	off := 4 + 8*n
	var parts []string
	for i := 0; i < n; i++ {
		kl := int(binary.LittleEndian.Uint32(b[4+8*i:]))
		vl := int(binary.LittleEndian.Uint32(b[8+8*i:]))
		parts = append(parts, string(b[off:off+kl])+"="+string(b[off+kl+1:off+kl+1+vl]))
		off += kl + vl + 2
	}
	return strings.Join(parts, ",")
}

func st(s uint32) string { return "st=" + strconv.Itoa(int(s)) }

// ---- state (per VM)

type streamState struct {
	cmds map[string]string
}

var (
	streams  = map[uint32]*streamState{}
	parked   []uint32
	metricID = map[string]uint32{}
	calls    = map[uint32]callInfo{}
	rootID   uint32
	curEOS   bool
)

type callInfo struct {
	ctx    uint32
	action string
}

// run executes a command list and returns the action requested by "ret".
func run(ctx uint32, list string) (uint32, bool) {
	var action uint32
	ok := true
	if list == "" {
		return 0, true
	}
	for _, cmd := range strings.Split(list, ";") {
		cmd = strings.TrimSpace(cmd)
		if cmd == "" {
			continue
		}
		f := strings.Split(cmd, " ")
		res := exec(ctx, f, &action, &ok)
		if res != "" {
			logf(cmd + " => " + res)
		}
	}
	return action, ok
}

func exec(ctx uint32, f []string, action *uint32, ok *bool) string {
	a := func(i int) string {
		if i < len(f) {
			return arg(f[i])
		}
		return ""
	}
	var o out
	switch f[0] {
	case "ret":
		*action = u(a(1))
		return ""
	case "buffer": // pause (StopIterationAndBuffer) until end of stream
		if !curEOS {
			*action = 1
		}
		return ""
	case "reject":
		logAt(4, strings.Join(f[1:], " "))
		*ok = false
		return ""
	case "log":
		return st(proxyLog(u(a(1)), sp(a(2)), uint32(len(a(2)))))
	case "panic":
		var m map[string]int
		m["x"] = 1
		return ""
	case "get":
		p, n := o.ptrs()
		k := a(2)
		s := proxyGetHeader(u(a(1)), sp(k), uint32(len(k)), p, n)
		return st(s) + " " + string(o.bytes())
	case "pairs":
		p, n := o.ptrs()
		s := proxyGetPairs(u(a(1)), p, n)
		return st(s) + " n=" + strconv.Itoa(int(o.n)) + " " + decodePairs(o.bytes())
	case "size":
		var v uint32
		return st(proxyGetMapSize(u(a(1)), unsafe.Pointer(&v))) + " " + strconv.Itoa(int(v))
	case "add", "rep":
		k, v := a(2), a(3)
		fn := proxyAddHeader
		if f[0] == "rep" {
			fn = proxyReplaceHeader
		}
		return st(fn(u(a(1)), sp(k), uint32(len(k)), sp(v), uint32(len(v))))
	case "del":
		k := a(2)
		return st(proxyRemoveHeader(u(a(1)), sp(k), uint32(len(k))))
	case "setpairs":
		b := encodePairs(f[2])
		return st(proxySetPairs(u(a(1)), bp(b), uint32(len(b))))
	case "badpairs":
		b := []byte{1, 0, 0, 0}
		return st(proxySetPairs(u(a(1)), bp(b), uint32(len(b))))
	case "body":
		p, n := o.ptrs()
		s := proxyGetBuffer(u(a(1)), u(a(2)), u(a(3)), p, n)
		return st(s) + " " + string(o.bytes())
	case "bstat":
		var l, fl uint32
		return st(proxyGetBufferStatus(u(a(1)), unsafe.Pointer(&l), unsafe.Pointer(&fl))) + " " + strconv.Itoa(int(l))
	case "setbody":
		d := a(4)
		return st(proxySetBuffer(u(a(1)), u(a(2)), u(a(3)), sp(d), uint32(len(d))))
	case "prop":
		p, n := o.ptrs()
		k := a(1)
		s := proxyGetProperty(sp(k), uint32(len(k)), p, n)
		return st(s) + " " + hex.EncodeToString(o.bytes())
	case "setprop":
		k, v := a(1), a(2)
		return st(proxySetProperty(sp(k), uint32(len(k)), sp(v), uint32(len(v))))
	case "sdget":
		p, n := o.ptrs()
		var cas uint32
		k := a(1)
		s := proxyGetShared(sp(k), uint32(len(k)), p, n, unsafe.Pointer(&cas))
		return st(s) + " " + string(o.bytes()) + " cas=" + strconv.Itoa(int(cas))
	case "sdset":
		k, v := a(1), a(2)
		return st(proxySetShared(sp(k), uint32(len(k)), sp(v), uint32(len(v)), u(a(3))))
	case "qreg":
		var id uint32
		k := a(1)
		return st(proxyRegisterQueue(sp(k), uint32(len(k)), unsafe.Pointer(&id))) + " id=" + strconv.Itoa(int(id))
	case "qres":
		var id uint32
		vm, k := a(1), a(2)
		return st(proxyResolveQueue(sp(vm), uint32(len(vm)), sp(k), uint32(len(k)), unsafe.Pointer(&id))) + " id=" + strconv.Itoa(int(id))
	case "qenq":
		v := a(2)
		return st(proxyEnqueue(u(a(1)), sp(v), uint32(len(v))))
	case "qdeq":
		p, n := o.ptrs()
		return st(proxyDequeue(u(a(1)), p, n)) + " " + string(o.bytes())
	case "tick":
		return st(proxySetTick(u(a(1))))
	case "park":
		parked = append(parked, ctx)
		return "parked"
	case "call":
		// call CLUSTER METHOD PATH AUTHORITY TIMEOUT ACTION [BODY]
		cl := a(1)
		h := encodePairs(":method=" + a(2) + ",:path=" + a(3) + ",:authority=" + a(4))
		if a(4) == "" {
			h = encodePairs(":method=" + a(2) + ",:path=" + a(3))
		}
		body := a(7)
		var tok uint32
		s := proxyHTTPCall(sp(cl), uint32(len(cl)), bp(h), uint32(len(h)), sp(body), uint32(len(body)), nil, 0, u(a(5)), unsafe.Pointer(&tok))
		if s == 0 {
			calls[tok] = callInfo{ctx: ctx, action: a(6)}
		}
		return st(s) + " token=" + strconv.Itoa(int(tok))
	case "grpc":
		cl, svc, m, msg := a(1), a(2), a(3), a(4)
		var tok uint32
		s := proxyGrpcCall(sp(cl), uint32(len(cl)), sp(svc), uint32(len(svc)), sp(m), uint32(len(m)), nil, 0, sp(msg), uint32(len(msg)), u(a(5)), unsafe.Pointer(&tok))
		return st(s) + " token=" + strconv.Itoa(int(tok))
	case "local":
		// local CODE DETAILS BODY HEADERS
		d, b := a(2), a(3)
		h := encodePairs(f[4])
		return st(proxySendLocal(u(a(1)), sp(d), uint32(len(d)), sp(b), uint32(len(b)), bp(h), uint32(len(h)), -1))
	case "cont":
		return st(proxyContinue(u(a(1))))
	case "close":
		return st(proxyClose(u(a(1))))
	case "mdef":
		var id uint32
		k := a(2)
		s := proxyDefineMetric(u(a(1)), sp(k), uint32(len(k)), unsafe.Pointer(&id))
		metricID[k] = id
		return st(s)
	case "minc":
		d, _ := strconv.ParseInt(a(2), 10, 64)
		return st(proxyIncrementMetric(metricID[a(1)], d))
	case "mrec":
		d, _ := strconv.ParseUint(a(2), 10, 64)
		return st(proxyRecordMetric(metricID[a(1)], d))
	case "mget":
		var v uint64
		return st(proxyGetMetric(metricID[a(1)], unsafe.Pointer(&v))) + " " + strconv.FormatUint(v, 10)
	case "eff":
		return st(proxySetEffective(u(a(1))))
	case "loglevel":
		var v uint32
		return st(proxyGetLogLevel(unsafe.Pointer(&v))) + " " + strconv.Itoa(int(v))
	case "time":
		var v uint64
		return st(proxyGetTime(unsafe.Pointer(&v))) + " " + strconv.FormatUint(v, 10)
	case "foreign":
		k := a(1)
		p, n := o.ptrs()
		return st(proxyForeign(sp(k), uint32(len(k)), nil, 0, p, n))
	case "status":
		var code uint32
		p, n := o.ptrs()
		s := proxyGetStatus(unsafe.Pointer(&code), p, n)
		return st(s) + " code=" + strconv.Itoa(int(code)) + " msg=" + string(o.bytes())
	case "ctx":
		return "id=" + strconv.Itoa(int(ctx))
	}
	return "unknown op"
}

// ---- exports

//go:wasmexport proxy_abi_version_0_2_1
func abiVersion() {}

//go:wasmexport proxy_on_memory_allocate
func onMemoryAllocate(size uint32) *byte {
	b := make([]byte, size+1)
	return &b[0]
}

//go:wasmexport proxy_on_context_create
func onContextCreate(id, parent uint32) {
	logAt(0, "life create "+strconv.Itoa(int(id))+" "+strconv.Itoa(int(parent)))
	if parent == 0 {
		rootID = id
		return
	}
	streams[id] = &streamState{cmds: map[string]string{}}
}

//go:wasmexport proxy_on_vm_start
func onVMStart(id, size uint32) bool {
	logAt(0, "life vm_start "+strconv.Itoa(int(id))+" "+strconv.Itoa(int(size)))
	return true
}

//go:wasmexport proxy_on_configure
func onConfigure(id, size uint32) bool {
	logAt(0, "life configure "+strconv.Itoa(int(id))+" "+strconv.Itoa(int(size)))
	var o out
	p, n := o.ptrs()
	s := proxyGetBuffer(7, 0, size, p, n)
	if s != 0 {
		logAt(4, "no configuration: "+st(s))
		return false
	}
	_, ok := run(id, string(o.bytes()))
	return ok
}

func phase(id uint32, name string) uint32 {
	ss := streams[id]
	if ss == nil {
		return 0
	}
	act, _ := run(id, ss.cmds[name])
	return act
}

//go:wasmexport proxy_on_request_headers
func onRequestHeaders(id, n uint32, eos bool) uint32 {
	logAt(0, "life reqh "+strconv.Itoa(int(n))+" "+strconv.FormatBool(eos))
	var o out
	p, ln := o.ptrs()
	proxyGetPairs(0, p, ln)
	b := o.bytes()
	if len(b) >= 4 {
		cnt := int(binary.LittleEndian.Uint32(b))
		off := 4 + 8*cnt
		for i := 0; i < cnt; i++ {
			kl := int(binary.LittleEndian.Uint32(b[4+8*i:]))
			vl := int(binary.LittleEndian.Uint32(b[8+8*i:]))
			k, v := string(b[off:off+kl]), string(b[off+kl+1:off+kl+1+vl])
			off += kl + vl + 2
			if strings.HasPrefix(k, "x-probe-") {
				streams[id].cmds[k[len("x-probe-"):]] = v
			}
		}
	}
	return phase(id, "reqh")
}

//go:wasmexport proxy_on_request_body
func onRequestBody(id, n uint32, eos bool) uint32 {
	logAt(0, "life reqb "+strconv.Itoa(int(n))+" "+strconv.FormatBool(eos))
	curEOS = eos
	return phase(id, "reqb")
}

//go:wasmexport proxy_on_request_trailers
func onRequestTrailers(id, n uint32) uint32 {
	logAt(0, "life reqt "+strconv.Itoa(int(n)))
	return phase(id, "reqt")
}

//go:wasmexport proxy_on_response_headers
func onResponseHeaders(id, n uint32, eos bool) uint32 {
	logAt(0, "life resph "+strconv.Itoa(int(n))+" "+strconv.FormatBool(eos))
	return phase(id, "resph")
}

//go:wasmexport proxy_on_response_body
func onResponseBody(id, n uint32, eos bool) uint32 {
	logAt(0, "life respb "+strconv.Itoa(int(n))+" "+strconv.FormatBool(eos))
	curEOS = eos
	return phase(id, "respb")
}

//go:wasmexport proxy_on_response_trailers
func onResponseTrailers(id, n uint32) uint32 {
	logAt(0, "life respt "+strconv.Itoa(int(n)))
	return phase(id, "respt")
}

//go:wasmexport proxy_on_log
func onLog(id uint32) {
	logAt(0, "life log "+strconv.Itoa(int(id)))
	phase(id, "log")
}

//go:wasmexport proxy_on_done
func onDone(id uint32) bool {
	logAt(0, "life done "+strconv.Itoa(int(id)))
	return true
}

//go:wasmexport proxy_on_delete
func onDelete(id uint32) {
	logAt(0, "life delete "+strconv.Itoa(int(id)))
	delete(streams, id)
}

//go:wasmexport proxy_on_tick
func onTick(id uint32) {
	logf("tick " + strconv.Itoa(int(id)))
	for _, c := range parked {
		s1 := proxySetEffective(c)
		s2 := proxyContinue(0)
		logf("resume " + strconv.Itoa(int(c)) + " " + st(s1) + " " + st(s2))
	}
	parked = nil
}

//go:wasmexport proxy_on_http_call_response
func onHTTPCallResponse(id, token, nh, bs, nt uint32) {
	var o out
	p, n := o.ptrs()
	proxyGetBuffer(4, 0, bs, p, n)
	var so out
	sp1, sn := so.ptrs()
	var code uint32
	proxyGetStatus(unsafe.Pointer(&code), sp1, sn)
	var ho out
	hp, hn := ho.ptrs()
	k := ":status"
	proxyGetHeader(6, sp(k), uint32(len(k)), hp, hn)
	logf("callout root=" + strconv.Itoa(int(id)) + " token=" + strconv.Itoa(int(token)) + " headers=" + strconv.Itoa(int(nh)) +
		" body=" + string(o.bytes()) + " trailers=" + strconv.Itoa(int(nt)) + " status=" + string(ho.bytes()) +
		" code=" + strconv.Itoa(int(code)) + " msg=" + string(so.bytes()))
	ci := calls[token]
	delete(calls, token)
	switch ci.action {
	case "resume":
		logf("resume " + st(proxySetEffective(ci.ctx)) + " " + st(proxyContinue(0)))
	case "deny":
		d, b := "denied by callout", "nope"
		proxySetEffective(ci.ctx)
		logf("deny " + st(proxySendLocal(403, sp(d), uint32(len(d)), sp(b), uint32(len(b)), nil, 0, -1)))
	}
}

//go:wasmexport proxy_on_grpc_receive
func onGrpcReceive(id, token, size uint32) {
	var o out
	p, n := o.ptrs()
	proxyGetBuffer(5, 0, size, p, n)
	logf("grpc_receive token=" + strconv.Itoa(int(token)) + " msg=" + string(o.bytes()))
}

//go:wasmexport proxy_on_grpc_close
func onGrpcClose(id, token, status uint32) {
	logf("grpc_close token=" + strconv.Itoa(int(token)) + " status=" + strconv.Itoa(int(status)))
}

//go:wasmexport proxy_on_queue_ready
func onQueueReady(id, q uint32) {
	var o out
	p, n := o.ptrs()
	s := proxyDequeue(q, p, n)
	logf("queue_ready root=" + strconv.Itoa(int(id)) + " q=" + strconv.Itoa(int(q)) + " " + st(s) + " " + string(o.bytes()))
}
