// Package route finds the policy route for a request: a segment trie built once
// on configure, searched per request without allocating in the common case.
//
// Routes are path templates made of literal segments, parameters ("{id}") and an
// optional final rest parameter ("{path...}"). When several routes match a path,
// the most specific wins: at each segment a literal beats a parameter, which beats
// a rest parameter. A route that lists methods only takes those methods; a path
// that matches routes but none with the request's method is reported as
// MethodNotAllowed with the methods that would be accepted.
package route

import (
	"fmt"
	"sort"
	"strings"
)

// SegmentKind says how a template segment matches.
type SegmentKind uint8

// Segment kinds.
const (
	LiteralSegment SegmentKind = iota // matches itself exactly
	ParamSegment                      // matches any one non-empty segment
	RestSegment                       // matches the remaining segments, possibly none; last only
)

// Segment is one slash-separated part of a path template.
type Segment struct {
	Kind SegmentKind
	// Value is the literal text, or the parameter name.
	Value string
}

// Spec describes one route for New.
type Spec struct {
	ID string
	// Host limits the route to one host ("api.example.com") or the names under
	// a domain ("*.example.com"), lower case; empty means every host.
	Host string
	// Methods the route accepts; empty means every method.
	Methods []string
	// Segments of the path template; none means "/".
	Segments []Segment
	// Index is the route's position in the policy, used in error messages and
	// returned by Match so callers can find their compiled route.
	Index int
}

// Table is an immutable, compiled route table. It is safe for concurrent use.
// Routes are grouped by host: a request tries the routes of its exact host,
// then those of the wildcard hosts it is under (longest suffix first), then the
// routes without a host, and the first group with a route for the path and
// method decides.
type Table struct {
	exact []hostTrie // sorted by host
	wild  []hostTrie // longest suffix first
	any   trie       // routes without a host
}

// hostTrie is the trie of the routes of one host: an exact name, or for a
// wildcard the suffix it stands for (".example.com").
type hostTrie struct {
	_    [0]func() // not comparable: no generated equality function
	host string
	trie *trie
}

// trie holds the routes of one host group.
type trie struct {
	root node
}

type node struct {
	// literals are the literal edges sorted by segment text. A sorted slice
	// rather than a map: inside the .wasm hashing a string costs more than a
	// binary search over a node's few children.
	literals []edge
	param    *node
	rest     *node
	// paramName is the name for the param or rest edge leading to this node.
	paramName string
	routes    []*Spec // routes ending here, in policy order
}

// ConflictError reports two routes that match the same requests.
type ConflictError struct {
	Index, Other int
	ID, OtherID  string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("route %q matches the same requests as route %q", e.ID, e.OtherID)
}

// New compiles specs into a Table. Two routes for the same host whose
// templates have the same shape (the same literals at the same places) and
// share a method, or both take every method, are a *ConflictError: the policy
// would be ambiguous.
func New(specs []Spec) (*Table, error) {
	t := &Table{}
	for i := range specs {
		s := &specs[i]
		tr := t.group(s.Host)
		n := &tr.root
		for _, seg := range s.Segments {
			n = n.child(seg)
		}
		for _, other := range n.routes {
			if methodsOverlap(other.Methods, s.Methods) {
				return nil, &ConflictError{Index: s.Index, Other: other.Index, ID: s.ID, OtherID: other.ID}
			}
		}
		n.routes = append(n.routes, s)
	}
	sort.Slice(t.exact, func(i, j int) bool { return t.exact[i].host < t.exact[j].host })
	sort.SliceStable(t.wild, func(i, j int) bool { return len(t.wild[i].host) > len(t.wild[j].host) })
	return t, nil
}

// group returns the trie for a route host, adding it on first use.
func (t *Table) group(host string) *trie {
	if host == "" {
		return &t.any
	}
	list, key := &t.exact, host
	if suffix, ok := strings.CutPrefix(host, "*"); ok {
		list, key = &t.wild, suffix
	}
	for _, g := range *list {
		if g.host == key {
			return g.trie
		}
	}
	g := hostTrie{host: key, trie: &trie{}}
	*list = append(*list, g)
	return g.trie
}

func (n *node) child(seg Segment) *node {
	switch seg.Kind {
	case ParamSegment:
		if n.param == nil {
			n.param = &node{paramName: seg.Value}
		}
		return n.param
	case RestSegment:
		if n.rest == nil {
			n.rest = &node{paramName: seg.Value}
		}
		return n.rest
	default:
		i := n.search(seg.Value)
		if i < len(n.literals) && n.literals[i].segment == seg.Value {
			return n.literals[i].child
		}
		c := &node{}
		n.literals = append(n.literals, edge{})
		copy(n.literals[i+1:], n.literals[i:])
		n.literals[i] = edge{segment: seg.Value, child: c}
		return c
	}
}

// edge is a literal edge of the trie.
type edge struct {
	_       [0]func() // not comparable: no generated equality function
	segment string
	child   *node
}

// search returns the index of the first literal edge not less than seg.
func (n *node) search(seg string) int {
	lo, hi := 0, len(n.literals)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if n.literals[mid].segment < seg {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// literal returns the child for a literal segment, or nil.
func (n *node) literal(seg string) *node {
	if i := n.search(seg); i < len(n.literals) && n.literals[i].segment == seg {
		return n.literals[i].child
	}
	return nil
}

func methodsOverlap(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// allowed returns the sorted union of the methods of routes, "" meaning any.
func allowed(routes []*Spec, into map[string]bool) {
	for _, r := range routes {
		for _, m := range r.Methods {
			into[m] = true
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// AllowHeader formats methods for an Allow header: "GET, HEAD".
func AllowHeader(methods []string) string { return strings.Join(methods, ", ") }
