package proxywasm

import (
	"fmt"
	"strconv"

	"gatehouse/abi"
)

// Panic handling shared by the exports. A panic that escapes an export traps the
// VM and Envoy applies the failure policy to every later request, so every
// export recovers, logs one line naming the export and the context, and returns
// a safe result. The log line carries the panic value only, never request data.

// maxPanicText bounds the panic value in the log line.
const maxPanicText = 256

// panicBody is the body of FallbackPanicResponse.
var panicBody = []byte(`{"error":"internal"}`)

// FallbackPanicResponse answers the current stream with the generic error used
// when a callback panicked: status 500, details "gatehouse_panic", body
// {"error":"internal"}, no extra headers, no grpc-status. DefaultHTTPContext's
// OnPanic calls it, and the dispatcher does when OnPanic itself panics.
//
//go:noinline
func FallbackPanicResponse() error {
	return SendLocalResponse(500, "gatehouse_panic", panicBody, nil, abi.GrpcStatusNone)
}

// panicMessage is the log line for a recovered panic:
// "panic in proxy_on_request_headers (context 5): <value>".
func panicMessage(callback string, id uint32, v any) string {
	return "panic in " + callback + " (context " + strconv.FormatUint(uint64(id), 10) + "): " + describe(v)
}

// describe formats a panic value, truncated to maxPanicText; a value whose
// formatting panics is "<unprintable panic value>".
func describe(v any) (s string) {
	defer func() {
		if recover() != nil {
			s = "<unprintable panic value>"
		}
	}()
	s = fmt.Sprint(v)
	if len(s) > maxPanicText {
		s = s[:maxPanicText] + "..."
	}
	return s
}

// streamPanicked handles a panic recovered from a header/body/trailer callback:
// log it, let the context answer the client through OnPanic, and if OnPanic
// panics too, log that and send FallbackPanicResponse. It never panics.
func streamPanicked(callback string, id uint32, ctx HTTPContext, v any) {
	logError(panicMessage(callback, id, v))
	defer func() {
		if v2 := recover(); v2 != nil {
			defer func() { _ = recover() }()
			logError(panicMessage("OnPanic after "+callback, id, v2))
			_ = FallbackPanicResponse()
		}
	}()
	ctx.OnPanic(callback, v)
}

// failedHTTPContext stands in for a stream whose NewHTTPContext panicked: the
// request is answered with FallbackPanicResponse instead of passing unchecked.
type failedHTTPContext struct{ DefaultHTTPContext }

func (failedHTTPContext) OnRequestHeaders(int, bool) abi.Action {
	_ = FallbackPanicResponse()
	return abi.ActionPause
}
