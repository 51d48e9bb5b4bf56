package config

import (
	"errors"
	"fmt"
	"strings"
)

// Response is a response section: policy-wide (the top-level "response") or a
// route's own. This file defines only its redact member; other response
// controls add theirs.
type Response struct {
	// Redact removes or masks sensitive fields of JSON response bodies. On a
	// route it replaces the policy-wide one (it does not extend it).
	Redact *Redact `json:"redact"`
}

// Redact is a redaction rule for JSON response bodies: which fields, for whom
// they are kept, what is done to them, and what happens to a body too large to
// redact.
type Redact struct {
	// Fields are field patterns (see ParseFieldPattern): "password" (that key
	// at any depth), "*.token", "users.#.ssn" (paths from the root). Required
	// unless Disabled.
	Fields []string `json:"fields"`

	// Unless keeps the fields for callers who hold one of its scopes or one of
	// its roles. Absent: redacted for everyone.
	Unless *RedactUnless `json:"unless"`

	// Action is "remove" (the default: the member disappears) or "mask" (its
	// value becomes the string "[redacted]").
	Action RedactAction `json:"action"`

	// MaxBytes bounds the body the filter holds to redact it (default
	// DefaultRedactMaxBytes, at most MaxRedactMaxBytes).
	MaxBytes int `json:"max_bytes"`

	// OnOverflow says what happens to a body over MaxBytes (or nested deeper
	// than the redactor follows): "refuse" (the default: a 502) or "pass"
	// (sent on unredacted).
	OnOverflow RedactOverflow `json:"on_overflow"`

	// Disabled (routes only) turns the policy-wide redaction off for the route;
	// it takes no other field.
	Disabled bool `json:"disabled"`

	// Patterns are Fields, parsed. Filled in by Parse.
	Patterns []FieldPattern `json:"-"`
}

// RedactUnless names the scopes and roles that see redacted fields.
type RedactUnless struct {
	Scopes []string `json:"scopes"`
	Roles  []string `json:"roles"`
}

// Redaction limits.
const (
	// DefaultRedactMaxBytes is redact.max_bytes when not set (256 KiB).
	DefaultRedactMaxBytes = 256 << 10
	// MaxRedactMaxBytes bounds redact.max_bytes (16 MiB).
	MaxRedactMaxBytes = 16 << 20
	// MaxRedactFields bounds the number of patterns in one redact section.
	MaxRedactFields = 64
)

// RedactAction is what redaction does to a matched field.
type RedactAction uint8

const (
	// RedactRemove drops the member (key and value). The zero value.
	RedactRemove RedactAction = iota
	// RedactMask replaces the value with the string "[redacted]".
	RedactMask
)

// String returns the policy spelling: "remove" or "mask".
func (a RedactAction) String() string {
	if a == RedactMask {
		return "mask"
	}
	return "remove"
}

func (a *RedactAction) decodeString(s string) error {
	switch s {
	case "remove":
		*a = RedactRemove
	case "mask":
		*a = RedactMask
	default:
		return fmt.Errorf("unknown action %q (want remove or mask)", s)
	}
	return nil
}

// RedactOverflow is what happens to a body too large to redact.
type RedactOverflow uint8

const (
	// OverflowRefuse answers 502 instead of the body. The zero value.
	OverflowRefuse RedactOverflow = iota
	// OverflowPass sends the body on unredacted (and counts it).
	OverflowPass
)

// String returns the policy spelling: "refuse" or "pass".
func (o RedactOverflow) String() string {
	if o == OverflowPass {
		return "pass"
	}
	return "refuse"
}

func (o *RedactOverflow) decodeString(s string) error {
	switch s {
	case "refuse":
		*o = OverflowRefuse
	case "pass":
		*o = OverflowPass
	default:
		return fmt.Errorf("unknown on_overflow %q (want refuse or pass)", s)
	}
	return nil
}

func (r *Redact) validate(p path, errs *errorList) {
	if r.Disabled {
		if r.Fields != nil || r.Unless != nil || r.Action != RedactRemove || r.MaxBytes != 0 || r.OnOverflow != OverflowRefuse {
			errs.add(p.key("disabled"), ErrInvalid, "disabled: true takes no other field")
		}
		return
	}
	switch {
	case r.Fields == nil:
		errs.add(p.key("fields"), ErrMissingField, "is required (or disabled: true on a route)")
	case len(r.Fields) == 0:
		errs.add(p.key("fields"), ErrInvalid, "must not be empty")
	case len(r.Fields) > MaxRedactFields:
		errs.add(p.key("fields"), ErrInvalid, fmt.Sprintf("has %d patterns (at most %d)", len(r.Fields), MaxRedactFields))
	}
	seen := make(map[string]int, len(r.Fields))
	for i, f := range r.Fields {
		fp, err := ParseFieldPattern(f)
		if err != nil {
			errs.add(p.key("fields").index(i), ErrInvalid, err.Error())
			continue
		}
		if j, ok := seen[fp.String()]; ok {
			errs.add(p.key("fields").index(i), ErrInvalid, fmt.Sprintf("duplicate pattern %q (first at %s)", f, p.key("fields").index(j)))
			continue
		}
		seen[fp.String()] = i
		r.Patterns = append(r.Patterns, fp)
	}
	if r.MaxBytes < 0 || r.MaxBytes > MaxRedactMaxBytes {
		errs.add(p.key("max_bytes"), ErrInvalid, fmt.Sprintf("must be between 1 and %d", MaxRedactMaxBytes))
	}
	if r.MaxBytes == 0 {
		r.MaxBytes = DefaultRedactMaxBytes
	}
}

