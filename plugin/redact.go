package main

import (
	"gatehouse/abi"
	"gatehouse/filters"
	"gatehouse/filters/redact"
	"gatehouse/plugin/proxywasm"
)

// redaction is a stream's response redaction: the plan from the request's
// decision, and whether the response body is being held to apply it.
//
// The mechanism (see RATIONALE.md): the response headers continue at once,
// without Content-Length (Envoy has sent them downstream by the time the body
// is known, so the only correct length is none: chunked on HTTP/1.1, framing
// on HTTP/2); the body callbacks pause (StopIterationAndBuffer) until the end
// of the stream or the trailers, when the whole body is redacted in one pass
// and replaces Envoy's buffer.
type redaction struct {
	_         [0]func() // not comparable: no generated equality function
	plan      *redact.Plan
	buffering bool
	// routeID and enforced come from the request's decision, for the event
	// of a refused body.
	routeID  string
	enforced bool
}

// startRedaction decides on a response with a body from its headers: pass it
// (not JSON), treat it as an overflow (announced too large, or compressed), or
// hold it for redaction.
func (s *stream) startRedaction() abi.Action {
	r := &s.redaction
	start := r.plan.AtHeaders(responseHeader("content-type"), responseHeader("content-encoding"),
		responseHeader("content-length"))
	switch start {
	case redact.StartNotJSON:
		s.root.metrics.countRedact(redactSkippedNotJSON)
		return abi.ActionContinue
	case redact.StartOverflow:
		return s.redactOverflow()
	}
	if err := proxywasm.RemoveHeader(abi.MapResponseHeaders, "content-length"); err != nil {
		logError("gatehouse: removing the response content-length: " + err.Error())
		s.deny(filters.Decision{Verdict: filters.Deny, Status: 500, Reason: filters.ReasonInternalError,
			RouteID: r.routeID, Enforced: true})
		return abi.ActionPause
	}
	r.buffering = true
	return abi.ActionContinue
}

// responseHeader is the first value of a response header, "" when absent.
func responseHeader(name string) string {
	v, _ := proxywasm.GetHeader(abi.MapResponseHeaders, name)
	return v
}

// OnResponseBody holds the body of a response being redacted until its end
// (Envoy buffers it), refusing or passing it once it outgrows the plan's
// max_bytes.
func (s *stream) OnResponseBody(bodySize int, endOfStream bool) abi.Action {
	r := &s.redaction
	if !r.buffering {
		return abi.ActionContinue
	}
	if bodySize > r.plan.MaxBytes() {
		r.buffering = false
		return s.redactOverflow()
	}
	if !endOfStream {
		return abi.ActionPause // StopIterationAndBuffer
	}
	return s.finishRedaction(bodySize)
}

// OnResponseTrailers ends a body being redacted when the upstream sent
// trailers (the last body callback then had no end of stream); Envoy's
// buffered body is still writable here.
func (s *stream) OnResponseTrailers(numTrailers int) abi.Action {
	if !s.redaction.buffering {
		return abi.ActionContinue
	}
	return s.finishRedaction(s.redaction.plan.MaxBytes())
}

// finishRedaction redacts the whole buffered body (at most size bytes) and
// puts the result in its place. A body that is not JSON passes untouched.
func (s *stream) finishRedaction(size int) abi.Action {
	r := &s.redaction
	r.buffering = false
	body, err := proxywasm.GetBuffer(abi.BufferResponseBody, 0, size)
	if err != nil {
		return s.redactFailed("reading the response body", err)
	}
	out, n, err := s.root.redactor.Redact(r.plan, body)
	switch {
	case err == redact.ErrInvalidJSON: // Redact returns its sentinels unwrapped
		s.root.metrics.countRedact(redactInvalidJSON)
		return abi.ActionContinue
	case err != nil:
		return s.redactOverflow()
	}
	s.root.metrics.countRedact(redactApplied)
	if n > 0 {
		err = proxywasm.SetBuffer(abi.BufferResponseBody, 0, len(body), out)
		s.root.redactor.Shrink()
		if err != nil {
			return s.redactFailed("replacing the response body", err)
		}
	}
	return abi.ActionContinue
}

// redactOverflow handles a body that cannot be redacted: passed untouched or
// refused, as the plan says. A refusal is a decision of its own (event, and
// a 502 — or a reset once the headers have gone downstream); in report mode it
// is only reported and the body passes.
func (s *stream) redactOverflow() abi.Action {
	r := &s.redaction
	r.buffering = false
	if r.plan.PassOverflow() {
		s.root.metrics.countRedact(redactOverflowPassed)
		return abi.ActionContinue
	}
	s.root.metrics.countRedact(redactOverflowRefused)
	d := filters.Decision{Verdict: filters.Deny, Status: 502, Reason: filters.ReasonRedactOverflow,
		RouteID: r.routeID, Enforced: r.enforced}
	if !d.Enforced {
		s.root.record(&s.req, &d)
		return abi.ActionContinue
	}
	s.deny(d)
	return abi.ActionPause
}

// redactFailed fails a response closed after a host error: the body may hold
// what must not leave.
func (s *stream) redactFailed(what string, err error) abi.Action {
	logError("gatehouse: " + what + ": " + err.Error())
	s.deny(filters.Decision{Verdict: filters.Deny, Status: 502, Reason: filters.ReasonInternalError,
		RouteID: s.redaction.routeID, Enforced: true})
	return abi.ActionPause
}
