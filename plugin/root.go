package main

import (
	"gatehouse/filters/event"
	"strconv"
	"time"

	"gatehouse/abi"
	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/pipeline"
	"gatehouse/filters/redact"
	"gatehouse/plugin/proxywasm"
)

// root is the plugin (root) context: one per plugin configuration per VM. It
// holds the compiled policy and the metric ids; streams borrow both.
type root struct {
	proxywasm.DefaultRootContext
	id       uint32
	pipeline *pipeline.Pipeline // nil until a policy compiled
	metrics  *metrics
	keys     *remoteKeys // nil when no provider has a remote JWKS
	// store holds the rate limits' buckets (shared data).
	store sharedStore
	// scratch is reused for formatting log lines; a VM is single-threaded.
	scratch []byte
	// events formats the security events, keeping what repeats between them.
	events event.Formatter
	// free holds deleted streams for reuse.
	free []*stream
	// redactor redacts response bodies; its buffers serve every stream.
	redactor redact.Redactor
}

func newRoot(contextID uint32) proxywasm.RootContext {
	return &root{id: contextID}
}

// OnConfigure reads the policy from the plugin configuration, parses and
// compiles it, and defines the metrics. Any error is logged, one line per
// problem with its JSON path, and rejects the configuration: Envoy then refuses
// the policy and nothing runs open.
func (r *root) OnConfigure(size int) bool {
	data, err := proxywasm.GetBuffer(abi.BufferPluginConfiguration, 0, size)
	if err != nil && size > 0 {
		logError("gatehouse: reading the plugin configuration: " + err.Error())
		return false
	}
	pol, err := config.Parse(data)
	if err == nil {
		var p *pipeline.Pipeline
		counters := &limitCounters{}
		if p, err = pipeline.Compile(pol, pipeline.WithRateLimitStore(&r.store, counters)); err == nil {
			m, merr := defineMetrics()
			if merr == nil {
				merr = counters.define(p.RateLimits().Names())
			}
			if merr != nil {
				logError("gatehouse: defining metrics: " + merr.Error())
				return false
			}
			if perr := p.RateLimits().Prepare(); perr != nil {
				logError("gatehouse: preparing rate-limit slots in shared data: " + perr.Error())
				return false
			}
			keys, kerr := newRemoteKeys(r, p.Authn().Providers())
			if kerr != nil {
				logError("gatehouse: setting up remote key sets: " + kerr.Error())
				return false
			}
			r.pipeline, r.metrics, r.keys = p, m, keys
			proxywasm.Log(abi.LogInfo, "gatehouse: policy loaded: "+p.Summary())
			return true
		}
	}
	logPolicyErrors(err)
	return false
}

// OnTick runs the remote key sets' schedule.
func (r *root) OnTick() {
	if r.keys != nil {
		r.keys.tick(time.Now())
	}
}

// OnHTTPCallResponse delivers the answer of a JWKS fetch.
func (r *root) OnHTTPCallResponse(token uint32, numHeaders, bodySize, numTrailers int) {
	if r.keys == nil || !r.keys.response(token, numHeaders, bodySize, time.Now()) {
		logError("gatehouse: response to an unknown call " + strconv.FormatUint(uint64(token), 10))
	}
}

// NewHTTPContext starts a stream. Streams of a root without a policy still get
// a context, which refuses them (fail closed).
func (r *root) NewHTTPContext(contextID uint32) proxywasm.HTTPContext {
	if n := len(r.free); n > 0 {
		s := r.free[n-1]
		r.free[n-1] = nil
		r.free = r.free[:n-1]
		s.reset(contextID)
		return s
	}
	return &stream{root: r, id: contextID}
}

// recycle keeps a deleted stream for the next NewHTTPContext.
func (r *root) recycle(s *stream) { r.free = append(r.free, s) }

// logPolicyErrors logs every policy error on its own line.
func logPolicyErrors(err error) {
	if errs, ok := filters.As[config.Errors](err); ok {
		for _, e := range errs {
			logError("gatehouse: invalid policy: " + e.Error())
		}
		return
	}
	logError("gatehouse: invalid policy: " + err.Error())
}

// logError logs at error level. (Out of line, as are the other error-path
// helpers of the module: inlined at its 20 call sites it cost 1 KB.)
//
//go:noinline
func logError(msg string) { _ = proxywasm.Log(abi.LogError, msg) }
