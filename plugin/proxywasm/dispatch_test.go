//go:build !wasip1

package proxywasm

import (
	"slices"
	"strings"
	"testing"

	"gatehouse/abi"
)

// testRoot is a RootContext whose behaviour a test sets through fields.
type testRoot struct {
	DefaultRootContext
	configure func() bool
	newHTTP   func(id uint32) HTTPContext
	deleted   bool
}

func (r *testRoot) OnConfigure(int) bool {
	if r.configure != nil {
		return r.configure()
	}
	return true
}

func (r *testRoot) NewHTTPContext(id uint32) HTTPContext {
	if r.newHTTP != nil {
		return r.newHTTP(id)
	}
	return nil
}

func (r *testRoot) OnDelete() { r.deleted = true }

// testStream panics in OnRequestHeaders with its panicValue and records OnPanic.
type testStream struct {
	DefaultHTTPContext
	panicValue any
	onPanic    func(callback string, v any)
	events     []string
}

func (s *testStream) OnRequestHeaders(n int, eos bool) abi.Action {
	if s.panicValue != nil {
		panic(s.panicValue)
	}
	s.events = append(s.events, "headers")
	return abi.ActionPause
}

func (s *testStream) OnPanic(callback string, v any) {
	if s.onPanic != nil {
		s.onPanic(callback, v)
		return
	}
	s.DefaultHTTPContext.OnPanic(callback, v)
}

func (s *testStream) OnLog()    { s.events = append(s.events, "log") }
func (s *testStream) OnDelete() { s.events = append(s.events, "delete") }

func TestNoFactoryFailsClosed(t *testing.T) {
	h := newFakeHost(t)
	onContextCreate(1, 0)
	if onVMStart(1, 0) || onConfigure(1, 0) {
		t.Error("root without factory started")
	}
	want := []string{
		"error: proxy_on_context_create: no root context factory set (context 1)",
		"error: proxy_on_vm_start: unknown context 1",
		"error: proxy_on_configure: unknown context 1",
	}
	if !slices.Equal(h.logs, want) {
		t.Errorf("logs = %q\nwant %q", h.logs, want)
	}
	SetRootContextFactory(func(uint32) RootContext { return nil })
	onContextCreate(2, 0)
	if onConfigure(2, 0) {
		t.Error("nil root configured")
	}
	if got := h.logs[3]; got != "error: proxy_on_context_create: root context factory returned nil (context 2)" {
		t.Errorf("log = %q", got)
	}
}

func TestLifecycle(t *testing.T) {
	h := newFakeHost(t)
	root := &testRoot{}
	var streamsMade []*testStream
	root.newHTTP = func(id uint32) HTTPContext {
		if id == 3 {
			return nil // pass-through
		}
		s := &testStream{}
		streamsMade = append(streamsMade, s)
		return s
	}
	SetRootContextFactory(func(id uint32) RootContext {
		if id != 1 {
			t.Errorf("factory id %d", id)
		}
		return root
	})
	onContextCreate(1, 0)
	if !onVMStart(0, 10) { // root id 0: the only root is meant
		t.Error("on_vm_start(0) = false")
	}
	if !onConfigure(1, 5) || !onValidateConfiguration(1, 5) {
		t.Error("configure/validate = false")
	}
	onContextCreate(2, 1)
	onContextCreate(3, 1)
	if got := onRequestHeaders(2, 4, true); got != abi.ActionPause {
		t.Errorf("stream 2 headers = %v", got)
	}
	if got := onRequestHeaders(3, 4, true); got != abi.ActionContinue {
		t.Errorf("pass-through headers = %v", got)
	}
	for _, f := range []func(uint32) abi.Action{
		func(id uint32) abi.Action { return onRequestBody(id, 1, true) },
		func(id uint32) abi.Action { return onRequestTrailers(id, 1) },
		func(id uint32) abi.Action { return onResponseHeaders(id, 1, false) },
		func(id uint32) abi.Action { return onResponseBody(id, 1, true) },
		func(id uint32) abi.Action { return onResponseTrailers(id, 1) },
	} {
		if got := f(3); got != abi.ActionContinue {
			t.Errorf("pass-through callback = %v", got)
		}
	}
	onLog(2)
	if !onDone(2) {
		t.Error("on_done(stream) = false")
	}
	onDelete(2)
	if got := streamsMade[0].events; !slices.Equal(got, []string{"headers", "log", "delete"}) {
		t.Errorf("stream events = %q", got)
	}
	if len(h.logs) != 0 {
		t.Errorf("unexpected logs %q", h.logs)
	}
	// After on_delete the id is unknown: logged, harmless default.
	if got := onRequestHeaders(2, 1, true); got != abi.ActionContinue {
		t.Errorf("deleted stream = %v", got)
	}
	if !onDone(1) {
		t.Error("root on_done = false")
	}
	onDelete(1)
	if !root.deleted {
		t.Error("root OnDelete not called")
	}
	if onConfigure(1, 0) {
		t.Error("deleted root configured")
	}
	want := []string{
		"error: proxy_on_request_headers: unknown context 2",
		"error: proxy_on_configure: unknown context 1",
	}
	if !slices.Equal(h.logs, want) {
		t.Errorf("logs = %q\nwant %q", h.logs, want)
	}
}

