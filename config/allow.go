package config

import "fmt"

// Rule is a route's allow rule: who, among the authenticated, may use the
// route. Every condition a rule states must hold; Any, All and Not combine
// rules. A route with identities and no allow rule lets every authenticated
// caller through; an allow rule needs identities (it has no one to judge on a
// public route).
type Rule struct {
	// Scopes the caller must all hold (a token's normalised scopes).
	Scopes []string `json:"scopes"`
	// Roles: the caller must hold at least one (token roles or API-key roles).
	Roles []string `json:"roles"`
	// AllRoles: the caller must hold every one.
	AllRoles []string `json:"all_roles"`
	// Claims maps a claim (a dotted path into the token's claims) to the values
	// accepted: the claim, as text (true, 42, or a string), must be one of them;
	// a claim that is an array must contain one of them. API-key callers have no
	// claims and never match.
	Claims map[string][]string `json:"claims"`
	// Owner grants access when a path parameter equals a claim: the caller owns
	// the resource ({param: id, claim: sub} for /orders/{id}).
	Owner *Owner `json:"owner"`
	// Authenticated, when true, holds for every authenticated caller (useful
	// inside any/not).
	Authenticated bool `json:"authenticated"`
	// Any holds when at least one of its rules holds.
	Any []Rule `json:"any"`
	// All holds when every one of its rules holds.
	All []Rule `json:"all"`
	// Not holds when its rule does not.
	Not *Rule `json:"not"`
}

// Owner ties a path parameter to a claim.
type Owner struct {
	// Param names a parameter of the route's path template.
	Param string `json:"param" policy:"required"`
	// Claim is a dotted path into the token's claims.
	Claim string `json:"claim" policy:"required"`
}

// empty reports whether the rule states nothing.
func (r *Rule) empty() bool {
	return r.Scopes == nil && r.Roles == nil && r.AllRoles == nil && r.Claims == nil && r.Owner == nil &&
		!r.Authenticated && r.Any == nil && r.All == nil && r.Not == nil
}

func (r *Rule) validate(p path, errs *errorList) {
	if r.empty() {
		errs.add(p, ErrInvalid, "an allow rule must state at least one condition")
	}
	validateStrings(p.key("scopes"), r.Scopes, "scope", errs)
	validateStrings(p.key("roles"), r.Roles, "role", errs)
	validateStrings(p.key("all_roles"), r.AllRoles, "role", errs)
	for claim, values := range r.Claims {
		cp := p.key("claims").key(claim)
		if claim == "" {
			errs.add(cp, ErrInvalid, "empty claim name")
		}
		if len(values) == 0 {
			errs.add(cp, ErrInvalid, "must list at least one accepted value")
		}
	}
	if r.Any != nil && len(r.Any) == 0 {
		errs.add(p.key("any"), ErrInvalid, "must not be empty")
	}
	if r.All != nil && len(r.All) == 0 {
		errs.add(p.key("all"), ErrInvalid, "must not be empty")
	}
}

// validateAllow checks a route's allow rule against the route: it needs
// identities, and owner parameters must exist in the path template.
func (r *Route) validateAllow(p path, errs *errorList) {
	if r.Allow == nil {
		return
	}
	ap := p.key("allow")
	if r.Public {
		errs.add(ap, ErrInvalid, "a public route takes no allow rule (remove public or allow)")
		return
	}
	if len(r.Identity) == 0 {
		errs.add(ap, ErrInvalid, "an allow rule needs the route's identity list (who is judged)")
	}
	r.Allow.walk(ap, func(rp path, rule *Rule) {
		if rule.Owner == nil || rule.Owner.Param == "" {
			return
		}
		if r.Match.Template.hasParam(rule.Owner.Param) {
			return
		}
		errs.add(rp.key("owner").key("param"), ErrInvalid,
			fmt.Sprintf("%q is not a parameter of the route's path %q", rule.Owner.Param, r.Match.Path))
	})
}

// walk calls f for r and every rule nested in it, with their paths.
func (r *Rule) walk(p path, f func(path, *Rule)) {
	f(p, r)
	for i := range r.Any {
		r.Any[i].walk(p.key("any").index(i), f)
	}
	for i := range r.All {
		r.All[i].walk(p.key("all").index(i), f)
	}
	if r.Not != nil {
		r.Not.walk(p.key("not"), f)
	}
}
