package jsonschema

import (
	"gatehouse/jsontree"
	"gatehouse/regex"
)

// regexp compiles the pattern keyword's value.
func (c *compiler) regexp(v *jsontree.Node, p string) *pattern {
	if v.Kind != jsontree.String {
		c.errorf(v, p, ErrInvalidSchema, "must be a string")
		return nil
	}
	return c.compileRegexp(v, p, v.Str)
}

// compileRegexp compiles an ECMA-262 pattern, once, at load, with package
// regex (linear-time; backreferences, lookaround and \p{...} are refused and
// are a load error naming the construct and its offset), and the direct
// matcher when the pattern has its shape. RATIONALE.md lists what differs
// from ECMA-262.
func (c *compiler) compileRegexp(n *jsontree.Node, p, src string) *pattern {
	re, err := regex.Compile(src)
	if err != nil {
		c.errorf(n, p, ErrInvalidSchema, "invalid regular expression: %s", err)
		return nil
	}
	tree, _ := regex.Parse(src) // Compile has parsed it: it cannot fail
	return &pattern{re: re, simple: compileSimple(tree)}
}