func TestUnknownContexts(t *testing.T) {
	h := newFakeHost(t)
	if onRequestBody(42, 1, true) != abi.ActionContinue || onResponseTrailers(42, 0) != abi.ActionContinue {
		t.Error("unknown stream not Continue")
	}
	if onConfigure(7, 0) || onVMStart(7, 0) {
		t.Error("unknown root answered true")
	}
	if !onValidateConfiguration(7, 0) {
		t.Error("unknown root validation = false, want true (optional check)")
	}
	if !onDone(42) {
		t.Error("on_done(unknown) = false")
	}
	onTick(7)
	onHTTPCallResponse(7, 1, 0, 0, 0)
	onGrpcClose(7, 1, 14)
	onLog(42)
	onDelete(42)
	onContextCreate(43, 99)
	want := []string{
		"error: proxy_on_request_body: unknown context 42",
		"error: proxy_on_response_trailers: unknown context 42",
		"error: proxy_on_configure: unknown context 7",
		"error: proxy_on_vm_start: unknown context 7",
		"error: proxy_validate_configuration: unknown context 7",
		"error: proxy_on_done: unknown context 42",
		"error: proxy_on_tick: unknown context 7",
		"error: proxy_on_http_call_response: unknown context 7",
		"error: proxy_on_grpc_close: unknown context 7",
		"error: proxy_on_log: unknown context 42",
		"error: proxy_on_delete: unknown context 42",
		"error: proxy_on_context_create: unknown parent context 99 for context 43",
	}
	if !slices.Equal(h.logs, want) {
		t.Errorf("logs = %q\nwant %q", h.logs, want)
	}
}

func TestRootPanics(t *testing.T) {
	h := newFakeHost(t)
	SetRootContextFactory(func(uint32) RootContext {
		return &testRoot{configure: func() bool { panic("bad config") }}
	})
	onContextCreate(1, 0)
	if onConfigure(1, 3) {
		t.Error("panicking on_configure = true")
	}
	if want := []string{"error: panic in proxy_on_configure (context 1): bad config"}; !slices.Equal(h.logs, want) {
		t.Errorf("logs = %q", h.logs)
	}
	SetRootContextFactory(func(uint32) RootContext { panic("factory") })
	onContextCreate(2, 0)
	if got := h.logs[1]; got != "error: panic in proxy_on_context_create (context 2): factory" {
		t.Errorf("log = %q", got)
	}
}

