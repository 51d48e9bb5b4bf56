package redact

import (
	"errors"

	"github.com/gatehouse-dev/gatehouse/config"
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
	frames []frame
	states []state
	key    []byte
}

// frame is an open object or array.
type frame struct {
	obj bool
	// lo, hi delimit the states that apply to this object's keys, or to this
	// array's elements (already past their '#').
	lo, hi int32
	// The current member of an object: where its leading separator starts
	// (just after '{', or after the previous member's value), where its key
	// and value start, and whether it is redacted.
	sepStart, keyStart, valueStart int
	redacting                      bool
	first, anyKept                 bool
}

// Redact applies p to body, a whole JSON value, and returns the result and the
// number of fields redacted. With no field redacted the result is body itself;
// otherwise it lives in r's buffer and is valid until the next call. On
// ErrInvalidJSON or ErrTooDeep the result is body, unchanged. Duplicate keys
// are each redacted; keys are compared after JSON unescaping.
func (r *Redactor) Redact(p *Plan, body []byte) ([]byte, int, error) {
	w := walker{r: r, p: p, b: body, redactDepth: -1}
	r.out = r.out[:0]
	r.frames = r.frames[:0]
	r.states = append(r.states[:0], p.roots...)
	if err := w.run(); err != nil {
		return body, 0, err
	}
	if w.n == 0 {
		return body, 0, nil
	}
	r.out = append(r.out, body[w.last:]...)
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

// walker is one pass over a body.
type walker struct {
	r *Redactor
	p *Plan
	b []byte
	// last is the end of the input already accounted for in r.out.
	last int
	// n counts the fields redacted.
	n int
	// redactDepth is the index of the frame whose current member is being
	// redacted, or -1: inside it nothing else is matched or cut.
	redactDepth int
}

// cut replaces b[from:to] with marker in the output. (Not inlined: it is
// called from three places and the module's size counts.)
//
//go:noinline
func (w *walker) cut(from, to int, marker string) {
	w.r.out = append(w.r.out, w.b[w.last:from]...)
	w.r.out = append(w.r.out, marker...)
	w.last = to
}

// Byte classes for the scanner's tight loops.
const (
	classSpace = 1 << iota // JSON whitespace
	classPlain             // a byte a string holds as itself (not '"', '\\' or a control)
	classDigit
)

var class = func() (t [256]uint8) {
	for c := 0x20; c < 256; c++ {
		if c != '"' && c != '\\' {
			t[c] |= classPlain
		}
	}
	for _, c := range " \t\n\r" {
		t[c] |= classSpace
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= classDigit
	}
	return t
}()

// skipSpace returns the index of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && class[b[i]]&classSpace != 0 {
		i++
	}
	return i
}

// run validates the body and records the cuts.
func (w *walker) run() error {
	r, b := w.r, w.b
	i := skipSpace(b, 0)
	// [inLo, inHi) are the states for the value about to start.
	inLo, inHi := int32(0), int32(len(r.states))
	var err error
	for {
		// A value starts at i.
		if i >= len(b) {
			return ErrInvalidJSON
		}
		switch c := b[i]; c {
		case '{', '[':
			if len(r.frames) == MaxDepth {
				return ErrTooDeep
			}
			i++
			f := frame{obj: c == '{', first: true, lo: inLo, hi: inHi, sepStart: i}
			if !f.obj {
				// The elements get the states past a '#'.
				f.lo = int32(len(r.states))
				if w.redactDepth < 0 {
					for _, s := range r.states[inLo:inHi] {
						if w.p.paths[s.pat][s.seg].Kind == config.FieldEachElement {
							r.states = append(r.states, state{s.pat, s.seg + 1})
						}
					}
				}
				f.hi = int32(len(r.states))
			}
			i = skipSpace(b, i)
			if i < len(b) && (f.obj && b[i] == '}' || !f.obj && b[i] == ']') {
				i++ // empty
				if !f.obj {
					r.states = r.states[:f.lo]
				}
				break
			}
			r.frames = append(r.frames, f)
			if f.obj {
				if i, err = w.member(i); err != nil {
					return err
				}
				inLo, inHi = f.hi, int32(len(r.states))
			} else {
				inLo, inHi = f.lo, f.hi
			}
			continue
		case '"':
			if i, _ = scanString(b, i); i < 0 {
				return ErrInvalidJSON
			}
		case 't':
			if i = literal(b, i, "true"); i < 0 {
				return ErrInvalidJSON
			}
		case 'f':
			if i = literal(b, i, "false"); i < 0 {
				return ErrInvalidJSON
			}
		case 'n':
			if i = literal(b, i, "null"); i < 0 {
				return ErrInvalidJSON
			}
		default:
			if i = number(b, i); i < 0 {
				return ErrInvalidJSON
			}
		}
		// A value ended at i: finish members and containers until the next
		// value starts or the body ends.
	ended:
		for {
			if len(r.frames) == 0 {
				if skipSpace(b, i) != len(b) {
					return ErrInvalidJSON
				}
				return nil
			}
			top := &r.frames[len(r.frames)-1]
			if top.obj {
				w.endMember(top, i)
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return ErrInvalidJSON
			}
			switch c := b[i]; {
			case c == ',':
				i = skipSpace(b, i+1)
				if top.obj {
					top.first = false
					if i, err = w.member(i); err != nil {
						return err
					}
					inLo, inHi = top.hi, int32(len(r.states))
				} else {
					inLo, inHi = top.lo, top.hi
				}
				break ended
			case top.obj && c == '}' || !top.obj && c == ']':
				i++
				if !top.obj {
					r.states = r.states[:top.lo]
				}
				r.frames = r.frames[:len(r.frames)-1]
				// The container was a value: finish the parent's member.
			default:
				return ErrInvalidJSON
			}
		}
	}
}

