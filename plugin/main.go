// Command plugin is gatehouse.wasm: the Gatehouse HTTP filter for Envoy, built
// as a WASI reactor with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags="-s -w" -o build/gatehouse.wasm ./plugin
//
// This package is glue: it turns proxy-wasm callbacks (through plugin/proxywasm,
// the ABI layer) into calls of the filters and turns their decisions into host
// calls. No policy logic lives here.
package main

import "gatehouse/plugin/proxywasm"

// main is never called in a reactor; Go requires it to exist.
func main() {}

// init only registers the root-context factory. It must not call the host:
// Envoy traps any proxy_* call other than proxy_log during _initialize.
func init() {
	proxywasm.SetRootContextFactory(newRoot)
}
