// Package wasmhost is a proxy-wasm host on wazero that behaves like Envoy's
// (proxy-wasm-cpp-host + Envoy's wasm filter), for e2e tests, benchmarks and the
// `gatehouse run` CLI. The facts it implements are in shared/PROXY_WASM.md.
//
// # Use
//
//	m, err := wasmhost.Compile(ctx, wasmBytes)          // once; cached process-wide
//	h, err := wasmhost.New(ctx, m, wasmhost.Config{     // canary + workers, configure
//		PluginConfig: policyJSON,
//		Clusters:     map[string]wasmhost.Cluster{"idp": wasmhost.FuncCluster(fn)},
//		Upstream:     upstreamFunc,
//		Clock:        wasmhost.NewManualClock(start),
//	})
//	defer h.Close(ctx)
//	resp, err := h.Send(ctx, wasmhost.Request{Headers: ..., Body: ...})
//
// Send = Start + Stream.Wait. A stream that pauses (StopIteration, a held
// callout, a tick) can be started with Start, driven with ManualClock.Advance or
// by releasing a Cluster handler, then awaited with Wait. Wait returns an error
// wrapping ErrStalled when the stream is paused and nothing is pending that could
// resume it (with a real clock and an armed tick it never reports a stall).
//
// # Model
//
//   - Compile validates the ABI version export (missing → "Missing or unknown
//     Proxy-Wasm ABI version"), export signatures and the allocator. New checks
//     imports against the functions the Mode registers (missing or mistyped →
//     "Failed to load Wasm module due to a missing import: ..." / "...an import
//     type mismatch: ...").
//   - New runs a canary VM (_initialize, proxy_on_context_create(root,0),
//     proxy_on_vm_start, proxy_on_configure; then dropped without
//     proxy_on_done/proxy_on_delete), then the same on Config.Workers worker VMs.
//     Each worker is one wazero instance plus one dispatcher goroutine that runs
//     every guest call of that VM; streams on a worker interleave between
//     callbacks. Worker numbers are 1..N; 0 is the canary in LogEntry.Worker.
//   - Host calls during _initialize outside Envoy's whitelist (and during host
//     allocation outside proxy_log, fd_write, clock_time_get, + poll_oneoff in
//     ModeCurrent) trap with "restricted_callback"; the load fails.
//   - Per stream: context created lazily; request headers/body/trailers; upstream
//     (Config.Upstream, called once the request has fully passed the filter);
//     response side; then proxy_on_log → proxy_on_done → proxy_on_delete. Context
//     ids come from one counter per VM (root is 1).
//   - Header StopIteration pauses the whole direction until
//     proxy_continue_stream (body then delivered as one buffered chunk) unless
//     Config.AllowOnHeadersStopIteration. Body Pause buffers with Envoy's
//     semantics; over Config.BufferLimit → 413 (requests) / 500 (responses, not
//     verified against Envoy). proxy_continue_stream and proxy_close_stream are
//     deferred to after the current dispatcher task; proxy_send_local_response
//     runs right after the guest call returns (Envoy's after-VM-call action).
//   - Local replies go through the plugin's response callbacks if the response
//     has not started, directly if it started in the filter chain, and reset the
//     stream if response headers already went downstream.
//   - A guest trap marks the VM failed; FailClosed → 503 "wasm_fail_stream",
//     FailOpen → later streams bypass the plugin.
//   - Callouts (proxy_http_call, proxy_grpc_call, proxy_grpc_stream) go to
//     Config.Clusters on their own goroutines and are answered on the root
//     context of the calling VM. gRPC service must be a plain cluster name
//     (serialized GrpcService → PARSE_FAILURE). A timed-out HTTP callout is
//     answered with Envoy's router 504 "upstream request timeout"; a Cluster
//     error is a failed call (num_headers 0, proxy_get_status 11 "reset").
//   - Shared data and queues are per Host (all workers), namespaced by VMID.
//     Metrics are per Host; Envoy names them "wasmcustom.<name>", this package
//     uses the plain name everywhere (Metric, Metrics).
//   - WASI is implemented here with Envoy's semantics (not wazero's
//     wasi_snapshot_preview1): fd_write 1/2 → info/error logs, clocks from
//     Config.Clock, zero args, Config.Env as environ, poll_oneoff → 0 events
//     (ModeCurrent) or 52 (ModeEnvoy138).
//
// # Not implemented
//
// TCP (network filter) callbacks, metadata callbacks, foreign functions other
// than clear_route_cache, proxy_validate_configuration, FAIL_RELOAD, capability
// restrictions, watermark back-pressure, streaming the request body to the
// upstream before the request ends, serialized GrpcService, real gRPC streaming
// (a grpc_stream is sent as one request when the plugin half-closes it).
package wasmhost
