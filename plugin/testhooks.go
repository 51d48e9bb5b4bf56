//go:build gatehouse_testhooks

package main

import (
	"gatehouse/abi"
	"gatehouse/filters"
)

// With the gatehouse_testhooks build tag, a request header
// x-gatehouse-test-panic: request|response makes the plugin panic in that
// phase, so e2e tests can check that a panic becomes a generic 500 and that the
// VM keeps serving. The shipped build/gatehouse.wasm is built without the tag.
//
// x-gatehouse-test-shared-data: error|contention|race makes the rate limits'
// shared data fail every call, lose every compare-and-swap, or lose the first
// one, for that request.
func init() {
	beforeDecide = panicOn("request")
	beforeResponseHeaders = panicOn("response")
	storeFault = func(r *filters.Request) error {
		switch v, _ := r.Header("x-gatehouse-test-shared-data"); v {
		case "error":
			return abi.StatusInternalFailure
		case "contention":
			return abi.StatusCasMismatch
		case "race":
			return errLoseOneWrite
		}
		return nil
	}
}

func panicOn(phase string) func(*filters.Request) {
	return func(r *filters.Request) {
		if v, _ := r.Header("x-gatehouse-test-panic"); v == phase {
			panic("test hook: panic requested in the " + phase + " phase")
		}
	}
}
