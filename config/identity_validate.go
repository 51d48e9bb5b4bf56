package config

import (
	"fmt"
	"strings"
	"time"
)

// This file holds the rules of the identity section and of routes' identity
// lists. See validate.go for how the decoder calls them.

const nameSyntax = "^[a-z0-9][a-z0-9_.-]{0,63}$"

func (id *Identity) validate(p path, errs *errorList) {
	first := map[string]path{}
	check := func(name string, np path) {
		if !validRouteID(name) {
			return // reported by the provider or key set
		}
		if prev, ok := first[name]; ok {
			errs.add(np, ErrInvalid, fmt.Sprintf("duplicate identity name %q (first at %s)", name, prev))
			return
		}
		first[name] = np
	}
	for i := range id.JWT {
		check(id.JWT[i].Name, p.key("jwt").index(i).key("name"))
	}
	for i := range id.APIKeys {
		check(id.APIKeys[i].Name, p.key("api_keys").index(i).key("name"))
	}
	if id.CacheSize != nil && (*id.CacheSize < 0 || *id.CacheSize > MaxCacheSize) {
		errs.add(p.key("cache_size"), ErrInvalid, fmt.Sprintf("must be between 0 and %d", MaxCacheSize))
	}
}

// names returns every identity name of the section, in policy order.
func (id *Identity) names() map[string]bool {
	out := map[string]bool{}
	if id == nil {
		return out
	}
	for i := range id.JWT {
		out[id.JWT[i].Name] = true
	}
	for i := range id.APIKeys {
		out[id.APIKeys[i].Name] = true
	}
	return out
}

func (jp *JWTProvider) validate(p path, errs *errorList) {
	if !validRouteID(jp.Name) {
		errs.add(p.key("name"), ErrInvalid, fmt.Sprintf("invalid name %q (want %s)", jp.Name, nameSyntax))
	}
	if jp.Issuer == "" {
		errs.add(p.key("issuer"), ErrInvalid, "must not be empty")
	}
	validateStrings(p.key("audiences"), jp.Audiences, "audience", errs)

	var firstHS, firstAsym Algorithm
	var secretNeed int
	if len(jp.Algorithms) == 0 {
		errs.add(p.key("algorithms"), ErrInvalid, "must not be empty")
	}
	known := true
	for i, a := range jp.Algorithms {
		if a == "" {
			known = false // failed to decode; the key rules below would guess
			continue
		}
		if containsAlgorithm(jp.Algorithms[:i], a) {
			errs.add(p.key("algorithms").index(i), ErrInvalid, fmt.Sprintf("duplicate algorithm %q", string(a)))
		}
		switch {
		case a.Symmetric():
			if firstHS == "" {
				firstHS = a
			}
			secretNeed = max(secretNeed, hsKeyBytes(a))
		case firstAsym == "":
			firstAsym = a
		}
	}

	switch {
	case !known:
	case firstHS != "" && jp.Secret == "":
		errs.add(p, ErrInvalid, fmt.Sprintf("algorithm %s needs a secret", firstHS))
	case firstHS == "" && jp.Secret != "":
		errs.add(p.key("secret"), ErrInvalid, "only HS algorithms use a secret")
	case jp.Secret != "":
		key, ok := decodeBase64(jp.Secret)
		switch {
		case !ok:
			errs.add(p.key("secret"), ErrInvalid, "not valid base64 (want standard base64 with padding)")
		case len(key) < secretNeed:
			errs.add(p.key("secret"), ErrInvalid, fmt.Sprintf("is %d bytes; %s needs at least %d", len(key), strongestHS(jp.Algorithms), secretNeed))
		default:
			jp.SecretKey = key
		}
	}
	switch {
	case !known:
	case firstAsym != "" && jp.JWKS == nil:
		errs.add(p, ErrInvalid, fmt.Sprintf("algorithm %s needs a jwks", firstAsym))
	case len(jp.Algorithms) > 0 && firstAsym == "" && jp.JWKS != nil:
		errs.add(p.key("jwks"), ErrInvalid, "only asymmetric algorithms use a jwks (HS algorithms use the secret)")
	}

	validateSources(p.key("from"), jp.From, true, errs)
	if jp.ClockSkew != nil && time.Duration(*jp.ClockSkew) > 10*time.Minute {
		errs.add(p.key("clock_skew"), ErrInvalid, "must be at most 10m0s")
	}
	for header, claim := range jp.Forward {
		hp := p.key("forward").key(header)
		if msg := forwardHeaderProblem(header); msg != "" {
			errs.add(hp, ErrInvalid, msg)
		} else if !validClaimPath(claim) {
			errs.add(hp, ErrInvalid, fmt.Sprintf("invalid claim path %q (want names joined by dots, like realm_access.roles)", claim))
		}
	}
	if jp.Claims.Roles != "" && !validClaimPath(jp.Claims.Roles) {
		errs.add(p.key("claims").key("roles"), ErrInvalid, fmt.Sprintf("invalid claim path %q (want names joined by dots, like realm_access.roles)", jp.Claims.Roles))
	}
	if jp.Claims.Scopes != "" && !validClaimPath(jp.Claims.Scopes) {
		errs.add(p.key("claims").key("scopes"), ErrInvalid, fmt.Sprintf("invalid claim path %q (want names joined by dots, like realm_access.roles)", jp.Claims.Scopes))
	}
	jp.Claims.validateKnownClaims(p.key("claims"), errs)
}

