package config

import (
	"fmt"
	"strings"
)

// This file holds the semantic rules of the policy. The decoder calls each
// validate method once the value is decoded (children first), passing the value's
// path; the method reports problems with errs.add and may fill in derived fields
// (such as Match.Template).

// validate checks rules that span routes: route ids are unique, no two
// routes match the same requests, routes name only identities that exist, and
// allow rules test only claims their providers declare.
func (pol *Policy) validate(p path, errs *errorList) {
	switch pol.UnmatchedStatus {
	case 0, 403, 404:
	default:
		errs.add(p.key("unmatched_status"), ErrInvalid,
			fmt.Sprintf("unmatched_status %d (want 404 or 403)", pol.UnmatchedStatus))
	}
	pol.validateRouteIDs(p, errs)
	pol.validateRouteOverlap(p, errs)
	pol.validateIdentityNames(p, errs)
	pol.validateClaimNames(p, errs)
	pol.validateRequestHeaderIdentity(p, errs)
	pol.validateResponse(p, errs)
	pol.validateSchemaNames(p, errs)
	pol.compileSchemas(p, errs)
	pol.validateRateLimitNames(p, errs)
	pol.validateRateLimitKeys(p, errs)
}

func (pol *Policy) validateRouteIDs(p path, errs *errorList) {
	first := make(map[string]path, len(pol.Routes))
	for i := range pol.Routes {
		id := pol.Routes[i].ID
		if !validRouteID(id) {
			continue // reported by Route.validate, or missing
		}
		idPath := p.key("routes").index(i).key("id")
		if prev, ok := first[id]; ok {
			errs.add(idPath, ErrInvalid, fmt.Sprintf("duplicate route id %q (first at %s)", id, prev))
			continue
		}
		first[id] = idPath
	}
}

func (r *Route) validate(p path, errs *errorList) {
	if !validRouteID(r.ID) {
		errs.add(p.key("id"), ErrInvalid, fmt.Sprintf("invalid route id %q (want ^[a-z0-9][a-z0-9_.-]{0,63}$)", r.ID))
	}
	r.validateIdentity(p, errs)
	r.validateAllow(p, errs)
	r.validateClientIP(p, errs)
	r.validateRequestHeaders(p, errs)
	r.validateParams(p, errs)
}

// validRouteID reports whether id matches ^[a-z0-9][a-z0-9_.-]{0,63}$. (Out
// of line: it was inlined at 11 call sites, 1.5 KB of the module.)
//
//go:noinline
func validRouteID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || i > 0 && (c == '_' || c == '.' || c == '-') {
			continue
		}
		return false
	}
	return true
}

func (m *Match) validate(p path, errs *errorList) {
	if m.Methods != nil && len(m.Methods) == 0 {
		errs.add(p.key("methods"), ErrInvalid, "must not be empty (omit it to match any method)")
	}
	for i, method := range m.Methods {
		mp := p.key("methods").index(i)
		switch {
		case !method.Known():
			msg := fmt.Sprintf("unknown method %q", string(method))
			if up := Method(strings.ToUpper(string(method))); up.Known() {
				msg += fmt.Sprintf(" (methods are uppercase: %q)", string(up))
			}
			errs.add(mp, ErrInvalid, msg)
		case containsMethod(m.Methods[:i], method):
			errs.add(mp, ErrInvalid, fmt.Sprintf("duplicate method %q", string(method)))
		}
	}
	if m.Host != "" {
		if !validHostPattern(m.Host) {
			errs.add(p.key("host"), ErrInvalid,
				fmt.Sprintf("invalid host %q (want a DNS name like api.example.com, or *.example.com; no port)", m.Host))
		}
		m.Host = strings.ToLower(m.Host)
	}
	t, err := ParsePathTemplate(m.Path)
	if err != nil {
		errs.add(p.key("path"), ErrInvalid, err.Error())
		return
	}
	m.Template = t
}

// validHostPattern reports whether h is a DNS name (labels of letters, digits
// and inner hyphens, at most 63 bytes each, 253 in all), optionally behind a
// "*." wildcard label.
func validHostPattern(h string) bool {
	h = strings.TrimPrefix(h, "*.")
	if h == "" || len(h) > 253 {
		return false
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i] | 0x20
			if !('a' <= c && c <= 'z' || '0' <= label[i] && label[i] <= '9' || label[i] == '-') {
				return false
			}
		}
	}
	return true
}

func containsMethod(ms []Method, m Method) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// validateRouteOverlap reports a route whose host is an earlier route's and
// whose path template has the same shape (the same literals in the same
// places, parameters anywhere named) and shares a method with it, or where either takes every
// method: the two would match the same requests and the policy would be
// ambiguous.
func (pol *Policy) validateRouteOverlap(p path, errs *errorList) {
	byShape := make(map[string][]int, len(pol.Routes))
	for i := range pol.Routes {
		m := &pol.Routes[i].Match
		if !pol.Routes[i].wellFormed() {
			continue // reported elsewhere; do not cascade
		}
		shape := m.Host + " " + m.Template.shape() // routes for different hosts never compete
		for _, j := range byShape[shape] {
			if methodsOverlap(pol.Routes[j].Match.Methods, m.Methods) {
				errs.add(p.key("routes").index(i), ErrInvalid, fmt.Sprintf(
					"matches the same requests as %s (route %q)", p.key("routes").index(j), pol.Routes[j].ID))
				break
			}
		}
		byShape[shape] = append(byShape[shape], i)
	}
}

// methodsOverlap reports whether two method lists share a method; an empty list
// means every method.
func methodsOverlap(a, b []Method) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, m := range a {
		if containsMethod(b, m) {
			return true
		}
	}
	return false
}

// wellFormed reports whether the route passed its own checks: a valid id,
// known methods and a parsed path. Cross-route rules only look at such routes.
func (r *Route) wellFormed() bool {
	if !validRouteID(r.ID) || r.Match.Path == "" || (len(r.Match.Template.Segments) == 0 && r.Match.Path != "/") {
		return false
	}
	for _, m := range r.Match.Methods {
		if !m.Known() {
			return false
		}
	}
	return true
}