func (u *RedactUnless) validate(p path, errs *errorList) {
	if u.Scopes == nil && u.Roles == nil {
		errs.add(p, ErrInvalid, "names no scopes and no roles")
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"scopes", u.Scopes}, {"roles", u.Roles}} {
		if list.names != nil && len(list.names) == 0 {
			errs.add(p.key(list.key), ErrInvalid, "must not be empty")
		}
		for i, n := range list.names {
			if n == "" {
				errs.add(p.key(list.key).index(i), ErrInvalid, "must not be empty")
			}
		}
	}
}

// validateResponse refuses a policy-wide redact that says disabled.
func (pol *Policy) validateResponse(p path, errs *errorList) {
	if pol.Response != nil && pol.Response.Redact != nil && pol.Response.Redact.Disabled {
		errs.add(p.key("response").key("redact").key("disabled"), ErrInvalid,
			"is for routes: omit the policy-wide redact instead")
	}
}

// FieldPattern is a parsed redact field pattern.
//
// A pattern without a dot is a key name that matches at any depth. A dotted
// pattern is a path anchored at the body's root, one segment per level: a key
// name, "*" (any key of an object) or "#" (every element of an array); the last
// segment is a key name or "*". A backslash escapes '.', '*', '#' or '\' in a
// name ("a\.b" is the key "a.b"). Names are compared exactly (case matters)
// with the body's keys after JSON unescaping.
type FieldPattern struct {
	// Segments of an anchored path; a single Name segment for an any-depth name.
	Segments []FieldSegment
	// Anywhere is true for a one-segment name that matches at any depth.
	Anywhere bool
}

// FieldSegment is one step of a field pattern.
type FieldSegment struct {
	Kind FieldSegmentKind
	Name string // for FieldName
}

// FieldSegmentKind is the kind of a pattern segment.
type FieldSegmentKind uint8

const (
	// FieldName matches the object key Name.
	FieldName FieldSegmentKind = iota
	// FieldAnyKey ("*") matches any key of an object.
	FieldAnyKey
	// FieldEachElement ("#") matches every element of an array.
	FieldEachElement
)

// Field pattern limits.
const (
	MaxFieldPatternBytes    = 256
	MaxFieldPatternSegments = 32
)

// errFieldPattern classes every ParseFieldPattern error.
var errFieldPattern = errors.New("invalid field pattern")

// ParseFieldPattern parses a redact field pattern (see FieldPattern).
func ParseFieldPattern(s string) (FieldPattern, error) {
	fail := func(msg string) (FieldPattern, error) {
		return FieldPattern{}, fmt.Errorf("%w %q: %s", errFieldPattern, s, msg)
	}
	switch {
	case s == "":
		return fail("empty")
	case len(s) > MaxFieldPatternBytes:
		return fail(fmt.Sprintf("longer than %d bytes", MaxFieldPatternBytes))
	}
	var segs []FieldSegment
	var name strings.Builder
	special, escaped := false, false // the current segment has an unescaped * or #; it has escapes
	end := func() (string, bool) {
		if len(segs) == MaxFieldPatternSegments {
			return fmt.Sprintf("more than %d segments", MaxFieldPatternSegments), false
		}
		n := name.String()
		name.Reset()
		switch {
		case n == "" && !escaped:
			return "empty segment", false
		case special && n == "*":
			segs = append(segs, FieldSegment{Kind: FieldAnyKey})
		case special && n == "#":
			segs = append(segs, FieldSegment{Kind: FieldEachElement})
		case special:
			return "* and # stand alone in a segment (escape them with \\ in a name)", false
		default:
			segs = append(segs, FieldSegment{Kind: FieldName, Name: n})
		}
		special, escaped = false, false
		return "", true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) || !strings.ContainsRune(`.*#\`, rune(s[i+1])) {
				return fail(`\ escapes only '.', '*', '#' and '\'`)
			}
			i++
			name.WriteByte(s[i])
			escaped = true
		case '.':
			if msg, ok := end(); !ok {
				return fail(msg)
			}
		case '*', '#':
			special = true
			name.WriteByte(c)
		default:
			name.WriteByte(c)
		}
	}
	if msg, ok := end(); !ok {
		return fail(msg)
	}
	if len(segs) == 1 {
		if segs[0].Kind != FieldName {
			return fail("a lone * or # would redact the whole body")
		}
		return FieldPattern{Segments: segs, Anywhere: true}, nil
	}
	if segs[len(segs)-1].Kind == FieldEachElement {
		return fail("ends with #: name the field to redact in the elements (e.g. items.#.secret)")
	}
	return FieldPattern{Segments: segs}, nil
}

// String renders the pattern in its canonical spelling (escapes only where
// needed); ParseFieldPattern(p.String()) gives p back.
func (fp FieldPattern) String() string {
	var b strings.Builder
	for i, s := range fp.Segments {
		if i > 0 {
			b.WriteByte('.')
		}
		switch s.Kind {
		case FieldAnyKey:
			b.WriteByte('*')
		case FieldEachElement:
			b.WriteByte('#')
		default:
			for j := 0; j < len(s.Name); j++ {
				if strings.IndexByte(`.*#\`, s.Name[j]) >= 0 {
					b.WriteByte('\\')
				}
				b.WriteByte(s.Name[j])
			}
		}
	}
	return b.String()
}
