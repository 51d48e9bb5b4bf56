package main

import (
	"gatehouse/abi"
	"gatehouse/filters"
	"gatehouse/filters/event"
	"gatehouse/plugin/proxywasm"
)

// record logs the security event for a decision and counts it. Every decision
// is recorded exactly once per stream.
func (r *root) record(req *filters.Request, d *filters.Decision) {
	ev := event.Event{
		Time:      req.Time,
		RequestID: req.RequestID,
		RouteID:   d.RouteID,
		Decision:  d.Verdict.String(),
		Reason:    string(d.Reason),
		Enforced:  d.Enforced,
		ClientIP:  req.ClientIP,
		Method:    req.Method,
		Path:      eventPath(req),
		Identity:  d.Identity,
		Subject:   d.Subject,
		Detail:    d.Detail,
	}
	if d.Verdict == filters.Deny {
		ev.Status = d.Status
	}
	r.scratch = r.events.AppendJSON(r.scratch[:0], &ev)
	_ = proxywasm.LogBytes(abi.LogInfo, r.scratch)
	if r.metrics != nil {
		r.metrics.count(d)
	}
}

// eventPath is the path the client sent, for the event.
func eventPath(req *filters.Request) string {
	if req.RawPath != "" {
		return req.RawPath
	}
	return req.Path
}
