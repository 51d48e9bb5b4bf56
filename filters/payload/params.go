package payload

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/regex"
)

// ParamRules are a route's query and path parameter rules, compiled. They are
// immutable and shared by the streams of a VM.
type ParamRules struct {
	query         []param
	path          []param
	rejectUnknown bool
}

// param is one parameter's rule.
type param struct {
	name     string
	pointer  string // /query/<name> or /path/<name>, RFC 6901-escaped
	typ      config.ParamType
	required bool
	enum     []string  // string and boolean enums, as text
	numEnum  []float64 // integer and number enums
	re       *regex.Regexp
	min, max float64 // ±Inf when absent
	minLen   int
	maxLen   int // -1 when absent
}

// The parameter keywords, as violations name them (the policy's field names).
const (
	kwType      = "type"
	kwEnum      = "enum"
	kwPattern   = "pattern"
	kwMinimum   = "minimum"
	kwMaximum   = "maximum"
	kwMinLength = "min_length"
	kwMaxLength = "max_length"
	kwUnknown   = "unknown"
	kwRepeated  = "repeated"
	kwEncoding  = "encoding"
)

// CompileParams compiles a route's params section; nil for a route without
// one.
func CompileParams(ps *config.Params) *ParamRules {
	if ps == nil {
		return nil
	}
	pr := &ParamRules{rejectUnknown: ps.UnknownQuery == config.UnknownQueryReject}
	for _, name := range sortedNames(ps.Query) {
		pr.query = append(pr.query, compileParam("/query/", name, ps.Query[name]))
	}
	for _, name := range sortedNames(ps.Path) {
		pr.path = append(pr.path, compileParam("/path/", name, ps.Path[name]))
	}
	return pr
}

func sortedNames(m map[string]*config.Param) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	return names
}

func compileParam(prefix, name string, c *config.Param) param {
	p := param{name: name, pointer: prefix + escapePointer(name), min: math.Inf(-1), max: math.Inf(1), maxLen: -1}
	if c == nil {
		return p
	}
	p.typ, p.required, p.re = c.Type, c.Required, c.Regexp
	if c.Minimum != nil {
		p.min = *c.Minimum
	}
	if c.Maximum != nil {
		p.max = *c.Maximum
	}
	if c.MinLength != nil {
		p.minLen = *c.MinLength
	}
	if c.MaxLength != nil {
		p.maxLen = *c.MaxLength
	}
	for _, e := range c.Enum {
		switch c.Type {
		case config.ParamInteger, config.ParamNumber:
			f, _ := strconv.ParseFloat(e.Text, 64)
			p.numEnum = append(p.numEnum, f)
		default:
			p.enum = append(p.enum, e.Text)
		}
	}
	return p
}

// escapePointer escapes a name for an RFC 6901 pointer (~ → ~0, / → ~1).
func escapePointer(s string) string {
	if strings.IndexByte(s, '~') < 0 && strings.IndexByte(s, '/') < 0 {
		return s
	}
	b := make([]byte, 0, len(s)+4)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}

// Check checks the request's query string (in req.Path) and path parameters
// (req.Params, bound by the route match) against the rules, and returns the
// first failure (400 param_invalid). Path rules are checked first, then the
// query parameters in the order they appear, then the required ones.
func (pr *ParamRules) Check(req *filters.Request) Failure {
	for i := range pr.path {
		p := &pr.path[i]
		for _, bound := range req.Params {
			if bound.Name != p.name {
				continue
			}
			v, err := decodePath(bound.Value)
			if err != nil {
				return paramFail(p.pointer, kwEncoding)
			}
			if kw := p.check(v); kw != "" {
				return paramFail(p.pointer, kw)
			}
			break
		}
	}
	var seen [config.MaxQueryParams]bool
	q := queryOf(req.Path)
	for q != "" {
		name, value, rest, ok, err := nextPair(q)
		if !ok {
			break
		}
		q = rest
		if err != nil {
			return paramFail("/query", kwEncoding)
		}
		i := pr.find(name)
		if i < 0 {
			if pr.rejectUnknown {
				return paramFail("/query/"+escapePointer(name), kwUnknown)
			}
			continue
		}
		p := &pr.query[i]
		if seen[i] {
			return paramFail(p.pointer, kwRepeated)
		}
		seen[i] = true
		if kw := p.check(value); kw != "" {
			return paramFail(p.pointer, kw)
		}
	}
	for i := range pr.query {
		if pr.query[i].required && !seen[i] {
			return paramFail(pr.query[i].pointer, kwRequired)
		}
	}
	return Failure{}
}

func (pr *ParamRules) find(name string) int {
	for i := range pr.query {
		if pr.query[i].name == name {
			return i
		}
	}
	return -1
}

func paramFail(pointer, keyword string) Failure {
	return fail(400, filters.ReasonParamInvalid, pointer, keyword, 0)
}

// check checks one decoded value and returns the keyword it breaks, or "".
func (p *param) check(v string) string {
	switch p.typ {
	case config.ParamInteger, config.ParamNumber:
		var f float64
		if p.typ == config.ParamInteger {
			if !isInteger(v) {
				return kwType
			}
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return kwType
			}
			f = float64(n)
		} else {
			if !isNumber(v) {
				return kwType
			}
			var err error
			if f, err = strconv.ParseFloat(v, 64); err != nil {
				return kwType
			}
		}
		if p.numEnum != nil && !slices.Contains(p.numEnum, f) {
			return kwEnum
		}
		if f < p.min {
			return kwMinimum
		}
		if f > p.max {
			return kwMaximum
		}
	case config.ParamBoolean:
		if v != "true" && v != "false" {
			return kwType
		}
		if p.enum != nil && !slices.Contains(p.enum, v) {
			return kwEnum
		}
	default:
		if p.enum != nil && !slices.Contains(p.enum, v) {
			return kwEnum
		}
		n := utf8.RuneCountInString(v)
		if n < p.minLen {
			return kwMinLength
		}
		if p.maxLen >= 0 && n > p.maxLen {
			return kwMaxLength
		}
		if p.re != nil && !p.re.MatchString(v) {
			return kwPattern
		}
	}
	return ""
}

// isInteger reports whether s is an optional '-' and decimal digits.
func isInteger(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isNumber reports whether s is a JSON number (RFC 8259 §6): no '+', no
// leading zeros, no inf or NaN, no hexadecimal.
func isNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - start
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
