package config

import (
	"errors"
	"strings"
)

// ValueTemplate is a parsed request_headers value such as "tenant-{claims.tenant}".
// It is not a PathTemplate (config/template.go), which matches request paths.
//
// Syntax: literal text with placeholders in braces —
//
//   - {claims.<path>}: the verified token's claim at a dotted path
//     ("{claims.realm_access.roles}"), rendered as for identity forwarding:
//     strings as is, numbers and booleans as JSON, arrays joined with commas;
//   - {route.id}: the matched route's id;
//   - {params.<name>}: a path parameter of the route's template.
//
// "{{" and "}}" stand for literal braces. Control characters are not allowed.
type ValueTemplate struct {
	Parts []TemplatePart
}

// TemplatePart is one piece of a ValueTemplate.
type TemplatePart struct {
	Kind TemplatePartKind
	// Value is the literal text, the claim path, or the parameter name.
	Value string
}

// TemplatePartKind says what a TemplatePart stands for.
type TemplatePartKind uint8

// Kinds of template parts.
const (
	PartLiteral TemplatePartKind = iota
	PartClaim
	PartRouteID
	PartParam
)

// UsesClaims reports whether the template reads a claim.
func (t ValueTemplate) UsesClaims() bool {
	for _, p := range t.Parts {
		if p.Kind == PartClaim {
			return true
		}
	}
	return false
}

// String renders the template back in policy syntax.
func (t ValueTemplate) String() string {
	var b strings.Builder
	for _, p := range t.Parts {
		switch p.Kind {
		case PartLiteral:
			for i := 0; i < len(p.Value); i++ {
				if c := p.Value[i]; c == '{' || c == '}' {
					b.WriteByte(c)
				}
				b.WriteByte(p.Value[i])
			}
		case PartClaim:
			b.WriteString("{claims." + p.Value + "}")
		case PartRouteID:
			b.WriteString("{route.id}")
		case PartParam:
			b.WriteString("{params." + p.Value + "}")
		}
	}
	return b.String()
}

// ParseValueTemplate parses a request_headers value. Adjacent literal text is
// merged into one part. The error messages do not repeat the value.
func ParseValueTemplate(s string) (ValueTemplate, error) {
	var t ValueTemplate
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.Parts = append(t.Parts, TemplatePart{Kind: PartLiteral, Value: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < ' ' && c != '\t' || c == 0x7f:
			return ValueTemplate{}, errors.New("must not contain control characters")
		case c == '{' && i+1 < len(s) && s[i+1] == '{':
			lit.WriteByte('{')
			i++
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			lit.WriteByte('}')
			i++
		case c == '}':
			return ValueTemplate{}, errors.New(`unmatched "}" (write "}}" for a literal brace)`)
		case c == '{':
			end := strings.IndexByte(s[i+1:], '}')
			if end < 0 {
				return ValueTemplate{}, errors.New(`unclosed "{" (write "{{" for a literal brace)`)
			}
			part, err := parsePlaceholder(s[i+1 : i+1+end])
			if err != nil {
				return ValueTemplate{}, err
			}
			flush()
			t.Parts = append(t.Parts, part)
			i += end + 1
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return t, nil
}

func parsePlaceholder(s string) (TemplatePart, error) {
	switch {
	case s == "route.id":
		return TemplatePart{Kind: PartRouteID}, nil
	case strings.HasPrefix(s, "claims."):
		c := s[len("claims."):]
		if !validClaimPath(c) || strings.ContainsAny(c, "{") {
			return TemplatePart{}, errorf("invalid claim path %q", c)
		}
		return TemplatePart{Kind: PartClaim, Value: c}, nil
	case strings.HasPrefix(s, "params."):
		n := s[len("params."):]
		if !isParamName(n) {
			return TemplatePart{}, errorf("invalid parameter name %q (want ^[a-zA-Z_][a-zA-Z0-9_]*$)", n)
		}
		return TemplatePart{Kind: PartParam, Value: n}, nil
	}
	return TemplatePart{}, errorf("unknown placeholder {%s} (want {claims.<path>}, {route.id} or {params.<name>})", s)
}
