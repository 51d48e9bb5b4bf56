package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"gatehouse/abi"
)

// phase is what the host is doing with the VM when a host function is called;
// Envoy restricts host calls during _initialize and during allocation.
type phase int

const (
	phaseNormal phase = iota
	phaseInit
	phaseAlloc
)

type workerKey struct{}

// vmCtx is a proxy-wasm context on one VM: the root context (stream == nil) or an
// HTTP stream context.
type vmCtx struct {
	id     uint32
	stream *stream
}

// worker is one VM (one wazero instance) and the Envoy worker thread that owns it.
// Every guest call and every field below is used only on the worker's dispatcher
// goroutine (or, before the loop starts, by New).
type worker struct {
	h       *Host
	id      int // 0 = canary, 1..N = workers
	ctx     context.Context
	mod     api.Module
	mem     api.Memory
	fns     map[string]api.Function
	allocFn api.Function

	phase    phase
	nextID   uint32
	root     *vmCtx
	contexts map[uint32]*vmCtx
	cur      *vmCtx // context of the running callback
	eff      *vmCtx // set by proxy_set_effective_context for the running callback
	failed   error

	inConfigure bool
	callout     *calloutResult // during proxy_on_http_call_response / gRPC callbacks
	status      struct {
		code uint32
		msg  string
	}
	callouts  map[uint32]*callout
	nextToken uint32
	tickStop  func()
	tickGen   uint64

	rootDonePending bool
	after           []func() // Envoy's after-VM-call actions
	depth           int

	tasks   taskQueue
	stopped chan struct{}
	rr      int
}

// taskQueue is an unbounded FIFO of closures for a worker's dispatcher loop.
type taskQueue struct {
	mu     sync.Mutex
	items  []func()
	signal chan struct{}
	closed bool
}

func (q *taskQueue) push(f func()) bool {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	q.items = append(q.items, f)
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
	return true
}

func (q *taskQueue) take() ([]func(), bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	items := q.items
	q.items = nil
	return items, q.closed
}

// post queues f to run on the worker's dispatcher goroutine, like Envoy's
// dispatcher post. It counts as pending work for stall detection until f returns.
func (w *worker) post(f func()) {
	w.h.busy.Add(1)
	if !w.tasks.push(f) {
		w.h.busy.Add(-1)
	}
}

// runSync runs f on the dispatcher and waits for it.
func (w *worker) runSync(f func()) {
	done := make(chan struct{})
	w.post(func() { defer close(done); f() })
	select {
	case <-done:
	case <-w.stopped:
	}
}

func (w *worker) loop() {
	defer close(w.stopped)
	for {
		items, closed := w.tasks.take()
		for _, f := range items {
			w.runTask(f)
		}
		if len(items) > 0 {
			continue
		}
		if closed {
			return
		}
		<-w.tasks.signal
	}
}

func (w *worker) runTask(f func()) {
	defer w.h.busy.Add(-1)
	defer func() {
		if r := recover(); r != nil {
			w.h.logs.add(w.h, LogEntry{Worker: w.id, Level: abi.LogCritical,
				Message: fmt.Sprintf("wasmhost: internal error: %v\n%s", r, debug.Stack())})
		}
	}()
	f()
}

// instantiate creates the VM instance and runs _initialize with Envoy's
// restrictions.
func (h *Host) newWorker(ctx context.Context, id int) (*worker, error) {
	w := &worker{h: h, id: id, contexts: map[uint32]*vmCtx{}, callouts: map[uint32]*callout{},
		nextID: 1, stopped: make(chan struct{})}
	w.tasks.signal = make(chan struct{}, 1)
	w.ctx = context.WithValue(h.baseCtx, workerKey{}, w)
	mod, err := h.rt.InstantiateModule(w.ctx, h.cm, wazero.NewModuleConfig().
		WithName(fmt.Sprintf("vm%d", id)).WithStartFunctions())
	if err != nil {
		return nil, fmt.Errorf("Failed to load Wasm module: %w", err)
	}
	w.mod = mod
	w.mem = mod.Memory()
	w.fns = map[string]api.Function{}
	for name := range exportSigs {
		if f := mod.ExportedFunction(name); f != nil {
			w.fns[name] = f
		}
	}
	if f := w.fns["malloc"]; f != nil {
		w.allocFn = f
	} else {
		w.allocFn = w.fns["proxy_on_memory_allocate"]
	}
	init := w.fns["_initialize"]
	if init == nil {
		init = w.fns["_start"]
	}
	if init != nil {
		w.phase = phaseInit
		_, err := init.Call(w.ctx)
		w.phase = phaseNormal
		if err != nil {
			mod.Close(ctx)
			return nil, fmt.Errorf("Failed to initialize Wasm code: %s", cleanTrap(err))
		}
	}
	return w, nil
}

