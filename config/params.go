package config

import (
	"fmt"
	"strconv"

	"gatehouse/jsontree"
	"gatehouse/regex"
)

// Params is a route's params section: typed rules for its query parameters and
// the parameters of its path template. A request that breaks one is refused
// with 400 param_invalid.
type Params struct {
	// Query maps a query parameter name (as decoded from the query string) to
	// its rule.
	Query map[string]*Param `json:"query"`
	// Path maps a parameter of the route's path template to its rule; every
	// name must be one of the template's.
	Path map[string]*Param `json:"path"`
	// UnknownQuery says what happens to query parameters Query does not name:
	// "allow" (the default) or "reject".
	UnknownQuery UnknownQuery `json:"unknown_query"`
}

// UnknownQuery is the treatment of query parameters a route does not declare.
type UnknownQuery uint8

const (
	// UnknownQueryAllow lets undeclared query parameters through unchecked.
	UnknownQueryAllow UnknownQuery = iota
	// UnknownQueryReject refuses a request with an undeclared query parameter.
	UnknownQueryReject
)

func (u *UnknownQuery) decodeString(s string) error {
	switch s {
	case "allow":
		*u = UnknownQueryAllow
	case "reject":
		*u = UnknownQueryReject
	default:
		return errorf("unknown value %q (want allow or reject)", s)
	}
	return nil
}

// Param is the rule for one query or path parameter. Zero values are defaults.
type Param struct {
	// Type is the value's type: string (the default), integer (optional sign
	// and decimal digits, fitting 64 bits), number (a JSON-style decimal
	// number) or boolean (true or false).
	Type ParamType `json:"type"`
	// Required (query parameters only) refuses requests without the
	// parameter.
	Required bool `json:"required"`
	// Enum lists the accepted values, of the parameter's type.
	Enum []Scalar `json:"enum"`
	// Pattern (strings) is a regular expression the value must contain a
	// match of; anchor it with ^ and $ to match the whole value. The syntax is
	// ECMA-262's, as JSON Schema's pattern (package regex: no backreferences,
	// lookaround or Unicode properties other than \p{L}).
	Pattern string `json:"pattern"`
	// Minimum and Maximum (integers and numbers) bound the value, inclusive.
	Minimum *float64 `json:"minimum"`
	Maximum *float64 `json:"maximum"`
	// MinLength and MaxLength (strings) bound the value's length in
	// characters (Unicode code points) after percent-decoding.
	MinLength *int `json:"min_length"`
	MaxLength *int `json:"max_length"`

	// Regexp is Pattern, compiled. Filled in by Parse.
	Regexp *regex.Regexp `json:"-"`
}

// ParamType is the type of a query or path parameter.
type ParamType uint8

// The parameter types.
const (
	ParamString ParamType = iota
	ParamInteger
	ParamNumber
	ParamBoolean
)

// String returns the policy spelling of t.
func (t ParamType) String() string {
	switch t {
	case ParamString:
		return "string"
	case ParamInteger:
		return "integer"
	case ParamNumber:
		return "number"
	case ParamBoolean:
		return "boolean"
	}
	return fmt.Sprintf("ParamType(%d)", uint8(t))
}

func (t *ParamType) decodeString(s string) error {
	switch s {
	case "string":
		*t = ParamString
	case "integer":
		*t = ParamInteger
	case "number":
		*t = ParamNumber
	case "boolean":
		*t = ParamBoolean
	default:
		return errorf("unknown type %q (want string, integer, number or boolean)", s)
	}
	return nil
}

// Scalar is one enum value as written: a JSON string, number or boolean.
type Scalar struct {
	Kind jsontree.Kind
	// Text is the string, the number literal as written, or "true"/"false".
	Text string
}

func (s *Scalar) decodeNode(n *jsontree.Node) string {
	switch n.Kind {
	case jsontree.String, jsontree.Number:
		*s = Scalar{Kind: n.Kind, Text: n.Str}
	case jsontree.Bool:
		*s = Scalar{Kind: n.Kind, Text: strconv.FormatBool(n.Bool)}
	default:
		return "a string, number or boolean"
	}
	return ""
}

// MaxParamLength bounds min_length and max_length.
const MaxParamLength = 1 << 16

