//go:build wasip1

package proxywasm

// Lifecycle exports (shared/PROXY_WASM.md §1.3). Each forwards to its dispatch
// function, which recovers panics.

// proxyABIVersion marks the module as ABI 0.2.1 (needed because the package may
// import proxy_get_log_level, which Envoy registers only for 0.2.1). Never called.
//
//go:wasmexport proxy_abi_version_0_2_1
func proxyABIVersion() {}

// proxyOnMemoryAllocate is the allocator the host uses to return bytes.
//
//go:wasmexport proxy_on_memory_allocate
func proxyOnMemoryAllocate(size uint32) *byte { return onMemoryAllocate(size) }

//go:wasmexport proxy_on_context_create
func proxyOnContextCreate(contextID, parentID uint32) { onContextCreate(contextID, parentID) }

//go:wasmexport proxy_on_vm_start
func proxyOnVMStart(rootID, vmConfigSize uint32) bool { return onVMStart(rootID, vmConfigSize) }

//go:wasmexport proxy_on_configure
func proxyOnConfigure(rootID, pluginConfigSize uint32) bool {
	return onConfigure(rootID, pluginConfigSize)
}

//go:wasmexport proxy_validate_configuration
func proxyValidateConfiguration(rootID, pluginConfigSize uint32) bool {
	return onValidateConfiguration(rootID, pluginConfigSize)
}

//go:wasmexport proxy_on_tick
func proxyOnTick(rootID uint32) { onTick(rootID) }

//go:wasmexport proxy_on_done
func proxyOnDone(contextID uint32) bool { return onDone(contextID) }

//go:wasmexport proxy_on_delete
func proxyOnDelete(contextID uint32) { onDelete(contextID) }
