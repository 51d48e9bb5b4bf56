package main

import (
	"errors"

	"gatehouse/abi"
	"gatehouse/filters/ratelimit"
	"gatehouse/plugin/proxywasm"
)

// sharedStore is the rate limits' ratelimit.Store over Envoy's shared data.
type sharedStore struct {
	// fault, when set (only by the test hooks), replaces the host's answer:
	// abi.StatusCasMismatch on every write, errLoseOneWrite on the next write,
	// or an error on every call.
	fault error
}

// Get implements ratelimit.Store.
func (s *sharedStore) Get(key string) ([]byte, uint32, error) {
	if s.fault != nil && s.fault != errLoseOneWrite && !errors.Is(s.fault, abi.StatusCasMismatch) {
		return nil, 0, s.fault
	}
	v, cas, err := proxywasm.GetSharedDataScratch(key) // a 16-byte record, decoded at once
	if err == abi.StatusNotFound {
		return nil, 0, ratelimit.ErrNotFound
	}
	return v, cas, err
}

// errLoseOneWrite, as a test fault, makes the next write lose its
// compare-and-swap once (as if another worker had written first).
var errLoseOneWrite = errors.New("test fault: lose one compare-and-swap")

// Set implements ratelimit.Store.
func (s *sharedStore) Set(key string, value []byte, cas uint32) error {
	if s.fault == errLoseOneWrite {
		s.fault = nil
		return ratelimit.ErrCASMismatch
	}
	if s.fault != nil {
		if errors.Is(s.fault, abi.StatusCasMismatch) {
			return ratelimit.ErrCASMismatch
		}
		return s.fault
	}
	err := proxywasm.SetSharedData(key, value, cas)
	if err == abi.StatusCasMismatch {
		return ratelimit.ErrCASMismatch
	}
	return err
}

// Rate-limit metrics, per limit: gatehouse.ratelimit.<name>.allowed|limited|errors.
var limitOutcomes = [...]string{ratelimit.Allowed: "allowed", ratelimit.Limited: "limited", ratelimit.Errored: "errors"}

// limitCounters is the ratelimit.Counter of a root: counter ids by limit and
// outcome, defined on configure.
type limitCounters struct {
	ids [][len(limitOutcomes)]uint32
}

// define defines the counters of the named limits (Envoy's define is
// idempotent per name).
func (c *limitCounters) define(names []string) error {
	c.ids = make([][len(limitOutcomes)]uint32, len(names))
	for i, name := range names {
		for o, outcome := range limitOutcomes {
			id, err := proxywasm.DefineMetric(abi.MetricCounter, "gatehouse.ratelimit."+name+"."+outcome)
			if err != nil {
				return err
			}
			c.ids[i][o] = id
		}
	}
	return nil
}

// Count implements ratelimit.Counter.
func (c *limitCounters) Count(limit int, o ratelimit.Outcome) {
	if limit < len(c.ids) && int(o) < len(limitOutcomes) {
		_ = proxywasm.IncrementMetric(c.ids[limit][o], 1)
	}
}
