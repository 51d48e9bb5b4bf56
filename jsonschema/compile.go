package jsonschema

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gatehouse/jsontree"
)

// Compile compiles the schema at node, a subtree of the parsed policy; path
// is node's JSON path in the policy and prefixes every error. resolve looks up
// the policy's named schemas for refs "#/schemas/<name>[/pointer]" (it may be
// nil when there are none). Other refs — "#", "#/$defs/x", any JSON pointer
// "#/..." — resolve inside the schema resource that contains them: the schema
// passed to Compile, or the named schema they are written in. The error, when
// not nil, is an Errors holding every problem found.
func Compile(node *jsontree.Node, path string, resolve Resolver) (*Schema, error) {
	return compile(node, path, resolve, true)
}

// compile is Compile; without fast, the validator takes none of its fast
// paths (see prepare), which FuzzValidate compares with.
func compile(node *jsontree.Node, path string, resolve Resolver, fast bool) (*Schema, error) {
	c := &compiler{resolve: resolve, memo: map[*jsontree.Node]*schema{}}
	root := c.compile(node, path, &resource{node: node, path: path})
	c.checkCycles(root)
	if len(c.errs) > 0 {
		sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].Off < c.errs[j].Off })
		return nil, c.errs
	}
	// A root that is only a $ref (a route's {"$ref": "#/schemas/order"}) is
	// its target, unless that is false, which fails with the keyword "$ref".
	if t := alias(root); t.boolean >= 0 {
		root = t
	}
	collapseRefs(root)
	if fast {
		prepare(root)
	} else {
		eachSchema(root, func(s *schema) { s.via = [256]uint8{} })
	}
	return &Schema{root: root}, nil
}

// resource is a schema document refs resolve in: the schema given to Compile
// or a named schema of the policy.
type resource struct {
	node *jsontree.Node
	path string
}

type compiler struct {
	resolve Resolver
	memo    map[*jsontree.Node]*schema // every node compiles once, so ref cycles end
	errs    Errors
}

// errorf records a schema error at n. (Out of line: inlined, its variadic
// fmt.Sprintf call and the append cost the module about 700 bytes at each of
// its 30 call sites.)
//
//go:noinline
func (c *compiler) errorf(n *jsontree.Node, p string, class ErrorClass, format string, args ...any) {
	c.errs = append(c.errs, &Error{Path: p, Msg: fmt.Sprintf(format, args...), Off: n.Off, class: class})
}

// keyPath returns the path of member k of the value at p, written as the
// policy parser writes paths: p.k, or p["k"] when k is not an identifier.
func keyPath(p, k string) string {
	if !isIdentifier(k) {
		return p + "[" + strconv.Quote(k) + "]"
	}
	if p == "" {
		return k
	}
	return p + "." + k
}

// indexPath is the path of element i of the array at p. (Out of line, as
// errorf.)
//
//go:noinline
func indexPath(p string, i int) string { return p + "[" + strconv.Itoa(i) + "]" }

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// metaSchema is the only $schema accepted.
const metaSchema = "https://json-schema.org/draft/2020-12/schema"