func TestStreamPanics(t *testing.T) {
	for _, tc := range []struct {
		name       string
		stream     *testStream
		wantLogs   []string
		wantReply  bool
		wantOnPanc string
	}{
		{
			name:      "default OnPanic sends the fallback",
			stream:    &testStream{panicValue: "boom"},
			wantLogs:  []string{"error: panic in proxy_on_request_headers (context 2): boom"},
			wantReply: true,
		},
		{
			name: "custom OnPanic",
			stream: &testStream{panicValue: 42, onPanic: func(cb string, v any) {
				_ = SendLocalResponse(503, "custom", nil, nil, abi.GrpcStatusNone)
			}},
			wantLogs: []string{"error: panic in proxy_on_request_headers (context 2): 42"},
		},
		{
			name:   "OnPanic panics",
			stream: &testStream{panicValue: "boom", onPanic: func(string, any) { panic("again") }},
			wantLogs: []string{
				"error: panic in proxy_on_request_headers (context 2): boom",
				"error: panic in OnPanic after proxy_on_request_headers (context 2): again",
			},
			wantReply: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newFakeHost(t)
			var gotCallback string
			var gotValue any
			if tc.stream.onPanic == nil {
				tc.stream.onPanic = func(cb string, v any) {
					gotCallback, gotValue = cb, v
					tc.stream.DefaultHTTPContext.OnPanic(cb, v)
				}
			}
			SetRootContextFactory(func(uint32) RootContext {
				return &testRoot{newHTTP: func(uint32) HTTPContext { return tc.stream }}
			})
			onContextCreate(1, 0)
			onContextCreate(2, 1)
			if got := onRequestHeaders(2, 3, true); got != abi.ActionPause {
				t.Errorf("action = %v, want pause", got)
			}
			if !slices.Equal(h.logs, tc.wantLogs) {
				t.Errorf("logs = %q\nwant %q", h.logs, tc.wantLogs)
			}
			reply := h.last("proxy_send_local_response")
			if tc.wantReply {
				want := []any{uint32(500), "gatehouse_panic", `{"error":"internal"}`, "\x00\x00\x00\x00", int32(-1)}
				if reply == nil || !slices.Equal(reply.args, want) {
					t.Errorf("local reply = %v, want %q", reply, want)
				}
			}
			if gotCallback != "" && (gotCallback != "proxy_on_request_headers" || gotValue != tc.stream.panicValue) {
				t.Errorf("OnPanic(%q, %v)", gotCallback, gotValue)
			}
			// The VM keeps serving.
			tc.stream.panicValue = nil
			if got := onRequestHeaders(2, 3, true); got != abi.ActionPause || frameDepth != 0 {
				t.Errorf("after panic: %v, frameDepth %d", got, frameDepth)
			}
		})
	}
}

func TestPanicInsideHostCallRestoresFrames(t *testing.T) {
	h := newFakeHost(t)
	h.answer = func(c *nativeCall) {
		if c.name == "proxy_get_header_map_value" {
			panic("host blew up")
		}
	}
	SetRootContextFactory(func(uint32) RootContext {
		return &testRoot{newHTTP: func(uint32) HTTPContext { return &headerReader{} }}
	})
	onContextCreate(1, 0)
	onContextCreate(2, 1)
	if got := onRequestHeaders(2, 1, true); got != abi.ActionPause {
		t.Errorf("action = %v", got)
	}
	if frameDepth != 0 {
		t.Errorf("frameDepth = %d after a panic inside a host call", frameDepth)
	}
}

type headerReader struct{ DefaultHTTPContext }

func (headerReader) OnRequestHeaders(int, bool) abi.Action {
	_, _ = GetHeader(abi.MapRequestHeaders, "x")
	return abi.ActionContinue
}

func TestNewHTTPContextPanicFailsClosed(t *testing.T) {
	h := newFakeHost(t)
	SetRootContextFactory(func(uint32) RootContext {
		return &testRoot{newHTTP: func(uint32) HTTPContext { panic("no stream for you") }}
	})
	onContextCreate(1, 0)
	onContextCreate(2, 1)
	if got := onRequestHeaders(2, 1, true); got != abi.ActionPause {
		t.Errorf("action = %v, want pause", got)
	}
	if r := h.last("proxy_send_local_response"); r == nil || r.args[0] != uint32(500) {
		t.Errorf("local reply = %v", r)
	}
	if want := "error: panic in proxy_on_context_create (context 2): no stream for you"; h.logs[0] != want {
		t.Errorf("log = %q", h.logs[0])
	}
}

func TestPanicMessage(t *testing.T) {
	long := strings.Repeat("x", 300)
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"boom", "panic in proxy_on_tick (context 5): boom"},
		{errString("oops"), "panic in proxy_on_tick (context 5): oops"},
		{nil, "panic in proxy_on_tick (context 5): <nil>"},
		{long, "panic in proxy_on_tick (context 5): " + strings.Repeat("x", 256) + "..."},
	} {
		if got := panicMessage("proxy_on_tick", 5, tc.v); got != tc.want {
			t.Errorf("panicMessage(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }
