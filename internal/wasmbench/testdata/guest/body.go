package main

// The body-check piece: payload.Checker over the 1 KB order the request case
// "authenticated + 1 KB JSON body (schema)" sends, with that case's body rules
// (schema by $ref, duplicate keys rejected, default guards), Start to Finish.

import (
	"strconv"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/payload"
	"gatehouse/internal/benchcases/order"
)

var (
	bodyRules   *payload.Rules
	bodyChecker payload.Checker
	bodyReq     filters.Request
	orderBody   []byte
)

//go:wasmexport setup_body
func setupBody() {
	pol, err := config.Parse([]byte(`{"schemas":{"order":` + order.Schema + `},"routes":[
		{"id":"create","match":{"path":"/v1/orders","methods":["POST"]},"public":true,
		 "body":{"max_bytes":16384,"reject_duplicate_keys":true,"schema":{"$ref":"#/schemas/order"}}}]}`))
	if err != nil {
		panic(err)
	}
	if bodyRules, err = payload.Compile(pol.Routes[0].Body); err != nil {
		panic(err)
	}
	orderBody = order.Body()
	bodyReq = filters.Request{Method: "POST", Path: "/v1/orders", Headers: []filters.Header{
		{Name: "content-type", Value: "application/json"},
		{Name: "content-length", Value: strconv.Itoa(len(orderBody))}}}
	checkBody(1)
}

//go:wasmexport bench_body_check_1k
func checkBody(n uint32) {
	for i := uint32(0); i < n; i++ {
		c := &bodyChecker
		f := c.Start(bodyRules, &bodyReq, true)
		if !f.Failed() {
			f = c.Size(int64(len(orderBody)))
		}
		if !f.Failed() {
			f = c.Write(orderBody)
		}
		if !f.Failed() {
			f = c.Finish()
		}
		if f.Failed() {
			panic("body check refused the order: " + f.Detail())
		}
	}
}

// byteSink keeps byte_loop_1k's sum alive.
var byteSink int

// bench_byte_loop_1k adds up the bytes of the 1 KB order one at a time: the
// least any check that reads a body byte by byte costs inside wasm, for
// reading the other pieces against.
//
//go:wasmexport bench_byte_loop_1k
func byteLoop(n uint32) {
	for i := uint32(0); i < n; i++ {
		sum := 0
		for _, c := range orderBody {
			sum += int(c)
		}
		byteSink += sum
	}
}
