package e2e

import (
	"context"
	"testing"

	"gatehouse/internal/benchcases"
)

// BenchmarkRequest runs every workload of internal/benchcases (`make bench`
// prints them as a table with ratios to the floor).
func BenchmarkRequest(b *testing.B) {
	ctx := context.Background()
	for _, c := range benchcases.Cases() {
		b.Run(c.Name, func(b *testing.B) {
			h, _, err := c.Start(ctx)
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close(ctx)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := h.Send(ctx, c.Request); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBenchCasesAnswer keeps every workload of `make bench` meaningful in
// `make test`: each starts and gets its expected status (Start checks it), so a
// policy or token change cannot turn a benchmark row into a measured error.
func TestBenchCasesAnswer(t *testing.T) {
	ctx := context.Background()
	for _, c := range benchcases.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			h, _, err := c.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close(ctx)
			if err := c.Once(ctx, h); err != nil {
				t.Fatal(err)
			}
		})
	}
}
