package e2e

import (
	"context"
	"strings"
	"sync"
	"testing"

	"gatehouse/abi"
	"gatehouse/internal/wasmbuild"
	"gatehouse/wasmhost"
)

// modes are the Envoy generations every scenario runs under.
var modes = []wasmhost.Mode{wasmhost.ModeCurrent, wasmhost.ModeEnvoy138}

var (
	compiledMu sync.Mutex
	compiled   = map[string]*wasmhost.Module{}
)

// module compiles (once per test process) the plugin built with the given tags.
func loadModule(t testing.TB, pkg string, tags ...string) *wasmhost.Module {
	t.Helper()
	key := pkg + strings.Join(tags, ",")
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if m, ok := compiled[key]; ok {
		return m
	}
	wasm, err := wasmbuild.ModuleWithTags(pkg, tags...)
	if err != nil {
		t.Fatal(err)
	}
	m, err := wasmhost.Compile(context.Background(), wasm)
	if err != nil {
		t.Fatal(err)
	}
	compiled[key] = m
	return m
}

// gatehouse is the shipped plugin; gatehouseWithHooks adds the test hooks.
func gatehouse(t testing.TB) *wasmhost.Module { return loadModule(t, "./plugin") }

func gatehouseWithHooks(t testing.TB) *wasmhost.Module {
	return loadModule(t, "./plugin", "gatehouse_testhooks")
}

// start loads m with the policy in the given mode and closes it with the test.
func start(t testing.TB, m *wasmhost.Module, mode wasmhost.Mode, policy string, edit ...func(*wasmhost.Config)) *wasmhost.Host {
	t.Helper()
	cfg := wasmhost.Config{Mode: mode, VMID: "gatehouse", RootID: "gatehouse", PluginName: "gatehouse",
		PluginConfig: []byte(policy)}
	for _, e := range edit {
		e(&cfg)
	}
	h, err := wasmhost.New(context.Background(), m, cfg)
	if err != nil {
		t.Fatalf("loading the plugin (%s): %v", mode, err)
	}
	t.Cleanup(func() { h.Close(context.Background()) })
	return h
}

// forEachMode runs f as a subtest per Envoy mode.
func forEachMode(t *testing.T, f func(t *testing.T, mode wasmhost.Mode)) {
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) { f(t, mode) })
	}
}

// get is a request with the usual pseudo-headers.
func get(method, path string, headers ...abi.Pair) wasmhost.Request {
	hs := []abi.Pair{{Key: ":method", Value: method}, {Key: ":path", Value: path},
		{Key: ":authority", Value: "api.example.com"}, {Key: ":scheme", Value: "https"}}
	return wasmhost.Request{Headers: append(hs, headers...), SourceAddress: "203.0.113.7:51000"}
}

func send(t testing.TB, h *wasmhost.Host, req wasmhost.Request) *wasmhost.Response {
	t.Helper()
	resp, err := h.Send(context.Background(), req)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	return resp
}

// logsContaining returns the messages of h's logs that contain s.
func logsContaining(h *wasmhost.Host, s string) []string {
	var out []string
	for _, e := range h.Logs() {
		if strings.Contains(e.Message, s) {
			out = append(out, e.Message)
		}
	}
	return out
}

// counter reads a counter the plugin defined, failing the test if it is missing.
func counter(t testing.TB, h *wasmhost.Host, name string) int64 {
	t.Helper()
	v, typ, ok := h.Metric(name)
	if !ok || typ != abi.MetricCounter {
		t.Fatalf("metric %s: ok=%v type=%v", name, ok, typ)
	}
	return v
}