// member reads an object member's key and colon (i at the key's quote) and
// decides whether the member is redacted; it returns the index of the value
// and pushes the states for the value.
func (w *walker) member(i int) (int, error) {
	r, b := w.r, w.b
	depth := len(r.frames) - 1
	f := &r.frames[depth]
	if i >= len(b) || b[i] != '"' {
		return 0, ErrInvalidJSON
	}
	f.keyStart = i
	i, escaped := scanString(b, i)
	if i < 0 {
		return 0, ErrInvalidJSON
	}
	key := b[f.keyStart+1 : i-1]
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return 0, ErrInvalidJSON
	}
	i = skipSpace(b, i+1)
	f.valueStart = i
	if w.redactDepth >= 0 {
		return i, nil // inside a redacted value
	}
	if escaped {
		r.key = unescape(r.key[:0], key)
		key = r.key
	}
	redact := false
	for _, name := range w.p.anywhere {
		if string(key) == name {
			redact = true
			break
		}
	}
	for _, s := range r.states[f.lo:f.hi] {
		seg := &w.p.paths[s.pat][s.seg]
		switch {
		case seg.Kind == config.FieldEachElement:
			continue
		case seg.Kind == config.FieldName && string(key) != seg.Name:
			continue
		case int(s.seg)+1 == len(w.p.paths[s.pat]):
			redact = true
		case !redact:
			r.states = append(r.states, state{s.pat, s.seg + 1})
		}
	}
	if redact {
		r.states = r.states[:f.hi]
		f.redacting = true
		w.redactDepth = depth
		return i, nil
	}
	if !w.p.mask && !f.anyKept && !f.first {
		// Every member before this one was removed: so is the comma before it.
		w.cut(f.sepStart, f.keyStart, "")
	}
	f.anyKept = true
	return i, nil
}

// endMember finishes the object member whose value just ended at i: applies
// its cut and drops the states pushed for its value.
func (w *walker) endMember(f *frame, i int) {
	if f.redacting {
		f.redacting = false
		w.redactDepth = -1
		if w.p.mask {
			w.cut(f.valueStart, i, Marker)
		} else {
			// With its leading separator: the comma after a kept member, or
			// the space after '{' (see member for the comma after a removed
			// first member).
			w.cut(f.sepStart, i, "")
		}
		w.n++
	}
	w.r.states = w.r.states[:f.hi]
	f.sepStart = i
}

// scanString scans a string (i at its opening quote) and returns the index
// after its closing quote, or -1 if it is not a valid string, and whether it
// has escapes.
func scanString(b []byte, i int) (int, bool) {
	escaped := false
	for i++; ; i++ {
		for i < len(b) && class[b[i]]&classPlain != 0 {
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
		if i+1 >= len(b) || class[b[i+1]]&classDigit == 0 {
			return -1
		}
		i = digits(b, i+2)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || class[b[i]]&classDigit == 0 {
			return -1
		}
		i = digits(b, i+1)
	}
	return i
}

func digits(b []byte, i int) int {
	for i < len(b) && class[b[i]]&classDigit != 0 {
		i++
	}
	return i
}
