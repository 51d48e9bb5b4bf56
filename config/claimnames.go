package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// registeredClaims are the JWT claims of RFC 7519 §4.1: every provider
// declares them.
var registeredClaims = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

// validateKnownClaims checks a provider's claims.known list (p is the claims
// object): claim paths, no duplicates.
func (c *ClaimPaths) validateKnownClaims(p path, errs *errorList) {
	kp := p.key("known")
	validateStrings(kp, c.Known, "claim", errs)
	for i, k := range c.Known {
		if k != "" && !validClaimPath(k) {
			errs.add(kp.index(i), ErrInvalid, fmt.Sprintf("invalid claim path %q (want names joined by dots, like realm_access.roles)", k))
		}
	}
}

// validateClaimNames checks that every claim an allow rule tests (claims, and
// owner.claim) or a request_headers value reads ({claims.x}) is declared by
// one of the route's JWT providers, so a misspelt claim is a load error rather
// than a rule that never matches or a header that is never set.
func (pol *Policy) validateClaimNames(p path, errs *errorList) {
	for i := range pol.Routes {
		r := &pol.Routes[i]
		if (r.Allow == nil && r.RequestHeaders == nil) || len(r.Identity) == 0 {
			continue
		}
		var providers []*JWTProvider
		var where []string
		if pol.Identity != nil {
			for j := range pol.Identity.JWT {
				if slices.Contains(r.Identity, pol.Identity.JWT[j].Name) {
					providers = append(providers, &pol.Identity.JWT[j])
					where = append(where, fmt.Sprintf("identity.jwt[%d].claims.known", j))
				}
			}
		}
		check := func(cp path, claim string) {
			switch {
			case claim == "":
				// reported by Rule.validate
			case len(providers) == 0:
				errs.add(cp, ErrInvalid, fmt.Sprintf("claim %q: the route's identities are API keys, which carry no claims", claim))
			case !slices.ContainsFunc(providers, func(pr *JWTProvider) bool { return pr.declares(claim) }):
				errs.add(cp, ErrInvalid, fmt.Sprintf("unknown claim %q: no JWT provider of the route declares it (list it in %s)",
					claim, strings.Join(where, " or ")))
			}
		}
		if r.RequestHeaders != nil {
			for _, t := range r.RequestHeaders.SetTemplates {
				for _, part := range t.Value.Parts {
					if part.Kind == PartClaim {
						check(p.key("routes").index(i).key("request_headers").key("set").key(t.Name), part.Value)
					}
				}
			}
		}
		if r.Allow == nil {
			continue
		}
		r.Allow.walk(p.key("routes").index(i).key("allow"), func(rp path, rule *Rule) {
			names := make([]string, 0, len(rule.Claims))
			for name := range rule.Claims {
				names = append(names, name)
			}
			sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
			for _, name := range names {
				check(rp.key("claims").key(name), name)
			}
			if rule.Owner != nil {
				check(rp.key("owner").key("claim"), rule.Owner.Claim)
			}
		})
	}
}

// declares reports whether claim is one the provider's tokens are known to
// carry: registered, its roles or scopes path, a forwarded claim, or listed in
// claims.known — or a member of one of those.
func (pr *JWTProvider) declares(claim string) bool {
	under := func(known string) bool { return claim == known || strings.HasPrefix(claim, known+".") }
	if slices.ContainsFunc(registeredClaims, under) || slices.ContainsFunc(pr.Claims.Known, under) ||
		under(pr.Claims.RolesPath()) || under(pr.Claims.ScopesPath()) {
		return true
	}
	for _, c := range pr.Forward {
		if under(c) {
			return true
		}
	}
	return false
}
