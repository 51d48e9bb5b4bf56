package proxywasm

import (
	"math"
	"time"

	"gatehouse/abi"
)

// CurrentTime returns the host's wall clock (proxy_get_current_time_nanoseconds),
// or the zero Time if the host refuses. Deprecated in the spec in favour of WASI
// clock_time_get, which time.Now uses; prefer time.Now unless you need the
// host's dispatcher clock. Not provided by proxytest.
func CurrentTime() time.Time {
	f := acquireFrame()
	st := proxyGetCurrentTimeNanoseconds(&f.u64)
	ns := f.u64
	f.release()
	if st != abi.StatusOK || ns > math.MaxInt64 {
		return time.Time{}
	}
	return time.Unix(0, int64(ns))
}

// SetTickPeriod arms (or, with 0, disarms) the periodic OnTick of the calling
// context's root context. Ticks are per VM, i.e. per Envoy worker. A positive
// period below a millisecond is rounded up to 1ms (0 would disarm).
func SetTickPeriod(d time.Duration) error {
	ms, err := durationMillis("SetTickPeriod", "period", d)
	if err != nil {
		return err
	}
	return hostError("SetTickPeriod", proxySetTickPeriodMilliseconds(ms), "%dms", ms)
}

// SetEffectiveContext makes the following host calls of the current callback act
// on context id, typically a stream context from a root callback such as
// OnHTTPCallResponse. Unknown ids (e.g. a stream already deleted) fail with a
// status wrapping abi.StatusBadArgument.
func SetEffectiveContext(id uint32) error {
	return hostError("SetEffectiveContext", proxySetEffectiveContext(id), "context %d", id)
}

// Done tells the host that a root context whose OnDone returned false has
// finished; the host then deletes it. abi.StatusNotFound if none was pending.
func Done() error {
	return hostError("Done", proxyDone(), "")
}

// durationMillis converts a timeout or period to the ABI's u32 milliseconds,
// rounding a positive sub-millisecond value up so that it does not mean "none".
func durationMillis(fn, what string, d time.Duration) (uint32, error) {
	if d < 0 {
		return 0, badArgument(fn, "%s %v is negative", what, d)
	}
	ms := (d + time.Millisecond - 1) / time.Millisecond
	if ms > math.MaxUint32 {
		return 0, badArgument(fn, "%s %v does not fit in 32-bit milliseconds", what, d)
	}
	return uint32(ms), nil
}
