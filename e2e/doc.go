// Package e2e holds black-box scenarios that run the compiled build/gatehouse.wasm
// (or a fresh build of ./plugin) in wasmhost, in both the current and the
// Envoy ≤ 1.38 mode, and under a second, independent host. It has no non-test
// code besides this comment.
package e2e
