// Command benchreport is `make bench`: it measures every workload of
// internal/benchcases in one run and prints one table — per-request wall time
// and CPU, the ratio to the floor module, module size and linear memory per VM
// after 10,000 requests — followed by the budgets and whether they hold.
//
// Numbers are from this machine and this run; only the ratios are meant to be
// compared across machines.
package main

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"gatehouse/internal/benchcases"
)

// Budgets from the foundation issue.
const (
	maxModuleBytes   = 6_000_000
	maxMemoryBytes   = 12 << 20
	maxPassThrough   = 2.0 // × floor
	maxRateLimited   = 1.5 // × the same request without limits (issue 7)
	maxAuthorised    = 1.2 // × the same request without an allow rule (issue 5)
	memoryProbeCount = 10_000
	maxRedactVsValid = 2.5 // × gjson.Valid, same body, same wasm
	maxSchemaVsValid = 2.5 // × gjson.Valid, same body, same wasm (issue 6)
)

type row struct {
	name        string
	pkg         string
	nsPerReq    float64
	cpuPerReq   float64
	guestPerReq float64
	moduleBytes int
	memBytes    uint32
	err         error
}

func main() {
	testing.Init()
	ctx := context.Background()
	var rows []row
	for _, c := range benchcases.Cases() {
		rows = append(rows, measure(ctx, c))
	}
	floor := rows[0]

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "case\tns/req\tCPU ns/req\t× floor (CPU)\tguest ns/req\tmodule bytes\tmemory after 10k req\t")
	for _, r := range rows {
		if r.err != nil {
			fmt.Fprintf(tw, "%s\terror: %v\t\t\t\t\t\t\n", r.name, r.err)
			continue
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t%.0f\t%d\t%.1f MiB\t\n", r.name, r.nsPerReq, r.cpuPerReq,
			r.cpuPerReq/floor.cpuPerReq, r.guestPerReq, r.moduleBytes, float64(r.memBytes)/(1<<20))
	}
	tw.Flush()

	fmt.Println()
	ok := true
	check := func(what string, pass bool, detail string) {
		mark := "ok  "
		if !pass {
			mark, ok = "FAIL", false
		}
		fmt.Printf("%s %s: %s\n", mark, what, detail)
	}
	for _, r := range rows {
		if r.pkg != "./plugin" {
			continue // the budgets are Gatehouse's; other rows are yardsticks
		}
		if r.err != nil {
			check(r.name, false, r.err.Error())
			continue
		}
		check("module size "+r.name, r.moduleBytes <= maxModuleBytes, fmt.Sprintf("%d ≤ %d bytes", r.moduleBytes, maxModuleBytes))
		check("memory per VM "+r.name, r.memBytes <= maxMemoryBytes, fmt.Sprintf("%.1f MiB ≤ 12 MiB", float64(r.memBytes)/(1<<20)))
	}
	if mem, err := cacheMemory(ctx); err != nil {
		check("memory with a full token cache", false, err.Error())
	} else {
		check("memory with a full token cache", mem <= maxMemoryBytes,
			fmt.Sprintf("%.1f MiB after %d distinct tokens, twice each, ≤ 12 MiB", float64(mem)/(1<<20), cacheTokens))
	}
	fmt.Println()
	if pieces, err := measurePieces(ctx); err != nil {
		check("pieces inside wasm", false, err.Error())
	} else {
		printPieces(pieces)
		fmt.Println()
		ratioCheck(ctx, check, "cold RS256 verify vs the library alone", "verify", "rsa_stdlib", 300, 15, 1.1)
		// Alternating samples, as the other piece ratios: the two pieces
		// timed one after the other (the table above) saw 0.72–1.95×.
		ratioCheck(ctx, check, "deciding with 1,000 routes vs 10", "decide_1000", "decide_10", 3000, 15, 2)
		ratioCheck(ctx, check, "redacting a 1 KB JSON response vs gjson.Valid on it", "redact_1k", "gjson_valid_users_1k",
			3000, 15, maxRedactVsValid)
		ratioCheck(ctx, check, "validating a 1 KB JSON body against its schema vs gjson.Valid on it", "schema_1k",
			"gjson_valid_1k", 2000, 15, maxSchemaVsValid)
		ratioCheck(ctx, check, "validating a 64 KB JSON body against its schema vs gjson.Valid on it", "schema_64k",
			"gjson_valid_64k", 30, 15, maxSchemaVsValid)
		if floor.err == nil {
			lifecycle := floor.guestPerReq
			cached := float64(pieces["cached_token"].Nanoseconds())
			check("cached-token authentication vs the floor's lifecycle", cached <= 5*lifecycle,
				fmt.Sprintf("%.0f ns = %.1f× the floor's %.0f ns guest lifecycle ≤ 5× (hot loop, authentication step only)",
					cached, cached/lifecycle, lifecycle))
		}
	}
	pairedCheck(ctx, check, "authorised vs authenticated cached-token request", benchcases.Authorised(), benchcases.Authenticated(), maxAuthorised)
	if withBody, without, err := bodyCheckCost(ctx); err != nil {
		check("1 KB JSON body check", false, err.Error())
	} else {
		cost := withBody - without
		check("1 KB JSON body check", cost <= maxBodyCheck, fmt.Sprintf(
			"%v at the median (guest time %v with the body, %v without; cached token) ≤ %v",
			cost.Round(100*time.Nanosecond), withBody.Round(100*time.Nanosecond), without.Round(100*time.Nanosecond), maxBodyCheck))
	}
	if pt := rowNamed(rows, "pass-through (public route)"); pt.err == nil && floor.err == nil {
		ratio := pt.cpuPerReq / floor.cpuPerReq
		check("pass-through cost", ratio <= maxPassThrough, fmt.Sprintf("%.2f× floor ≤ %.1f×", ratio, maxPassThrough))
	}
	pairedCheck(ctx, check, "cached-token request with one rate limit vs without", benchcases.AuthenticatedRateLimited(), benchcases.Authenticated(), maxRateLimited)

	fmt.Println()
	cli, wasm := os.Getenv("GATEHOUSE_CLI"), os.Getenv("GATEHOUSE_WASM")
	if cli == "" || wasm == "" {
		fmt.Println("skip gatehouse run load test: set GATEHOUSE_CLI and GATEHOUSE_WASM (make bench does)")
	} else if lr, err := loadTest(cli, wasm, 10_000, 50); err != nil {
		check("gatehouse run load test", false, err.Error())
	} else {
		fmt.Printf("gatehouse run, %d requests over %d connections on loopback: %.0f req/s, p50 %v, p99 %v, %d errors\n",
			lr.requests, lr.connections, float64(lr.requests)/lr.elapsed.Seconds(),
			lr.p50.Round(time.Microsecond), lr.p99.Round(time.Microsecond), lr.errors)
		if lr.errors > 0 {
			ok = false
		}
	}
	if !ok {
		os.Exit(1)
	}
}

