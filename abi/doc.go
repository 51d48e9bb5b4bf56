// Package abi is the vocabulary of the proxy-wasm ABI 0.2.1 as Envoy implements it:
// status codes (usable as errors), the enumerations for maps, buffers, streams,
// metrics, log levels and actions, the serialized header-pairs codec and property
// paths.
//
// It is pure Go with no unsafe code, so both sides of the ABI share it: the guest
// layer in plugin/proxywasm and the host in wasmhost. Everything here may be called
// at any time, including from Go init functions, because none of it talks to a host.
//
// Facts and their sources are in shared/PROXY_WASM.md (§1.4 for pairs, §1.5 for
// properties, §1.6 for the enumerations).
package abi
