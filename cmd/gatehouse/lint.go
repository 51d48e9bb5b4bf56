package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gatehouse/config"
)

// lint lists what is legal but probably not meant, as "path: warning: …".
func lint(pol *config.Policy) []string {
	var out []string
	if pol.Default == config.DefaultAllow {
		out = append(out, "default: warning: allow lets requests that match no route through (meant for a gradual rollout)")
	}
	if pol.Mode == config.ModeReport {
		out = append(out, "mode: warning: report enforces nothing (decisions are only logged and counted)")
	}
	if pol.Response != nil {
		out = append(out, lintRedact("response.redact", pol.Response.Redact)...)
	}
	for i, r := range pol.Routes {
		p := fmt.Sprintf("routes[%d]", i)
		if r.Response != nil {
			out = append(out, lintRedact(p+".response.redact", r.Response.Redact)...)
		}
		if r.Mode != nil && *r.Mode == config.ModeReport && pol.Mode != config.ModeReport {
			out = append(out, p+".mode: warning: report: this route enforces nothing")
		}
		if !r.Public && len(r.Identity) == 0 {
			out = append(out, p+": warning: neither public nor identity: every request is refused (403)")
		}
		if w := shadowed(pol, i); w != "" {
			out = append(out, p+": warning: "+w)
		}
		if r.Allow != nil && len(r.Identity) > 0 {
			out = append(out, neverMatches(p+".allow", r.Allow, callersOf(pol, r.Identity))...)
		}
	}
	return out
}

// lintRedact warns about a redact section that lets unredacted bodies out.
func lintRedact(p string, r *config.Redact) []string {
	if r == nil || r.Disabled || r.OnOverflow != config.OverflowPass {
		return nil
	}
	return []string{p + ".on_overflow: warning: pass sends bodies too large to redact (or compressed) unredacted"}
}

// shadowed explains why no request can reach routes[i] — every request its
// template and methods match goes to a more specific route — or returns "".
//
// Witness requests are enough to decide it: a path made of the route's literals
// and a fresh segment (equal to no literal of the policy) for each parameter —
// one to several for a rest parameter — reaches the route unless a more specific
// template takes every such path, and a path with real literals in those
// places has only more competitors, not fewer.
func shadowed(pol *config.Policy, i int) string {
	r := &pol.Routes[i]
	fresh := freshSegment(pol)
	longest := 0
	for _, o := range pol.Routes {
		longest = max(longest, len(o.Match.Template.Segments))
	}
	methods := r.Match.Methods
	if len(methods) == 0 {
		methods = allMethods
	}
	host := r.Match.Host // a route without a host is tried with none, which no host pattern takes
	if suffix, ok := strings.CutPrefix(host, "*"); ok {
		host = "gatehouse-witness" + suffix
	}
	example := ""
	for _, path := range witnesses(r.Match.Template, fresh, longest+1) {
		for _, m := range methods {
			j, _ := pol.RouteFor(host, string(m), path)
			if j == i {
				return ""
			}
			if example == "" && j >= 0 {
				example = fmt.Sprintf("%s %s goes to routes[%d] (%s)", m, path, j, pol.Routes[j].ID)
			}
		}
	}
	return "never matched: more specific routes take every request it matches, e.g. " + example
}

// allMethods are the methods a route may list, for routes that list none.
var allMethods = []config.Method{config.MethodGet, config.MethodHead, config.MethodPost, config.MethodPut,
	config.MethodPatch, config.MethodDelete, config.MethodOptions}

// witnesses are the paths of t with fresh segments for its parameters: one
// path, or for a rest parameter one per length from 1 to maxRest segments.
func witnesses(t config.PathTemplate, fresh string, maxRest int) []string {
	var b strings.Builder
	for _, s := range t.Segments {
		switch s.Kind {
		case config.SegmentLiteral:
			b.WriteString("/" + s.Value)
		case config.SegmentParam:
			b.WriteString("/" + fresh)
		case config.SegmentRest:
			out := make([]string, 0, maxRest)
			for n := 1; n <= maxRest; n++ {
				out = append(out, b.String()+strings.Repeat("/"+fresh, n))
			}
			return out
		}
	}
	if b.Len() == 0 {
		return []string{"/"}
	}
	return []string{b.String()}
}

