package redact

import (
	"encoding/binary"
	"errors"
	"math/bits"

	"gatehouse/config"
	"gatehouse/jsontree"
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
	}
	return scalar(b, i)
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
	// keys passes the keys that may match a name: the any-depth names', and
	// those of the states' segments.
	keys := w.p.any
	if lo < hi && !w.redacting {
		keys = w.keys(lo, hi)
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
		// Most keys are passed over without a call: no escapes, and no
		// name of their length and first byte.
		if !w.redacting {
			if escaped || keys.lens&lenBit(end-keyStart-2) != 0 && keys.firsts&firstBit(b[keyStart+1]) != 0 {
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
		// The common cases without a call to value.
		switch {
		case i >= len(b):
			return -1
		case b[i] == '"':
			i, _ = scanString(b, i)
		case b[i] == '{':
			i = w.object(i, hi, vhi)
		case b[i] == '[':
			i = w.array(i, hi, vhi)
		default:
			i = scalar(b, i)
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

// keys is the key filter of an object with the states [lo, hi): the
// any-depth names' and the states' segments'.
func (w *walker) keys(lo, hi int32) keyFilter {
	f := w.p.any
	for _, s := range w.states[lo:hi] {
		f = f.or(w.p.segKeys[s.pat][s.seg])
	}
	return f
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
		// As in object: the common cases without a call to value.
		switch {
		case i >= len(b):
			return -1
		case b[i] == '"':
			i, _ = scanString(b, i)
		case b[i] == '{':
			i = w.object(i, elo, ehi)
		default:
			i = w.value(i, elo, ehi)
		}
		if i < 0 {
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

// Words of eight equal bytes, for special.
const (
	ones   = 0x0101010101010101
	highs  = 0x8080808080808080
	spaces = 0x2020202020202020 // ' ', the first byte that is not a control character
	quotes = 0x2222222222222222 // '"'
	backs  = 0x5c5c5c5c5c5c5c5c // '\\'
)

// special has the high bit set of each byte of the little-endian word v that
// is not plain ('"', '\\' or a control character); the lowest set bit marks
// the first such byte exactly (a borrow only runs on past a byte found).
func special(v uint64) uint64 {
	return ((v - spaces) | ((v ^ quotes) - ones) | ((v ^ backs) - ones)) &^ v & highs
}

// scanString scans a string (i at its opening quote) and returns the index
// after its closing quote, or -1 if it is not a valid string, and whether it
// has escapes. Plain bytes are passed over eight at a time while a word fits:
// inside wasm every turn of a byte loop is a jump through the function's
// dispatch table, so a word costs about what one byte does.
func scanString(b []byte, i int) (int, bool) {
	i++
	for i+8 <= len(b) {
		if t := special(binary.LittleEndian.Uint64(b[i:])); t != 0 {
			i += bits.TrailingZeros64(t) >> 3
			if b[i] == '"' {
				return i + 1, false
			}
			return scanEscaped(b, i)
		}
		i += 8
	}
	return scanEscaped(b, i)
}

// scanEscaped is scanString from i inside the string, byte by byte: for an
// escape or a control character, and for the last bytes of the body.
func scanEscaped(b []byte, i int) (int, bool) {
	escaped := false
	for ; ; i++ {
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

// scalar scans the literal or number at b[i:] (i < len(b)) and returns the
// index after it, or -1. A number is
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func scalar(b []byte, i int) int {
	switch b[i] {
	case 't':
		return literal(b, i, "true")
	case 'f':
		return literal(b, i, "false")
	case 'n':
		return literal(b, i, "null")
	case '-':
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
