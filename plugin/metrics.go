package main

import (
	"github.com/gatehouse-dev/gatehouse/abi"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/plugin/proxywasm"
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

// metrics holds the counter ids defined on configure, by outcome and by the
// reason's position in filters.Reasons().
type metrics struct {
	reasons []filters.Reason
	ids     [len(outcomes)][]uint32
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
	return m, nil
}

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