func (c *compiler) compile(n *jsontree.Node, p string, res *resource) *schema {
	if s, ok := c.memo[n]; ok {
		return s
	}
	s := &schema{minLen: -1, maxLen: -1, minItems: -1, maxItems: -1, minContains: -1, maxContains: -1,
		minProps: -1, maxProps: -1}
	c.memo[n] = s
	switch n.Kind {
	case jsontree.Bool:
		s.boolean = -1
		if n.Bool {
			s.boolean = 1
		}
		return s
	case jsontree.Object:
	default:
		c.errorf(n, p, ErrInvalidSchema, "a schema must be an object or a boolean, got %s", n.Kind)
		return s
	}
	names := newNameSet()
	var props *jsontree.Node
	for _, m := range n.Members {
		kp := keyPath(p, m.Key)
		v := m.Val
		if m.Dup {
			c.errorf(v, kp, ErrInvalidSchema, "duplicate key")
			continue
		}
		switch m.Key {
		case "$schema":
			if v.Kind != jsontree.String || strings.TrimSuffix(v.Str, "#") != metaSchema {
				c.errorf(v, kp, ErrInvalidSchema, "only %q is supported", metaSchema)
			}
		case "$comment", "title", "description":
			if v.Kind != jsontree.String {
				c.errorf(v, kp, ErrInvalidSchema, "must be a string")
			}
		case "default", "examples":
			// annotations: any value
		case "$defs":
			if c.object(v, kp) {
				for _, d := range v.Members {
					c.compile(d.Val, keyPath(kp, d.Key), res)
				}
			}
		case "$ref":
			s.inPlace = true
			s.refPath, s.refOff = kp, v.Off
			s.ref = c.ref(v, kp, res)
		case "type":
			s.types = c.types(v, kp)
		case "const":
			s.hasConst, s.constForm = true, canonNode(v)
		case "enum":
			c.enum(s, v, kp)
		case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
			s.num = true
			if v.Kind != jsontree.Number {
				c.errorf(v, kp, ErrInvalidSchema, "must be a number")
				continue
			}
			b := newBound(v.Str)
			switch m.Key {
			case "minimum":
				s.minimum = b
			case "maximum":
				s.maximum = b
			case "exclusiveMinimum":
				s.exMin = b
			case "exclusiveMaximum":
				s.exMax = b
			default:
				if b.d.n() == 0 || b.d.neg {
					c.errorf(v, kp, ErrInvalidSchema, "must be a number greater than 0")
				}
				s.multipleOf = b
			}
		case "minLength":
			s.str, s.minLen = true, c.count(v, kp)
		case "maxLength":
			s.str, s.maxLen = true, c.count(v, kp)
		case "pattern":
			s.str = true
			s.pattern = c.regexp(v, kp)
		case "format":
			s.str = true
			s.format = c.format(v, kp)
		case "minItems":
			s.arr, s.minItems = true, c.count(v, kp)
		case "maxItems":
			s.arr, s.maxItems = true, c.count(v, kp)
		case "minContains":
			s.arr, s.minContains = true, c.count(v, kp)
		case "maxContains":
			s.arr, s.maxContains = true, c.count(v, kp)
		case "uniqueItems":
			s.arr = true
			if v.Kind != jsontree.Bool {
				c.errorf(v, kp, ErrInvalidSchema, "must be a boolean")
			}
			s.unique = v.Bool
		case "items":
			s.arr, s.items = true, c.compile(v, kp, res)
		case "prefixItems":
			s.arr, s.prefix = true, c.list(v, kp, res)
		case "contains":
			s.arr, s.contains = true, c.compile(v, kp, res)
		case "properties":
			s.obj = true
			if c.object(v, kp) {
				props = v
				for _, pm := range v.Members {
					names.add(pm.Key)
				}
			}
		case "patternProperties":
			s.obj = true
			if c.object(v, kp) {
				for _, pm := range v.Members {
					pp := keyPath(kp, pm.Key)
					re := c.compileRegexp(v, pp, pm.Key)
					sub := c.compile(pm.Val, pp, res)
					if re != nil {
						s.patProps = append(s.patProps, patProp{re, sub})
					}
				}
			}
		case "additionalProperties":
			s.obj, s.additional = true, c.compile(v, kp, res)
		case "propertyNames":
			s.obj, s.propNames = true, c.compile(v, kp, res)
		case "required":
			s.obj = true
			for _, name := range c.strings(v, kp) {
				s.required = append(s.required, names.add(name))
			}
		case "dependentRequired":
			s.obj = true
			if c.object(v, kp) {
				for _, dm := range v.Members {
					d := depReq{name: names.add(dm.Key)}
					for _, name := range c.strings(dm.Val, keyPath(kp, dm.Key)) {
						d.req = append(d.req, names.add(name))
					}
					s.depReq = append(s.depReq, d)
				}
			}
		case "minProperties":
			s.obj, s.minProps = true, c.count(v, kp)
		case "maxProperties":
			s.obj, s.maxProps = true, c.count(v, kp)
		case "allOf":
			s.inPlace, s.allOf = true, c.nonEmptyList(v, kp, res)
		case "anyOf":
			s.inPlace, s.anyOf = true, c.nonEmptyList(v, kp, res)
		case "oneOf":
			s.inPlace, s.oneOf = true, c.nonEmptyList(v, kp, res)
		case "not":
			s.inPlace, s.not = true, c.compile(v, kp, res)
		case "if":
			s.inPlace, s.ifS = true, c.compile(v, kp, res)
		case "then":
			s.thenS = c.compile(v, kp, res)
		case "else":
			s.elseS = c.compile(v, kp, res)
		default:
			c.errorf(v, kp, ErrUnknownKeyword, "unsupported keyword %q", m.Key)
		}
	}
	if s.ifS == nil { // then and else without if have no effect
		s.thenS, s.elseS = nil, nil
	}
	s.names = names.list
	if len(s.names) > 0 {
		s.nameTab = newNameTable(s.names)
	}
	if props != nil {
		s.props = make([]*schema, len(s.names))
		for _, pm := range props.Members {
			if !pm.Dup {
				s.props[names.idx[pm.Key]] = c.compile(pm.Val, keyPath(keyPath(p, "properties"), pm.Key), res)
			}
		}
	}
	if s.minContains >= 0 || s.maxContains >= 0 {
		s.arr = true
	}
	return s
}

