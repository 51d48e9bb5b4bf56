package ratelimit

import (
	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/authn"
)

// FNV-1a, 64 bit: cheap, allocation-free, and the same in every VM (the
// buckets are shared, so every worker must hash a key to the same slot).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvByte, fnvBytes and fnvString fold data into an FNV-1a hash. Strings go
// in with their length first, so parts cannot run into each other.
func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

func fnvBytes(h uint64, b []byte) uint64 {
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

func fnvString(h uint64, s string) uint64 {
	n := uint32(len(s))
	h = fnvByte(fnvByte(fnvByte(fnvByte(h, byte(n>>24)), byte(n>>16)), byte(n>>8)), byte(n))
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// subject is what a key may be built from: the request, its matched route and
// who it authenticated as.
type subject struct {
	req       *filters.Request
	route     string
	principal *authn.Principal
}

// keyHash hashes the limit's name and the values of its key sources for the
// request; ok is false when a source has no value (the limit then does not
// count the request).
func keyHash(name string, keys []config.KeySource, s subject) (uint64, bool) {
	h := fnvString(fnvOffset, name)
	for _, k := range keys {
		h = fnvByte(h, byte(k.Kind))
		switch k.Kind {
		case config.KeyClientIP:
			if s.req.ClientIP == "" {
				return 0, false
			}
			ip, ok := config.ParseIP(s.req.ClientIP)
			if !ok {
				h = fnvString(h, s.req.ClientIP) // not an address (a test host?): use it as it is
				continue
			}
			b, v4 := ip.Masked(k.V4Bits, k.V6Bits)
			h = fnvBytes(h, b[:])
			if v4 {
				h = fnvByte(h, 4)
			}
		case config.KeyClaim:
			v, ok := claimText(s.principal, k.Name)
			if !ok {
				return 0, false
			}
			h = fnvString(h, v)
		case config.KeyAPIKey:
			if s.principal == nil || s.principal.Claims != nil || s.principal.Subject == "" {
				return 0, false
			}
			h = fnvString(fnvString(h, s.principal.Identity), s.principal.Subject)
		case config.KeyHeader:
			v, ok := s.req.Header(k.Name)
			if !ok {
				return 0, false
			}
			h = fnvString(h, v)
		case config.KeyRoute:
			h = fnvString(h, s.route)
		case config.KeyConst:
		}
	}
	return h, true
}

// claimText is the claim at path as text, for scalar claims (strings,
// numbers as written, booleans).
func claimText(p *authn.Principal, path string) (string, bool) {
	if p == nil || p.Claims == nil {
		return "", false
	}
	if path == "sub" && p.Subject != "" {
		return p.Subject, true // the token's sub, already read: no walk of the claims
	}
	return p.Claims.Text(path)
}
