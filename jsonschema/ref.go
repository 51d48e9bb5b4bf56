package jsonschema

import (
	"strconv"
	"strings"

	"gatehouse/jsontree"
)

// ref compiles the target of the $ref at v. Only refs inside the policy
// exist: "#/schemas/<name>[/pointer]" into a named schema (through
// c.resolve), and "#[/pointer]" into the current resource. Remote refs,
// anchors and $id-relative refs are refused.
func (c *compiler) ref(v *jsontree.Node, p string, res *resource) *schema {
	if v.Kind != jsontree.String {
		c.errorf(v, p, ErrInvalidSchema, "must be a string")
		return nil
	}
	frag, ok := strings.CutPrefix(v.Str, "#")
	if !ok {
		c.errorf(v, p, ErrBadRef, "%q: only refs inside the policy (\"#/schemas/<name>\", \"#/$defs/<name>\", \"#/...\") are supported", v.Str)
		return nil
	}
	frag, ok = percentDecode(frag)
	if !ok || frag != "" && frag[0] != '/' {
		c.errorf(v, p, ErrBadRef, "%q is not a JSON pointer (anchors are not supported)", v.Str)
		return nil
	}
	var tokens []string
	if frag != "" {
		tokens = strings.Split(frag[1:], "/")
		for i, t := range tokens {
			tokens[i] = unescapeToken(t)
		}
	}
	target := res
	if len(tokens) >= 2 && tokens[0] == "schemas" && !hasMember(res.node, "schemas") {
		var node *jsontree.Node
		var np string
		ok = false
		if c.resolve != nil {
			node, np, ok = c.resolve(tokens[1])
		}
		if !ok || node == nil {
			c.errorf(v, p, ErrBadRef, "%q: no schema named %q under schemas", v.Str, tokens[1])
			return nil
		}
		target, tokens = &resource{node: node, path: np}, tokens[2:]
	}
	n, np := target.node, target.path
	for _, t := range tokens {
		switch n.Kind {
		case jsontree.Object:
			var next *jsontree.Node
			for _, m := range n.Members {
				if m.Key == t {
					next = m.Val
					break
				}
			}
			n, np = next, keyPath(np, t)
		case jsontree.Array:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(n.Elems) || t != strconv.Itoa(i) {
				n = nil
				break
			}
			n, np = n.Elems[i], indexPath(np, i)
		default:
			n = nil
		}
		if n == nil {
			c.errorf(v, p, ErrBadRef, "%q does not resolve", v.Str)
			return nil
		}
	}
	return c.compile(n, np, target)
}

func hasMember(n *jsontree.Node, key string) bool {
	for _, m := range n.Members {
		if m.Key == key {
			return true
		}
	}
	return false
}

// percentDecode undoes the URI escaping of a fragment ("%22" → '"').
func percentDecode(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", false
		}
		b.WriteByte(byte(hexVal(s[i+1])<<4 | hexVal(s[i+2])))
		i += 2
	}
	return b.String(), true
}

// checkCycles refuses schemas whose refs loop without consuming input
// ({"$ref": "#"} at the root, or two $defs referring to each other through
// allOf): validating them would never end. Cycles through properties, items
// and other keywords that descend into the document are fine — the document's
// depth bounds them.
func (c *compiler) checkCycles(root *schema) {
	const (
		visiting = 1
		done     = 2
	)
	state := map[*schema]int{}
	reported := map[*schema]bool{}
	var stack, work []*schema
	var visit func(s *schema)
	visit = func(s *schema) {
		if s == nil {
			return
		}
		switch state[s] {
		case visiting:
			// The cycle is the stack from s up; report its first $ref.
			i := len(stack) - 1
			for i > 0 && stack[i] != s {
				i--
			}
			for _, t := range stack[i:] {
				if t.refPath != "" {
					if !reported[t] {
						reported[t] = true
						c.errs = append(c.errs, &Error{Path: t.refPath, Msg: "$ref cycle that does not consume input",
							class: ErrBadRef, Off: t.refOff})
					}
					break
				}
			}
			return
		case done:
			return
		}
		state[s] = visiting
		stack = append(stack, s)
		visit(s.ref)
		for _, l := range [][]*schema{s.allOf, s.anyOf, s.oneOf} {
			for _, sub := range l {
				visit(sub)
			}
		}
		for _, sub := range []*schema{s.not, s.ifS, s.thenS, s.elseS} {
			visit(sub)
		}
		stack = stack[:len(stack)-1]
		state[s] = done
		work = append(work, s.children()...) // they apply to parts of the value: new searches
	}
	work = append(work, root)
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		visit(s)
	}
}

// children returns the subschemas that apply to parts of the value.
func (s *schema) children() []*schema {
	out := append([]*schema{s.items, s.contains, s.additional, s.propNames}, s.prefix...)
	out = append(out, s.props...)
	for _, pp := range s.patProps {
		out = append(out, pp.s)
	}
	return out
}

// unescapeToken decodes a JSON pointer reference token (RFC 6901 §4): "~1" is
// "/", then "~0" is "~"; any other "~" stays. It is
// strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~") in one pass
// (TestUnescapeToken compares them), without the 5 KB strings.Replace costs
// the module.
func unescapeToken(t string) string {
	if strings.IndexByte(t, '~') < 0 {
		return t
	}
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '~' && i+1 < len(t) && (t[i+1] == '0' || t[i+1] == '1') {
			if t[i+1] == '1' {
				c = '/'
			}
			i++
		}
		b = append(b, c)
	}
	return string(b)
}
