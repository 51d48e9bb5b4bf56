// Command abiprobe is a tiny proxy-wasm plugin that exercises the typed API of
// plugin/proxywasm in ways a host test can observe. Build it with
// wasmbuild.Module("./plugin/proxywasm/testdata/abiprobe").
//
// Plugin configuration: "reject" makes OnConfigure fail (with an error log);
// anything else is accepted and logged at info.
//
// The request header x-probe selects the behaviour of OnRequestHeaders:
//
//	passthrough    continue untouched
//	local-reply    403, header x-probe-reply: denied, body "denied by abiprobe"
//	add-header     add x-probed: 1 to the request
//	panic          panic (DefaultHTTPContext.OnPanic answers 500)
//	panic-twice    panic, and panic again in OnPanic (the package's fallback answers 500)
//	shared-data    increment the shared counter "abiprobe.counter" with CAS and
//	               set x-probe-count to the new value
//	property       copy property probe.value into x-probe-property
//	headers        set x-probe-header-count to the number of request headers
//	metric         increment counter abiprobe_requests
//	bad-args       set x-probe-error to the error of GetBuffer(-1) (argument check)
package main

import (
	"errors"
	"strconv"

	"gatehouse/abi"
	"gatehouse/plugin/proxywasm"
)

func main() {}

func init() {
	proxywasm.SetRootContextFactory(func(uint32) proxywasm.RootContext { return &root{} })
}

type root struct {
	proxywasm.DefaultRootContext
	requests uint32
}

func (r *root) OnConfigure(size int) bool {
	var cfg []byte
	if size > 0 {
		b, err := proxywasm.GetBuffer(abi.BufferPluginConfiguration, 0, size)
		if err != nil {
			_ = proxywasm.Log(abi.LogError, "abiprobe: reading configuration: "+err.Error())
			return false
		}
		cfg = b
	}
	if string(cfg) == "reject" {
		_ = proxywasm.Log(abi.LogError, "abiprobe: configuration rejected")
		return false
	}
	id, err := proxywasm.DefineMetric(abi.MetricCounter, "abiprobe_requests")
	if err != nil {
		_ = proxywasm.Log(abi.LogError, "abiprobe: "+err.Error())
		return false
	}
	r.requests = id
	_ = proxywasm.Log(abi.LogInfo, "abiprobe: configured with "+strconv.Quote(string(cfg)))
	return true
}

func (r *root) NewHTTPContext(uint32) proxywasm.HTTPContext { return &stream{root: r} }

type stream struct {
	proxywasm.DefaultHTTPContext
	root       *root
	panicTwice bool
}

func (s *stream) OnPanic(callback string, v any) {
	if s.panicTwice {
		panic("abiprobe: panic in OnPanic")
	}
	s.DefaultHTTPContext.OnPanic(callback, v)
}

func (s *stream) OnRequestHeaders(int, bool) abi.Action {
	probe, err := proxywasm.GetHeader(abi.MapRequestHeaders, "x-probe")
	if err != nil {
		if !errors.Is(err, abi.StatusNotFound) {
			_ = proxywasm.Log(abi.LogError, "abiprobe: "+err.Error())
		}
		return abi.ActionContinue
	}
	switch probe {
	case "local-reply":
		err := proxywasm.SendLocalResponse(403, "abiprobe denied", []byte("denied by abiprobe"),
			[]abi.Pair{{Key: "x-probe-reply", Value: "denied"}}, abi.GrpcStatusNone)
		if err != nil {
			_ = proxywasm.Log(abi.LogError, "abiprobe: "+err.Error())
		}
		return abi.ActionPause
	case "add-header":
		s.check(proxywasm.AddHeader(abi.MapRequestHeaders, "x-probed", "1"))
	case "panic":
		panic("abiprobe: requested panic")
	case "panic-twice":
		s.panicTwice = true
		panic("abiprobe: requested panic")
	case "shared-data":
		n, err := increment("abiprobe.counter")
		if s.check(err) {
			s.check(proxywasm.ReplaceHeader(abi.MapRequestHeaders, "x-probe-count", strconv.FormatUint(n, 10)))
		}
	case "property":
		v, err := proxywasm.GetProperty("probe", "value")
		if s.check(err) {
			s.check(proxywasm.ReplaceHeader(abi.MapRequestHeaders, "x-probe-property", string(v)))
		}
	case "headers":
		h, err := proxywasm.GetHeaders(abi.MapRequestHeaders)
		if s.check(err) {
			s.check(proxywasm.ReplaceHeader(abi.MapRequestHeaders, "x-probe-header-count", strconv.Itoa(len(h))))
		}
	case "metric":
		s.check(proxywasm.IncrementMetric(s.root.requests, 1))
	case "bad-args":
		_, err := proxywasm.GetBuffer(abi.BufferRequestBody, -1, 10)
		s.check(proxywasm.ReplaceHeader(abi.MapRequestHeaders, "x-probe-error", err.Error()))
	}
	return abi.ActionContinue
}

// check logs err and reports whether it was nil.
func (s *stream) check(err error) bool {
	if err != nil {
		_ = proxywasm.Log(abi.LogError, "abiprobe: "+err.Error())
		return false
	}
	return true
}

// increment adds one to a decimal counter in shared data with a CAS retry loop.
func increment(key string) (uint64, error) {
	for range 8 {
		v, cas, err := proxywasm.GetSharedData(key)
		var n uint64
		switch {
		case errors.Is(err, abi.StatusNotFound):
		case err != nil:
			return 0, err
		default:
			if n, err = strconv.ParseUint(string(v), 10, 64); err != nil {
				return 0, err
			}
		}
		n++
		err = proxywasm.SetSharedData(key, []byte(strconv.FormatUint(n, 10)), cas)
		if errors.Is(err, abi.StatusCasMismatch) {
			continue
		}
		return n, err
	}
	return 0, errors.New("abiprobe: shared counter contended")
}
