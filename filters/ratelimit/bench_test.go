package ratelimit

import (
	"testing"
	"time"

	"gatehouse/filters/authn"
)

// BenchmarkCheck is one request through one limit over a MemoryStore: the
// pure-Go part of a rate-limited request (the .wasm adds two shared-data
// calls and the response headers).
func BenchmarkCheck(b *testing.B) {
	ls := limits(b, `{"rate_limits":[{"name":"per-user","rate":"1000000000/s","burst":1000000,"slots":1024,"by":["client_ip","api_key"]}]}`, nil, nil)
	r := req("10.0.0.1", 0)
	p := &authn.Principal{Identity: "partners", Subject: "acme"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r.Time = t0.Add(time.Duration(i) * time.Microsecond)
		if ls.Check(r, -1, "", p).Verdict != Pass {
			b.Fatal("refused")
		}
	}
}