// ratioCheck times piece a against piece b (pieceRatio) and checks a/b ≤ max.
func ratioCheck(ctx context.Context, check func(string, bool, string), what, a, b string, n, samples int, max float64) {
	r, err := pieceRatio(ctx, a, b, n, samples)
	if err != nil {
		check(what, false, err.Error())
		return
	}
	check(what, r.Median <= max, fmt.Sprintf("%.2f× (median of %d alternating samples by thread CPU; best %v vs %v) ≤ %.1f×",
		r.Median, samples, r.BestA.Round(100*time.Nanosecond), r.BestB.Round(100*time.Nanosecond), max))
}

// Columns: ns/req is wall time per request through the host (one worker, so
// requests run one after another); CPU ns/req is this process's CPU time per
// request, host included; guest ns/req is the time inside the module's
// callbacks and the host calls they make, without the host's goroutine
// hand-offs.

// measure runs one case: a testing.Benchmark loop for time and CPU per request,
// then a fresh host for the memory after memoryProbeCount requests.
func measure(ctx context.Context, c benchcases.Case) row {
	r := row{name: c.Name, pkg: c.Package}
	h, wasm, err := c.Start(ctx)
	if err != nil {
		r.err = err
		return r
	}
	r.moduleBytes = len(wasm)
	for i := 0; i < 2000; i++ { // warm up: first-call costs, GC steady state
		if _, err := h.Send(ctx, c.Request); err != nil {
			r.err = err
			return r
		}
	}
	var cpu, guest time.Duration
	var n int
	res := testing.Benchmark(func(b *testing.B) {
		start, guestStart := cpuTime(), h.GuestTime()
		for i := 0; i < b.N; i++ {
			if _, err := h.Send(ctx, c.Request); err != nil {
				b.Fatal(err)
			}
		}
		cpu, guest, n = cpuTime()-start, h.GuestTime()-guestStart, b.N
	})
	h.Close(ctx)
	r.nsPerReq = float64(res.T.Nanoseconds()) / float64(res.N)
	r.cpuPerReq = float64(cpu.Nanoseconds()) / float64(n)
	r.guestPerReq = float64(guest.Nanoseconds()) / float64(n)

	h, _, err = c.Start(ctx)
	if err != nil {
		r.err = err
		return r
	}
	defer h.Close(ctx)
	for i := 0; i < memoryProbeCount; i++ {
		if err := c.Once(ctx, h); err != nil {
			r.err = err
			return r
		}
	}
	r.memBytes, r.err = h.MemorySize(1)
	return r
}

// cpuTime is the CPU time (user + system) of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rowNamed finds the row of a case by name.
func rowNamed(rows []row, name string) row {
	for _, r := range rows {
		if r.name == name {
			return r
		}
	}
	return row{name: name, err: fmt.Errorf("no case %q", name)}
}