// freshSegment is a path segment equal to no literal of the policy.
func freshSegment(pol *config.Policy) string {
	literals := map[string]bool{}
	for _, r := range pol.Routes {
		for _, s := range r.Match.Template.Segments {
			if s.Kind == config.SegmentLiteral {
				literals[s.Value] = true
			}
		}
	}
	for n := 0; ; n++ {
		if s := "x" + strconv.Itoa(n); !literals[s] {
			return s
		}
	}
}

// callers describes who can authenticate on a route, as far as an allow rule
// can tell: whether every identity is an API-key set (no scopes; claims on
// such routes are load errors already), and then the role sets of its keys.
type callers struct {
	keysOnly bool
	keyRoles [][]string
	keySets  []string
}

func callersOf(pol *config.Policy, identities []string) callers {
	c := callers{keysOnly: true}
	for _, name := range identities {
		if pol.Identity == nil {
			continue
		}
		if slices.ContainsFunc(pol.Identity.JWT, func(p config.JWTProvider) bool { return p.Name == name }) {
			c.keysOnly = false
			continue
		}
		for _, set := range pol.Identity.APIKeys {
			if set.Name == name {
				c.keySets = append(c.keySets, name)
				for _, k := range set.Keys {
					c.keyRoles = append(c.keyRoles, k.Roles)
				}
			}
		}
	}
	return c
}

// neverMatches warns about an allow rule (at path p) that no caller of the
// route can satisfy, and about any-branches that can never be the one that
// matches.
func neverMatches(p string, r *config.Rule, c callers) []string {
	if why := never(p, r, c); why != "" {
		return []string{p + ": warning: can never match: " + why}
	}
	var out []string
	var walk func(p string, r *config.Rule)
	walk = func(p string, r *config.Rule) {
		for i := range r.Any {
			bp := fmt.Sprintf("%s.any[%d]", p, i)
			if why := never(bp, &r.Any[i], c); why != "" {
				out = append(out, bp+": warning: this branch can never match: "+why)
				continue
			}
			walk(bp, &r.Any[i])
		}
		for i := range r.All {
			walk(fmt.Sprintf("%s.all[%d]", p, i), &r.All[i])
		}
	}
	walk(p, r)
	return out
}

// never returns why rule r (at path p) can never hold for callers c, or "".
func never(p string, r *config.Rule, c callers) string {
	if c.keysOnly {
		sets := strings.Join(c.keySets, ", ")
		if len(r.Scopes) > 0 {
			return p + ".scopes: API keys (" + sets + ") carry no scopes"
		}
		if len(r.Roles) > 0 && !slices.ContainsFunc(c.keyRoles, func(have []string) bool {
			return slices.ContainsFunc(r.Roles, func(want string) bool { return slices.Contains(have, want) })
		}) {
			return p + ".roles: no API key of " + sets + " has any of them"
		}
		if len(r.AllRoles) > 0 && !slices.ContainsFunc(c.keyRoles, func(have []string) bool {
			return !slices.ContainsFunc(r.AllRoles, func(want string) bool { return !slices.Contains(have, want) })
		}) {
			return p + ".all_roles: no API key of " + sets + " has all of them"
		}
	}
	for i := range r.All {
		if why := never(fmt.Sprintf("%s.all[%d]", p, i), &r.All[i], c); why != "" {
			return why
		}
	}
	if len(r.Any) > 0 {
		var whys []string
		for i := range r.Any {
			why := never(fmt.Sprintf("%s.any[%d]", p, i), &r.Any[i], c)
			if why == "" {
				whys = nil
				break
			}
			whys = append(whys, why)
		}
		if whys != nil {
			return "no branch of " + p + ".any can (" + strings.Join(whys, "; ") + ")"
		}
	}
	if r.Not != nil && onlyAuthenticated(r.Not) {
		return p + ".not: every caller the rule sees is authenticated"
	}
	return ""
}

// onlyAuthenticated reports whether r holds for every authenticated caller.
func onlyAuthenticated(r *config.Rule) bool {
	return r.Authenticated && len(r.Scopes) == 0 && len(r.Roles) == 0 && len(r.AllRoles) == 0 &&
		len(r.Claims) == 0 && r.Owner == nil && len(r.Any) == 0 && len(r.All) == 0 && r.Not == nil
}
