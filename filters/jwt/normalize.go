package jwt

import (
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/jsontree"
)

// Lookup returns the claim at a dotted path ("realm_access.roles"), walking
// nested objects, and whether it exists. A claim name that itself contains a dot
// is found when written whole at the top level ("https://example.com/roles" is
// looked up as one name first).
func (c *Claims) Lookup(path string) (any, bool) {
	if n := c.lookup(path); n != nil {
		return goValue(n), true
	}
	return nil, false
}

// lookup is Lookup's tree walk: the node at path, or nil.
func (c *Claims) lookup(path string) *jsontree.Node {
	if c.root == nil {
		return nil
	}
	if n := objectMember(c.root, path); n != nil || strings.IndexByte(path, '.') < 0 {
		return n
	}
	// An index loop, not strings.SplitSeq: range-over-func iterators cost
	// several times more inside the .wasm (see RATIONALE.md).
	cur := c.root
	for rest := path; ; {
		part, tail, more := strings.Cut(rest, ".")
		if cur.Kind != jsontree.Object {
			return nil
		}
		if cur = objectMember(cur, part); cur == nil {
			return nil
		}
		if !more {
			return cur
		}
		rest = tail
	}
}

// Text renders the scalar claim at path as the policy writes values: strings
// as is, numbers as written, booleans as true/false. Arrays, objects, null and
// absent claims give "", false. Unlike Lookup it allocates nothing (the
// per-request form for rules and rate-limit keys).
func (c *Claims) Text(path string) (string, bool) {
	if n := c.lookup(path); n != nil {
		return scalar(n)
	}
	return "", false
}

// OneOf reports whether the claim at path, as text, is one of values — or, for
// an array claim, whether one of its scalar entries is.
func (c *Claims) OneOf(path string, values []string) bool {
	n := c.lookup(path)
	if n == nil {
		return false
	}
	if n.Kind == jsontree.Array {
		for _, e := range n.Elems {
			if s, ok := scalar(e); ok && slices.Contains(values, s) {
				return true
			}
		}
		return false
	}
	s, ok := scalar(n)
	return ok && slices.Contains(values, s)
}

// StringList normalises the claim at path to a list of strings: an array of
// strings as is (other entries skipped), a string split on spaces (the OAuth
// scope form, RFC 8693 §4.2). Absent or other types give nil.
func (c *Claims) StringList(path string) []string {
	n := c.lookup(path)
	switch {
	case n == nil:
		return nil
	case n.Kind == jsontree.String:
		return strings.Fields(n.Str)
	case n.Kind == jsontree.Array:
		out := make([]string, 0, len(n.Elems))
		for _, e := range n.Elems {
			if e.Kind == jsontree.String && e.Str != "" {
				out = append(out, e.Str)
			}
		}
		return out
	}
	return nil
}

// HeaderValue renders the claim at path for a forwarded request header: strings
// as is, numbers and booleans in JSON form, arrays of those joined with commas.
// Objects, null, absent claims and values with control characters (which could
// split a header) give "", false.
func (c *Claims) HeaderValue(path string) (string, bool) {
	n := c.lookup(path)
	if n == nil {
		return "", false
	}
	if n.Kind == jsontree.Array {
		parts := make([]string, 0, len(n.Elems))
		for _, e := range n.Elems {
			s, ok := scalar(e)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return safeHeader(strings.Join(parts, ","))
	}
	s, ok := scalar(n)
	if !ok {
		return "", false
	}
	return safeHeader(s)
}

// scalar is a string, number or boolean as header text: strings as is,
// numbers as written, booleans as true/false.
func scalar(n *jsontree.Node) (string, bool) {
	switch n.Kind {
	case jsontree.String, jsontree.Number:
		return n.Str, true
	case jsontree.Bool:
		if n.Bool {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func safeHeader(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return "", false
		}
	}
	return s, true
}
