package proxywasm

import (
	"strconv"

	"gatehouse/abi"
)

// The functions here implement the plugin exports in plain Go (the exports_*.go
// files only forward to them, so they are testable natively). Each recovers
// panics: root callbacks log and return their safe result, stream callbacks go
// through streamPanicked and return abi.ActionPause. An unknown context id is
// logged and answered with a harmless default (Continue, false, or true for
// on_done, where false would make the host wait forever).

func onMemoryAllocate(size uint32) (p *byte) {
	defer func() {
		if v := recover(); v != nil {
			logError(panicMessage("proxy_on_memory_allocate", 0, v))
			p = nil // the host reports INVALID_MEMORY_ACCESS for its call
		}
	}()
	return allocate(size)
}

func onContextCreate(id, parent uint32) {
	const name = "proxy_on_context_create"
	depth := frameDepth
	defer func() {
		if v := recover(); v != nil {
			frameDepth = depth
			logError(panicMessage(name, id, v))
			if parent != 0 {
				streams.put(id, ctxRef{http: failedHTTPContext{}})
			}
		}
	}()
	if parent == 0 {
		if rootFactory == nil {
			logError(name + ": no root context factory set (context " + strconv.FormatUint(uint64(id), 10) + ")")
			return
		}
		r := rootFactory(id)
		if r == nil {
			logError(name + ": root context factory returned nil (context " + strconv.FormatUint(uint64(id), 10) + ")")
			return
		}
		roots.put(id, ctxRef{root: r})
		return
	}
	e, ok := roots.get(parent)
	if !ok {
		logError(name + ": unknown parent context " + strconv.FormatUint(uint64(parent), 10) +
			" for context " + strconv.FormatUint(uint64(id), 10))
		return
	}
	ctx := e.root.NewHTTPContext(id)
	if ctx == nil {
		ctx = passThrough
	}
	streams.put(id, ctxRef{http: ctx})
}

// vmStartRoot finds the root for proxy_on_vm_start. The spec calls its context
// argument unused and some hosts (proxytest) pass 0; then the only root context,
// if there is exactly one, is meant.
func vmStartRoot(id uint32) (RootContext, bool) {
	if e, ok := roots.get(id); ok {
		return e.root, true
	}
	var only RootContext
	if id == 0 && roots.len() == 1 {
		roots.each(func(_ uint32, e ctxRef) { only = e.root })
		return only, true
	}
	return nil, false
}

func onVMStart(id, vmConfigSize uint32) (ok bool) {
	const name = "proxy_on_vm_start"
	r, found := vmStartRoot(id)
	if !found {
		logUnknown(name, id)
		return false
	}
	depth := frameDepth
	defer func() {
		if v := recover(); v != nil {
			frameDepth = depth
			logError(panicMessage(name, id, v))
			ok = false
		}
	}()
	return r.OnVMStart(int(vmConfigSize))
}

func onConfigure(id, pluginConfigSize uint32) bool {
	return rootBool("proxy_on_configure", id, false, false, func(r RootContext) bool {
		return r.OnConfigure(int(pluginConfigSize))
	})
}

// onValidateConfiguration answers true for an unknown context: validation is
// optional and OnConfigure still decides.
func onValidateConfiguration(id, pluginConfigSize uint32) bool {
	return rootBool("proxy_validate_configuration", id, true, false, func(r RootContext) bool {
		if v, ok := r.(ConfigValidator); ok {
			return v.ValidateConfiguration(int(pluginConfigSize))
		}
		return true
	})
}

func onTick(id uint32) {
	withRoot("proxy_on_tick", id, func(r RootContext) { r.OnTick() })
}

func onQueueReady(id, queueID uint32) {
	withRoot("proxy_on_queue_ready", id, func(r RootContext) { r.OnQueueReady(queueID) })
}

func onForeignFunction(id, functionID, argsSize uint32) {
	withRoot("proxy_on_foreign_function", id, func(r RootContext) {
		if h, ok := r.(ForeignFunctionHandler); ok {
			h.OnForeignFunction(functionID, int(argsSize))
		}
	})
}

func onHTTPCallResponse(id, token, numHeaders, bodySize, numTrailers uint32) {
	withRoot("proxy_on_http_call_response", id, func(r RootContext) {
		r.OnHTTPCallResponse(token, int(numHeaders), int(bodySize), int(numTrailers))
	})
}

func onGrpcReceiveInitialMetadata(id, token, numHeaders uint32) {
	withRoot("proxy_on_grpc_receive_initial_metadata", id, func(r RootContext) {
		r.OnGrpcReceiveInitialMetadata(token, int(numHeaders))
	})
}

func onGrpcReceive(id, token, size uint32) {
	withRoot("proxy_on_grpc_receive", id, func(r RootContext) { r.OnGrpcReceive(token, int(size)) })
}

