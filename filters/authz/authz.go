// Package authz judges an authenticated caller against a route's allow rule:
// scopes (all of), roles (any of, all of), claim values, resource ownership
// (a path parameter equal to a claim), and the any/all/not combinators. A rule
// is compiled once per policy; Allow runs per request and does not allocate
// unless a claim has to be turned into text.
package authz

import (
	"slices"
	"sort"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/authn"
)

// Rule is a compiled allow rule.
type Rule struct {
	scopes, roles, allRoles []string
	claims                  []claimRule
	owner                   *config.Owner
	authenticated           bool
	any, all                []*Rule
	not                     *Rule
}

type claimRule struct {
	path   string
	values []string
}

// Compile turns a parsed allow rule into a Rule.
func Compile(r *config.Rule) *Rule {
	c := &Rule{scopes: r.Scopes, roles: r.Roles, allRoles: r.AllRoles, owner: r.Owner, authenticated: r.Authenticated}
	for path, values := range r.Claims {
		c.claims = append(c.claims, claimRule{path: path, values: values})
	}
	sort.Slice(c.claims, func(i, j int) bool { return c.claims[i].path < c.claims[j].path })
	for i := range r.Any {
		c.any = append(c.any, Compile(&r.Any[i]))
	}
	for i := range r.All {
		c.all = append(c.all, Compile(&r.All[i]))
	}
	if r.Not != nil {
		c.not = Compile(r.Not)
	}
	return c
}

// Allow reports whether p may use the route, given the route's bound path
// parameters. When not, the reason names the first condition that failed:
// scope_missing, role_missing, claim_mismatch, not_owner, or access_denied for a
// combinator (any, not) with no single condition to blame.
func (r *Rule) Allow(p *authn.Principal, params []filters.Param) (bool, filters.Reason) {
	for _, s := range r.scopes {
		if !slices.Contains(p.Scopes, s) {
			return false, filters.ReasonScopeMissing
		}
	}
	if len(r.roles) > 0 && !slices.ContainsFunc(r.roles, func(role string) bool { return slices.Contains(p.Roles, role) }) {
		return false, filters.ReasonRoleMissing
	}
	for _, role := range r.allRoles {
		if !slices.Contains(p.Roles, role) {
			return false, filters.ReasonRoleMissing
		}
	}
	for _, c := range r.claims {
		if !claimMatches(p, c.path, c.values) {
			return false, filters.ReasonClaimMismatch
		}
	}
	if r.owner != nil && !owns(p, r.owner, params) {
		return false, filters.ReasonNotOwner
	}
	for _, sub := range r.all {
		if ok, reason := sub.Allow(p, params); !ok {
			return false, reason
		}
	}
	if len(r.any) > 0 {
		var first filters.Reason
		found := false
		for _, sub := range r.any {
			ok, reason := sub.Allow(p, params)
			if ok {
				found = true
				break
			}
			if first == "" {
				first = reason
			}
		}
		if !found {
			if len(r.any) == 1 {
				return false, first
			}
			return false, filters.ReasonAccessDenied
		}
	}
	if r.not != nil {
		if ok, _ := r.not.Allow(p, params); ok {
			return false, filters.ReasonAccessDenied
		}
	}
	return true, ""
}

// claimMatches reports whether the claim at path, as text, is one of values (or,
// for an array claim, whether it contains one of them).
func claimMatches(p *authn.Principal, path string, values []string) bool {
	return p.Claims != nil && p.Claims.OneOf(path, values)
}

// owns reports whether the route parameter named by o equals the claim o names.
func owns(p *authn.Principal, o *config.Owner, params []filters.Param) bool {
	if p.Claims == nil {
		return false
	}
	claim, ok := p.Claims.Text(o.Claim)
	if !ok || claim == "" {
		return false
	}
	for _, prm := range params {
		if prm.Name == o.Param {
			return prm.Value == claim
		}
	}
	return false
}
