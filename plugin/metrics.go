package main

import (
	"gatehouse/abi"
	"gatehouse/filters"
	"gatehouse/plugin/proxywasm"
)

// Metrics: one counter per outcome and reason,
//
//	gatehouse.requests.<allowed|denied|reported>.<reason>
//
// e.g. gatehouse.requests.denied.route_not_found. "reported" counts denials let
// through in report mode. One counter per decision keeps the request path at a
// single host call. Envoy exposes them as wasmcustom.<name> (the prefix is
// stripped in /stats); Prometheus output turns the dots into underscores.
const metricPrefix = "gatehouse.requests."

var outcomes = [...]string{"allowed", "denied", "reported"}

// Response redaction counters, gatehouse.redact.<outcome>: bodies redacted
// (applied, whether or not a field was found), JSON-redacted routes' responses
// that were not JSON (skipped_not_json), JSON responses that did not parse and
// passed untouched (invalid_json), and bodies too large, too deep or
// compressed that passed (overflow_passed) or were refused (overflow_refused).
const redactPrefix = "gatehouse.redact."

// redactOutcome indexes metrics.redact.
type redactOutcome int

const (
	redactApplied redactOutcome = iota
	redactSkippedNotJSON
	redactInvalidJSON
	redactOverflowPassed
	redactOverflowRefused
)

var redactOutcomes = [...]string{"applied", "skipped_not_json", "invalid_json", "overflow_passed", "overflow_refused"}

// metrics holds the counter ids defined on configure, by outcome and by the
// reason's position in filters.Reasons(), and the redaction counters.
type metrics struct {
	reasons []filters.Reason
	ids     [len(outcomes)][]uint32
	redact  [len(redactOutcomes)]uint32
}

// defineMetrics defines every counter up front so the request path only
// increments. Envoy's define is idempotent per name, so a second root context or
// a reconfiguration gets the same ids.
func defineMetrics() (*metrics, error) {
	m := &metrics{reasons: filters.Reasons()}
	for o, outcome := range outcomes {
		m.ids[o] = make([]uint32, len(m.reasons))
		for i, reason := range m.reasons {
			id, err := proxywasm.DefineMetric(abi.MetricCounter, metricPrefix+outcome+"."+string(reason))
			if err != nil {
				return nil, err
			}
			m.ids[o][i] = id
		}
	}
	for i, name := range redactOutcomes {
		id, err := proxywasm.DefineMetric(abi.MetricCounter, redactPrefix+name)
		if err != nil {
			return nil, err
		}
		m.redact[i] = id
	}
	return m, nil
}

// countRedact increments one redaction counter.
func (m *metrics) countRedact(o redactOutcome) { _ = proxywasm.IncrementMetric(m.redact[o], 1) }

// count increments the counter for one decision.
func (m *metrics) count(d *filters.Decision) {
	o := 0
	switch {
	case d.Verdict == filters.Allow:
	case d.Enforced:
		o = 1
	default:
		o = 2
	}
	for i, r := range m.reasons {
		if r == d.Reason {
			_ = proxywasm.IncrementMetric(m.ids[o][i], 1)
			return
		}
	}
}
