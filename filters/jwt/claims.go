package jwt

import (
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"gatehouse/jsontree"
)

// Claims is the verified payload of a token: the registered claims Gatehouse
// checks, typed, and every claim for lookups. Treat it as read-only; the cache
// shares it between requests.
type Claims struct {
	Issuer   string
	Subject  string
	Audience []string // aud as an array, whether the token wrote a string or an array
	// Expiry, NotBefore and IssuedAt are Unix seconds; Has* say whether present.
	Expiry, NotBefore, IssuedAt          int64
	HasExpiry, HasNotBefore, HasIssuedAt bool

	// root is the payload object, for Lookup: set by parse, or built from
	// payload on the first lookup of a claim that is present (the cache shares
	// Claims between requests, so it is set atomically).
	root atomic.Pointer[jsontree.Node]
	// payload is the claim set when flatClaims read it (root not built yet).
	payload string
	// aud1 holds Audience when aud is one string, so typing it allocates nothing.
	aud1 [1]string
}

// parseClaims decodes a payload and types its registered claims. A claim of the
// wrong type (exp as a string, aud as a number, iss not a string) is
// ErrTokenMalformed. Other claims are read when looked up.
func parseClaims(payload []byte) (*Claims, error) {
	c := &Claims{}
	var idx flatIndex
	if err := c.parse(string(payload), &idx); err != nil {
		return nil, err
	}
	return c, nil
}

// parse is parseClaims into c, from a string the claims keep: flatClaims
// reads the common claim set in one scan into idx (for Verify's peek; n = 0
// when it did not), and the tree everything else.
func (c *Claims) parse(payload string, idx *flatIndex) error {
	if c.flatClaims(payload, idx) {
		c.payload = payload
		return nil
	}
	// The scan gave up: start afresh from the tree, which names the problem.
	c.Issuer, c.Subject, c.Audience = "", "", nil
	c.Expiry, c.NotBefore, c.IssuedAt = 0, 0, 0
	c.HasExpiry, c.HasNotBefore, c.HasIssuedAt = false, false, false
	idx.n = 0
	return c.parseTree(payload)
}

// parseTree is parse from the payload's tree, into a zero c.
func (c *Claims) parseTree(payload string) error {
	root, err := parseObjectString(payload)
	if err != nil {
		return errorf("%w: payload: %v", ErrTokenMalformed, err)
	}
	c.root.Store(root)
	for i := range root.Members {
		m := &root.Members[i]
		switch m.Key {
		case "iss", "sub":
			if m.Val.Kind != jsontree.String {
				return errorf("%w: claim %s is not a string", ErrTokenMalformed, m.Key)
			}
			if m.Key == "iss" {
				c.Issuer = m.Val.Str
			} else {
				c.Subject = m.Val.Str
			}
		case "aud":
			if err := c.setAudience(m.Val); err != nil {
				return err
			}
		case "exp", "nbf", "iat":
			n, ok := numericDate(m.Val)
			if !ok {
				return numericDateError(m.Key, m.Val)
			}
			c.setTime(m.Key, n)
		}
	}
	return nil
}

// setAudience types aud: a string or an array of strings.
func (c *Claims) setAudience(aud *jsontree.Node) error {
	switch aud.Kind {
	case jsontree.Null:
		return errorf("%w: claim aud is null", ErrTokenMalformed)
	case jsontree.String:
		c.aud1[0] = aud.Str
		c.Audience = c.aud1[:]
	case jsontree.Array:
		c.Audience = make([]string, len(aud.Elems))
		for i, a := range aud.Elems {
			if a.Kind != jsontree.String {
				return errorf("%w: claim aud has a non-string entry", ErrTokenMalformed)
			}
			c.Audience[i] = a.Str
		}
	default:
		return errorf("%w: claim aud is neither a string nor an array", ErrTokenMalformed)
	}
	return nil
}

// numericDate reads a NumericDate (RFC 7519 §2): a JSON number of seconds,
// possibly fractional (truncated toward the past). false: not a number, or out
// of range (numericDateError says which).
func numericDate(n *jsontree.Node) (int64, bool) {
	if n.Kind != jsontree.Number {
		return 0, false
	}
	return numericLiteral(n.Str)
}

