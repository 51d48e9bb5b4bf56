// Package filters holds what every Gatehouse control shares: the request as the
// filters see it, the decision they reach and the reason codes that explain it.
// The controls live in sub-packages, one per concern; pipeline runs them in order.
//
// Nothing under filters/ knows about the proxy-wasm ABI, wazero, goroutines or
// the wall clock: the plugin builds a Request from the host's data, passes the
// current time in, and turns the Decision into host calls. So every filter is
// tested natively, and again through the compiled .wasm in e2e/.
package filters
