package redact

import (
	"errors"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/jsontree"
)

// Failure classes of Redact. The body is returned unchanged with either.
var (
	// ErrInvalidJSON: the body is not one valid JSON value (RFC 8259).
	ErrInvalidJSON = errors.New("redact: body is not valid JSON")
	// ErrTooDeep: the body nests objects and arrays deeper than MaxDepth.
	ErrTooDeep = errors.New("redact: body nests too deep")
)

// MaxDepth is the deepest nesting of objects and arrays Redact follows.
const MaxDepth = 1000

// Marker is the value a masked field gets.
const Marker = `"[redacted]"`

// Redactor applies plans to bodies. It keeps its buffers from one body to the
// next, so it is not safe for concurrent use: keep one per VM.
type Redactor struct {
	out    []byte
	states []state
	key    []byte
}

// Redact applies p to body, a whole JSON value, and returns the result and the
// number of fields redacted. With no field redacted the result is body itself;
// otherwise it lives in r's buffer and is valid until the next call. On
// ErrInvalidJSON or ErrTooDeep the result is body, unchanged. Duplicate keys
// are each redacted; keys are compared after JSON unescaping.
func (r *Redactor) Redact(p *Plan, body []byte) ([]byte, int, error) {
	w := walker{p: p, b: body, r: r, out: r.out[:0], states: append(r.states[:0], p.roots...)}
	i := w.value(skipSpace(body, 0), 0, int32(len(w.states)))
	if i < 0 || skipSpace(body, i) != len(body) {
		if w.err != nil {
			return body, 0, w.err
		}
		return body, 0, ErrInvalidJSON
	}
	// Keep the grown buffers for the next body.
	r.states = w.states
	if w.n == 0 {
		return body, 0, nil
	}
	r.out = append(w.out, body[w.last:]...)
	return r.out, w.n, nil
}

// keepBytes is the largest output buffer a Redactor keeps between bodies.
const keepBytes = 256 << 10

// Shrink drops the output buffer if it grew past 256 KiB, so one large body
// does not pin its size in the VM for good. Call it once the result of Redact
// has been used.
func (r *Redactor) Shrink() {
	if cap(r.out) > keepBytes {
		r.out = nil
	}
}

