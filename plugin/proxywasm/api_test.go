//go:build !wasip1

package proxywasm

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"gatehouse/abi"
)

// huge is a string header claiming 4 GiB; only its length is ever looked at,
// because argument checks reject it before any host call.
var huge = unsafe.String(&zeroAlloc[0], 1<<32)

func TestArgumentChecks(t *testing.T) {
	many := make([]abi.Pair, abi.MaxPairsCount+1)
	big := []abi.Pair{{Key: "k", Value: strings.Repeat("v", abi.MaxPairsBytes)}}
	okHeaders := []abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: "/"}, {Key: ":authority", Value: "idp"}}
	for _, tc := range []struct {
		name string
		call func() error
		want string
		is   error
	}{
		{"log level", func() error { return Log(6, "x") }, "proxywasm.Log: unknown level 6: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"log 4GiB", func() error { return Log(abi.LogInfo, huge) }, "proxywasm.Log: message is 4294967296 bytes, over the 32-bit limit: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"buffer start", func() error { _, err := GetBuffer(abi.BufferRequestBody, -1, 10); return err }, "proxywasm.GetBuffer: start -1 is negative: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"buffer maxLen", func() error { _, err := GetBuffer(abi.BufferRequestBody, 0, -5); return err }, "proxywasm.GetBuffer: maxLen -5 is negative: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"buffer maxLen 33 bits", func() error { _, err := GetBuffer(abi.BufferRequestBody, 0, 1<<32); return err }, "proxywasm.GetBuffer: maxLen 4294967296 does not fit in 32 bits: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"buffer type", func() error { _, err := GetBuffer(9, 0, 1); return err }, "proxywasm.GetBuffer: unknown buffer 9: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"buffer status type", func() error { _, _, err := BufferStatus(12); return err }, "proxywasm.BufferStatus: unknown buffer 12: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"set buffer length", func() error { return SetBuffer(abi.BufferRequestBody, 0, -1, nil) }, "proxywasm.SetBuffer: length -1 is negative: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"header map", func() error { _, err := GetHeader(8, "x"); return err }, "proxywasm.GetHeader: unknown map 8: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"header key 4GiB", func() error { return RemoveHeader(abi.MapRequestHeaders, huge) }, "proxywasm.RemoveHeader: key is 4294967296 bytes, over the 32-bit limit: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"header value 4GiB", func() error { return AddHeader(abi.MapRequestHeaders, "k", huge) }, "proxywasm.AddHeader: value is 4294967296 bytes, over the 32-bit limit: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"too many pairs", func() error { return SetHeaders(abi.MapRequestHeaders, many) }, "proxywasm.SetHeaders: pairs: pairs: too many pairs: 1025 pairs, limit 1024", abi.ErrTooManyPairs},
		{"pairs too large", func() error { return SetHeaders(abi.MapResponseHeaders, big) }, "proxywasm.SetHeaders: pairs: pairs: buffer too large: 1048591 bytes, limit 1048576", abi.ErrPairsTooLarge},
		{"local reply status", func() error { return SendLocalResponse(99, "", nil, nil, abi.GrpcStatusNone) }, "proxywasm.SendLocalResponse: status 99 is not an HTTP status (100-599): proxy-wasm: bad argument", abi.StatusBadArgument},
		{"local reply headers", func() error { return SendLocalResponse(403, "", nil, many, abi.GrpcStatusNone) }, "proxywasm.SendLocalResponse: headers: pairs: too many pairs: 1025 pairs, limit 1024", abi.ErrTooManyPairs},
		{"stream type", func() error { return ContinueStream(4) }, "proxywasm.ContinueStream: unknown stream 4: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"close stream type", func() error { return CloseStream(7) }, "proxywasm.CloseStream: unknown stream 7: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"http call cluster", func() error { _, err := HTTPCall("", okHeaders, nil, nil, time.Second); return err }, "proxywasm.HTTPCall: empty cluster name: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"http call authority", func() error { _, err := HTTPCall("idp", okHeaders[:2], nil, nil, time.Second); return err }, "proxywasm.HTTPCall: headers lack :authority: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"http call timeout", func() error { _, err := HTTPCall("idp", okHeaders, nil, nil, -time.Second); return err }, "proxywasm.HTTPCall: timeout -1s is negative: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"http call timeout 32 bits", func() error { _, err := HTTPCall("idp", okHeaders, nil, nil, 50*24*time.Hour); return err }, "proxywasm.HTTPCall: timeout 1200h0m0s does not fit in 32-bit milliseconds: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"grpc service", func() error { _, err := GrpcCall("", "svc", "M", nil, nil, 0); return err }, "proxywasm.GrpcCall: empty service: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"grpc stream service", func() error { _, err := GrpcStream("", "svc", "M", nil); return err }, "proxywasm.GrpcStream: empty service: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"tick period", func() error { return SetTickPeriod(-time.Millisecond) }, "proxywasm.SetTickPeriod: period -1ms is negative: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"metric type", func() error { _, err := DefineMetric(3, "x"); return err }, "proxywasm.DefineMetric: unknown metric type 3: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"metric name", func() error { _, err := DefineMetric(abi.MetricGauge, ""); return err }, "proxywasm.DefineMetric: empty name: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"property path", func() error { _, err := GetProperty(); return err }, "proxywasm.GetProperty: empty path: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"set property path", func() error { return SetProperty(nil, []byte("v")) }, "proxywasm.SetProperty: empty path: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"foreign name", func() error { _, err := CallForeignFunction("", nil); return err }, "proxywasm.CallForeignFunction: empty name: proxy-wasm: bad argument", abi.StatusBadArgument},
		{"shared key 4GiB", func() error { return SetSharedData(huge, nil, 0) }, "proxywasm.SetSharedData: key is 4294967296 bytes, over the 32-bit limit: proxy-wasm: bad argument", abi.StatusBadArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newFakeHost(t)
			err := tc.call()
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v\nwant  %s", err, tc.want)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("err does not wrap %v", tc.is)
			}
			if n := h.names(); len(n) != 0 {
				t.Errorf("host saw %v", n)
			}
			if frameDepth != 0 {
				t.Errorf("frameDepth = %d", frameDepth)
			}
		})
	}
}

