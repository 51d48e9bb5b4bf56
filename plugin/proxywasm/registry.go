package proxywasm

import (
	"strconv"
)

// The registry maps the host's context ids to the plugin's contexts. Context ids
// come from one counter per VM shared by root and stream contexts. Everything
// runs on the VM's single thread, so there is no locking.
var (
	rootFactory func(contextID uint32) RootContext
	roots       contextTable[ctxRef] // root contexts (ctxRef.root)
	streams     contextTable[ctxRef] // stream contexts (ctxRef.http)
)

// ctxRef is what the registry's tables hold: a root context or a stream
// context. Both tables use this one type so that contextTable is compiled
// once; an instantiation per interface type cost the module 8 KB.
type ctxRef struct {
	_    [0]func() // not comparable: no generated equality function
	root RootContext
	http HTTPContext
}

// passThrough is registered for streams whose root returned a nil HTTPContext.
var passThrough HTTPContext = DefaultHTTPContext{}

// SetRootContextFactory sets the function that creates a RootContext when the
// host creates a root context (proxy_on_context_create with parent 0). Call it
// from the plugin's init: it only stores f and calls nothing on the host. If no
// factory is set, or it returns nil, the root context is not registered and its
// OnVMStart/OnConfigure answer false, so Envoy rejects the plugin.
func SetRootContextFactory(f func(contextID uint32) RootContext) { rootFactory = f }

// logUnknown reports a callback for a context id the registry does not know.
func logUnknown(callback string, id uint32) {
	logError(callback + ": unknown context " + strconv.FormatUint(uint64(id), 10))
}

// resetRegistry forgets every context; for tests.
func resetRegistry() {
	rootFactory = nil
	roots = contextTable[ctxRef]{}
	streams = contextTable[ctxRef]{}
	frameDepth = 0
}
