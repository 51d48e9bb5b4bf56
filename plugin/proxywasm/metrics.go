package proxywasm

import (
	"gatehouse/abi"
)

// DefineMetric creates (or finds) a metric and returns its id. Envoy names it
// wasmcustom.<name> internally and shows <name> in /stats. Call it from
// OnVMStart or OnConfigure, not per request.
func DefineMetric(t abi.MetricType, name string) (uint32, error) {
	if t > abi.MetricHistogram {
		return 0, badArgument("DefineMetric", "unknown %s", t)
	}
	if name == "" {
		return 0, badArgument("DefineMetric", "empty name")
	}
	n, err := len32("DefineMetric", "name", len(name))
	if err != nil {
		return 0, err
	}
	f := acquireFrame()
	st := proxyDefineMetric(t, stringPtr(name), n, &f.u32)
	id := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, hostError("DefineMetric", st, "%s %q", t, name)
	}
	return id, nil
}

// IncrementMetric adds delta to a counter (delta must be positive) or a gauge
// (either sign). Histograms refuse it with abi.StatusBadArgument.
func IncrementMetric(id uint32, delta int64) error {
	return proxyIncrementMetric(id, delta).Err()
}

// RecordMetric adds value to a counter, sets a gauge, or records a histogram
// sample.
func RecordMetric(id uint32, value uint64) error {
	return proxyRecordMetric(id, value).Err()
}

// GetMetric returns the value of a counter or gauge.
func GetMetric(id uint32) (uint64, error) {
	f := acquireFrame()
	st := proxyGetMetric(id, &f.u64)
	v := f.u64
	f.release()
	if st != abi.StatusOK {
		return 0, st
	}
	return v, nil
}
