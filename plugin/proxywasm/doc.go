// Package proxywasm is Gatehouse's guest side of the proxy-wasm ABI 0.2.1 for a
// standard-Go (GOOS=wasip1, -buildmode=c-shared) reactor running inside Envoy.
//
// It is the only package of the product that uses unsafe, go:wasmimport and
// go:wasmexport. It offers three things:
//
//   - typed host calls (Log, GetHeader, SendLocalResponse, HTTPCall, shared data,
//     metrics, ...) that validate their arguments, return errors (an abi.Status, or
//     an error wrapping one) and never panic;
//   - the plugin exports (proxy_on_context_create, proxy_on_request_headers, ...)
//     that Envoy calls, each guarded by recover;
//   - a registry that maps context ids to the RootContext and HTTPContext values
//     the plugin provides through SetRootContextFactory.
//
// Call rules, from shared/PROXY_WASM.md:
//
//   - No host call may run during Go package initialisation (Envoy traps every
//     proxy_* call except proxy_log inside _initialize). SetRootContextFactory only
//     stores a function and is the one thing to do from init.
//   - Host calls are valid only while the host is inside one of the callbacks this
//     package dispatches (OnVMStart, OnConfigure, OnRequestHeaders, ...). Which
//     maps and buffers are available depends on the callback (§1.2 of that file).
//   - No goroutines, sleeps, timers or blocking: the VM is single-threaded and
//     nothing runs between callbacks.
//
// Host functions are imported lazily by the Go linker: a plugin that never calls,
// say, LogLevel does not import proxy_get_log_level, so it still loads in hosts
// that lack that function.
//
// When the package is built for a native GOOS (for unit tests and vet), the raw
// host calls are routed to a test hook instead of wasm imports; the exports are
// not compiled.
package proxywasm
