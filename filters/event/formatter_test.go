package event

import (
	"testing"
	"time"
)

// TestFormatterMatchesAppendJSON runs one Formatter through a sequence that
// hits and misses its kept outcomes and timestamp (same outcome again, each
// outcome field changed alone, more outcomes than it keeps, the same second
// and the next, a time before 1970) and compares every line with
// Event.AppendJSON's.
func TestFormatterMatchesAppendJSON(t *testing.T) {
	base := Event{Time: time.Date(2026, 11, 22, 8, 0, 0, 123456789, time.UTC), RequestID: "r-1", RouteID: "orders",
		Decision: "allow", Reason: "public", Enforced: true, ClientIP: "203.0.113.7", Method: "GET", Path: "/v1/orders/42?x=1"}
	var seq []Event
	add := func(change func(e *Event)) {
		e := base
		change(&e)
		seq = append(seq, e)
	}
	add(func(e *Event) {})
	add(func(e *Event) { e.RequestID, e.Path = "r-2", "/v1/orders/43" })
	add(func(e *Event) { e.Time = e.Time.Add(time.Microsecond) })
	add(func(e *Event) { e.Time = e.Time.Add(time.Second) })
	add(func(e *Event) { e.RouteID = "health" })
	add(func(e *Event) { e.Decision, e.Reason, e.Status = "deny", "route_not_found", 404 })
	add(func(e *Event) { e.Decision, e.Reason, e.Status = "deny", "route_not_found", 403 })
	add(func(e *Event) { e.Enforced = false })
	add(func(e *Event) { e.Reason = "scope_missing" })
	add(func(e *Event) { e.RouteID = "r\"\n\xff" })
	for i := 0; i < 2*outcomeSlots; i++ {
		add(func(e *Event) { e.RouteID = string(rune('a' + i)) })
	}
	add(func(e *Event) {})
	add(func(e *Event) { e.Identity, e.Subject, e.Detail = "corp", "alice", "max_depth 32" })
	add(func(e *Event) { e.Time = time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC) })
	add(func(e *Event) {})
	var f Formatter
	for round := 0; round < 2; round++ {
		for i := range seq {
			want := seq[i].AppendJSON(nil)
			if got := f.AppendJSON(nil, &seq[i]); string(got) != string(want) {
				t.Fatalf("event %d, round %d:\n got %s\nwant %s", i, round, got, want)
			}
		}
	}
}

// FuzzFormatter checks that a Formatter writes what Event.AppendJSON writes
// for a short run of events sharing and not sharing their outcome and second.
func FuzzFormatter(f *testing.F) {
	f.Add("orders", "public", "r-1", 0, true, int64(1795334400123456789), int64(999))
	f.Add("r\"\n\xff", "route_not_found", "", 404, false, int64(-1), int64(-1000000000))
	f.Fuzz(func(t *testing.T, route, reason, id string, status int, enforced bool, nanos, step int64) {
		var fm Formatter
		e := Event{Time: time.Unix(0, nanos).UTC(), RequestID: id, RouteID: route, Decision: "deny", Reason: reason,
			Status: status, Enforced: enforced, ClientIP: "198.51.100.1", Method: "POST", Path: route}
		for i := 0; i < 4; i++ {
			want := e.AppendJSON(nil)
			if got := fm.AppendJSON(nil, &e); string(got) != string(want) {
				t.Fatalf("event %d:\n got %s\nwant %s", i, got, want)
			}
			e.Time = e.Time.Add(time.Duration(step))
			if i == 1 {
				e.RouteID += "x"
			}
		}
	})
}
