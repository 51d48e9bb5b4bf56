// Package wasmbench measures pieces of the filter as they run inside a wasm
// module under wazero, one piece per export of testdata/guest, called in a loop
// from BenchmarkGuest. Numbers from a native `go test -bench` mislead here: Go
// code compiled to wasm and run by wazero is several times slower, and not
// uniformly so (allocation, maps and string hashing suffer most).
//
// Later budgets that compare against "the same library alone compiled to wasm"
// (a JWS verify, gjson.Valid on a body) add their baselines as exports here.
package wasmbench
