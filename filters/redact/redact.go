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

// walker is one pass over a body.
type walker struct {
	r *Redactor
	p *Plan
	b []byte
	i int
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

func (w *walker) ws() {
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// run validates the body and records the cuts.
func (w *walker) run() error {
	r := w.r
	w.ws()
	// [inLo, inHi) are the states for the value about to start.
	inLo, inHi := int32(0), int32(len(r.states))
	for {
		// A value starts at w.i.
		if w.i >= len(w.b) {
			return ErrInvalidJSON
		}
		switch c := w.b[w.i]; c {
		case '{', '[':
			if len(r.frames) == MaxDepth {
				return ErrTooDeep
			}
			w.i++
			f := frame{obj: c == '{', first: true, lo: inLo, hi: inHi, sepStart: w.i}
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
			w.ws()
			if w.i < len(w.b) && (f.obj && w.b[w.i] == '}' || !f.obj && w.b[w.i] == ']') {
				w.i++ // empty
				if !f.obj {
					r.states = r.states[:f.lo]
				}
				break
			}
			r.frames = append(r.frames, f)
			if f.obj {
				if err := w.member(); err != nil {
					return err
				}
				inLo, inHi = r.frames[len(r.frames)-1].hi, int32(len(r.states))
			} else {
				inLo, inHi = f.lo, f.hi
			}
			continue
		case '"':
			if _, err := w.str(); err != nil {
				return err
			}
		case 't':
			if err := w.lit("true"); err != nil {
				return err
			}
		case 'f':
			if err := w.lit("false"); err != nil {
				return err
			}
		case 'n':
			if err := w.lit("null"); err != nil {
				return err
			}
		default:
			if err := w.num(); err != nil {
				return err
			}
		}
		// A value ended at w.i: finish members and containers until the next
		// value starts or the body ends.
	ended:
		for {
			if len(r.frames) == 0 {
				w.ws()
				if w.i != len(w.b) {
					return ErrInvalidJSON
				}
				return nil
			}
			top := &r.frames[len(r.frames)-1]
			if top.obj {
				w.endMember(top)
			}
			w.ws()
			if w.i >= len(w.b) {
				return ErrInvalidJSON
			}
			switch c := w.b[w.i]; {
			case c == ',':
				w.i++
				w.ws()
				if top.obj {
					top.first = false
					if err := w.member(); err != nil {
						return err
					}
					inLo, inHi = top.hi, int32(len(r.states))
				} else {
					inLo, inHi = top.lo, top.hi
				}
				break ended
			case top.obj && c == '}' || !top.obj && c == ']':
				w.i++
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

// member reads an object member's key and colon (w.i at the key's quote) and
// decides whether the member is redacted; it leaves w.i at the value and
// pushes the states for the value.
func (w *walker) member() error {
	r := w.r
	depth := len(r.frames) - 1
	f := &r.frames[depth]
	if w.i >= len(w.b) || w.b[w.i] != '"' {
		return ErrInvalidJSON
	}
	f.keyStart = w.i
	escaped, err := w.str()
	if err != nil {
		return err
	}
	key := w.b[f.keyStart+1 : w.i-1]
	w.ws()
	if w.i >= len(w.b) || w.b[w.i] != ':' {
		return ErrInvalidJSON
	}
	w.i++
	w.ws()
	f.valueStart = w.i
	if w.redactDepth >= 0 {
		return nil // inside a redacted value
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
		seg := w.p.paths[s.pat][s.seg]
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
		return nil
	}
	if !w.p.mask && !f.anyKept && !f.first {
		// Every member before this one was removed: so is the comma before it.
		w.cut(f.sepStart, f.keyStart, "")
	}
	f.anyKept = true
	return nil
}

// endMember finishes the object member whose value just ended at w.i: applies
// its cut and drops the states pushed for its value.
func (w *walker) endMember(f *frame) {
	if f.redacting {
		f.redacting = false
		w.redactDepth = -1
		if w.p.mask {
			w.cut(f.valueStart, w.i, Marker)
		} else {
			// With its leading separator: the comma after a kept member, or
			// the space after '{' (see member for the comma after a removed
			// first member).
			w.cut(f.sepStart, w.i, "")
		}
		w.n++
	}
	w.r.states = w.r.states[:f.hi]
	f.sepStart = w.i
}

// str scans a string (w.i at its opening quote) and reports whether it has
// escapes.
func (w *walker) str() (bool, error) {
	b := w.b
	escaped := false
	for i := w.i + 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			w.i = i + 1
			return escaped, nil
		case c == '\\':
			escaped = true
			i++
			if i >= len(b) {
				return false, ErrInvalidJSON
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) || !isHex(b[i+1]) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) {
					return false, ErrInvalidJSON
				}
				i += 4
			default:
				return false, ErrInvalidJSON
			}
		case c < 0x20:
			return false, ErrInvalidJSON
		}
	}
	return false, ErrInvalidJSON
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func (w *walker) lit(s string) error {
	if len(w.b)-w.i < len(s) || string(w.b[w.i:w.i+len(s)]) != s {
		return ErrInvalidJSON
	}
	w.i += len(s)
	return nil
}

// num scans a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (w *walker) num() error {
	b, i := w.b, w.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return ErrInvalidJSON
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return ErrInvalidJSON
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return ErrInvalidJSON
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	w.i = i
	return nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