func containsAlgorithm(as []Algorithm, a Algorithm) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

// hsKeyBytes is the minimum HMAC key length of an HS algorithm (its hash size,
// RFC 7518 §3.2).
func hsKeyBytes(a Algorithm) int {
	switch a {
	case HS384:
		return 48
	case HS512:
		return 64
	}
	return 32
}

func strongestHS(as []Algorithm) Algorithm {
	best := Algorithm("")
	for _, a := range as {
		if a.Symmetric() && (best == "" || hsKeyBytes(a) > hsKeyBytes(best)) {
			best = a
		}
	}
	return best
}

func (j *JWKS) validate(p path, errs *errorList) {
	if (j.Inline == nil) == (j.Remote == nil) {
		errs.add(p, ErrInvalid, "must have exactly one of inline or remote")
	}
}

func (s *InlineJWKS) validate(p path, errs *errorList) {
	if len(s.Keys) == 0 {
		errs.add(p.key("keys"), ErrInvalid, "must not be empty")
	}
	first := map[string]path{}
	for i, k := range s.Keys {
		if k.Kid == "" {
			continue
		}
		kp := p.key("keys").index(i).key("kid")
		if prev, ok := first[k.Kid]; ok {
			errs.add(kp, ErrInvalid, fmt.Sprintf("duplicate kid %q (first at %s)", k.Kid, prev))
			continue
		}
		first[k.Kid] = kp
	}
}

func (k *JWK) validate(p path, errs *errorList) {
	var need []string
	switch k.Kty {
	case "RSA":
		need = []string{"n", "e"}
	case "EC":
		need = []string{"crv", "x", "y"}
	case "OKP":
		need = []string{"crv", "x"}
	case "oct":
		errs.add(p.key("kty"), ErrInvalid, `symmetric keys (kty "oct") do not belong in a JWKS; use the provider's secret`)
		return
	default:
		errs.add(p.key("kty"), ErrInvalid, fmt.Sprintf("unknown key type %q (want RSA, EC or OKP)", k.Kty))
		return
	}
	have := map[string]string{"n": k.N, "e": k.E, "crv": k.Crv, "x": k.X, "y": k.Y}
	for _, f := range need {
		if have[f] == "" {
			errs.add(p, ErrInvalid, fmt.Sprintf("missing required field %q for kty %s", f, k.Kty))
		}
	}
	if k.Use != "" && k.Use != "sig" {
		errs.add(p.key("use"), ErrInvalid, fmt.Sprintf(`use %q cannot verify tokens (want "sig")`, k.Use))
	}
	if k.Alg != "" {
		var a Algorithm
		if err := a.decodeString(k.Alg); err != nil || a.Symmetric() {
			errs.add(p.key("alg"), ErrInvalid, fmt.Sprintf("unknown signature algorithm %q for a public key", k.Alg))
		}
	}
}

