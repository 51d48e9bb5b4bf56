// Command guest exports the pieces internal/wasmbench measures; each bench_*
// export runs its piece n times.
package main

import (
	"time"

	"github.com/gatehouse-dev/gatehouse/abi"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/filters/event"
	"github.com/gatehouse-dev/gatehouse/filters/pipeline"
)

func main() {}

var (
	buf   []byte
	pairs []abi.Pair
	enc   string
	pl    *pipeline.Pipeline
	req   filters.Request
	now   = time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
)

//go:wasmexport setup
func setup() {
	enc = string(abi.EncodePairs([]abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: "/v1/orders/42"},
		{Key: ":authority", Value: "api.example.com"}, {Key: ":scheme", Value: "https"}, {Key: "user-agent", Value: "bench"},
		{Key: "accept", Value: "application/json"}, {Key: "x-request-id", Value: "0f8e1a52-5a53-4b43-9e4b-bench"}}))
	pol, _ := config.Parse([]byte(`{"routes":[{"id":"health","match":{"path":"/healthz"},"public":true},{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`))
	pl, _ = pipeline.Compile(pol)
	req = filters.Request{Method: "GET", Path: "/v1/orders/42", RequestID: "0f8e1a52-5a53-4b43-9e4b-bench", ClientIP: "203.0.113.7", Time: now}
}

//go:wasmexport bench_event
func benchEvent(n uint32) {
	for i := uint32(0); i < n; i++ {
		ev := event.Event{Time: now, RequestID: req.RequestID, RouteID: "orders", Decision: "allow", Reason: "public",
			Enforced: true, ClientIP: req.ClientIP, Method: "GET", Path: req.Path}
		buf = ev.AppendJSON(buf[:0])
	}
}

//go:wasmexport bench_decode_pairs
func benchDecode(n uint32) {
	for i := uint32(0); i < n; i++ {
		pairs, _ = abi.DecodePairsString(enc, pairs)
	}
}

//go:wasmexport bench_decide
func benchDecide(n uint32) {
	for i := uint32(0); i < n; i++ {
		d := pl.Decide(&req)
		_ = d
	}
}

//go:wasmexport bench_time_now
func benchNow(n uint32) {
	for i := uint32(0); i < n; i++ {
		now = time.Now()
	}
}
