package config

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PathTemplate is a parsed route path such as /v1/orders/{id} or /files/{path...}:
// the form the route matcher works on. Parse fills Match.Template; other code can
// call ParsePathTemplate.
type PathTemplate struct {
	// Segments are the path's segments between slashes, in order. The root path
	// "/" has none.
	Segments []Segment
}

// Segment is one segment of a PathTemplate.
type Segment struct {
	Kind SegmentKind
	// Value is the literal text (as written, percent-encoding included) for
	// SegmentLiteral, or the parameter name for SegmentParam and SegmentRest.
	Value string
}

// SegmentKind tells literal segments from parameters.
type SegmentKind uint8

const (
	// SegmentLiteral matches exactly its Value.
	SegmentLiteral SegmentKind = iota
	// SegmentParam, written {name}, matches any one non-empty segment and binds it
	// to the parameter name.
	SegmentParam
	// SegmentRest, written {name...}, is always last and matches the rest of the
	// path (one or more segments, slashes included) and binds it to name.
	SegmentRest
)

// String returns "literal", "param" or "rest".
func (k SegmentKind) String() string {
	switch k {
	case SegmentLiteral:
		return "literal"
	case SegmentParam:
		return "param"
	case SegmentRest:
		return "rest"
	}
	return fmt.Sprintf("SegmentKind(%d)", uint8(k))
}

// String returns the template in policy syntax, e.g. "/v1/orders/{id}".
func (t PathTemplate) String() string {
	if len(t.Segments) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteByte('/')
		switch s.Kind {
		case SegmentParam:
			b.WriteString("{" + s.Value + "}")
		case SegmentRest:
			b.WriteString("{" + s.Value + "...}")
		default:
			b.WriteString(s.Value)
		}
	}
	return b.String()
}

// ParsePathTemplate parses a route path template. The syntax:
//
//   - the path starts with "/" and has no query ("?"), fragment ("#"), whitespace
//     or control characters;
//   - segments are separated by single slashes; no segment is empty (so no "//"
//     and no trailing "/" except for the root path "/") or "." or "..";
//   - a segment is either literal text (RFC 3986 path characters: letters, digits,
//     -._~!$&'()*+,;=:@ and %XX escapes) or a whole-segment parameter {name},
//     where name matches ^[a-zA-Z_][a-zA-Z0-9_]*$ and is unique in the path;
//   - the last segment may be a rest parameter {name...}.
//
// The error messages do not repeat the path; Parse prefixes them with the JSON path.
func ParsePathTemplate(s string) (PathTemplate, error) {
	if !strings.HasPrefix(s, "/") {
		return PathTemplate{}, errors.New(`must start with "/"`)
	}
	if !utf8.ValidString(s) {
		return PathTemplate{}, errors.New("must be valid UTF-8")
	}
	for _, c := range s {
		if unicode.IsSpace(c) || unicode.IsControl(c) {
			return PathTemplate{}, errors.New("must not contain whitespace or control characters")
		}
	}
	if strings.Contains(s, "?") {
		return PathTemplate{}, errors.New(`must not contain a query ("?")`)
	}
	if strings.Contains(s, "#") {
		return PathTemplate{}, errors.New(`must not contain a fragment ("#")`)
	}
	if s == "/" {
		return PathTemplate{}, nil
	}
	parts := strings.Split(s[1:], "/")
	t := PathTemplate{Segments: make([]Segment, 0, len(parts))}
	for i, seg := range parts {
		last := i == len(parts)-1
		switch {
		case seg == "" && last:
			return PathTemplate{}, errors.New(`must not end with "/"`)
		case seg == "":
			return PathTemplate{}, errors.New(`must not contain an empty segment ("//")`)
		case seg == "." || seg == "..":
			return PathTemplate{}, errors.New(`must not contain "." or ".." segments`)
		case strings.ContainsAny(seg, "{}"):
			p, err := parseParam(seg)
			if err != nil {
				return PathTemplate{}, err
			}
			for _, q := range t.Segments {
				if q.Kind != SegmentLiteral && q.Value == p.Value {
					return PathTemplate{}, errorf("duplicate parameter %q", p.Value)
				}
			}
			if p.Kind == SegmentRest && !last {
				return PathTemplate{}, errorf("rest parameter %q must be the last segment", seg)
			}
			t.Segments = append(t.Segments, p)
		default:
			if err := checkLiteral(seg); err != nil {
				return PathTemplate{}, err
			}
			t.Segments = append(t.Segments, Segment{Kind: SegmentLiteral, Value: seg})
		}
	}
	return t, nil
}

// parseParam parses a segment containing a brace: {name} or {name...}.
func parseParam(seg string) (Segment, error) {
	if len(seg) < 2 || seg[0] != '{' || seg[len(seg)-1] != '}' || strings.ContainsAny(seg[1:len(seg)-1], "{}") {
		return Segment{}, errorf("invalid segment %q (a parameter must be a whole segment, like {id})", seg)
	}
	name, kind := seg[1:len(seg)-1], SegmentParam
	if n, ok := strings.CutSuffix(name, "..."); ok {
		name, kind = n, SegmentRest
	}
	if !isParamName(name) {
		return Segment{}, errorf("invalid parameter name %q (want ^[a-zA-Z_][a-zA-Z0-9_]*$)", name)
	}
	return Segment{Kind: kind, Value: name}, nil
}

// isParamName reports whether s matches ^[a-zA-Z_][a-zA-Z0-9_]*$.
func isParamName(s string) bool { return isIdentifier(s) }

// checkLiteral checks that a literal segment holds only RFC 3986 path characters
// and well-formed percent escapes.
func checkLiteral(seg string) error {
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0:
		case c == '%':
			if i+2 >= len(seg) || !isHex(seg[i+1]) || !isHex(seg[i+2]) {
				end := min(i+3, len(seg))
				return errorf("invalid percent-encoding %q", seg[i:end])
			}
			i += 2
		default:
			r, _ := utf8.DecodeRuneInString(seg[i:])
			return errorf("invalid character %q (percent-encode it)", string(r))
		}
	}
	return nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// shape is the template with parameter names erased ("/v1/{}/x/{...}"): two
// templates with one shape match the same paths.
func (t PathTemplate) shape() string {
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteByte('/')
		switch s.Kind {
		case SegmentParam:
			b.WriteString("{}")
		case SegmentRest:
			b.WriteString("{...}")
		default:
			b.WriteString(s.Value)
		}
	}
	return b.String()
}

// hasParam reports whether the template binds a parameter called name.
func (t PathTemplate) hasParam(name string) bool {
	for _, s := range t.Segments {
		if s.Kind != SegmentLiteral && s.Value == name {
			return true
		}
	}
	return false
}
