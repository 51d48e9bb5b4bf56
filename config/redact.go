package config

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// RouteResponse is a route's own response section. Only redaction can be set
// per route; response headers are policy-wide (Response.Headers).
type RouteResponse struct {
	// Redact replaces the policy-wide response.redact for this route (it does
	// not extend it); {disabled: true} turns redaction off.
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
		return errorf("unknown action %q (want remove or mask)", s)
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
		return errorf("unknown on_overflow %q (want refuse or pass)", s)
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
	fp := p.key("fields")
	switch {
	case r.Fields == nil:
		errs.add(fp, ErrMissingField, "is required (or disabled: true on a route)")
	case len(r.Fields) == 0:
		errs.add(fp, ErrInvalid, "must not be empty")
	case len(r.Fields) > MaxRedactFields:
		errs.add(fp, ErrInvalid, "has "+strconv.Itoa(len(r.Fields))+" patterns (at most "+strconv.Itoa(MaxRedactFields)+")")
	}
	for i, f := range r.Fields {
		pat, err := ParseFieldPattern(f)
		if err != nil {
			errs.add(fp.index(i), ErrInvalid, err.Error())
			continue
		}
		if j := slices.Index(r.Fields[:i], f); j >= 0 {
			errs.add(fp.index(i), ErrInvalid, "duplicate pattern "+strconv.Quote(f)+" (first at "+string(fp.index(j))+")")
			continue
		}
		r.Patterns = append(r.Patterns, pat)
	}
	if r.MaxBytes < 0 || r.MaxBytes > MaxRedactMaxBytes {
		errs.add(p.key("max_bytes"), ErrInvalid, "must be between 1 and "+strconv.Itoa(MaxRedactMaxBytes))
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
	segs, msg := splitFieldPattern(s)
	if msg == "" {
		switch {
		case len(segs) == 1 && segs[0].Kind != FieldName:
			msg = "a lone * or # would redact the whole body"
		case len(segs) == 1:
			return FieldPattern{Segments: segs, Anywhere: true}, nil
		case segs[len(segs)-1].Kind == FieldEachElement:
			msg = "ends with #: name the field to redact in the elements (e.g. items.#.secret)"
		default:
			return FieldPattern{Segments: segs}, nil
		}
	}
	return FieldPattern{}, errorf("%w %q: %s", errFieldPattern, s, msg)
}

// splitFieldPattern splits a pattern into segments, or says what is wrong.
func splitFieldPattern(s string) ([]FieldSegment, string) {
	if s == "" {
		return nil, "empty"
	}
	if len(s) > MaxFieldPatternBytes {
		return nil, "longer than " + strconv.Itoa(MaxFieldPatternBytes) + " bytes"
	}
	var segs []FieldSegment
	var name []byte
	special := false // the segment has an unescaped * or #
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if c == '\\' {
				if i++; i == len(s) || !strings.Contains(`.*#\`, s[i:i+1]) {
					return nil, `\ escapes only '.', '*', '#' and '\'`
				}
				c = s[i]
			} else if c == '*' || c == '#' {
				special = true
			}
			name = append(name, c)
			continue
		}
		// A segment ends at a '.' or the end.
		seg := FieldSegment{Kind: FieldName, Name: string(name)}
		switch {
		case len(segs) == MaxFieldPatternSegments:
			return nil, "more than " + strconv.Itoa(MaxFieldPatternSegments) + " segments"
		case len(name) == 0:
			return nil, "empty segment"
		case special && seg.Name == "*":
			seg = FieldSegment{Kind: FieldAnyKey}
		case special && seg.Name == "#":
			seg = FieldSegment{Kind: FieldEachElement}
		case special:
			return nil, "* and # stand alone in a segment (escape them with \\ in a name)"
		}
		segs = append(segs, seg)
		name, special = name[:0], false
	}
	return segs, ""
}
