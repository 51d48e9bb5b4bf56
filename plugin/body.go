package main

import (
	"gatehouse/abi"
	"gatehouse/filters"
	"gatehouse/filters/payload"
	"gatehouse/plugin/proxywasm"
)

// The body phase of routes with body rules. The headers continue (a paused
// headers callback would pause the whole stream in Envoy, body included); the
// body callbacks then answer Pause (StopIterationAndBuffer) until the end of
// the stream, so Envoy holds the body while Gatehouse judges it, and the
// request's event is recorded once the body is judged. Routes without body
// rules never get here and their body callbacks return at once.

// startBody begins the body phase for an allowed request: the checks the
// headers allow (Content-Length, Content-Type) run now; when no body follows,
// the body is judged at once. d is the headers' decision.
func (s *stream) startBody(d *filters.Decision, rules *payload.Rules, expose bool) abi.Action {
	s.pending = *d
	s.bodyRules, s.bodyExpose = rules, expose
	f := s.body.Start(rules, &s.req, !s.headersEOS)
	if !f.Failed() && s.headersEOS {
		f = s.body.Finish()
	}
	if f.Failed() || s.headersEOS {
		return s.endBody(f)
	}
	return abi.ActionContinue
}

// OnRequestBody checks the size on every chunk (413 as soon as the total
// passes max_bytes), feeds the new bytes of textual bodies to the checker, and
// at the end of the stream judges the whole body.
func (s *stream) OnRequestBody(bodySize int, endOfStream bool) abi.Action {
	if s.bodyRules == nil {
		return abi.ActionContinue
	}
	f := s.body.Size(int64(bodySize))
	if !f.Failed() && s.body.NeedsBytes() && int64(bodySize) > s.body.Have() {
		have := int(s.body.Have())
		chunk, err := proxywasm.GetBuffer(abi.BufferRequestBody, have, bodySize-have)
		if err != nil || len(chunk) != bodySize-have {
			return s.bodyFailed("reading the request body", err)
		}
		f = s.body.Write(chunk)
	}
	if !f.Failed() {
		if !endOfStream {
			return abi.ActionPause
		}
		f = s.body.Finish()
	}
	return s.endBody(f)
}

// OnRequestTrailers ends the body of a request that has trailers: every body
// byte has been seen by then.
func (s *stream) OnRequestTrailers(numTrailers int) abi.Action {
	if s.bodyRules == nil {
		return abi.ActionContinue
	}
	return s.endBody(s.body.Finish())
}

// endBody concludes the body phase: the request goes on (its event recorded
// with the headers' decision) or is refused with f's status; in report mode a
// failure is recorded and the request goes on.
func (s *stream) endBody(f payload.Failure) abi.Action {
	d := s.pending
	s.bodyRules = nil
	if f.Failed() {
		f.Deny(&d, s.bodyExpose)
	}
	if d.Blocks() {
		s.deny(d)
		return abi.ActionPause
	}
	s.root.record(&s.req, &d)
	return abi.ActionContinue
}

// bodyFailed refuses a request whose body could not be read (fail closed).
func (s *stream) bodyFailed(what string, err error) abi.Action {
	msg := "short read"
	if err != nil {
		msg = err.Error()
	}
	logError("gatehouse: " + what + ": " + msg)
	s.bodyRules = nil
	s.deny(filters.Decision{Verdict: filters.Deny, Status: 500, Reason: filters.ReasonInternalError,
		RouteID: s.pending.RouteID, Enforced: true})
	return abi.ActionPause
}

// OnDone records the decision of a request whose body never ended (the
// client went away mid-body): the event says so.
func (s *stream) OnDone() {
	if s.bodyRules == nil {
		return
	}
	s.bodyRules = nil
	d := s.pending
	d.Detail = "request body incomplete"
	s.root.record(&s.req, &d)
}