func TestByteResults(t *testing.T) {
	h := newFakeHost(t)
	h.answer = func(c *nativeCall) {
		switch c.name {
		case "proxy_get_header_map_value":
			if c.args[1] == "x-present" {
				c.out = []byte("value")
			} else {
				c.status = abi.StatusNotFound
			}
		case "proxy_get_header_map_pairs":
			c.out = abi.EncodePairs([]abi.Pair{{Key: ":path", Value: "/a"}, {Key: "x", Value: ""}})
		case "proxy_get_property":
			c.out = []byte(c.args[0].(string))
		case "proxy_get_shared_data":
			c.out, c.u32 = []byte("41"), 7
		case "proxy_get_buffer_bytes":
			if c.args[1] != uint32(2) || c.args[2] != uint32(3) {
				t.Errorf("buffer args %v", c.args)
			}
			c.out = []byte("abc")
		case "proxy_dequeue_shared_queue":
			c.status = abi.StatusEmpty
		case "proxy_call_foreign_function":
			c.out = []byte("res:" + c.args[1].(string))
		case "proxy_get_status":
			c.u32, c.out = 11, []byte("reset")
		}
	}
	if v, err := GetHeader(abi.MapRequestHeaders, "x-present"); err != nil || v != "value" {
		t.Errorf("GetHeader = %q, %v", v, err)
	}
	if _, err := GetHeader(abi.MapRequestHeaders, "x-absent"); err != abi.StatusNotFound {
		t.Errorf("GetHeader absent: err = %#v, want the bare status", err)
	}
	pairs, err := GetHeaders(abi.MapRequestHeaders)
	if want := []abi.Pair{{Key: ":path", Value: "/a"}, {Key: "x", Value: ""}}; err != nil || !slices.Equal(pairs, want) {
		t.Errorf("GetHeaders = %v, %v", pairs, err)
	}
	if v, err := GetProperty("source", "address"); err != nil || string(v) != "source\x00address" {
		t.Errorf("GetProperty = %q, %v", v, err)
	}
	if v, cas, err := GetSharedData("k"); err != nil || string(v) != "41" || cas != 7 {
		t.Errorf("GetSharedData = %q, %d, %v", v, cas, err)
	}
	if v, err := GetBuffer(abi.BufferRequestBody, 2, 3); err != nil || string(v) != "abc" {
		t.Errorf("GetBuffer = %q, %v", v, err)
	}
	if _, err := DequeueSharedQueue(1); err != abi.StatusEmpty {
		t.Errorf("DequeueSharedQueue err = %v", err)
	}
	if v, err := CallForeignFunction("f", []byte("x")); err != nil || string(v) != "res:x" {
		t.Errorf("CallForeignFunction = %q, %v", v, err)
	}
	if code, msg, err := GetStatus(); code != 11 || msg != "reset" || err != nil {
		t.Errorf("GetStatus = %d %q %v", code, msg, err)
	}
	if frameDepth != 0 {
		t.Errorf("frameDepth = %d", frameDepth)
	}
}

