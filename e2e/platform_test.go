package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"gatehouse/abi"
	"gatehouse/internal/wasmbuild"
	"gatehouse/wasmhost"
)

// envoy133Imports is what Envoy 1.33–1.38 provides to a module (cpp-host pin
// beb8a4e, shared/PROXY_WASM.md §1.2 and §3.4): a module importing anything else
// does not load there.
var envoy133WASI = map[string]bool{
	"fd_write": true, "fd_read": true, "fd_seek": true, "fd_close": true, "fd_fdstat_get": true,
	"environ_get": true, "environ_sizes_get": true, "args_get": true, "args_sizes_get": true,
	"clock_time_get": true, "random_get": true, "proc_exit": true, "path_open": true,
	"fd_prestat_get": true, "fd_prestat_dir_name": true,
	"sched_yield": true, "poll_oneoff": true, "fd_fdstat_set_flags": true,
}

func TestGatehouseImportsOnlyWhatEnvoy133Provides(t *testing.T) {
	m := gatehouse(t)
	for _, imp := range m.Imports() {
		mod, name, _ := strings.Cut(imp, ".")
		switch mod {
		case "env":
			if !strings.HasPrefix(name, "proxy_") {
				t.Errorf("import %s is not a proxy-wasm host call", imp)
			}
		case "wasi_snapshot_preview1":
			if !envoy133WASI[name] {
				t.Errorf("import %s is missing from Envoy 1.33-1.38", imp)
			}
		default:
			t.Errorf("import %s from an unknown module", imp)
		}
	}
	if m.ABI() != "0.2.1" {
		t.Errorf("ABI = %q, want 0.2.1", m.ABI())
	}
}

func TestHostCallDuringInitFailsToLoad(t *testing.T) {
	wasm, err := wasmbuild.Module("./wasmhost/testdata/initcall")
	if err != nil {
		t.Fatal(err)
	}
	m, err := wasmhost.Compile(context.Background(), wasm)
	if err != nil {
		t.Fatal(err)
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		_, err := wasmhost.New(context.Background(), m, wasmhost.Config{Mode: mode})
		want := "restricted_callback: env.proxy_set_tick_period_milliseconds called during _initialize"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("load error = %v, want it to contain %q", err, want)
		}
	})
}

func TestTwoWorkersShareData(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, loadModule(t, "./plugin/proxywasm/testdata/abiprobe"), mode, "")
		// The probe increments a shared counter with CAS; alternate the workers.
		for i := 1; i <= 6; i++ {
			req := get("GET", "/count", abi.Pair{Key: "x-probe", Value: "shared-data"})
			req.Worker = 1 + i%2
			resp := send(t, h, req)
			got, _ := resp.Upstream.Header("x-probe-count")
			if got != strconv.Itoa(i) || resp.Worker != req.Worker {
				t.Fatalf("request %d on worker %d: count %q (worker %d)", i, req.Worker, got, resp.Worker)
			}
		}
	})
}