// cleanTrap shortens a wazero error to its first line.
func cleanTrap(err error) string {
	s := err.Error()
	if i := strings.Index(s, "\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

// startRoot runs the root lifecycle: context_create(root,0), vm_start, configure.
func (w *worker) startRoot() error {
	h := w.h
	w.root = w.newContext(nil)
	mark := h.logs.count()
	w.call(w.root, "proxy_on_context_create", 0, uint64(w.root.id), 0)
	if w.failed != nil {
		return fmt.Errorf("wasm VM failed in proxy_on_context_create: %s", cleanTrap(w.failed))
	}
	ok := w.call(w.root, "proxy_on_vm_start", 1, uint64(w.root.id), uint64(len(h.cfg.VMConfig)))
	if w.failed != nil {
		return fmt.Errorf("wasm VM failed in proxy_on_vm_start: %s", cleanTrap(w.failed))
	}
	if uint32(ok) == 0 {
		return w.rejection("plugin failed to start (proxy_on_vm_start returned false)", mark)
	}
	w.inConfigure = true
	ok = w.call(w.root, "proxy_on_configure", 1, uint64(w.root.id), uint64(len(h.cfg.PluginConfig)))
	w.inConfigure = false
	if w.failed != nil {
		return fmt.Errorf("wasm VM failed in proxy_on_configure: %s", cleanTrap(w.failed))
	}
	if uint32(ok) == 0 {
		return w.rejection("plugin rejected its configuration", mark)
	}
	return nil
}

// rejection builds a load error carrying the error logs this VM wrote since mark.
func (w *worker) rejection(what string, mark int) error {
	var msgs []string
	for _, e := range w.h.logs.since(mark) {
		if e.Worker == w.id && e.Level >= abi.LogError {
			msgs = append(msgs, e.Message)
		}
	}
	if len(msgs) == 0 {
		return errors.New(what)
	}
	return fmt.Errorf("%s: %s", what, strings.Join(msgs, "; "))
}

func (w *worker) newContext(s *stream) *vmCtx {
	c := &vmCtx{id: w.nextID, stream: s}
	w.nextID++
	w.contexts[c.id] = c
	return c
}

// call invokes a plugin export for context c. A missing export yields def. A trap
// marks the VM failed (w.failed) and yields def; the caller checks w.failed.
func (w *worker) call(c *vmCtx, name string, def uint64, args ...uint64) uint64 {
	if w.failed != nil {
		return def
	}
	fn := w.fns[name]
	if fn == nil {
		return def
	}
	prevCur, prevEff := w.cur, w.eff
	w.cur, w.eff = c, nil
	w.depth++
	var start time.Time
	if w.depth == 1 && w.id != 0 {
		start = time.Now()
	}
	res, err := fn.Call(w.ctx, args...)
	if !start.IsZero() {
		w.h.guestNS.Add(int64(time.Since(start)))
	}
	w.depth--
	w.cur, w.eff = prevCur, prevEff
	if err != nil {
		w.fail(name, err)
		w.after = nil
		return def
	}
	if w.depth == 0 {
		for len(w.after) > 0 && w.failed == nil {
			f := w.after[0]
			w.after = w.after[1:]
			f()
		}
		w.after = nil
	}
	if len(res) == 0 {
		return def
	}
	return res[0]
}

func (w *worker) fail(name string, err error) {
	if w.failed != nil {
		return
	}
	w.failed = err
	w.h.logs.add(w.h, LogEntry{Worker: w.id, Level: abi.LogCritical,
		Message: fmt.Sprintf("Function: %s failed: %s", name, cleanTrap(err))})
	w.stopTick()
}

func (w *worker) stopTick() {
	if w.tickStop != nil {
		w.tickStop()
		w.tickStop = nil
		if !w.h.manualClock() {
			w.h.realTicks.Add(-1)
		}
	}
	w.tickGen++
}

// active is the context host calls act on: the effective context if one was set,
// else the context of the running callback.
func (w *worker) active() *vmCtx {
	if w.eff != nil {
		return w.eff
	}
	return w.cur
}

// shutdown runs the root context's end of life (on_done, on_delete) and closes the
// instance. Runs on the dispatcher.
func (w *worker) shutdown(ctx context.Context) {
	w.stopTick()
	for _, co := range w.callouts {
		w.endCallout(co)
	}
	if w.root != nil && w.failed == nil {
		if w.call(w.root, "proxy_on_done", 1, uint64(w.root.id)) != 0 {
			w.call(w.root, "proxy_on_delete", 0, uint64(w.root.id))
		}
	}
	w.mod.Close(ctx)
}