func TestHostFaults(t *testing.T) {
	h := newFakeHost(t)
	h.answer = func(c *nativeCall) {
		switch c.name {
		case "proxy_get_header_map_pairs":
			c.out = append(abi.EncodePairs([]abi.Pair{{Key: "a", Value: "b"}}), 0)
		case "proxy_get_header_map_value":
			c.out, c.nilPtr = []byte("12345"), true
		case "proxy_http_call", "proxy_define_metric":
			c.status = abi.StatusBadArgument
		}
	}
	_, err := GetHeaders(abi.MapResponseHeaders)
	if want := "proxywasm.GetHeaders(response headers): pairs: malformed buffer: 1 trailing bytes"; err == nil || err.Error() != want || !errors.Is(err, abi.ErrPairsMalformed) {
		t.Errorf("GetHeaders err = %v, want %s", err, want)
	}
	if _, err := GetHeader(abi.MapRequestHeaders, "k"); err != abi.StatusInvalidMemoryAccess {
		t.Errorf("GetHeader with nil address: err = %v", err)
	}
	hdrs := []abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: "/jwks"}, {Key: ":authority", Value: "idp"}}
	_, err = HTTPCall("idp", hdrs, nil, nil, time.Second)
	if want := `proxywasm.HTTPCall(cluster "idp"): proxy-wasm: bad argument`; err == nil || err.Error() != want || !errors.Is(err, abi.StatusBadArgument) {
		t.Errorf("HTTPCall err = %v", err)
	}
	_, err = DefineMetric(abi.MetricCounter, "m")
	if want := `proxywasm.DefineMetric(counter "m"): proxy-wasm: bad argument`; err == nil || err.Error() != want {
		t.Errorf("DefineMetric err = %v", err)
	}
	if frameDepth != 0 {
		t.Errorf("frameDepth = %d", frameDepth)
	}
}

func TestEncodedArguments(t *testing.T) {
	h := newFakeHost(t)
	h.answer = func(c *nativeCall) {
		switch c.name {
		case "proxy_http_call", "proxy_define_metric", "proxy_register_shared_queue":
			c.u32 = 9
		case "proxy_get_metric", "proxy_get_current_time_nanoseconds":
			c.u64 = 1_700_000_000_123_456_789
		case "proxy_get_buffer_status":
			c.u32, c.u32b = 1234, 0
		case "proxy_get_header_map_size", "proxy_get_log_level":
			c.u32 = 3
		}
	}
	if err := SendLocalResponse(403, "denied by policy", []byte("no"), nil, abi.GrpcStatusNone); err != nil {
		t.Fatal(err)
	}
	c := h.last("proxy_send_local_response")
	if want := []any{uint32(403), "denied by policy", "no", "\x00\x00\x00\x00", int32(-1)}; !slices.Equal(c.args, want) {
		t.Errorf("send_local_response args = %q, want %q", c.args, want)
	}
	hdrs := []abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: "/jwks"}, {Key: ":authority", Value: "idp"}}
	token, err := HTTPCall("idp", hdrs, []byte("b"), nil, 1500*time.Microsecond)
	if err != nil || token != 9 {
		t.Fatalf("HTTPCall = %d, %v", token, err)
	}
	c = h.last("proxy_http_call")
	if want := []any{"idp", string(abi.EncodePairs(hdrs)), "b", "\x00\x00\x00\x00", uint32(2)}; !slices.Equal(c.args, want) {
		t.Errorf("http_call args = %q, want %q", c.args, want)
	}
	if err := SetTickPeriod(0); err != nil || h.last("proxy_set_tick_period_milliseconds").args[0] != uint32(0) {
		t.Errorf("SetTickPeriod(0): %v", err)
	}
	if err := SetTickPeriod(time.Nanosecond); err != nil || h.last("proxy_set_tick_period_milliseconds").args[0] != uint32(1) {
		t.Errorf("SetTickPeriod(1ns): %v", err)
	}
	if v, err := GetMetric(1); err != nil || v != 1_700_000_000_123_456_789 {
		t.Errorf("GetMetric = %d, %v", v, err)
	}
	if got := CurrentTime(); !got.Equal(time.Unix(0, 1_700_000_000_123_456_789)) {
		t.Errorf("CurrentTime = %v", got)
	}
	if n, fl, err := BufferStatus(abi.BufferResponseBody); n != 1234 || fl != 0 || err != nil {
		t.Errorf("BufferStatus = %d %d %v", n, fl, err)
	}
	if n, err := HeaderMapSize(abi.MapRequestHeaders); n != 3 || err != nil {
		t.Errorf("HeaderMapSize = %d %v", n, err)
	}
	if l, err := LogLevel(); l != abi.LogWarn || err != nil {
		t.Errorf("LogLevel = %v %v", l, err)
	}
	if err := IncrementMetric(1, -2); err != nil || h.last("proxy_increment_metric").args[1] != int64(-2) {
		t.Errorf("IncrementMetric: %v", err)
	}
	if err := SetProperty([]string{"a", "b"}, []byte("v")); err != nil || !slices.Equal(h.last("proxy_set_property").args, []any{"a\x00b", "v"}) {
		t.Errorf("SetProperty: %v %q", err, h.last("proxy_set_property").args)
	}
}

