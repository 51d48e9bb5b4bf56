// Package clientip finds the client's address — the peer that connected to
// Envoy, or the address a configured number of trusted proxies recorded in
// X-Forwarded-For — and judges it against allow and deny lists of CIDR
// prefixes, policy-wide and per route. Compile once per policy; per request it
// parses one address and does not allocate. Addresses are parsed by config's
// small parser rather than net/netip, which would add ~190 KB to the .wasm.
package clientip

import (
	"strings"

	"gatehouse/config"
	"gatehouse/filters"
)

// Resolver finds the client address of a request.
type Resolver struct {
	trustedHops int
}

// NewResolver builds the policy's resolver (nil section: the peer address).
func NewResolver(c *config.ClientIP) *Resolver {
	if c == nil {
		return &Resolver{}
	}
	return &Resolver{trustedHops: c.TrustedHops}
}

// Resolve returns the client's address as text: with trusted hops, the
// trusted_hops-th address from the right of the X-Forwarded-For values (all
// copies of the header, in order); otherwise, or when the header has fewer
// entries or the entry is not an address, the peer address req.ClientIP.
func (r *Resolver) Resolve(req *filters.Request) string {
	if r.trustedHops == 0 {
		return req.ClientIP
	}
	need := r.trustedHops
	// Walk the X-Forwarded-For headers from the last one backwards, and each
	// one's entries from the right.
	for i := len(req.Headers) - 1; i >= 0; i-- {
		h := req.Headers[i]
		if h.Name != "x-forwarded-for" {
			continue
		}
		v := h.Value
		for v != "" {
			entry := v
			if j := strings.LastIndexByte(v, ','); j >= 0 {
				entry, v = v[j+1:], v[:j]
			} else {
				v = ""
			}
			need--
			if need == 0 {
				entry = strings.TrimSpace(entry)
				if _, ok := config.ParseIP(entry); !ok {
					return req.ClientIP
				}
				return entry
			}
		}
	}
	return req.ClientIP
}

// Rules are compiled allow and deny lists.
type Rules struct {
	allow, deny []config.Prefix
}

// Compile builds Rules from a client_ip section; nil when it lists nothing.
func Compile(c *config.ClientIP) *Rules {
	if c == nil || (len(c.AllowPrefixes) == 0 && len(c.DenyPrefixes) == 0) {
		return nil
	}
	return &Rules{allow: c.AllowPrefixes, deny: c.DenyPrefixes}
}

// Allowed reports whether the client address ip may call: not on the deny
// list, and on the allow list if there is one. An address that does not parse
// is refused when there are rules. A nil Rules allows everyone.
func (r *Rules) Allowed(ip string) bool {
	if r == nil {
		return true
	}
	a, ok := config.ParseIP(ip)
	if !ok {
		return false
	}
	for _, p := range r.deny {
		if p.Contains(a) {
			return false
		}
	}
	if len(r.allow) == 0 {
		return true
	}
	for _, p := range r.allow {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
