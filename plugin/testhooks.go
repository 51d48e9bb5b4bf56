//go:build gatehouse_testhooks

package main

import "github.com/gatehouse-dev/gatehouse/filters"

// With the gatehouse_testhooks build tag, a request header
// x-gatehouse-test-panic: request|response makes the plugin panic in that
// phase, so e2e tests can check that a panic becomes a generic 500 and that the
// VM keeps serving. The shipped build/gatehouse.wasm is built without the tag.
func init() {
	beforeDecide = panicOn("request")
	beforeResponseHeaders = panicOn("response")
}

func panicOn(phase string) func(*filters.Request) {
	return func(r *filters.Request) {
		if v, _ := r.Header("x-gatehouse-test-panic"); v == phase {
			panic("test hook: panic requested in the " + phase + " phase")
		}
	}
}
