package config

import "strings"

// RouteFor states the policy's routing rule plainly, for tools such as
// `gatehouse check`: of the routes whose template matches path and whose methods
// include method, the most specific one wins — at the first segment where two
// templates differ, a literal beats a parameter and a parameter beats a rest
// parameter. path is a normalised request path (leading "/", no query).
//
// It returns the index of the winning route, or -1 with the methods of the
// routes that match the path (empty when none does: 404; otherwise 405). It
// scans every route; the filter's trie (filters/route) is tested to agree with
// it. Call it on a policy returned by Parse (it reads Match.Template).
func (p *Policy) RouteFor(method, path string) (int, []Method) {
	if !strings.HasPrefix(path, "/") {
		return -1, nil
	}
	segs := strings.Split(path[1:], "/")
	if path == "/" {
		segs = nil
	}
	best := -1
	var allowed []Method
	for i := range p.Routes {
		r := &p.Routes[i]
		if !r.Match.Template.matches(segs) {
			continue
		}
		if !r.Match.accepts(method) {
			allowed = append(allowed, r.Match.Methods...)
			continue
		}
		if best < 0 || moreSpecific(r.Match.Template, p.Routes[best].Match.Template) {
			best = i
		}
	}
	if best >= 0 {
		return best, nil
	}
	return -1, allowed
}

// matches reports whether the template matches a path split at its slashes. A
// parameter takes one non-empty segment; a rest parameter takes a non-empty
// remainder.
func (t PathTemplate) matches(segs []string) bool {
	for i, s := range t.Segments {
		if i >= len(segs) {
			return false
		}
		switch s.Kind {
		case SegmentLiteral:
			if segs[i] != s.Value {
				return false
			}
		case SegmentParam:
			if segs[i] == "" {
				return false
			}
		case SegmentRest:
			return strings.Join(segs[i:], "/") != ""
		}
	}
	return len(segs) == len(t.Segments)
}

// accepts reports whether a route with this match takes method.
func (m Match) accepts(method string) bool {
	if len(m.Methods) == 0 {
		return true
	}
	for _, x := range m.Methods {
		if string(x) == method {
			return true
		}
	}
	return false
}

// moreSpecific reports whether a beats b for a path both match: at the first
// segment whose kinds differ, the lower kind (literal, then parameter, then
// rest) wins.
func moreSpecific(a, b PathTemplate) bool {
	for i := 0; i < len(a.Segments) && i < len(b.Segments); i++ {
		if ka, kb := a.Segments[i].Kind, b.Segments[i].Kind; ka != kb {
			return ka < kb
		}
	}
	return false
}
