package main

import (
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/abi"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/filters/reply"
	"github.com/gatehouse-dev/gatehouse/plugin/proxywasm"
)

// stream is one HTTP request/response through the filter. Streams are recycled
// by their root (see root.NewHTTPContext), so the slices below keep their
// storage from one request to the next and a request allocates little.
type stream struct {
	proxywasm.DefaultHTTPContext
	root *root
	id   uint32
	req  filters.Request
	// pairs holds the request headers as the host sent them.
	pairs []abi.Pair
	// replied is set once Gatehouse answered the client itself; the response
	// callbacks that Envoy then runs for that local reply leave it alone.
	replied bool
	// respHeaders are set on the upstream's response (the decision's
	// ResponseHeaders).
	respHeaders []filters.Header
}

// reset prepares a recycled stream for a new context id, keeping storage.
func (s *stream) reset(id uint32) {
	clear(s.pairs)
	clear(s.req.Headers)
	clear(s.req.Params)
	*s = stream{root: s.root, id: id, pairs: s.pairs[:0],
		req: filters.Request{Headers: s.req.Headers[:0], Params: s.req.Params[:0]}}
}

// OnDelete hands the stream back to its root for reuse (after taking it off the
// list of streams waiting for keys, if it was on it). The ABI layer drops its
// own reference to the context right after this call.
func (s *stream) OnDelete() {
	if s.root.keys != nil {
		s.root.keys.forget(s)
	}
	s.root.recycle(s)
}

// OnRequestHeaders decides on the request: it builds the filters' view of the
// request, runs the pipeline, logs the security event and either lets the
// request continue or answers with a generic error.
func (s *stream) OnRequestHeaders(numHeaders int, endOfStream bool) abi.Action {
	p := s.root.pipeline
	if p == nil {
		// No valid policy on this root: fail closed.
		s.deny(filters.Decision{Verdict: filters.Deny, Status: 503, Reason: filters.ReasonInternalError, Enforced: true})
		return abi.ActionPause
	}
	pairs, err := proxywasm.AppendHeaders(s.pairs, abi.MapRequestHeaders)
	if err != nil {
		logError("gatehouse: reading request headers: " + err.Error())
		s.deny(filters.Decision{Verdict: filters.Deny, Status: 500, Reason: filters.ReasonInternalError, Enforced: true})
		return abi.ActionPause
	}
	s.pairs = pairs
	fillRequest(&s.req, pairs)
	s.req.ClientIP = clientIP()
	s.req.Time = time.Now()
	if beforeDecide != nil {
		beforeDecide(&s.req)
	}
	if storeFault != nil {
		s.root.store.fault = storeFault(&s.req)
	}
	return s.decide(true)
}

// decide runs the pipeline and acts on the decision: continue (after rewriting
// the request), answer with a generic error, or — when mayWait and the request
// failed only for want of a remote key set — wait for the keys (the root
// resumes the stream with decide(false) once they arrive or the wait ends). It
// returns the action for the request-headers callback; when called on a paused
// stream, the caller continues it on ActionContinue.
func (s *stream) decide(mayWait bool) abi.Action {
	d := s.root.pipeline.Decide(&s.req)
	if d.Blocks() {
		if mayWait && d.AwaitKeys != "" && s.root.keys != nil {
			switch s.root.keys.await(s, d.AwaitKeys, d.Reason) {
			case awaitRetry:
				return s.decide(false)
			case awaitWaiting:
				return abi.ActionPause
			}
		}
		s.deny(d)
		return abi.ActionPause
	}
	if err := rewriteRequest(&d); err != nil {
		logError("gatehouse: rewriting request headers: " + err.Error())
		s.deny(filters.Decision{Verdict: filters.Deny, Status: 500, Reason: filters.ReasonInternalError,
			RouteID: d.RouteID, Enforced: true})
		return abi.ActionPause
	}
	s.root.record(&s.req, &d)
	s.respHeaders = d.ResponseHeaders
	return abi.ActionContinue
}

