package wasmhost

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"gatehouse/abi"
)

// metrics is the host's stats store for plugin-defined metrics. Envoy creates the
// stat as "wasmcustom.<name>" and strips the prefix in /stats output; the API here
// uses the plain name throughout. Ids encode the type in the low two bits
// (counter 1, gauge 2, histogram 3) like Envoy's context.cc; one id per
// (type, name) for the whole Host.
type metrics struct {
	mu     sync.Mutex
	byKey  map[string]uint32
	byID   map[uint32]*metric
	nextID uint32
}

type metric struct {
	name    string
	typ     abi.MetricType
	value   int64 // counter (as uint64 bits) or gauge
	samples []uint64
}

func newMetrics() *metrics {
	return &metrics{byKey: map[string]uint32{}, byID: map[uint32]*metric{}, nextID: 1}
}

func (m *metrics) define(typ abi.MetricType, name string) (uint32, abi.Status) {
	if typ > abi.MetricHistogram {
		return 0, abi.StatusBadArgument
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := fmt.Sprintf("%d/%s", typ, name)
	if id, ok := m.byKey[key]; ok {
		return id, abi.StatusOK
	}
	id := m.nextID<<2 | (uint32(typ) + 1)
	m.nextID++
	m.byKey[key] = id
	m.byID[id] = &metric{name: name, typ: typ}
	return id, abi.StatusOK
}

func (m *metrics) increment(id uint32, delta int64) abi.Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	mt, ok := m.byID[id]
	if !ok {
		return abi.StatusNotFound
	}
	switch mt.typ {
	case abi.MetricCounter:
		if delta <= 0 {
			return abi.StatusBadArgument
		}
		mt.value += delta
	case abi.MetricGauge:
		mt.value += delta
	default:
		return abi.StatusBadArgument
	}
	return abi.StatusOK
}

func (m *metrics) record(id uint32, value uint64) abi.Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	mt, ok := m.byID[id]
	if !ok {
		return abi.StatusNotFound
	}
	switch mt.typ {
	case abi.MetricCounter:
		mt.value += int64(value)
	case abi.MetricGauge:
		mt.value = int64(value)
	default:
		mt.samples = append(mt.samples, value)
	}
	return abi.StatusOK
}

func (m *metrics) get(id uint32) (uint64, abi.Status) {
	m.mu.Lock()
	defer m.mu.Unlock()
	mt, ok := m.byID[id]
	if !ok {
		return 0, abi.StatusNotFound
	}
	if mt.typ == abi.MetricHistogram {
		return 0, abi.StatusBadArgument
	}
	return uint64(mt.value), abi.StatusOK
}

// Metric returns the value of the counter or gauge named name (the plain name,
// without Envoy's "wasmcustom." prefix); for a histogram the value is the number of
// samples. ok is false if no metric of that name was defined. Safe to call at any
// time.
func (h *Host) Metric(name string) (value int64, typ abi.MetricType, ok bool) {
	h.metrics.mu.Lock()
	defer h.metrics.mu.Unlock()
	for _, t := range []abi.MetricType{abi.MetricCounter, abi.MetricGauge, abi.MetricHistogram} {
		if id, found := h.metrics.byKey[fmt.Sprintf("%d/%s", t, name)]; found {
			mt := h.metrics.byID[id]
			if t == abi.MetricHistogram {
				return int64(len(mt.samples)), t, true
			}
			return mt.value, t, true
		}
	}
	return 0, 0, false
}

// HistogramSamples returns the values recorded into the histogram name.
func (h *Host) HistogramSamples(name string) []uint64 {
	h.metrics.mu.Lock()
	defer h.metrics.mu.Unlock()
	if id, ok := h.metrics.byKey[fmt.Sprintf("%d/%s", abi.MetricHistogram, name)]; ok {
		return append([]uint64(nil), h.metrics.byID[id].samples...)
	}
	return nil
}

// Metrics renders every plugin metric in the Prometheus text format, names
// sanitised the way Envoy's /stats/prometheus does (non-alphanumerics become
// '_') and without the wasmcustom prefix. Histograms are rendered as summaries
// with _count and _sum only.
func (h *Host) Metrics() string {
	h.metrics.mu.Lock()
	defer h.metrics.mu.Unlock()
	ids := make([]uint32, 0, len(h.metrics.byID))
	for id := range h.metrics.byID {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return h.metrics.byID[ids[i]].name < h.metrics.byID[ids[j]].name })
	var b strings.Builder
	for _, id := range ids {
		mt := h.metrics.byID[id]
		name := promName(mt.name)
		switch mt.typ {
		case abi.MetricCounter:
			fmt.Fprintf(&b, "# TYPE %s counter\n%s %d\n", name, name, uint64(mt.value))
		case abi.MetricGauge:
			fmt.Fprintf(&b, "# TYPE %s gauge\n%s %d\n", name, name, mt.value)
		default:
			var sum uint64
			for _, s := range mt.samples {
				sum += s
			}
			fmt.Fprintf(&b, "# TYPE %s summary\n%s_count %d\n%s_sum %d\n", name, name, len(mt.samples), name, sum)
		}
	}
	return b.String()
}

func promName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':') {
			b[i] = '_'
		}
	}
	return string(b)
}
