package main

import (
	"github.com/gatehouse-dev/gatehouse/abi"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/plugin/proxywasm"
)

// Metric names. Envoy exposes them as wasmcustom.<name> (the prefix is stripped
// in /stats); Prometheus output turns the dots into underscores.
const (
	metricAllowed  = "gatehouse.requests.allowed"
	metricDenied   = "gatehouse.requests.denied"
	metricReported = "gatehouse.requests.reported" // denials let through in report mode
	reasonPrefix   = "gatehouse.reason."
)

// metrics holds the ids of the counters defined on configure.
type metrics struct {
	allowed, denied, reported uint32
	byReason                  map[filters.Reason]uint32
}

// defineMetrics defines every counter up front so the request path only
// increments. Envoy's define is idempotent per name, so a second root context or
// a reconfiguration gets the same ids.
func defineMetrics() (*metrics, error) {
	m := &metrics{byReason: map[filters.Reason]uint32{}}
	var err error
	for _, d := range []struct {
		id   *uint32
		name string
	}{{&m.allowed, metricAllowed}, {&m.denied, metricDenied}, {&m.reported, metricReported}} {
		if *d.id, err = proxywasm.DefineMetric(abi.MetricCounter, d.name); err != nil {
			return nil, err
		}
	}
	for _, reason := range filters.Reasons() {
		id, err := proxywasm.DefineMetric(abi.MetricCounter, reasonPrefix+string(reason))
		if err != nil {
			return nil, err
		}
		m.byReason[reason] = id
	}
	return m, nil
}

// count increments the counters for one decision.
func (m *metrics) count(d *filters.Decision) {
	switch {
	case d.Verdict == filters.Allow:
		_ = proxywasm.IncrementMetric(m.allowed, 1)
	case d.Enforced:
		_ = proxywasm.IncrementMetric(m.denied, 1)
	default:
		_ = proxywasm.IncrementMetric(m.reported, 1)
	}
	if id, ok := m.byReason[d.Reason]; ok {
		_ = proxywasm.IncrementMetric(id, 1)
	}
}
