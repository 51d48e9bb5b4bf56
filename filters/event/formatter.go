package event

import "time"

// Formatter writes events exactly as Event.AppendJSON does, for a stream of
// events from one policy: it keeps the part of the line a decision's outcome
// determines (route, decision, reason, status, enforcement; a few outcomes
// repeat request after request) and the timestamp's date and time to the
// second. Inside the .wasm every append is a function call, and formatting
// those parts was a fifth of a pass-through request's instructions. A VM's
// root holds one Formatter; it is not safe for concurrent use. The zero value
// is ready.
type Formatter struct {
	outcomes [outcomeSlots]outcome
	next     int      // the slot the next new outcome replaces
	sec      int64    // the second stamp holds, when stampOK
	stamp    [19]byte // "2006-01-02T15:04:05" of sec
	stampOK  bool
}

// outcomeSlots is the number of outcomes a Formatter keeps.
const outcomeSlots = 8

// outcome is one kept outcome and its formatted fields.
type outcome struct {
	routeID, decision, reason string
	status                    int
	enforced, used            bool
	json                      []byte
}

// AppendJSON appends e as one line of JSON, the same bytes as e.AppendJSON.
func (f *Formatter) AppendJSON(dst []byte, e *Event) []byte {
	dst = append(dst, `{"time":"`...)
	dst = f.appendTimestamp(dst, e.Time)
	dst = e.appendRequestID(dst)
	dst = append(dst, f.outcome(e)...)
	return e.appendRest(dst)
}

// outcome returns the formatted outcome fields of e, formatting and keeping
// them when they are not kept yet.
func (f *Formatter) outcome(e *Event) []byte {
	for i := range f.outcomes {
		o := &f.outcomes[i]
		if o.used && o.status == e.Status && o.enforced == e.Enforced && o.routeID == e.RouteID &&
			o.decision == e.Decision && o.reason == e.Reason {
			return o.json
		}
	}
	o := &f.outcomes[f.next]
	f.next = (f.next + 1) % outcomeSlots
	*o = outcome{routeID: e.RouteID, decision: e.Decision, reason: e.Reason, status: e.Status,
		enforced: e.Enforced, used: true, json: e.appendOutcome(o.json[:0])}
	return o.json
}

// appendTimestamp is appendTimestamp with the date and time to the second
// kept from the last call.
func (f *Formatter) appendTimestamp(dst []byte, t time.Time) []byte {
	if sec := t.Unix(); !f.stampOK || sec != f.sec {
		appendSecond(f.stamp[:0], t)
		f.sec, f.stampOK = sec, true
	}
	dst = append(dst, f.stamp[:]...)
	return appendFraction(dst, t)
}
