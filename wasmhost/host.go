package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// Host is one plugin running in an Envoy stand-in: a canary VM that checked the
// configuration and was discarded, and Config.Workers worker VMs, each with its
// own instance, root context and dispatcher goroutine. All methods are safe for
// concurrent use.
type Host struct {
	cfg   Config
	mod   *Module
	clock Clock
	epoch time.Time
	env   []string

	rt      wazero.Runtime
	cm      wazero.CompiledModule
	baseCtx context.Context
	cancel  context.CancelFunc
	funcs   map[string]*hostFunc
	workers []*worker

	logs    logStore
	metrics *metrics
	shared  *sharedData
	queues  *sharedQueues

	busy      atomic.Int64 // queued tasks + goroutines whose result will be posted
	realTicks atomic.Int64 // ticks armed on a real clock
	rr        atomic.Uint64
	connIDs   atomic.Uint64
	polls     atomic.Int64
	guestNS   atomic.Int64 // time inside top-level guest calls
	closed    atomic.Bool
	closing   chan struct{}
	closeOnce sync.Once
}

// New loads m the way Envoy loads a plugin: it checks the module's imports
// against the functions Envoy provides in cfg.Mode, then runs the canary
// (_initialize, proxy_on_context_create(root, 0), proxy_on_vm_start,
// proxy_on_configure, then discarded without proxy_on_done/proxy_on_delete),
// then the same start sequence on every worker VM. A false from
// proxy_on_configure fails with an error that carries the plugin's error logs,
// e.g. "plugin rejected its configuration: routes[1]...". Logs written during a
// failed load are still available through the error text only.
func New(ctx context.Context, m *Module, cfg Config) (*Host, error) {
	h := &Host{cfg: cfg, mod: m, clock: cfg.Clock, metrics: newMetrics(), shared: newSharedData(),
		queues: newSharedQueues(), closing: make(chan struct{})}
	if h.clock == nil {
		h.clock = realClock{}
	}
	h.epoch = h.clock.Now()
	h.env = h.envList()
	h.baseCtx, h.cancel = context.WithCancel(context.Background())
	h.rt = m.newRuntime(h.baseCtx)
	fail := func(err error) (*Host, error) {
		h.cancel()
		h.rt.Close(context.Background())
		return nil, err
	}
	h.funcs = map[string]*hostFunc{}
	all := append(proxyFuncs(m.abi), wasiFuncs(cfg.Mode)...)
	for _, f := range all {
		h.funcs[f.module+"."+f.name] = f
	}
	if err := checkImports(m.imports, h.funcs); err != nil {
		return fail(err)
	}
	if err := h.registerHostModules(ctx, all); err != nil {
		return fail(err)
	}
	cm, err := h.rt.CompileModule(ctx, m.wasm)
	if err != nil {
		return fail(fmt.Errorf("Failed to load Wasm module: %w", err))
	}
	h.cm = cm

	canary, err := h.newWorker(ctx, 0)
	if err != nil {
		return fail(err)
	}
	err = canary.startRoot()
	canary.discard(ctx)
	if err != nil {
		return fail(err)
	}
	for i := 1; i <= cfg.workers(); i++ {
		w, err := h.newWorker(ctx, i)
		if err == nil {
			err = w.startRoot()
		}
		if err != nil {
			for _, o := range h.workers {
				o.discard(ctx)
			}
			if w != nil {
				w.discard(ctx)
			}
			return fail(err)
		}
		h.workers = append(h.workers, w)
	}
	for _, w := range h.workers {
		go w.loop()
	}
	return h, nil
}

// discard drops a VM without its shutdown callbacks (the canary, or a worker of a
// failed load).
func (w *worker) discard(ctx context.Context) {
	w.stopTick()
	for _, co := range w.callouts {
		w.endCallout(co)
	}
	w.tasks.mu.Lock()
	w.tasks.closed = true
	n := len(w.tasks.items)
	w.tasks.items = nil
	w.tasks.mu.Unlock()
	w.h.busy.Add(-int64(n))
	close(w.stopped)
	w.mod.Close(ctx)
}

