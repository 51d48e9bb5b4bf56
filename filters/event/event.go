// Package event formats Gatehouse's security events: one JSON object per
// decision, written by the plugin as one log line through proxy_log.
//
// An event carries what an operator needs to answer "who was refused, where and
// why" — time, request id, route, decision, reason code, client IP, method and
// path without its query string — and never a token, key, password, query string
// or body. Strings are JSON-escaped and capped so a hostile request cannot forge
// or flood log lines.
package event

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// MaxFieldBytes caps each client-controlled string in an event.
const MaxFieldBytes = 256

// Event is one security decision.
type Event struct {
	Time      time.Time
	RequestID string
	RouteID   string
	// Decision is "allow" or "deny".
	Decision string
	// Reason is the reason code, e.g. "route_not_found".
	Reason string
	// Status is the HTTP status of the error reply; 0 when the request passed.
	Status int
	// Enforced is false when a deny was only reported (report mode).
	Enforced bool
	ClientIP string
	Method   string
	// Path is the request path; anything from '?' on is dropped here.
	Path string
	// Identity and Subject say who the request authenticated as (provider or
	// key-set name; token sub or key id); empty when nobody.
	Identity, Subject string
	// Detail is the reason in words (never a credential); empty when none.
	Detail string
}

// AppendJSON appends the event as one line of JSON (no trailing newline) to dst.
// Field order is fixed so the lines are easy to read and to grep. A Formatter
// writes the same line faster when events come one after another.
func (e *Event) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"time":"`...)
	dst = appendTimestamp(dst, e.Time)
	dst = e.appendRequestID(dst)
	dst = e.appendOutcome(dst)
	return e.appendRest(dst)
}

// appendRequestID appends the fields between the timestamp and the outcome.
func (e *Event) appendRequestID(dst []byte) []byte {
	dst = append(dst, `","event":"gatehouse.decision","request_id":`...)
	return appendString(dst, e.RequestID)
}

// appendOutcome appends the fields the decision's outcome determines, from
// route_id to the name of client_ip: the same for every request with the same
// route, decision, reason, status and enforcement.
func (e *Event) appendOutcome(dst []byte) []byte {
	dst = append(dst, `,"route_id":`...)
	dst = appendString(dst, e.RouteID)
	dst = append(dst, `,"decision":`...)
	dst = appendString(dst, e.Decision)
	dst = append(dst, `,"reason":`...)
	dst = appendString(dst, e.Reason)
	dst = append(dst, `,"status":`...)
	dst = strconv.AppendInt(dst, int64(e.Status), 10)
	dst = append(dst, `,"enforced":`...)
	dst = strconv.AppendBool(dst, e.Enforced)
	return append(dst, `,"client_ip":`...)
}

// appendRest appends the fields after the outcome and closes the object.
func (e *Event) appendRest(dst []byte) []byte {
	dst = appendString(dst, e.ClientIP)
	dst = append(dst, `,"method":`...)
	dst = appendString(dst, e.Method)
	dst = append(dst, `,"path":`...)
	dst = appendString(dst, withoutQuery(e.Path))
	if e.Identity != "" {
		dst = append(dst, `,"identity":`...)
		dst = appendString(dst, e.Identity)
		dst = append(dst, `,"subject":`...)
		dst = appendString(dst, e.Subject)
	}
	if e.Detail != "" {
		dst = append(dst, `,"detail":`...)
		dst = appendString(dst, e.Detail)
	}
	return append(dst, '}')
}

func withoutQuery(path string) string {
	for i := 0; i < len(path); i++ {
		if path[i] == '?' || path[i] == '#' {
			return path[:i]
		}
	}
	return path
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, capped at MaxFieldBytes (a cut is
// marked with "..."). Control characters, quotes, backslashes, invalid UTF-8 and
// the line separators U+2028/U+2029 are escaped, so the line stays one line.
// Runs of plain ASCII are copied in one append: inside the .wasm a per-byte
// append costs several times more than this scan.
func appendString(dst []byte, s string) []byte {
	truncated := false
	if len(s) > MaxFieldBytes {
		s = s[:MaxFieldBytes]
		if i := lastRuneStart(s); !utf8.FullRuneInString(s[i:]) {
			s = s[:i] // do not split a multi-byte character
		}
		truncated = true
	}
	dst = append(dst, '"')
	start := 0
	for i := plainLen(s); i < len(s); {
		c := s[i]
		if plainJSON[c] {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		if c < utf8.RuneSelf {
			if c == '"' || c == '\\' {
				dst = append(dst, '\\', c)
			} else {
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, `\u202`...)
			dst = append(dst, hexDigits[r&0xf])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	if truncated {
		dst = append(dst, "..."...)
	}
	return append(dst, '"')
}

// plainLen returns the length of s's longest prefix of plain bytes (see
// plainJSON). It is a function of its own, never inlined: inside the .wasm a
// loop's every turn jumps through its function's dispatch table, which in
// appendString, a function of some hundred blocks, cost about 150 machine
// instructions a byte (callgrind); here the table is small.
//
//go:noinline
func plainLen(s string) int {
	i := 0
	for i < len(s) && plainJSON[s[i]] {
		i++
	}
	return i
}

// lastRuneStart is the index where the last (possibly partial) rune of s starts.
func lastRuneStart(s string) int {
	i := len(s) - 1
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// plainJSON marks the bytes a JSON string carries as they are: printable
// ASCII but '"' and '\\'. A table, not a chain of comparisons: inside the
// .wasm each branch of a Go function is a jump through the function's dispatch
// table, so one load per byte is cheaper.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