// isSpace, isPlain (a byte a string holds as itself: not '"', '\\' or a
// control character) and isDigit classify bytes for the scanner's tight loops.
// (Comparisons: in a wasm build they beat a lookup table.)
func isSpace(c byte) bool { return c <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t') }
func isPlain(c byte) bool { return c >= ' ' && c != '"' && c != '\\' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// walker is one pass over a body: a recursive descent (one small function
// per kind of value, as gjson.Valid has) that validates the body and, as it
// goes, writes into out everything but the redacted ranges up to the last cut.
// Small functions matter in a wasm build: the Go compiler turns every branch
// of a function into a jump through a dispatch table as large as the function
// (see RATIONALE.md).
type walker struct {
	p      *Plan
	b      []byte
	r      *Redactor
	out    []byte
	last   int // the end of the input accounted for in out
	n      int // fields redacted
	states []state
	depth  int
	// redacting is set inside a redacted value: nothing there is matched or
	// cut.
	redacting bool
	err       error // ErrTooDeep, when a function returned -1 for it
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// value scans the value at b[i:] with the states [lo, hi) applying to it and
// returns the index after it, or -1.
func (w *walker) value(i int, lo, hi int32) int {
	b := w.b
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '{':
		return w.object(i, lo, hi)
	case '[':
		return w.array(i, lo, hi)
	case '"':
		i, _ = scanString(b, i)
		return i
	case 't':
		return literal(b, i, "true")
	case 'f':
		return literal(b, i, "false")
	case 'n':
		return literal(b, i, "null")
	}
	return number(b, i)
}

// object scans the object at b[i:] (at its '{'), redacting its members.
func (w *walker) object(i int, lo, hi int32) int {
	if w.depth == MaxDepth {
		w.err = ErrTooDeep
		return -1
	}
	w.depth++
	b := w.b
	i++
	sepStart := i // where the current member's leading separator starts
	if i = skipSpace(b, i); i < len(b) && b[i] == '}' {
		w.depth--
		return i + 1
	}
	first, kept := true, false
	for {
		keyStart := i
		if i >= len(b) || b[i] != '"' {
			return -1
		}
		end, escaped := scanString(b, i)
		if end < 0 {
			return -1
		}
		if i = skipSpace(b, end); i >= len(b) || b[i] != ':' {
			return -1
		}
		i = skipSpace(b, i+1)
		valueStart, vhi, redact := i, hi, false
		// Most keys are passed over without a call: no escapes, no states,
		// and no any-depth name of their length.
		if !w.redacting {
			if escaped || lo < hi || w.p.anyLens&lenBit(end-keyStart-2) != 0 {
				redact, vhi = w.match(b[keyStart+1:end-1], escaped, lo, hi)
			}
			if redact {
				w.redacting = true
			} else {
				if !w.p.mask && !kept && !first {
					// Every member before this one was removed: so is the
					// comma before it.
					w.cut(sepStart, keyStart, "")
				}
				kept = true
			}
		}
		if i < len(b) && b[i] == '"' {
			i, _ = scanString(b, i) // the common case, without a call to value
		} else {
			i = w.value(i, hi, vhi)
		}
		if i < 0 {
			return -1
		}
		w.states = w.states[:hi]
		if redact {
			// A removed member goes with its leading separator: the comma
			// after a kept member, or the space after '{'.
			if w.p.mask {
				w.cut(valueStart, i, Marker)
			} else {
				w.cut(sepStart, i, "")
			}
			w.redacting = false
			w.n++
		}
		sepStart = i
		if i = skipSpace(b, i); i >= len(b) {
			return -1
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
			first = false
		case '}':
			w.depth--
			return i + 1
		default:
			return -1
		}
	}
}

// match decides on a member by its key (raw, between the quotes) and the
// states [lo, hi) of its object: whether it is redacted, and otherwise the end
// of the states it pushed for its value (which start at hi).
func (w *walker) match(key []byte, escaped bool, lo, hi int32) (bool, int32) {
	p := w.p
	if escaped {
		w.r.key = jsontree.AppendUnescaped(w.r.key[:0], key)
		key = w.r.key
	}
	for _, a := range p.anywhere {
		if string(key) == a {
			return true, hi
		}
	}
	for _, s := range w.states[lo:hi] {
		seg := &p.paths[s.pat][s.seg]
		switch {
		case seg.Kind == config.FieldEachElement:
		case seg.Kind == config.FieldName && string(key) != seg.Name:
		case int(s.seg)+1 == len(p.paths[s.pat]):
			w.states = w.states[:hi]
			return true, hi
		default:
			w.states = append(w.states, state{s.pat, s.seg + 1})
		}
	}
	return false, int32(len(w.states))
}

// array scans the array at b[i:] (at its '['); its elements get the states
// past a '#'.
func (w *walker) array(i int, lo, hi int32) int {
	if w.depth == MaxDepth {
		w.err = ErrTooDeep
		return -1
	}
	w.depth++
	b := w.b
	elo := int32(len(w.states))
	if !w.redacting {
		for _, s := range w.states[lo:hi] {
			if w.p.paths[s.pat][s.seg].Kind == config.FieldEachElement {
				w.states = append(w.states, state{s.pat, s.seg + 1})
			}
		}
	}
	ehi := int32(len(w.states))
	if i = skipSpace(b, i+1); i < len(b) && b[i] == ']' {
		w.states = w.states[:elo]
		w.depth--
		return i + 1
	}
	for {
		if i = w.value(i, elo, ehi); i < 0 {
			return -1
		}
		if i = skipSpace(b, i); i >= len(b) {
			return -1
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			w.states = w.states[:elo]
			w.depth--
			return i + 1
		default:
			return -1
		}
	}
}

// cut replaces b[from:to] with marker in the output. (Out of line: it runs
// once per redacted field, and the module's size counts.)
//
//go:noinline
func (w *walker) cut(from, to int, marker string) {
	w.out = append(w.out, w.b[w.last:from]...)
	w.out = append(w.out, marker...)
	w.last = to
}

// scanString scans a string (i at its opening quote) and returns the index
// after its closing quote, or -1 if it is not a valid string, and whether it
// has escapes.
func scanString(b []byte, i int) (int, bool) {
	escaped := false
	for i++; ; i++ {
		for i < len(b) && isPlain(b[i]) {
			i++
		}
		if i >= len(b) {
			return -1, false
		}
		switch b[i] {
		case '"':
			return i + 1, escaped
		case '\\':
			escaped = true
			i++
			if i >= len(b) {
				return -1, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) || !isHex(b[i+1]) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) {
					return -1, false
				}
				i += 4
			default:
				return -1, false
			}
		default: // a control character
			return -1, false
		}
	}
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// literal checks that lit is at b[i:] and returns the index after it, or -1.
func literal(b []byte, i int, lit string) int {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at b[i:] and
// returns the index after it, or -1.
func number(b []byte, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		if i+1 >= len(b) || !isDigit(b[i+1]) {
			return -1
		}
		i = digits(b, i+2)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return -1
		}
		i = digits(b, i+1)
	}
	return i
}

func digits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}
