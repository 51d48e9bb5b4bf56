package wasmhost

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestLifecycleOrder(t *testing.T) {
	h := newHost(t, "probe", Config{PluginConfig: []byte("ctx"), VMConfig: []byte("vmcfg")})
	want0 := []string{"create 1 0", "vm_start 1 5", "configure 1 3"}
	if got := lifeLines(h, 0); strings.Join(got, "|") != strings.Join(want0, "|") {
		t.Fatalf("canary lifecycle = %q, want %q (no on_done/on_delete)", got, want0)
	}
	send(t, h, get("/"))
	send(t, h, get("/"))
	want1 := append(append([]string{}, want0...),
		"create 2 1", "reqh 5 true", "resph 1 true", "log 2", "done 2", "delete 2",
		"create 3 1", "reqh 5 true", "resph 1 true", "log 3", "done 3", "delete 3")
	if got := lifeLines(h, 1); strings.Join(got, "|") != strings.Join(want1, "|") {
		t.Fatalf("worker 1 lifecycle =\n%q\nwant\n%q", got, want1)
	}
	if got := lifeLines(h, 2); strings.Join(got, "|") != strings.Join(want0, "|") {
		t.Fatalf("worker 2 lifecycle = %q", got)
	}
	h.Close(context.Background())
	got := lifeLines(h, 1)
	if tail := strings.Join(got[len(got)-2:], "|"); tail != "done 1|delete 1" {
		t.Fatalf("shutdown = %q, want done 1|delete 1", tail)
	}
}

func TestLoadErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("configure false carries error logs", func(t *testing.T) {
		_, err := New(ctx, fixture(t, "probe"), Config{PluginConfig: []byte(`reject routes[1].match.methods[0]: unknown method "GETT"`)})
		want := `plugin rejected its configuration: routes[1].match.methods[0]: unknown method "GETT"`
		if err == nil || err.Error() != want {
			t.Fatalf("err = %v, want %s", err, want)
		}
	})
	t.Run("host call in init", func(t *testing.T) {
		_, err := New(ctx, fixture(t, "initcall"), Config{})
		if err == nil || !strings.Contains(err.Error(), "restricted_callback: env.proxy_set_tick_period_milliseconds called during _initialize") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("missing abi version", func(t *testing.T) {
		_, err := Compile(ctx, []byte("\x00asm\x01\x00\x00\x00"))
		if !errors.Is(err, ErrUnknownABI) || err.Error() != "Missing or unknown Proxy-Wasm ABI version" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("file io loads in current mode", func(t *testing.T) {
		h := newHost(t, "fileio", Config{})
		if !strings.Contains(dumpLogs(h), "read failed: open /etc/hostname:") {
			t.Fatalf("logs:\n%s", dumpLogs(h))
		}
	})
	t.Run("file io fails in 1.38 mode", func(t *testing.T) {
		_, err := New(ctx, fixture(t, "fileio"), Config{Mode: ModeEnvoy138})
		if err == nil || !strings.HasPrefix(err.Error(), "Failed to load Wasm module due to a missing import: wasi_snapshot_preview1.") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("floor loads in 1.38 mode", func(t *testing.T) {
		newHost(t, "floor", Config{Mode: ModeEnvoy138})
	})
}

func TestSleeperModes(t *testing.T) {
	t.Run("current", func(t *testing.T) {
		h := newHost(t, "sleeper", Config{})
		r := send(t, h, get("/"))
		if r.Status != 200 || h.PollOneoffCalls() == 0 {
			t.Fatalf("status %d polls %d", r.Status, h.PollOneoffCalls())
		}
	})
	t.Run("envoy 1.38", func(t *testing.T) {
		h := newHost(t, "sleeper", Config{Mode: ModeEnvoy138})
		r := send(t, h, get("/"))
		if r.Status != 503 || r.Details != "wasm_fail_stream" || !r.LocalReply {
			t.Fatalf("got %+v", r)
		}
		if !strings.Contains(dumpLogs(h), "poll_oneoff failed") {
			t.Fatalf("logs:\n%s", dumpLogs(h))
		}
		if h.Failed(1) == nil {
			t.Fatal("worker 1 not marked failed")
		}
		// FAIL_CLOSED: the next stream on the dead VM gets 503 too.
		if r := send(t, h, get("/")); r.Status != 503 || r.Details != "wasm_fail_stream" {
			t.Fatalf("second stream %+v", r)
		}
	})
}

func TestFailurePolicy(t *testing.T) {
	for _, tc := range []struct {
		policy FailurePolicy
		status int
	}{{FailClosed, 503}, {FailOpen, 200}} {
		h := newHost(t, "probe", Config{FailurePolicy: tc.policy})
		r := send(t, h, get("/", "reqh", "panic"))
		if r.Status != 503 || r.Details != "wasm_fail_stream" {
			t.Fatalf("trapping stream: %+v", r)
		}
		if !strings.Contains(dumpLogs(h), "assignment to entry in nil map") {
			t.Fatalf("logs:\n%s", dumpLogs(h))
		}
		r = send(t, h, get("/"))
		if r.Status != tc.status {
			t.Fatalf("policy %d: next stream status %d, want %d", tc.policy, r.Status, tc.status)
		}
		// worker 2 is unaffected
		r2 := get("/")
		r2.Worker = 2
		if r := send(t, h, r2); r.Status != 200 {
			t.Fatalf("worker 2: %+v", r)
		}
	}
}