// nameSet numbers the property names an object schema mentions.
type nameSet struct {
	list []string
	idx  map[string]int
}

func newNameSet() *nameSet { return &nameSet{idx: map[string]int{}} }

func (ns *nameSet) add(name string) int {
	if i, ok := ns.idx[name]; ok {
		return i
	}
	ns.idx[name] = len(ns.list)
	ns.list = append(ns.list, name)
	return len(ns.list) - 1
}

func (c *compiler) object(v *jsontree.Node, p string) bool {
	if v.Kind != jsontree.Object {
		c.errorf(v, p, ErrInvalidSchema, "must be an object")
		return false
	}
	for _, m := range v.Members {
		if m.Dup {
			c.errorf(m.Val, keyPath(p, m.Key), ErrInvalidSchema, "duplicate key")
		}
	}
	return true
}

func (c *compiler) list(v *jsontree.Node, p string, res *resource) []*schema {
	if v.Kind != jsontree.Array {
		c.errorf(v, p, ErrInvalidSchema, "must be an array of schemas")
		return nil
	}
	out := make([]*schema, len(v.Elems))
	for i, e := range v.Elems {
		out[i] = c.compile(e, indexPath(p, i), res)
	}
	return out
}

func (c *compiler) nonEmptyList(v *jsontree.Node, p string, res *resource) []*schema {
	if v.Kind == jsontree.Array && len(v.Elems) == 0 {
		c.errorf(v, p, ErrInvalidSchema, "must be a non-empty array of schemas")
		return nil
	}
	return c.list(v, p, res)
}

// count reads a non-negative integer (1.0 counts); values beyond what any
// body can hold saturate.
func (c *compiler) count(v *jsontree.Node, p string) int {
	if v.Kind == jsontree.Number {
		if n, ok := parseDecimal([]byte(v.Str)).asInt(); ok {
			return n
		}
	}
	c.errorf(v, p, ErrInvalidSchema, "must be a non-negative integer")
	return -1
}

func (c *compiler) strings(v *jsontree.Node, p string) []string {
	if v.Kind != jsontree.Array {
		c.errorf(v, p, ErrInvalidSchema, "must be an array of strings")
		return nil
	}
	var out []string
	for i, e := range v.Elems {
		switch {
		case e.Kind != jsontree.String:
			c.errorf(e, indexPath(p, i), ErrInvalidSchema, "must be a string")
		case slices.Contains(out, e.Str):
			c.errorf(e, indexPath(p, i), ErrInvalidSchema, "duplicate name %q", e.Str)
		default:
			out = append(out, e.Str)
		}
	}
	return out
}

func (c *compiler) types(v *jsontree.Node, p string) uint8 {
	one := func(e *jsontree.Node, ep string) uint8 {
		if e.Kind == jsontree.String {
			for _, t := range typeNames {
				if t.name == e.Str {
					return t.bit
				}
			}
		}
		c.errorf(e, ep, ErrInvalidSchema, "must be one of null, boolean, integer, number, string, array, object")
		return 0
	}
	if v.Kind != jsontree.Array {
		return one(v, p)
	}
	var set uint8
	for i, e := range v.Elems {
		ep := indexPath(p, i)
		b := one(e, ep)
		if set&b != 0 {
			c.errorf(e, ep, ErrInvalidSchema, "duplicate type %q", e.Str)
		}
		set |= b
	}
	if set == 0 && len(v.Elems) == 0 {
		c.errorf(v, p, ErrInvalidSchema, "must name at least one type")
	}
	return set
}

func (c *compiler) enum(s *schema, v *jsontree.Node, p string) {
	if v.Kind != jsontree.Array {
		c.errorf(v, p, ErrInvalidSchema, "must be an array")
		return
	}
	s.enum = make(map[string]bool, len(v.Elems))
	strs := make(map[string]bool, len(v.Elems))
	for _, e := range v.Elems {
		s.enum[string(canonNode(e))] = true
		if strs != nil && e.Kind == jsontree.String {
			strs[e.Str] = true
		} else {
			strs = nil
		}
	}
	s.enumStr = strs
}
