package route

import (
	"slices"
	"sort"
	"strings"

	"gatehouse/filters"
)

// Outcome classifies the result of Match.
type Outcome uint8

// Outcomes.
const (
	NotFound         Outcome = iota // no route matches the path
	Found                           // a route matches path and method
	MethodNotAllowed                // routes match the path, none the method
)

// Param is a path parameter bound by a match.
type Param = filters.Param

// Result of Match.
type Result struct {
	Outcome Outcome
	// Route is the matched route when Outcome is Found.
	Route *Spec
	// Params are the template parameters bound by Route, in template order.
	Params []Param
	// Allow lists the accepted methods (sorted) when Outcome is MethodNotAllowed.
	Allow []string
}

// Match finds the most specific route for a request to host (lower case, no
// port; see Host) with method and path. path is the request path without query
// string; it must start with "/". The bound parameters are appended to
// params[:0], so a caller that passes the previous result's Params back in
// matches without allocating.
func (t *Table) Match(host, method, path string, params []Param) Result {
	if len(t.exact) == 0 && len(t.wild) == 0 {
		return t.any.match(method, path, params)
	}
	var allow []string
	if i, ok := slices.BinarySearchFunc(t.exact, host, func(g hostTrie, h string) int { return strings.Compare(g.host, h) }); ok {
		r := t.exact[i].trie.match(method, path, params)
		if r.Outcome == Found {
			return r
		}
		allow = append(allow, r.Allow...)
	}
	for _, g := range t.wild {
		if len(host) > len(g.host) && strings.HasSuffix(host, g.host) {
			r := g.trie.match(method, path, params)
			if r.Outcome == Found {
				return r
			}
			allow = append(allow, r.Allow...)
		}
	}
	r := t.any.match(method, path, params)
	if r.Outcome == Found || len(allow) == 0 {
		return r
	}
	allow = append(allow, r.Allow...)
	sort.Slice(allow, func(i, j int) bool { return allow[i] < allow[j] })
	return Result{Outcome: MethodNotAllowed, Allow: slices.Compact(allow)}
}

// Host is the host of an :authority value as routes name it: without the port,
// in lower case (IPv6 literals keep their brackets).
func Host(authority string) string {
	h := authority
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	for i := 0; i < len(h); i++ {
		if 'A' <= h[i] && h[i] <= 'Z' {
			return strings.ToLower(h)
		}
	}
	return h
}

// match finds the most specific route of one host group.
func (t *trie) match(method, path string, params []Param) Result {
	m := matcher{method: method, params: params[:0]}
	if len(path) == 0 || path[0] != '/' {
		return Result{Outcome: NotFound}
	}
	if m.walk(&t.root, path[1:], path == "/") {
		// walk binds parameters while unwinding, deepest first.
		for i, j := 0, len(m.params)-1; i < j; i, j = i+1, j-1 {
			m.params[i], m.params[j] = m.params[j], m.params[i]
		}
		return Result{Outcome: Found, Route: m.found, Params: m.params}
	}
	if m.pathMatched != nil {
		return Result{Outcome: MethodNotAllowed, Allow: sortedKeys(m.pathMatched)}
	}
	return Result{Outcome: NotFound}
}

type matcher struct {
	method      string
	found       *Spec
	params      []Param
	pathMatched map[string]bool
}

// walk matches rest (the path after the slash that led to n). atEnd is true when
// the path is fully consumed at n. Literal edges are tried first, then the
// parameter, then the rest parameter, which makes the first full match the most
// specific one.
func (m *matcher) walk(n *node, rest string, atEnd bool) bool {
	if atEnd {
		return m.take(n.routes)
	}
	seg, tail, last := cut(rest)
	if c := n.literal(seg); c != nil && m.walk(c, tail, last) {
		return true
	}
	if n.param != nil && seg != "" {
		if m.walk(n.param, tail, last) {
			m.params = append(m.params, Param{Name: n.param.paramName, Value: seg})
			return true
		}
	}
	if n.rest != nil && rest != "" && m.take(n.rest.routes) {
		m.params = append(m.params, Param{Name: n.rest.paramName, Value: rest})
		return true
	}
	return false
}

// take picks the first route of routes that accepts the method, and otherwise
// records the methods they accept for a 405.
func (m *matcher) take(routes []*Spec) bool {
	for _, r := range routes {
		if len(r.Methods) == 0 {
			m.found = r
			return true
		}
		for _, x := range r.Methods {
			if x == m.method {
				m.found = r
				return true
			}
		}
	}
	if len(routes) > 0 {
		if m.pathMatched == nil {
			m.pathMatched = map[string]bool{}
		}
		allowed(routes, m.pathMatched)
	}
	return false
}

// cut splits off the first segment of s. last reports whether it was the final
// segment (no slash followed).
func cut(s string) (seg, tail string, last bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return s[:i], s[i+1:], false
		}
	}
	return s, "", true
}
