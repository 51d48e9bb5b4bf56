package envoy_test

import (
	"context"
	"strings"
	"testing"

	"gatehouse/abi"
	"gatehouse/internal/wasmbuild"
	"gatehouse/wasmhost"
)

// The bootstrap's GOGC/GOMEMLIMIT must not make the Go runtime arm a timer:
// on Envoy 1.33-1.38 poll_oneoff fails and the runtime would abort at the next
// GC. Run the real module with the bootstrap's policy and environment in
// wasmhost's Envoy <= 1.38 mode; each request carries a 32 KiB header, which
// the host copies into guest memory, so 1,000 requests allocate about 32 MiB
// and cycle the GC several times. The VM's linear memory must stay within the
// 12 MiB budget.
func TestBootstrapVMEnvironmentOnEnvoy138(t *testing.T) {
	_, gf, err := checkBootstrap("envoy.yaml", readFile(t, "envoy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := wasmbuild.Module("./plugin")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mod, err := wasmhost.Compile(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	pc := gf.plugin
	host, err := wasmhost.New(ctx, mod, wasmhost.Config{
		Mode: wasmhost.ModeEnvoy138, Workers: 1,
		VMID: pc.GetVmConfig().GetVmId(), RootID: pc.GetRootId(), PluginName: pc.GetName(),
		PluginConfig: gf.policy, Env: pc.GetVmConfig().GetEnvironmentVariables().GetKeyValues(),
		LogLevel: abi.LogWarn,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close(ctx)
	requests := []struct {
		path string
		want int
	}{{"/healthz", 200}, {"/v1/orders/42", 401}, {"/v1/payments", 404}}
	const n = 1000
	big := strings.Repeat("x", 32<<10)
	for i := range n {
		r := requests[i%len(requests)]
		resp, err := host.Send(ctx, wasmhost.Request{Headers: []abi.Pair{
			{Key: ":method", Value: "GET"}, {Key: ":path", Value: r.path},
			{Key: ":authority", Value: "api.example.com"}, {Key: ":scheme", Value: "http"},
			{Key: "x-padding", Value: big},
		}})
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if resp.Status != r.want {
			t.Fatalf("request %d: GET %s = %d, want %d (worker: %v)", i, r.path, resp.Status, r.want, host.Failed(1))
		}
	}
	if err := host.Failed(1); err != nil {
		t.Fatal(err)
	}
	if polls := host.PollOneoffCalls(); polls != 0 {
		t.Errorf("poll_oneoff called %d times; a runtime timer is armed", polls)
	}
	const budget = 12 << 20
	if size, err := host.MemorySize(1); err != nil || size > budget {
		t.Errorf("linear memory after %d requests: %d bytes (%v), budget %d", n, size, err, budget)
	} else {
		t.Logf("linear memory after %d requests: %.1f MiB", n, float64(size)/(1<<20))
	}
}
