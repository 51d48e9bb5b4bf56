package wasmhost

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gatehouse/abi"
	"gatehouse/internal/wasmbuild"
)

var (
	modMu   sync.Mutex
	modules = map[string]*Module{}
)

// fixture compiles wasmhost/testdata/<name> once per test process.
func fixture(t testing.TB, name string) *Module {
	t.Helper()
	modMu.Lock()
	defer modMu.Unlock()
	if m, ok := modules[name]; ok {
		return m
	}
	wasm, err := wasmbuild.Module("./wasmhost/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(context.Background(), wasm)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	modules[name] = m
	return m
}

func newHost(t testing.TB, name string, cfg Config) *Host {
	t.Helper()
	h, err := New(context.Background(), fixture(t, name), cfg)
	if err != nil {
		t.Fatalf("New(%s): %v", name, err)
	}
	t.Cleanup(func() { h.Close(context.Background()) })
	return h
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func get(path string, probes ...string) Request {
	hs := []abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: path},
		{Key: ":authority", Value: "example.com"}, {Key: ":scheme", Value: "http"}}
	for i := 0; i+1 < len(probes); i += 2 {
		hs = append(hs, abi.Pair{Key: "x-probe-" + probes[i], Value: probes[i+1]})
	}
	return Request{Headers: hs, Worker: 1}
}

// results returns the "<cmd> => <result>" log lines' results for cmd, in order.
func results(h *Host, cmd string) []string {
	var out []string
	for _, e := range h.Logs() {
		if r, ok := strings.CutPrefix(e.Message, cmd+" => "); ok {
			out = append(out, r)
		}
	}
	return out
}

func result(t testing.TB, h *Host, cmd string) string {
	t.Helper()
	rs := results(h, cmd)
	if len(rs) == 0 {
		t.Fatalf("no result logged for %q; logs:\n%s", cmd, dumpLogs(h))
	}
	return rs[len(rs)-1]
}

func dumpLogs(h *Host) string {
	var b strings.Builder
	for _, e := range h.Logs() {
		b.WriteString("  [" + e.Level.String() + "] w" + string(rune('0'+e.Worker)) + " " + e.Message + "\n")
	}
	return b.String()
}

func lifeLines(h *Host, worker int) []string {
	var out []string
	for _, e := range h.Logs() {
		if e.Worker == worker && strings.HasPrefix(e.Message, "life ") {
			out = append(out, strings.TrimPrefix(e.Message, "life "))
		}
	}
	return out
}

func send(t testing.TB, h *Host, req Request) *Response {
	t.Helper()
	r, err := h.Send(testCtx(t), req)
	if err != nil {
		t.Fatalf("Send: %v\nlogs:\n%s", err, dumpLogs(h))
	}
	return r
}