func (r *RemoteJWKS) validate(p path, errs *errorList) {
	if r.Cluster == "" {
		errs.add(p.key("cluster"), ErrInvalid, "must not be empty")
	}
	if !strings.HasPrefix(r.Path, "/") {
		errs.add(p.key("path"), ErrInvalid, `must start with "/"`)
	}
	if r.Refresh != nil && time.Duration(*r.Refresh) < MinJWKSRefresh {
		errs.add(p.key("refresh"), ErrInvalid, "must be at least "+MinJWKSRefresh.String())
	}
	if r.Timeout != nil && *r.Timeout == 0 {
		errs.add(p.key("timeout"), ErrInvalid, "must be more than 0s")
	}
}

func (s *CredentialSource) validate(p path, errs *errorList) {
	n := 0
	for _, v := range []string{s.Header, s.Cookie, s.Query} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		errs.add(p, ErrInvalid, "must have exactly one of header, cookie or query")
		return
	}
	switch {
	case s.Prefix != "" && s.Header == "":
		errs.add(p.key("prefix"), ErrInvalid, "only a header source has a prefix")
	case s.Header != "" && !validHeaderName(s.Header):
		errs.add(p.key("header"), ErrInvalid, fmt.Sprintf("invalid header name %q (want a lowercase token)", s.Header))
	case s.Cookie != "" && !validToken(s.Cookie):
		errs.add(p.key("cookie"), ErrInvalid, fmt.Sprintf("invalid cookie name %q", s.Cookie))
	case s.Query != "" && !validToken(s.Query):
		errs.add(p.key("query"), ErrInvalid, fmt.Sprintf("invalid query parameter name %q", s.Query))
	}
}

// validateSources checks a from list as a whole; each source checks itself.
func validateSources(p path, from []CredentialSource, cookies bool, errs *errorList) {
	if from != nil && len(from) == 0 {
		errs.add(p, ErrInvalid, "must not be empty (omit it for the default)")
	}
	for i, s := range from {
		if !cookies && s.Cookie != "" {
			errs.add(p.index(i).key("cookie"), ErrInvalid, "API keys are read from a header or a query parameter")
		}
		for j := range from[:i] {
			if from[j] == s {
				errs.add(p.index(i), ErrInvalid, fmt.Sprintf("duplicate source (first at %s)", p.index(j)))
				break
			}
		}
	}
}

func (s *APIKeySet) validate(p path, errs *errorList) {
	if !validRouteID(s.Name) {
		errs.add(p.key("name"), ErrInvalid, fmt.Sprintf("invalid name %q (want %s)", s.Name, nameSyntax))
	}
	validateSources(p.key("from"), s.From, false, errs)
	if s.ForwardID != "" {
		if msg := forwardHeaderProblem(s.ForwardID); msg != "" {
			errs.add(p.key("forward_id"), ErrInvalid, msg)
		}
	}
	if s.Keys != nil && len(s.Keys) == 0 {
		errs.add(p.key("keys"), ErrInvalid, "must not be empty")
	}
	ids := map[string]path{}
	sums := map[string]path{}
	for i, k := range s.Keys {
		kp := p.key("keys").index(i)
		if validRouteID(k.ID) {
			if prev, ok := ids[k.ID]; ok {
				errs.add(kp.key("id"), ErrInvalid, fmt.Sprintf("duplicate key id %q (first at %s)", k.ID, prev))
			} else {
				ids[k.ID] = kp.key("id")
			}
		}
		if validSHA256(k.SHA256) {
			sum := strings.ToLower(k.SHA256)
			if prev, ok := sums[sum]; ok {
				errs.add(kp.key("sha256"), ErrInvalid, fmt.Sprintf("duplicate key hash (first at %s)", prev))
			} else {
				sums[sum] = kp.key("sha256")
			}
		}
	}
}