func (p *Param) validate(pp path, errs *errorList) {
	numeric := p.Type == ParamInteger || p.Type == ParamNumber
	if !numeric {
		if p.Minimum != nil {
			errs.add(pp.key("minimum"), ErrInvalid, "applies to integer and number parameters only")
		}
		if p.Maximum != nil {
			errs.add(pp.key("maximum"), ErrInvalid, "applies to integer and number parameters only")
		}
	}
	if p.Type != ParamString {
		for _, f := range []struct {
			name string
			set  bool
		}{{"max_length", p.MaxLength != nil}, {"min_length", p.MinLength != nil}, {"pattern", p.Pattern != ""}} {
			if f.set {
				errs.add(pp.key(f.name), ErrInvalid, "applies to string parameters only")
			}
		}
	}
	if p.Minimum != nil && p.Maximum != nil && *p.Minimum > *p.Maximum {
		errs.add(pp.key("maximum"), ErrInvalid, "must not be less than minimum")
	}
	for _, f := range []struct {
		name string
		v    *int
	}{{"min_length", p.MinLength}, {"max_length", p.MaxLength}} {
		if f.v != nil && (*f.v < 0 || *f.v > MaxParamLength) {
			errs.add(pp.key(f.name), ErrInvalid, fmt.Sprintf("must be between 0 and %d", MaxParamLength))
		}
	}
	if p.MinLength != nil && p.MaxLength != nil && *p.MinLength > *p.MaxLength {
		errs.add(pp.key("max_length"), ErrInvalid, "must not be less than min_length")
	}
	if p.Pattern != "" && p.Type == ParamString {
		re, err := regex.Compile(p.Pattern)
		if err != nil {
			errs.add(pp.key("pattern"), ErrInvalid, "invalid regular expression: "+err.Error())
		}
		p.Regexp = re
	}
	if p.Enum != nil && len(p.Enum) == 0 {
		errs.add(pp.key("enum"), ErrInvalid, "must not be empty")
	}
	for i, e := range p.Enum {
		ep := pp.key("enum").index(i)
		if !p.enumFits(e) {
			errs.add(ep, ErrInvalid, fmt.Sprintf("%s value %s is not of the parameter's type (%s)", e.Kind, e.Text, p.Type))
			continue
		}
		for _, prev := range p.Enum[:i] {
			if prev == e {
				errs.add(ep, ErrInvalid, "duplicate enum value")
				break
			}
		}
	}
}

// enumFits reports whether an enum value has the parameter's type.
func (p *Param) enumFits(e Scalar) bool {
	switch p.Type {
	case ParamString:
		return e.Kind == jsontree.String
	case ParamInteger:
		if e.Kind != jsontree.Number || !isIntegerLiteral(e.Text) {
			return false
		}
		_, err := strconv.ParseInt(e.Text, 10, 64)
		return err == nil
	case ParamNumber:
		return e.Kind == jsontree.Number
	case ParamBoolean:
		return e.Kind == jsontree.Bool
	}
	return false
}

// MaxQueryParams bounds the query parameters one route declares.
const MaxQueryParams = 64

func (ps *Params) validate(p path, errs *errorList) {
	if len(ps.Query) > MaxQueryParams {
		errs.add(p.key("query"), ErrInvalid, fmt.Sprintf("declares %d parameters (at most %d)", len(ps.Query), MaxQueryParams))
	}
	for name := range ps.Query {
		if name == "" {
			errs.add(p.key("query").key(name), ErrInvalid, "empty parameter name")
		}
	}
	for name, rule := range ps.Path {
		if rule != nil && rule.Required {
			errs.add(p.key("path").key(name).key("required"), ErrInvalid,
				"path parameters are always present (remove required)")
		}
	}
}

// validateParams checks that path rules name parameters of the route's template.
func (r *Route) validateParams(p path, errs *errorList) {
	if r.Params == nil {
		return
	}
	for _, name := range sortedKeys(r.Params.Path) {
		if !r.Match.Template.hasParam(name) {
			errs.add(p.key("params").key("path").key(name), ErrInvalid,
				fmt.Sprintf("%q is not a parameter of the route's path %q", name, r.Match.Path))
		}
	}
}
