package config

import (
	"fmt"
	"strings"
	"time"
)

// RateLimit is one token-bucket limit: Rate requests per unit of time on
// average, at most Burst at once, counted separately for every key the By
// sources build. Policy-wide limits (the top-level rate_limits) apply to every
// request that would otherwise be let through; a route's limits apply to that
// route's requests, after the policy-wide ones. All limits that apply must
// admit a request.
type RateLimit struct {
	// Name identifies the limit in metrics (gatehouse.ratelimit.<name>.*), in the
	// RateLimit headers and in shared data. Required, unique in the policy, same
	// syntax as route ids.
	Name string `json:"name" policy:"required"`

	// Rate is the refill rate, "N/s", "N/m" or "N/h" (1 ≤ N ≤ 1,000,000,000).
	// Required.
	Rate Rate `json:"rate" policy:"required"`

	// Burst is the bucket size: how many requests a key may make at once after
	// being idle. Required, 1..MaxBurst.
	Burst int `json:"burst" policy:"required"`

	// By lists the key sources whose values, together, name a bucket (see
	// KeySource). Required, not empty, no duplicates.
	By []string `json:"by" policy:"required"`

	// OnError says what happens when the bucket cannot be read or updated (a
	// host error, or contention beyond the retries): "deny" (the default; 503)
	// or "allow". Either way the error is counted.
	OnError OnError `json:"on_error"`

	// Slots is the number of buckets in shared data for this limit: keys are
	// hashed onto them, so memory stays bounded however many keys arrive.
	// 0 means DefaultSlots; at most MaxSlots.
	Slots int `json:"slots"`

	// Headers adds RateLimit-Policy and RateLimit to responses (allowed and
	// limited). Absent means true.
	Headers *bool `json:"headers"`

	// Keys are By, parsed. Filled in by Parse.
	Keys []KeySource `json:"-"`
}

// Defaults and bounds of a rate limit.
const (
	DefaultSlots = 8192
	MaxSlots     = 1 << 20
	MaxBurst     = 1000000
	MaxRateCount = 1000000000
)

// SlotCount returns the effective number of slots.
func (l *RateLimit) SlotCount() int {
	if l.Slots == 0 {
		return DefaultSlots
	}
	return l.Slots
}

// SendHeaders reports whether the RateLimit headers are sent.
func (l *RateLimit) SendHeaders() bool { return l.Headers == nil || *l.Headers }

// Rate is a refill rate: Count requests per Per.
type Rate struct {
	Count int64
	Per   time.Duration
}

// String returns the policy spelling, e.g. "100/m".
func (r Rate) String() string {
	unit := "s"
	switch r.Per {
	case time.Minute:
		unit = "m"
	case time.Hour:
		unit = "h"
	}
	return fmt.Sprintf("%d/%s", r.Count, unit)
}

func (r *Rate) decodeString(s string) error {
	v, ok := ParseRate(s)
	if !ok {
		return errorf(`invalid rate %q (want N/s, N/m or N/h with 1 ≤ N ≤ %d, e.g. "100/m")`, s, MaxRateCount)
	}
	*r = v
	return nil
}

func (*Rate) describe() string { return `a rate string like "100/m"` }

// ParseRate parses "N/s", "N/m" or "N/h": N is decimal digits without sign or
// leading zeros, 1 ≤ N ≤ MaxRateCount.
func ParseRate(s string) (Rate, bool) {
	slash := strings.IndexByte(s, '/')
	if slash <= 0 || slash > 10 || len(s) != slash+2 || (s[0] == '0') {
		return Rate{}, false
	}
	var n int64
	for i := 0; i < slash; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return Rate{}, false
		}
		n = n*10 + int64(c-'0')
	}
	if n < 1 || n > MaxRateCount {
		return Rate{}, false
	}
	var per time.Duration
	switch s[slash+1] {
	case 's':
		per = time.Second
	case 'm':
		per = time.Minute
	case 'h':
		per = time.Hour
	default:
		return Rate{}, false
	}
	return Rate{Count: n, Per: per}, true
}

// OnError is what a rate limit does when its bucket cannot be used.
type OnError uint8

const (
	// OnErrorDeny refuses the request (503). The zero value and the default.
	OnErrorDeny OnError = iota
	// OnErrorAllow lets the request through.
	OnErrorAllow
)