func onGrpcReceiveTrailingMetadata(id, token, numTrailers uint32) {
	withRoot("proxy_on_grpc_receive_trailing_metadata", id, func(r RootContext) {
		r.OnGrpcReceiveTrailingMetadata(token, int(numTrailers))
	})
}

func onGrpcClose(id, token, status uint32) {
	withRoot("proxy_on_grpc_close", id, func(r RootContext) { r.OnGrpcClose(token, status) })
}

func onRequestHeaders(id, numHeaders uint32, eos bool) abi.Action {
	return streamAction("proxy_on_request_headers", id, func(c HTTPContext) abi.Action {
		return c.OnRequestHeaders(int(numHeaders), eos)
	})
}

func onRequestBody(id, bodySize uint32, eos bool) abi.Action {
	return streamAction("proxy_on_request_body", id, func(c HTTPContext) abi.Action {
		return c.OnRequestBody(int(bodySize), eos)
	})
}

func onRequestTrailers(id, numTrailers uint32) abi.Action {
	return streamAction("proxy_on_request_trailers", id, func(c HTTPContext) abi.Action {
		return c.OnRequestTrailers(int(numTrailers))
	})
}

func onResponseHeaders(id, numHeaders uint32, eos bool) abi.Action {
	return streamAction("proxy_on_response_headers", id, func(c HTTPContext) abi.Action {
		return c.OnResponseHeaders(int(numHeaders), eos)
	})
}

func onResponseBody(id, bodySize uint32, eos bool) abi.Action {
	return streamAction("proxy_on_response_body", id, func(c HTTPContext) abi.Action {
		return c.OnResponseBody(int(bodySize), eos)
	})
}

func onResponseTrailers(id, numTrailers uint32) abi.Action {
	return streamAction("proxy_on_response_trailers", id, func(c HTTPContext) abi.Action {
		return c.OnResponseTrailers(int(numTrailers))
	})
}

func onLog(id uint32) {
	const name = "proxy_on_log"
	e, ok := streams.get(id)
	if !ok {
		logUnknown(name, id)
		return
	}
	streamVoid(name, id, e.http.OnLog)
}

func onDone(id uint32) bool {
	const name = "proxy_on_done"
	if e, ok := streams.get(id); ok {
		streamVoid(name, id, e.http.OnDone)
		return true
	}
	if _, ok := roots.get(id); ok {
		return rootBool(name, id, true, true, func(r RootContext) bool { return r.OnDone() })
	}
	logUnknown(name, id)
	return true
}

func onDelete(id uint32) {
	const name = "proxy_on_delete"
	if e, ok := streams.remove(id); ok {
		streamVoid(name, id, e.http.OnDelete)
		return
	}
	if e, ok := roots.remove(id); ok {
		guardRoot(name, id, e.root.OnDelete)
		return
	}
	logUnknown(name, id)
}

// withRoot runs call on root context id, logging an unknown id or a panic.
func withRoot(name string, id uint32, call func(RootContext)) {
	e, ok := roots.get(id)
	if !ok {
		logUnknown(name, id)
		return
	}
	guardRoot(name, id, func() { call(e.root) })
}

// guardRoot runs call, logging a panic (used for root and end-of-stream callbacks).
func guardRoot(name string, id uint32, call func()) {
	depth := frameDepth
	defer func() {
		if v := recover(); v != nil {
			frameDepth = depth
			logError(panicMessage(name, id, v))
		}
	}()
	call()
}

// rootBool runs call on root context id; unknown ids answer unknownResult and
// panics answer panicResult.
func rootBool(name string, id uint32, unknownResult, panicResult bool, call func(RootContext) bool) (ok bool) {
	e, found := roots.get(id)
	if !found {
		logUnknown(name, id)
		return unknownResult
	}
	depth := frameDepth
	defer func() {
		if v := recover(); v != nil {
			frameDepth = depth
			logError(panicMessage(name, id, v))
			ok = panicResult
		}
	}()
	return call(e.root)
}

// streamAction runs a header/body/trailer callback of stream id.
func streamAction(name string, id uint32, call func(HTTPContext) abi.Action) (act abi.Action) {
	e, ok := streams.get(id)
	if !ok {
		logUnknown(name, id)
		return abi.ActionContinue
	}
	c := e.http
	depth := frameDepth
	defer func() {
		if v := recover(); v != nil {
			frameDepth = depth
			act = abi.ActionPause
			streamPanicked(name, id, c, v)
		}
	}()
	return call(c)
}

// streamVoid runs an end-of-stream callback; a panic is only logged, as there is
// no one left to answer.
func streamVoid(name string, id uint32, call func()) { guardRoot(name, id, call) }
