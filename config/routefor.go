package config

import "strings"

// RouteFor states the policy's routing rule plainly, for tools such as
// `gatehouse check`: of the routes whose host matches host and whose template
// matches path and whose methods include method, the most specific one wins — a
// route with an exact host beats one with a wildcard host (a longer suffix
// first), which beats one without a host; then, at the first segment where two
// templates differ, a literal beats a parameter and a parameter beats a rest
// parameter. host is the request's host in lower case without a port; path is
// a normalised request path (leading "/", no query).
//
// It returns the index of the winning route, or -1 with the methods of the
// routes that match the path (empty when none does: 404; otherwise 405). It
// scans every route; the filter's trie (filters/route) is tested to agree with
// it. Call it on a policy returned by Parse (it reads Match.Template).
func (p *Policy) RouteFor(host, method, path string) (int, []Method) {
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
		if !hostMatches(r.Match.Host, host) || !r.Match.Template.matches(segs) {
			continue
		}
		if !r.Match.accepts(method) {
			allowed = append(allowed, r.Match.Methods...)
			continue
		}
		if best < 0 || moreSpecific(&r.Match, &p.Routes[best].Match) {
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

// moreSpecific reports whether a beats b for a request both match: by host
// first (see hostRank), then at the first segment whose kinds differ, the lower
// kind (literal, then parameter, then rest) wins.
func moreSpecific(a, b *Match) bool {
	if ra, rb := hostRank(a.Host), hostRank(b.Host); ra != rb {
		return ra > rb
	}
	for i := 0; i < len(a.Template.Segments) && i < len(b.Template.Segments); i++ {
		if ka, kb := a.Template.Segments[i].Kind, b.Template.Segments[i].Kind; ka != kb {
			return ka < kb
		}
	}
	return false
}

// hostRank orders route hosts by how specific they are: an exact host above
// every wildcard, a wildcard by the length of its suffix, no host lowest.
func hostRank(pattern string) int {
	switch {
	case pattern == "":
		return 0
	case strings.HasPrefix(pattern, "*."):
		return 1 + len(pattern)
	}
	return 1 << 20
}

// hostMatches reports whether a route's host pattern takes host: no pattern
// takes every host, "*.example.com" the names under example.com.
func hostMatches(pattern, host string) bool {
	if suffix, ok := strings.CutPrefix(pattern, "*"); ok {
		return len(host) > len(suffix) && strings.HasSuffix(host, suffix)
	}
	return pattern == "" || pattern == host
}