func (k *APIKey) validate(p path, errs *errorList) {
	if !validRouteID(k.ID) {
		errs.add(p.key("id"), ErrInvalid, fmt.Sprintf("invalid key id %q (want %s)", k.ID, nameSyntax))
	}
	if !validSHA256(k.SHA256) {
		errs.add(p.key("sha256"), ErrInvalid, "want 64 hex digits (the SHA-256 of the key, not the key)")
	}
	validateStrings(p.key("roles"), k.Roles, "role", errs)
}

// validateRouteIdentity checks a route's identity list against its public flag.
func (r *Route) validateIdentity(p path, errs *errorList) {
	if r.Identity == nil {
		return
	}
	ip := p.key("identity")
	if r.Public {
		errs.add(ip, ErrInvalid, "a public route takes no identity (remove public or identity)")
		return
	}
	validateStrings(ip, r.Identity, "identity", errs)
}

// validateIdentityNames reports route identity names that the identity section
// does not define.
func (pol *Policy) validateIdentityNames(p path, errs *errorList) {
	known := pol.Identity.names()
	for i := range pol.Routes {
		for j, name := range pol.Routes[i].Identity {
			if name != "" && !known[name] {
				errs.add(p.key("routes").index(i).key("identity").index(j), ErrInvalid,
					fmt.Sprintf("unknown identity %q (want a name from identity.jwt or identity.api_keys)", name))
			}
		}
	}
}

// validateStrings checks a list of names: present means not empty, no empty
// entries, no duplicates.
func validateStrings(p path, ss []string, what string, errs *errorList) {
	if ss != nil && len(ss) == 0 {
		errs.add(p, ErrInvalid, "must not be empty")
	}
	for i, s := range ss {
		switch {
		case s == "":
			errs.add(p.index(i), ErrInvalid, "must not be empty")
		case containsString(ss[:i], s):
			errs.add(p.index(i), ErrInvalid, fmt.Sprintf("duplicate %s %q", what, s))
		}
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// forwardHeaderProblem says why a header cannot carry forwarded identity data,
// or returns "".
func forwardHeaderProblem(h string) string {
	if !validHeaderName(h) {
		return fmt.Sprintf("invalid header name %q (want a lowercase token)", h)
	}
	switch h {
	case "authorization", "cookie", "host", "content-length", "content-type", "transfer-encoding",
		"connection", "te", "upgrade", "keep-alive", "proxy-authorization", "x-forwarded-for",
		"x-forwarded-proto", "x-request-id":
		return fmt.Sprintf("header %q cannot carry identity data", h)
	}
	if strings.HasPrefix(h, "x-envoy-") {
		return fmt.Sprintf("header %q cannot carry identity data (x-envoy- headers belong to Envoy)", h)
	}
	return ""
}

// validHeaderName reports whether h is a lowercase HTTP token (RFC 9110 §5.6.2),
// the form Envoy delivers header names in.
func validHeaderName(h string) bool {
	return validToken(h) && strings.ToLower(h) == h
}

// validToken reports whether s is a non-empty RFC 9110 token.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

// validClaimPath reports whether s is one or more non-empty claim names joined
// by dots, without spaces or control characters.
func validClaimPath(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			if part[i] <= ' ' || part[i] == 0x7f {
				return false
			}
		}
	}
	return true
}

// validSHA256 reports whether s is 64 hex digits.
func validSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