// rewriteRequest applies the decision's request changes. A failure fails the
// request closed: a spoofed identity header that could not be removed must not
// reach the upstream.
func rewriteRequest(d *filters.Decision) error {
	for _, h := range d.RemoveHeaders {
		if err := proxywasm.RemoveHeader(abi.MapRequestHeaders, h); err != nil {
			return err
		}
	}
	for _, h := range d.SetHeaders {
		if err := proxywasm.ReplaceHeader(abi.MapRequestHeaders, h.Name, h.Value); err != nil {
			return err
		}
	}
	if d.Path != "" {
		return proxywasm.ReplaceHeader(abi.MapRequestHeaders, ":path", d.Path)
	}
	return nil
}

// OnResponseHeaders leaves Gatehouse's own local replies alone (their headers
// were sent with them) and sets the decision's response headers (RateLimit)
// on the upstream's response.
func (s *stream) OnResponseHeaders(numHeaders int, endOfStream bool) abi.Action {
	if s.replied {
		return abi.ActionContinue
	}
	if beforeResponseHeaders != nil {
		beforeResponseHeaders(&s.req)
	}
	for _, h := range s.respHeaders {
		if err := proxywasm.ReplaceHeader(abi.MapResponseHeaders, h.Name, h.Value); err != nil {
			logError("gatehouse: setting response headers: " + err.Error())
			break
		}
	}
	return abi.ActionContinue
}

// OnPanic answers the client with a generic 500 and logs the event; the ABI
// layer has already logged the panic itself.
func (s *stream) OnPanic(callback string, recovered any) {
	if s.replied {
		return
	}
	s.deny(filters.Decision{Verdict: filters.Deny, Status: 500, Reason: filters.ReasonInternalError,
		Enforced: true})
}

// deny records the decision and sends the generic error reply for it, with
// the decision's reply headers and then its response headers.
func (s *stream) deny(d filters.Decision) {
	s.root.record(&s.req, &d)
	extra := d.ReplyHeaders
	if len(d.ResponseHeaders) > 0 {
		extra = append(extra[:len(extra):len(extra)], d.ResponseHeaders...)
	}
	rep := reply.Error(d.Status, s.req.RequestID, extra...)
	headers := make([]abi.Pair, len(rep.Headers))
	for i, h := range rep.Headers {
		headers[i] = abi.Pair{Key: h.Name, Value: h.Value}
	}
	s.replied = true
	if err := proxywasm.SendLocalResponse(uint32(rep.Status), "gatehouse_"+string(d.Reason), rep.Body, headers,
		abi.GrpcStatusNone); err != nil {
		logError("gatehouse: sending local reply: " + err.Error())
	}
}

// fillRequest splits the host's header pairs into r's pseudo-header fields and
// headers, reusing r.Headers' storage.
func fillRequest(r *filters.Request, pairs []abi.Pair) {
	r.Headers = r.Headers[:0]
	for _, p := range pairs {
		switch p.Key {
		case ":method":
			r.Method = p.Value
		case ":path":
			r.Path = p.Value
		case ":authority":
			r.Authority = p.Value
		case ":scheme":
			r.Scheme = p.Value
		default:
			if len(p.Key) > 0 && p.Key[0] == ':' {
				continue
			}
			if p.Key == "x-request-id" && r.RequestID == "" {
				r.RequestID = p.Value
			}
			r.Headers = append(r.Headers, filters.Header{Name: p.Key, Value: p.Value})
		}
	}
}

// clientIP is the downstream peer's address without port, from the
// source.address property ("10.0.0.1:5555", "[::1]:5555"). The property bytes
// are the plugin's own copy, so the result may be kept.
func clientIP() string {
	addr, err := proxywasm.PropertyString(propSourceAddress)
	if err != nil || addr == "" {
		return ""
	}
	return withoutPort(addr)
}

// propSourceAddress is the encoded path of the source.address property.
var propSourceAddress = abi.PropertyPath("source", "address")

// withoutPort strips ":port" and IPv6 brackets from a socket address; a string
// without a port is returned unchanged.
func withoutPort(addr string) string {
	if addr[0] == '[' {
		if end := strings.IndexByte(addr, ']'); end > 0 {
			return addr[1:end]
		}
		return addr
	}
	if i := strings.LastIndexByte(addr, ':'); i >= 0 && strings.IndexByte(addr, ':') == i {
		return addr[:i]
	}
	return addr
}
