package wasmhost

import (
	"container/heap"
	"sync"
	"time"
)

// Clock is the time source of a Host: WASI clock_time_get (wall and monotonic),
// proxy_get_current_time_nanoseconds, tick timers and callout timeouts.
//
// A Clock that is not a *ManualClock is treated as real time: the host arms Go
// timers for ticks and timeouts, and fires them outside the guest.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// ManualClock is a Clock that only moves when Advance is called. Ticks and callout
// timeouts of every Host using it fire inside Advance, in time order, each one
// finished (including the guest callback) before the next one starts. Safe for
// concurrent use; one ManualClock may drive several Hosts.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	seq    uint64
	timers timerHeap
	firing sync.Mutex // serialises Advance calls
}

// NewManualClock returns a ManualClock reading start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start} }

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d, firing every timer that falls due on the
// way at its own due time. It returns when all fired callbacks have completed.
// It must not be called from a guest callback or a Cluster/Upstream handler that
// the host waits for.
func (c *ManualClock) Advance(d time.Duration) {
	c.firing.Lock()
	defer c.firing.Unlock()
	c.mu.Lock()
	target := c.now.Add(d)
	for {
		if len(c.timers) == 0 || c.timers[0].at.After(target) {
			break
		}
		t := heap.Pop(&c.timers).(*manualTimer)
		if t.cancelled {
			continue
		}
		if t.at.After(c.now) {
			c.now = t.at
		}
		c.mu.Unlock()
		t.fn()
		c.mu.Lock()
	}
	c.now = target
	c.mu.Unlock()
}

// afterFunc schedules fn at now+d. fn runs on the goroutine calling Advance.
func (c *ManualClock) afterFunc(d time.Duration, fn func()) (stop func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &manualTimer{at: c.now.Add(d), seq: c.seq, fn: fn}
	heap.Push(&c.timers, t)
	return func() {
		c.mu.Lock()
		t.cancelled = true
		c.mu.Unlock()
	}
}

type manualTimer struct {
	at        time.Time
	seq       uint64
	fn        func()
	cancelled bool
}

type timerHeap []*manualTimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].at.Equal(h[j].at) {
		return h[i].seq < h[j].seq
	}
	return h[i].at.Before(h[j].at)
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(*manualTimer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}

// schedule runs fn after d on the host's clock. With a ManualClock, sync is true
// and fn is expected to run to completion (Advance waits); with a real clock fn
// runs on a timer goroutine.
func (h *Host) schedule(d time.Duration, fn func(sync bool)) (stop func()) {
	if mc, ok := h.clock.(*ManualClock); ok {
		return mc.afterFunc(d, func() { fn(true) })
	}
	t := time.AfterFunc(d, func() { fn(false) })
	return func() { t.Stop() }
}

// manualClock reports whether the host's clock only moves on Advance.
func (h *Host) manualClock() bool {
	_, ok := h.clock.(*ManualClock)
	return ok
}