// numericLiteral is numericDate of a number literal.
func numericLiteral(s string) (int64, bool) {
	if i, ok := smallInt(s); ok {
		return i, true
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f > math.MaxInt64/2 || f < math.MinInt64/2 {
		return 0, false
	}
	return int64(math.Floor(f)), true
}

// smallInt reads a number literal of at most 18 digits, without sign,
// fraction or exponent (every real timestamp): strconv.ParseInt's generality
// costs more inside the .wasm than the loop.
func smallInt(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		v = v*10 + int64(d)
	}
	return v, true
}

// numericDateError is the error for claim name whose value n numericDate refused.
func numericDateError(name string, n *jsontree.Node) error {
	if n.Kind != jsontree.Number {
		return errorf("%w: claim %s is not a number", ErrTokenMalformed, name)
	}
	return errorf("%w: claim %s is out of range", ErrTokenMalformed, name)
}

// Rules are the claim checks of one provider, taken from its policy.
type Rules struct {
	Issuer      string
	Audiences   []string
	Skew        time.Duration
	RequireExp  bool
	MaxLifetime time.Duration // 0: no limit
}

// Validate checks c against the rules at time now: iss (ErrIssuerMismatch), aud
// (ErrAudienceMismatch) and then the times (see ValidateTime).
func (c *Claims) Validate(r *Rules, now time.Time) error {
	if c.Issuer != r.Issuer {
		return errorf("%w: iss %q", ErrIssuerMismatch, truncate(c.Issuer))
	}
	if !c.hasAudience(r.Audiences) {
		return errorf("%w: aud %q", ErrAudienceMismatch, truncate(strings.Join(c.Audience, ",")))
	}
	return c.ValidateTime(r, now)
}

// ValidateTime checks the time claims at now, with the rules' skew: a missing
// exp when required, or a missing iat when MaxLifetime is set, is
// ErrTokenMalformed; now at or after exp+skew is ErrTokenExpired, as is a
// lifetime (exp - iat) over MaxLifetime; nbf or iat after now+skew is
// ErrTokenNotYetValid. The cache calls it again on every hit.
func (c *Claims) ValidateTime(r *Rules, now time.Time) error {
	t := now.Unix()
	skew := int64(r.Skew / time.Second)
	switch {
	case !c.HasExpiry && r.RequireExp:
		return errorf("%w: exp claim is required", ErrTokenMalformed)
	case c.HasExpiry && t >= satAdd(c.Expiry, skew):
		return errorf("%w: exp %d, now %d, skew %ds", ErrTokenExpired, c.Expiry, t, skew)
	case c.HasNotBefore && c.NotBefore > satAdd(t, skew):
		return errorf("%w: nbf %d, now %d, skew %ds", ErrTokenNotYetValid, c.NotBefore, t, skew)
	case c.HasIssuedAt && c.IssuedAt > satAdd(t, skew):
		return errorf("%w: iat %d is in the future (now %d, skew %ds)", ErrTokenNotYetValid, c.IssuedAt, t, skew)
	}
	if r.MaxLifetime > 0 {
		max := int64(r.MaxLifetime / time.Second)
		switch {
		case !c.HasIssuedAt || !c.HasExpiry:
			return errorf("%w: max_lifetime needs exp and iat claims", ErrTokenMalformed)
		case c.Expiry-c.IssuedAt > max:
			return errorf("%w: lifetime %ds exceeds max_lifetime %ds", ErrTokenExpired, c.Expiry-c.IssuedAt, max)
		}
	}
	return nil
}

func (c *Claims) hasAudience(want []string) bool {
	for _, a := range c.Audience {
		for _, w := range want {
			if a == w {
				return true
			}
		}
	}
	return false
}

// satAdd adds without overflowing.
func satAdd(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// truncate shortens a claim for a log line. (Out of line: an error path,
// inlined 11 times.)
//
//go:noinline
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// setTime records the time claim name ("exp", "nbf" or "iat") as n, in
// seconds since the epoch.
func (c *Claims) setTime(name string, n int64) {
	switch name {
	case "exp":
		c.Expiry, c.HasExpiry = n, true
	case "nbf":
		c.NotBefore, c.HasNotBefore = n, true
	default:
		c.IssuedAt, c.HasIssuedAt = n, true
	}
}
