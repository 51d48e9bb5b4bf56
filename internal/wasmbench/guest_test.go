package wasmbench

import (
	"context"
	"testing"
)

// BenchmarkGuest runs each piece with b.N iterations inside one call, so the
// host-to-guest transition is not part of the figure.
func BenchmarkGuest(b *testing.B) {
	ctx := context.Background()
	g, err := Load(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close(ctx)
	for _, piece := range Pieces {
		b.Run(piece, func(b *testing.B) {
			if _, err := g.Run(ctx, piece, 10); err != nil { // warm up
				b.Fatal(err)
			}
			b.ResetTimer()
			if _, err := g.Run(ctx, piece, b.N); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// TestGuestRuns keeps the guest module building and every piece running (and
// verifying its token) in `make test`.
func TestGuestRuns(t *testing.T) {
	ctx := context.Background()
	g, err := Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close(ctx)
	for _, piece := range Pieces {
		if _, err := g.Run(ctx, piece, 3); err != nil {
			t.Fatalf("%s: %v", piece, err)
		}
	}
	if _, err := g.Run(ctx, "nonesuch", 1); err == nil || err.Error() != `wasmbench: no piece "nonesuch"` {
		t.Fatalf("unknown piece: %v", err)
	}
}

// BenchmarkRedactVsValid reports redacting the 1 KB body against gjson.Valid on
// it, in the same wasm (budget: ≤ 2.5×): 10 alternating samples of 3,000 runs
// each, by thread CPU time, the best of each side.
func BenchmarkRedactVsValid(b *testing.B) {
	ctx := context.Background()
	g, err := Load(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close(ctx)
	for i := 0; i < b.N; i++ {
		r, err := g.CPURatio(ctx, "redact_1k", "gjson_valid_users_1k", 3000, 11)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.BestA.Nanoseconds()), "redact-ns")
		b.ReportMetric(float64(r.BestB.Nanoseconds()), "valid-ns")
		b.ReportMetric(r.Median, "ratio")
	}
}