func (h *Host) registerHostModules(ctx context.Context, funcs []*hostFunc) error {
	builders := map[string]wazero.HostModuleBuilder{
		"env":        h.rt.NewHostModuleBuilder("env"),
		wasiPreview1: h.rt.NewHostModuleBuilder(wasiPreview1),
		wasiUnstable: h.rt.NewHostModuleBuilder(wasiUnstable),
	}
	for _, f := range funcs {
		fn := wrapHostFunc(f, h.cfg.Mode)
		builders[f.module].NewFunctionBuilder().WithGoModuleFunction(fn, f.params, f.results).Export(f.name)
		if f.module == wasiPreview1 {
			builders[wasiUnstable].NewFunctionBuilder().WithGoModuleFunction(fn, f.params, f.results).Export(f.name)
		}
	}
	for _, name := range []string{"env", wasiPreview1, wasiUnstable} {
		if _, err := builders[name].Instantiate(ctx); err != nil {
			return fmt.Errorf("wasmhost: registering %s: %w", name, err)
		}
	}
	return nil
}

// wrapHostFunc enforces Envoy's phase restrictions, then runs f.
func wrapHostFunc(f *hostFunc, mode Mode) api.GoModuleFunc {
	return func(ctx context.Context, _ api.Module, stack []uint64) {
		w := ctx.Value(workerKey{}).(*worker)
		switch w.phase {
		case phaseInit:
			if !f.init {
				panic(restrictedCallback{f.module + "." + f.name, "_initialize"})
			}
		case phaseAlloc:
			if !f.alloc {
				panic(restrictedCallback{f.module + "." + f.name, "memory allocation"})
			}
		}
		f.fn(w, stack)
	}
}

// Workers is the number of worker VMs.
func (h *Host) Workers() int { return len(h.workers) }

// Logs returns a copy of every log entry so far, in order.
func (h *Host) Logs() []LogEntry { return h.logs.since(0) }

// SharedData returns a copy of the shared data of the host's vm_id.
func (h *Host) SharedData() map[string][]byte { return h.shared.snapshot(h.cfg.VMID) }

// SharedDataLen is the number of shared-data keys in the host's vm_id
// namespace (shared data has no delete: it only grows).
func (h *Host) SharedDataLen() int { return h.shared.len(h.cfg.VMID) }

// SharedDataCASMismatches counts the shared-data writes refused with
// CAS_MISMATCH so far (all namespaces): evidence that workers raced.
func (h *Host) SharedDataCASMismatches() int64 { return h.shared.casMismatches() }

// PollOneoffCalls counts WASI poll_oneoff calls so far (all VMs).
func (h *Host) PollOneoffCalls() int64 { return h.polls.Load() }

// GuestTime is the wall time spent inside guest calls (callbacks, with the host
// calls they make) on all workers since New, the canary excluded. Unlike the
// time of a whole request, it does not include the host's goroutine hand-offs,
// so benchmarks use it to compare what modules cost.
func (h *Host) GuestTime() time.Duration { return time.Duration(h.guestNS.Load()) }

// MemorySize returns the linear memory size in bytes of worker (1..Workers).
func (h *Host) MemorySize(worker int) (uint32, error) {
	if worker < 1 || worker > len(h.workers) {
		return 0, fmt.Errorf("wasmhost: no worker %d", worker)
	}
	w := h.workers[worker-1]
	var n uint32
	w.runSync(func() { n = w.mem.Size() })
	return n, nil
}

// Failed reports the trap that killed worker (1..Workers), or nil.
func (h *Host) Failed(worker int) error {
	if worker < 1 || worker > len(h.workers) {
		return fmt.Errorf("wasmhost: no worker %d", worker)
	}
	w := h.workers[worker-1]
	var err error
	w.runSync(func() { err = w.failed })
	return err
}

// Close shuts the plugin down on every worker (proxy_on_done, proxy_on_delete on
// each root context), stops the dispatchers and releases the runtime. Streams
// still in flight are abandoned.
func (h *Host) Close(ctx context.Context) error {
	var err error
	h.closeOnce.Do(func() {
		h.closed.Store(true)
		for _, w := range h.workers {
			w.runSync(func() { w.shutdown(ctx) })
			w.tasks.mu.Lock()
			w.tasks.closed = true
			w.tasks.mu.Unlock()
			select {
			case w.tasks.signal <- struct{}{}:
			default:
			}
			<-w.stopped
		}
		close(h.closing)
		h.cancel()
		err = h.rt.Close(ctx)
	})
	if err != nil {
		return errors.Join(errors.New("wasmhost: close"), err)
	}
	return nil
}