func TestNoHostIsUnimplemented(t *testing.T) {
	resetRegistry()
	nativeHost = nil
	if err := Log(abi.LogInfo, "x"); err != abi.StatusUnimplemented {
		t.Errorf("Log without host: %v", err)
	}
	if got := CurrentTime(); !got.IsZero() {
		t.Errorf("CurrentTime without host: %v", got)
	}
}

func TestNestedHostCalls(t *testing.T) {
	// A host may call an export in the middle of a host call (proxytest's
	// enqueue runs proxy_on_queue_ready inline). The nested callback's host
	// calls must not disturb the outer call's return slots.
	h := newFakeHost(t)
	var inner string
	SetRootContextFactory(func(uint32) RootContext {
		return &queueRoot{onReady: func() { inner, _ = GetHeader(abi.MapRequestHeaders, "inner") }}
	})
	onContextCreate(1, 0)
	h.answer = func(c *nativeCall) {
		if c.name != "proxy_get_header_map_value" {
			return
		}
		if c.args[1] == "outer" {
			onQueueReady(1, 5) // nested export before the outer result is written
			c.out = []byte("outer-value")
			return
		}
		c.out = []byte("inner-value")
	}
	v, err := GetHeader(abi.MapRequestHeaders, "outer")
	if err != nil || v != "outer-value" || inner != "inner-value" {
		t.Errorf("outer = %q, %v; inner = %q", v, err, inner)
	}
	if frameDepth != 0 {
		t.Errorf("frameDepth = %d", frameDepth)
	}
}

type queueRoot struct {
	DefaultRootContext
	onReady func()
}

func (r *queueRoot) OnQueueReady(uint32) { r.onReady() }

func TestAllocate(t *testing.T) {
	if p := onMemoryAllocate(0); p == nil {
		t.Error("allocate(0) = nil")
	}
	p := onMemoryAllocate(16)
	b := unsafe.Slice(p, 16)
	for i := range b {
		if b[i] != 0 {
			t.Fatal("allocation not zeroed")
		}
	}
}

func TestFrameOverflow(t *testing.T) {
	resetRegistry()
	var fs []*retFrame
	for range len(frames) + 3 {
		fs = append(fs, acquireFrame())
	}
	if frameDepth != len(frames)+3 {
		t.Fatalf("frameDepth = %d", frameDepth)
	}
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i].release()
	}
	if frameDepth != 0 {
		t.Errorf("frameDepth = %d", frameDepth)
	}
}

// TestGetSharedDataScratch checks the scratch delivery: a small value lands
// in the one reused buffer, a large one in fresh memory, a missing key leaves
// nothing armed, and the allocation after the call is fresh again.
func TestGetSharedDataScratch(t *testing.T) {
	h := newFakeHost(t)
	values := map[string]string{"small": "0123456789abcdef", "large": strings.Repeat("x", 65)}
	h.answer = func(c *nativeCall) {
		if c.name != "proxy_get_shared_data" {
			return
		}
		v, ok := values[c.args[0].(string)]
		if !ok {
			c.status = abi.StatusNotFound
			return
		}
		c.out, c.u32 = []byte(v), 3
	}
	for _, tc := range []struct {
		key       string
		want      string
		wantErr   error
		inScratch bool
	}{
		{key: "small", want: values["small"], inScratch: true},
		{key: "large", want: values["large"]},
		{key: "missing", wantErr: abi.StatusNotFound},
	} {
		v, cas, err := GetSharedDataScratch(tc.key)
		if err != tc.wantErr || string(v) != tc.want || (err == nil && cas != 3) {
			t.Errorf("%s: got %q, %d, %v", tc.key, v, cas, err)
		}
		if got := len(v) > 0 && &v[0] == &scratch[0]; got != tc.inScratch {
			t.Errorf("%s: in scratch = %v, want %v", tc.key, got, tc.inScratch)
		}
		if scratchArmed {
			t.Errorf("%s: scratch still armed after the call", tc.key)
		}
		if p := onMemoryAllocate(8); p == &scratch[0] {
			t.Errorf("%s: the next allocation reused the scratch buffer", tc.key)
		}
	}
	if frameDepth != 0 {
		t.Errorf("frameDepth = %d", frameDepth)
	}
}