// String returns the policy spelling: "deny" or "allow".
func (o OnError) String() string {
	if o == OnErrorAllow {
		return "allow"
	}
	return "deny"
}

func (o *OnError) decodeString(s string) error {
	switch s {
	case "deny":
		*o = OnErrorDeny
	case "allow":
		*o = OnErrorAllow
	default:
		return errorf("unknown on_error %q (want deny or allow)", s)
	}
	return nil
}

// KeyKind is where one part of a rate-limit key comes from.
type KeyKind uint8

// Key sources, as written in by:
//
//	client_ip        the client's address (see client_ip.trusted_hops)
//	client_ip/N      IPv4 addresses aggregated to /N (1..32), or, for N in
//	                 33..128, IPv6 addresses aggregated to /N; list both
//	                 ("client_ip/24", "client_ip/64") to aggregate both families
//	claim:PATH       a claim of the verified token (dotted path), e.g. claim:sub
//	api_key          the API key's set and id
//	header:NAME      a request header (client-controlled unless a trusted proxy sets it)
//	route            the matched route's id
//	const            one bucket for every request
//
// A request that lacks a source's value (no token claim, no API key, header
// absent) is not counted under that limit.
const (
	KeyClientIP KeyKind = iota + 1
	KeyClaim
	KeyAPIKey
	KeyHeader
	KeyRoute
	KeyConst
)

// KeySource is one parsed entry of a limit's by list. For KeyClientIP, V4Bits
// and V6Bits are the aggregation prefixes (32 and 128 when not aggregated); the
// client_ip entries of one list are merged into the first one. Name is the
// claim path or header name.
type KeySource struct {
	Kind           KeyKind
	Name           string
	V4Bits, V6Bits int
}

func (l *RateLimit) validate(p path, errs *errorList) {
	if !validRouteID(l.Name) {
		errs.add(p.key("name"), ErrInvalid, fmt.Sprintf("invalid name %q (want %s)", l.Name, nameSyntax))
	}
	if l.Burst < 1 || l.Burst > MaxBurst {
		errs.add(p.key("burst"), ErrInvalid, fmt.Sprintf("must be between 1 and %d", MaxBurst))
	}
	if l.Slots < 0 || l.Slots > MaxSlots {
		errs.add(p.key("slots"), ErrInvalid, fmt.Sprintf("must be between 1 and %d (0 or absent: %d)", MaxSlots, DefaultSlots))
	}
	bp := p.key("by")
	if l.By != nil && len(l.By) == 0 {
		errs.add(bp, ErrInvalid, "must not be empty")
	}
	l.Keys = l.Keys[:0]
	ipAt := -1 // index in Keys of the merged client_ip source
	plainSeen, v4Set, v6Set := false, false, false
	for i, s := range l.By {
		ep := bp.index(i)
		if containsString(l.By[:i], s) {
			errs.add(ep, ErrInvalid, fmt.Sprintf("duplicate key source %q", s))
			continue
		}
		k, msg := parseKeySource(s)
		if msg != "" {
			errs.add(ep, ErrInvalid, msg)
			continue
		}
		if k.Kind != KeyClientIP {
			l.Keys = append(l.Keys, k)
			continue
		}
		// Merge the client_ip entries: plain client_ip stands alone; each
		// client_ip/N sets one family's prefix.
		plain, v4, v6 := k.V4Bits == 32 && k.V6Bits == 128, k.V4Bits != 32, k.V6Bits != 128
		if ipAt >= 0 && (plain || plainSeen || v4 && v4Set || v6 && v6Set) {
			errs.add(ep, ErrInvalid, fmt.Sprintf("key source %q overlaps an earlier client_ip entry (list client_ip once, or client_ip/N once per address family)", s))
			continue
		}
		switch {
		case ipAt < 0:
			ipAt = len(l.Keys)
			l.Keys = append(l.Keys, k)
		case v4:
			l.Keys[ipAt].V4Bits = k.V4Bits
		default:
			l.Keys[ipAt].V6Bits = k.V6Bits
		}
		plainSeen, v4Set, v6Set = plainSeen || plain, v4Set || v4, v6Set || v6
	}
}

