package wasmhost

import "gatehouse/abi"

// Mode selects which Envoy generation the host imitates.
type Mode int

const (
	// ModeCurrent is Envoy with proxy-wasm-cpp-host ≥ 94091cd (PR #533, Envoy ≥ 1.39):
	// the full WASI set, poll_oneoff succeeds with zero events, poll_oneoff allowed
	// during host-initiated allocation.
	ModeCurrent Mode = iota
	// ModeEnvoy138 is Envoy 1.33–1.38 (cpp-host pin beb8a4e): only the WASI calls of
	// PROXY_WASM.md §3.4 (a module importing any other one fails to load),
	// poll_oneoff and fd_fdstat_set_flags return 52 (NOSYS), and the smaller
	// _initialize whitelist.
	ModeEnvoy138
)

// String names the mode.
func (m Mode) String() string {
	if m == ModeEnvoy138 {
		return "envoy-1.38"
	}
	return "current"
}

// FailurePolicy is what happens to streams on a worker whose VM has failed (a guest
// trap). It mirrors Envoy's PluginConfig.failure_policy.
type FailurePolicy int

const (
	// FailClosed answers new streams on a failed VM with a 503 local reply whose
	// details are "wasm_fail_stream" (the default).
	FailClosed FailurePolicy = iota
	// FailOpen skips the plugin for new streams on a failed VM: they go to the
	// upstream untouched. A stream that was inside the plugin when it trapped still
	// gets the 503.
	FailOpen
)

// DefaultBufferLimit is Envoy's default per-connection buffer limit (1 MiB), used
// when Config.BufferLimit is 0.
const DefaultBufferLimit = 1 << 20

// DefaultWorkers is the number of worker VMs when Config.Workers is 0.
const DefaultWorkers = 2

// Config describes one plugin instance the way Envoy's PluginConfig and VmConfig
// do, plus the pieces of Envoy around it (clusters, upstream, clock). The zero
// value is usable: two workers, real clock, FAIL_CLOSED, 1 MiB buffer limit, an
// upstream that answers 200 with an empty body.
type Config struct {
	// Mode picks the Envoy generation (ModeCurrent by default).
	Mode Mode
	// Workers is the number of worker VMs (default DefaultWorkers). Worker numbers
	// are 1..Workers; number 0 is the canary VM in logs.
	Workers int
	// VMID is vm_config.vm_id: the shared data and shared queue namespace and the
	// plugin_vm_id property.
	VMID string
	// PluginName is PluginConfig.name (property plugin_name).
	PluginName string
	// RootID is PluginConfig.root_id (property plugin_root_id).
	RootID string
	// PluginConfig is PluginConfig.configuration as delivered to
	// proxy_on_configure (buffer 7).
	PluginConfig []byte
	// VMConfig is vm_config.configuration (buffer 6, size passed to
	// proxy_on_vm_start).
	VMConfig []byte
	// Env is vm_config.environment_variables, visible through WASI environ_get.
	Env map[string]string
	// LogLevel is the level reported by proxy_get_log_level; plugin logs below it
	// are dropped like Envoy's logger does. The zero value is trace (everything);
	// Envoy's own default is info.
	LogLevel abi.LogLevel
	// Clock drives WASI clocks, proxy_get_current_time_nanoseconds, ticks and
	// callout timeouts. Nil means the real clock. Use a *ManualClock in tests.
	Clock Clock
	// AllowOnHeadersStopIteration is PluginConfig.allow_on_headers_stop_iteration:
	// a StopIteration from a headers callback holds only the headers and body
	// callbacks keep running.
	AllowOnHeadersStopIteration bool
	// BufferLimit bounds a body the plugin buffers with StopIterationAndBuffer
	// (default DefaultBufferLimit). Exceeding it answers 413 on requests and 500
	// on responses.
	BufferLimit int
	// FailurePolicy is PluginConfig.failure_policy (FailClosed by default).
	FailurePolicy FailurePolicy
	// Clusters are the Envoy clusters proxy_http_call and proxy_grpc_call can
	// reach, by name.
	Clusters map[string]Cluster
	// Upstream is the service behind the filter (the route's cluster). Nil
	// answers 200 with no body.
	Upstream Upstream
	// LogSink, if set, receives every log entry as it is written (from worker
	// goroutines; it must be safe for concurrent use and must not call back into
	// the Host).
	LogSink func(LogEntry)
}

func (c *Config) workers() int {
	if c.Workers <= 0 {
		return DefaultWorkers
	}
	return c.Workers
}

func (c *Config) bufferLimit() int {
	if c.BufferLimit <= 0 {
		return DefaultBufferLimit
	}
	return c.BufferLimit
}
