package wasmbench

import (
	"context"
	"runtime"
	"syscall"
	"testing"
	"time"
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
// it, in the same wasm (budget: ≤ 2.5×): per b.N, 10 alternating samples of
// 3,000 runs each, timed by the thread's CPU time (robust on a loaded machine),
// the best sample of each side.
func BenchmarkRedactVsValid(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ctx := context.Background()
	g, err := Load(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close(ctx)
	pieces := []string{"redact_1k", "gjson_valid_1k"}
	for i := 0; i < b.N; i++ {
		best := map[string]time.Duration{}
		for s := 0; s < 10; s++ {
			for _, piece := range pieces {
				c0 := threadCPU()
				if _, err := g.Run(ctx, piece, 3000); err != nil {
					b.Fatal(err)
				}
				if d := (threadCPU() - c0) / 3000; best[piece] == 0 || d < best[piece] {
					best[piece] = d
				}
			}
		}
		r, v := best["redact_1k"], best["gjson_valid_1k"]
		b.ReportMetric(float64(r.Nanoseconds()), "redact-ns")
		b.ReportMetric(float64(v.Nanoseconds()), "valid-ns")
		b.ReportMetric(float64(r)/float64(v), "ratio")
	}
}

// threadCPU is the CPU time of the calling OS thread (Linux RUSAGE_THREAD).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
