package proxywasm

import (
	"gatehouse/abi"
)

// RootContext is the plugin's per-VM, per-plugin-configuration context (Envoy
// creates one per worker VM, plus one in a throw-away canary VM). Its callbacks
// run one at a time on the VM's single thread. Host calls are allowed inside them.
type RootContext interface {
	// OnVMStart runs once per root context right after its creation.
	// vmConfigSize is the length of the VM configuration (abi.BufferVMConfiguration).
	// false fails the VM start.
	OnVMStart(vmConfigSize int) bool
	// OnConfigure delivers the plugin configuration (abi.BufferPluginConfiguration,
	// readable only now). false rejects the configuration: Envoy refuses the
	// update, or does not start.
	OnConfigure(pluginConfigSize int) bool
	// OnTick runs every period set with SetTickPeriod.
	OnTick()
	// OnQueueReady reports that a registered shared queue has data.
	OnQueueReady(queueID uint32)
	// OnHTTPCallResponse delivers the answer to HTTPCall token; numHeaders 0 means
	// the call failed (see GetStatus). The maps and body are readable now.
	OnHTTPCallResponse(token uint32, numHeaders, bodySize, numTrailers int)
	// OnGrpcReceiveInitialMetadata, OnGrpcReceive, OnGrpcReceiveTrailingMetadata
	// and OnGrpcClose deliver the parts of a gRPC call's answer.
	OnGrpcReceiveInitialMetadata(token uint32, numHeaders int)
	OnGrpcReceive(token uint32, size int)
	OnGrpcReceiveTrailingMetadata(token uint32, numTrailers int)
	OnGrpcClose(token uint32, status uint32)
	// NewHTTPContext returns the context of a new HTTP stream. nil lets the stream
	// pass through untouched.
	NewHTTPContext(contextID uint32) HTTPContext
	// OnDone starts the shutdown of the root context. false defers deletion until
	// the plugin calls Done.
	OnDone() bool
	// OnDelete is the last call for the context.
	OnDelete()
}

// HTTPContext is the context of one HTTP stream. The header and body callbacks
// return what the host should do with the stream (abi.ActionContinue or
// abi.ActionPause); see shared/PROXY_WASM.md §2 for Envoy's reading of Pause.
type HTTPContext interface {
	OnRequestHeaders(numHeaders int, endOfStream bool) abi.Action
	OnRequestBody(bodySize int, endOfStream bool) abi.Action
	OnRequestTrailers(numTrailers int) abi.Action
	OnResponseHeaders(numHeaders int, endOfStream bool) abi.Action
	OnResponseBody(bodySize int, endOfStream bool) abi.Action
	OnResponseTrailers(numTrailers int) abi.Action
	// OnLog runs when the stream is complete, before OnDone in Envoy (do not rely
	// on the order).
	OnLog()
	// OnDone and OnDelete end the stream; the context is forgotten after OnDelete.
	OnDone()
	OnDelete()
	// OnPanic is called after one of the six header/body/trailer callbacks
	// panicked (callback is the export name, e.g. "proxy_on_request_headers");
	// the callback then returns abi.ActionPause. It should answer the client,
	// typically with a generic 500 via SendLocalResponse. If OnPanic panics too,
	// the package sends FallbackPanicResponse itself.
	OnPanic(callback string, recovered any)
}

// ConfigValidator is an optional interface of a RootContext: it answers
// proxy_validate_configuration. Without it, validation succeeds and the real
// check is OnConfigure.
type ConfigValidator interface {
	ValidateConfiguration(pluginConfigSize int) bool
}

// ForeignFunctionHandler is an optional interface of a RootContext: it receives
// proxy_on_foreign_function (arguments in abi.BufferCallData).
type ForeignFunctionHandler interface {
	OnForeignFunction(functionID uint32, argsSize int)
}

// DefaultRootContext implements RootContext with no-ops; OnVMStart, OnConfigure
// and OnDone return true and NewHTTPContext returns nil (pass-through). Embed it
// and override what you need.
type DefaultRootContext struct{}

var _ RootContext = DefaultRootContext{}

func (DefaultRootContext) OnVMStart(int) bool                        { return true }
func (DefaultRootContext) OnConfigure(int) bool                      { return true }
func (DefaultRootContext) OnTick()                                   {}
func (DefaultRootContext) OnQueueReady(uint32)                       {}
func (DefaultRootContext) OnHTTPCallResponse(uint32, int, int, int)  {}
func (DefaultRootContext) OnGrpcReceiveInitialMetadata(uint32, int)  {}
func (DefaultRootContext) OnGrpcReceive(uint32, int)                 {}
func (DefaultRootContext) OnGrpcReceiveTrailingMetadata(uint32, int) {}
func (DefaultRootContext) OnGrpcClose(uint32, uint32)                {}
func (DefaultRootContext) NewHTTPContext(uint32) HTTPContext         { return nil }
func (DefaultRootContext) OnDone() bool                              { return true }
func (DefaultRootContext) OnDelete()                                 {}

// DefaultHTTPContext implements HTTPContext: every stream callback returns
// abi.ActionContinue, the end-of-stream callbacks do nothing, and OnPanic sends
// FallbackPanicResponse (a no-op there would leave the paused stream hanging).
// Embed it and override what you need.
type DefaultHTTPContext struct{}

var _ HTTPContext = DefaultHTTPContext{}

func (DefaultHTTPContext) OnRequestHeaders(int, bool) abi.Action  { return abi.ActionContinue }
func (DefaultHTTPContext) OnRequestBody(int, bool) abi.Action     { return abi.ActionContinue }
func (DefaultHTTPContext) OnRequestTrailers(int) abi.Action       { return abi.ActionContinue }
func (DefaultHTTPContext) OnResponseHeaders(int, bool) abi.Action { return abi.ActionContinue }
func (DefaultHTTPContext) OnResponseBody(int, bool) abi.Action    { return abi.ActionContinue }
func (DefaultHTTPContext) OnResponseTrailers(int) abi.Action      { return abi.ActionContinue }
func (DefaultHTTPContext) OnLog()                                 {}
func (DefaultHTTPContext) OnDone()                                {}
func (DefaultHTTPContext) OnDelete()                              {}
func (DefaultHTTPContext) OnPanic(string, any)                    { _ = FallbackPanicResponse() }