// parseKeySource parses one by entry; msg says what is wrong, or is empty.
func parseKeySource(s string) (KeySource, string) {
	const want = "client_ip, client_ip/N, claim:NAME, api_key, header:NAME, route or const"
	switch {
	case s == "client_ip":
		return KeySource{Kind: KeyClientIP, V4Bits: 32, V6Bits: 128}, ""
	case strings.HasPrefix(s, "client_ip/"):
		n, ok := smallInt(s[len("client_ip/"):])
		switch {
		case !ok || n < 1 || n > 128:
			return KeySource{}, fmt.Sprintf("invalid key source %q (client_ip/N takes N from 1 to 32 for IPv4, 33 to 128 for IPv6)", s)
		case n <= 32:
			return KeySource{Kind: KeyClientIP, V4Bits: n, V6Bits: 128}, ""
		default:
			return KeySource{Kind: KeyClientIP, V4Bits: 32, V6Bits: n}, ""
		}
	case strings.HasPrefix(s, "claim:"):
		if c := s[len("claim:"):]; validClaimPath(c) {
			return KeySource{Kind: KeyClaim, Name: c}, ""
		}
		return KeySource{}, fmt.Sprintf("invalid key source %q (want claim:NAME, e.g. claim:sub)", s)
	case strings.HasPrefix(s, "header:"):
		if h := s[len("header:"):]; validHeaderName(h) {
			return KeySource{Kind: KeyHeader, Name: h}, ""
		}
		return KeySource{}, fmt.Sprintf("invalid key source %q (want header:NAME with a lowercase header name)", s)
	case s == "api_key":
		return KeySource{Kind: KeyAPIKey}, ""
	case s == "route":
		return KeySource{Kind: KeyRoute}, ""
	case s == "const":
		return KeySource{Kind: KeyConst}, ""
	}
	return KeySource{}, fmt.Sprintf("unknown key source %q (want %s)", s, want)
}

// smallInt parses 1 to 3 decimal digits without a leading zero.
func smallInt(s string) (int, bool) {
	if s == "" || len(s) > 3 || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// validateRateLimitNames reports limit names used twice in the policy (they
// name metrics and shared-data entries).
func (pol *Policy) validateRateLimitNames(p path, errs *errorList) {
	first := map[string]path{}
	check := func(l *RateLimit, lp path) {
		if !validRouteID(l.Name) {
			return
		}
		if prev, ok := first[l.Name]; ok {
			errs.add(lp.key("name"), ErrInvalid, fmt.Sprintf("duplicate rate limit name %q (first at %s)", l.Name, prev))
			return
		}
		first[l.Name] = lp.key("name")
	}
	for i := range pol.RateLimits {
		check(&pol.RateLimits[i], p.key("rate_limits").index(i))
	}
	for i := range pol.Routes {
		for j := range pol.Routes[i].RateLimits {
			check(&pol.Routes[i].RateLimits[j], p.key("routes").index(i).key("rate_limits").index(j))
		}
	}
}

// validateRateLimitKeys refuses route limits keyed on what the route's
// requests cannot carry: claims on a route without a JWT identity, API-key ids
// on a route without an API-key set.
func (pol *Policy) validateRateLimitKeys(p path, errs *errorList) {
	jwt, keys := map[string]bool{}, map[string]bool{}
	if pol.Identity != nil {
		for i := range pol.Identity.JWT {
			jwt[pol.Identity.JWT[i].Name] = true
		}
		for i := range pol.Identity.APIKeys {
			keys[pol.Identity.APIKeys[i].Name] = true
		}
	}
	for i := range pol.Routes {
		r := &pol.Routes[i]
		hasJWT, hasKeys := false, false
		for _, name := range r.Identity {
			hasJWT = hasJWT || jwt[name]
			hasKeys = hasKeys || keys[name]
		}
		why := func(what string) string {
			if r.Public {
				return "the route is public"
			}
			return "the route accepts no " + what
		}
		for j := range r.RateLimits {
			for k, s := range r.RateLimits[j].By {
				bp := p.key("routes").index(i).key("rate_limits").index(j).key("by").index(k)
				switch {
				case strings.HasPrefix(s, "claim:") && !hasJWT:
					errs.add(bp, ErrInvalid, fmt.Sprintf("key source %q needs a JWT identity (%s)", s, why("JWT identity")))
				case s == "api_key" && !hasKeys:
					errs.add(bp, ErrInvalid, fmt.Sprintf("key source %q needs an API-key identity (%s)", s, why("API-key identity")))
				}
			}
		}
	}
}
