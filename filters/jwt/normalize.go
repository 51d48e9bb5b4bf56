package jwt

import (
	"slices"
	"strings"

	"gatehouse/jsontree"
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
	root := c.tree(path)
	if root == nil {
		return nil
	}
	if n := objectMember(root, path); n != nil || strings.IndexByte(path, '.') < 0 {
		return n
	}
	// An index loop, not strings.SplitSeq: range-over-func iterators cost
	// several times more inside the .wasm (see RATIONALE.md).
	cur := root
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

// tree returns the payload's tree for a lookup of path, building it on the
// first lookup of a claim that is present; nil when there is none, or when
// path is absent from a flat claim set.
func (c *Claims) tree(path string) *jsontree.Node {
	if root := c.root.Load(); root != nil || c.payload == "" {
		return root
	}
	if _, ok := flatLookup(c.payload, path); !ok {
		return nil
	}
	root, err := jsontree.ParseString(c.payload)
	if err != nil { // cannot happen: flatClaims accepted the payload
		return nil
	}
	if c.root.CompareAndSwap(nil, root) {
		return root
	}
	return c.root.Load()
}

// flat reports whether c holds a flat claim set whose tree is not built:
// Verify then reads roles, scopes and forwarded claims from parse's index.
func (c *Claims) flat() bool { return c.payload != "" && c.root.Load() == nil }

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
func (c *Claims) StringList(path string) []string { return stringList(c.lookup(path)) }

// stringList is StringList of the claim n (nil: absent).
func stringList(n *jsontree.Node) []string {
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
func (c *Claims) HeaderValue(path string) (string, bool) { return headerValue(c.lookup(path)) }

// headerValue is HeaderValue of the claim n (nil: absent).
func headerValue(n *jsontree.Node) (string, bool) {
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
