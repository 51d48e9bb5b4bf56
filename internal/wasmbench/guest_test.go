package wasmbench

import (
	"context"
	"testing"

	"github.com/gatehouse-dev/gatehouse/internal/wasmbuild"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// guest instantiates testdata/guest with wazero's own WASI (the pieces measured
// make no proxy-wasm calls).
func guest(tb testing.TB) api.Module {
	tb.Helper()
	wasm, err := wasmbuild.Module("./internal/wasmbench/testdata/guest")
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	tb.Cleanup(func() { r.Close(ctx) })
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	mod, err := r.InstantiateWithConfig(ctx, wasm,
		wazero.NewModuleConfig().WithStartFunctions("_initialize").WithSysWalltime().WithSysNanotime())
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := mod.ExportedFunction("setup").Call(ctx); err != nil {
		tb.Fatal(err)
	}
	return mod
}

// BenchmarkGuest runs each export of the guest with b.N iterations inside one
// call, so the host-to-guest transition is not part of the figure.
func BenchmarkGuest(b *testing.B) {
	mod := guest(b)
	for _, name := range []string{"event", "decode_pairs", "decide", "time_now"} {
		b.Run(name, func(b *testing.B) {
			f := mod.ExportedFunction("bench_" + name)
			if _, err := f.Call(context.Background(), 100); err != nil { // warm up
				b.Fatal(err)
			}
			b.ResetTimer()
			if _, err := f.Call(context.Background(), uint64(b.N)); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// TestGuestRuns keeps the guest module building and running in `make test`.
func TestGuestRuns(t *testing.T) {
	mod := guest(t)
	for _, name := range []string{"event", "decode_pairs", "decide", "time_now"} {
		if _, err := mod.ExportedFunction("bench_"+name).Call(context.Background(), 10); err != nil {
			t.Fatalf("bench_%s: %v", name, err)
		}
	}
}
