package main

import (
	"strconv"
	"strings"
	"time"

	"gatehouse/abi"
	"gatehouse/filters"
	"gatehouse/filters/headers"
	"gatehouse/filters/payload"
	"gatehouse/filters/pipeline"
	"gatehouse/filters/reply"
	"gatehouse/plugin/proxywasm"
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
	// callbacks that Envoy then runs for that local reply leave it alone (its
	// headers were complete when sent).
	replied bool
	// respSet are the decision's ResponseHeaders, kept for the response side.
	respSet []filters.Header
	// respPairs, respHave and edits are the response side's reused storage.
	respPairs []abi.Pair
	respHave  []filters.Header
	edits     []headers.Edit
	// redaction is the response redaction the request's decision asked for.
	redaction redaction
	// headersEOS is the request-headers callback's end_of_stream: no body follows.
	headersEOS bool
	// bodyRules is set while the request body is being judged (routes with
	// body rules); nil otherwise, and the body callbacks then do nothing.
	// pending is the headers' decision, recorded once the body is judged.
	bodyRules  *payload.Rules
	bodyExpose bool
	body       payload.Checker
	pending    filters.Decision
}

// reset prepares a recycled stream for a new context id, keeping storage.
func (s *stream) reset(id uint32) {
	clear(s.pairs)
	clear(s.req.Headers)
	clear(s.req.Params)
	clear(s.respPairs)
	clear(s.respHave)
	clear(s.edits)
	*s = stream{root: s.root, id: id, pairs: s.pairs[:0],
		req:       filters.Request{Headers: s.req.Headers[:0], Params: s.req.Params[:0]},
		respPairs: s.respPairs[:0], respHave: s.respHave[:0], edits: s.edits[:0], body: s.body}
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
	s.headersEOS = endOfStream
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
	s.respSet = d.ResponseHeaders
	if d.Replies() {
		if d.Blocks() && mayWait && d.AwaitKeys != "" && s.root.keys != nil {
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
	s.redaction = redaction{plan: d.Redact, routeID: d.RouteID, enforced: d.Enforced}
	if d.Verdict == filters.Allow {
		if rules, expose := s.root.pipeline.Body(&d); rules != nil {
			return s.startBody(&d, rules, expose)
		}
	}
	s.root.record(&s.req, &d)
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
	for _, h := range d.AddHeaders {
		if err := proxywasm.AddHeader(abi.MapRequestHeaders, h.Name, h.Value); err != nil {
			return err
		}
	}
	if d.Path != "" {
		return proxywasm.ReplaceHeader(abi.MapRequestHeaders, ":path", d.Path)
	}
	return nil
}

// OnResponseHeaders applies the response side of the decision to an upstream
// response (or a reply Envoy generated after the request went on): security
// headers, CORS headers, leaky headers removed, and — for a JSON body the
// decision redacts — the start of the redaction. Gatehouse's own local replies
// already carry their headers and are never redacted, so they are left alone
// and each header appears once whether or not the host runs this callback for
// them.
func (s *stream) OnResponseHeaders(numHeaders int, endOfStream bool) abi.Action {
	if s.replied {
		return abi.ActionContinue
	}
	if beforeResponseHeaders != nil {
		beforeResponseHeaders(&s.req)
	}
	if p := s.root.pipeline; p != nil && (len(s.respSet) > 0 || p.Response().Active()) {
		if p.Response().Active() || hasHeader(s.respSet, "vary") {
			s.editResponseHeaders(p)
		} else {
			s.setResponseHeaders()
		}
	}
	if s.redaction.plan != nil && !endOfStream {
		return s.startRedaction()
	}
	return abi.ActionContinue
}

// setResponseHeaders sets the decision's response headers (RateLimit, for
// instance) on an upstream response when nothing else needs editing: one
// replace call per header, without reading the whole map back and forth.
func (s *stream) setResponseHeaders() {
	for _, h := range s.respSet {
		if err := proxywasm.ReplaceHeader(abi.MapResponseHeaders, h.Name, h.Value); err != nil {
			logError("gatehouse: setting response headers: " + err.Error())
			return
		}
	}
}

// hasHeader reports whether hs has a header called name.
func hasHeader(hs []filters.Header, name string) bool {
	for _, h := range hs {
		if h.Name == name {
			return true
		}
	}
	return false
}

// editResponseHeaders writes the security, CORS and leaky-header edits into the
// upstream's response headers, with one host call when anything changes.
func (s *stream) editResponseHeaders(p *pipeline.Pipeline) {
	pairs, err := proxywasm.AppendHeaders(s.respPairs, abi.MapResponseHeaders)
	if err != nil {
		logError("gatehouse: reading response headers: " + err.Error())
		return
	}
	s.respPairs = pairs
	status := 0
	have := s.respHave[:0]
	for _, pr := range pairs {
		if pr.Key == ":status" {
			status, _ = strconv.Atoi(pr.Value)
			continue
		}
		if len(pr.Key) > 0 && pr.Key[0] != ':' {
			have = append(have, filters.Header{Name: pr.Key, Value: pr.Value})
		}
	}
	s.respHave = have
	s.edits = p.Response().Edits(status, have, s.respSet, s.edits[:0])
	if len(s.edits) > 0 {
		if err := proxywasm.SetHeaders(abi.MapResponseHeaders, s.editedPairs()); err != nil {
			logError("gatehouse: changing response headers: " + err.Error())
		}
	}
}

// editedPairs is the response's header list with s.edits applied: every
// header an edit names is dropped, then the set ones are appended. Writing
// the whole list is one host call, where one per edit cost about twice as
// much for the preset's eight headers.
func (s *stream) editedPairs() []abi.Pair {
	out := make([]abi.Pair, 0, len(s.respPairs)+len(s.edits))
	for _, pr := range s.respPairs {
		named := false
		for _, e := range s.edits {
			if e.Name == pr.Key {
				named = true
				break
			}
		}
		if !named {
			out = append(out, pr)
		}
	}
	for _, e := range s.edits {
		if !e.Remove {
			out = append(out, abi.Pair{Key: e.Name, Value: e.Value})
		}
	}
	return out
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

// deny records the decision and sends Gatehouse's own reply for it: the
// generic error reply (or an empty one for a 204 preflight answer or a 308
// redirect) with the decision's response headers merged in, each header once.
// A decision made outside the pipeline (a failure) gets the policy's
// response headers for a plaintext, anonymous request.
func (s *stream) deny(d filters.Decision) {
	s.root.record(&s.req, &d)
	var rep reply.Reply
	switch {
	case d.ExposeViolation:
		rep = reply.Invalid(d.Status, s.req.RequestID, d.Violation)
	case d.Status >= 400:
		rep = reply.Error(d.Status, s.req.RequestID, d.ReplyHeaders...)
	default:
		rep = reply.Empty(d.Status, d.ReplyHeaders...)
	}
	set := d.ResponseHeaders
	if set == nil {
		set = s.respSet
	}
	if set == nil && s.root.pipeline != nil {
		set = s.root.pipeline.Response().For(false, false)
	}
	hs := headers.LocalReply(rep.Headers, set)
	pairs := make([]abi.Pair, len(hs))
	for i, h := range hs {
		pairs[i] = abi.Pair{Key: h.Name, Value: h.Value}
	}
	s.replied = true
	if err := proxywasm.SendLocalResponse(uint32(rep.Status), "gatehouse_"+string(d.Reason), rep.Body, pairs,
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
