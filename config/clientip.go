package config

import "fmt"

// ClientIP is a client_ip section: policy-wide, how to find the client's
// address and which addresses may call at all; on a route, which may call it.
//
// Allow and Deny list addresses or CIDR prefixes (IPv4 and IPv6): "10.0.0.0/8",
// "2001:db8::/32", "203.0.113.7". A client on the deny list is refused; with an
// allow list, a client not on it is refused too.
type ClientIP struct {
	// TrustedHops (policy-wide only) is the number of proxies in front of Envoy
	// that append the address they saw to X-Forwarded-For. 0 (the default): the
	// client is the peer that connected to Envoy, and X-Forwarded-For is
	// ignored. n: the client is the n-th address from the right of
	// X-Forwarded-For (the one the outermost trusted proxy saw); a header with
	// fewer entries falls back to the peer address. At most 10.
	TrustedHops int `json:"trusted_hops"`

	Allow []string `json:"allow"`
	Deny  []string `json:"deny"`

	// AllowPrefixes and DenyPrefixes are Allow and Deny, parsed. Filled in by
	// Parse.
	AllowPrefixes []Prefix `json:"-"`
	DenyPrefixes  []Prefix `json:"-"`
}

// MaxTrustedHops bounds client_ip.trusted_hops.
const MaxTrustedHops = 10

func (c *ClientIP) validate(p path, errs *errorList) {
	if c.TrustedHops < 0 || c.TrustedHops > MaxTrustedHops {
		errs.add(p.key("trusted_hops"), ErrInvalid, fmt.Sprintf("must be between 0 and %d", MaxTrustedHops))
	}
	c.AllowPrefixes = parsePrefixes(p.key("allow"), c.Allow, errs)
	c.DenyPrefixes = parsePrefixes(p.key("deny"), c.Deny, errs)
}

// validateRouteClientIP refuses the policy-wide setting on a route.
func (r *Route) validateClientIP(p path, errs *errorList) {
	if r.ClientIP != nil && r.ClientIP.TrustedHops != 0 {
		errs.add(p.key("client_ip").key("trusted_hops"), ErrInvalid,
			"is policy-wide: set it in the top-level client_ip")
	}
}

func parsePrefixes(p path, list []string, errs *errorList) []Prefix {
	if list != nil && len(list) == 0 {
		errs.add(p, ErrInvalid, "must not be empty")
	}
	var out []Prefix
	for i, s := range list {
		pfx, ok := ParsePrefix(s)
		if !ok {
			errs.add(p.index(i), ErrInvalid, fmt.Sprintf("invalid address or CIDR prefix %q (want e.g. 10.0.0.0/8 or 2001:db8::/32)", s))
			continue
		}
		out = append(out, pfx)
	}
	return out
}
