package benchcases

import (
	"context"
	"os"
	"strconv"
	"testing"

	"gatehouse/abi"
	"gatehouse/internal/wasmbuild"
	"gatehouse/wasmhost"
)

// TestInstructionRun is the workload internal/benchcases/instructions.sh runs
// under callgrind (`make instructions`): the case named by
// GATEHOUSE_INSTR_CASE, on the module GATEHOUSE_INSTR_WASM (Gatehouse's
// cases; the floor and "host calls only" build their own), with the machine
// code kept in GATEHOUSE_INSTR_CACHE (so a run under valgrind loads it instead
// of compiling the module, which takes it ten minutes), 300 requests to warm
// up, then GATEHOUSE_INSTR_N requests between two calls of instructionMark,
// where callgrind starts a new dump. Instruction counts do not move with the
// machine's load, unlike times on this shared machine.
func TestInstructionRun(t *testing.T) {
	name := os.Getenv("GATEHOUSE_INSTR_CASE")
	if name == "" {
		t.Skip("GATEHOUSE_INSTR_CASE is not set: run it through make instructions")
	}
	n, err := strconv.Atoi(os.Getenv("GATEHOUSE_INSTR_N"))
	if err != nil || n < 1 {
		t.Fatalf("GATEHOUSE_INSTR_N: want a count of requests, have %q", os.Getenv("GATEHOUSE_INSTR_N"))
	}
	ctx := context.Background()
	var names []string
	for _, c := range Cases() {
		names = append(names, strconv.Quote(c.Name))
		if c.Name != name {
			continue
		}
		// Gatehouse's cases run GATEHOUSE_INSTR_WASM; the others (floor, host
		// calls only) their own module.
		wasm, err := os.ReadFile(os.Getenv("GATEHOUSE_INSTR_WASM"))
		if c.Package != "./plugin" {
			wasm, err = wasmbuild.Module(c.Package)
		}
		if err != nil {
			t.Fatal(err)
		}
		m, err := wasmhost.Compile(ctx, wasm, wasmhost.WithCacheDir(os.Getenv("GATEHOUSE_INSTR_CACHE")))
		if err != nil {
			t.Fatal(err)
		}
		h, err := wasmhost.New(ctx, m, wasmhost.Config{Workers: 1, PluginConfig: []byte(c.Policy), LogLevel: abi.LogWarn, VMID: "bench"})
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close(ctx)
		if err := sendN(ctx, h, c, 300); err != nil {
			t.Fatal(err)
		}
		instructionMark()
		err = sendN(ctx, h, c, n)
		instructionMark()
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("no case %q; the cases are %v", name, names)
}

// sendN sends c's request n times and checks every status.
func sendN(ctx context.Context, h *wasmhost.Host, c Case, n int) error {
	for i := 0; i < n; i++ {
		if err := c.Once(ctx, h); err != nil {
			return err
		}
	}
	return nil
}

// instructionMarks counts instructionMark's calls (so it is not optimized
// away).
var instructionMarks int

// instructionMark is where callgrind starts a new dump (--dump-before).
//
//go:noinline
func instructionMark() { instructionMarks++ }
