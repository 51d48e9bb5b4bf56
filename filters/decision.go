package filters

// Verdict is the outcome of a decision.
type Verdict uint8

// Verdicts.
const (
	// Allow lets the request through to the upstream.
	Allow Verdict = iota
	// Deny answers the client with a generic error instead.
	Deny
)

// String is "allow" or "deny", the words used in security events and metrics.
func (v Verdict) String() string {
	if v == Deny {
		return "deny"
	}
	return "allow"
}

// Reason is the machine-readable cause of a decision. It goes to the security
// event and the metrics, never to the client.
type Reason string

// Reason codes of the foundation. Later controls add their own (token_expired,
// scope_missing, rate_limited, ...).
const (
	// ReasonPublic: the matched route is marked public.
	ReasonPublic Reason = "public"
	// ReasonDefaultAllow: no route matched and the policy's default is allow.
	ReasonDefaultAllow Reason = "default_allow"
	// ReasonRouteNotFound: no route matched the path and the default is deny.
	ReasonRouteNotFound Reason = "route_not_found"
	// ReasonMethodNotAllowed: a route matched the path but not the method.
	ReasonMethodNotAllowed Reason = "method_not_allowed"
	// ReasonNoAllowRule: the route is not public and grants access to nobody.
	ReasonNoAllowRule Reason = "no_allow_rule"
	// ReasonInternalError: the filter failed (a recovered panic, a host error);
	// the request is refused (fail closed).
	ReasonInternalError Reason = "internal_error"
)

// Reason codes of authentication (filters/jwt, filters/apikey). Each answers 401
// with WWW-Authenticate (RFC 6750); the code goes to the event only.
const (
	// ReasonTokenMissing: the route needs an identity and the request carries no
	// token or API key in any configured source.
	ReasonTokenMissing Reason = "token_missing"
	// ReasonTokenMalformed: a credential was found but is not a well-formed,
	// acceptable token (segments, base64url, JSON, crit, b64, JWE, size, two
	// tokens in one request, claims of the wrong type, a required claim absent).
	ReasonTokenMalformed Reason = "token_malformed"
	// ReasonTokenExpired: exp is in the past (beyond the clock skew), or the
	// token lives longer than the provider's max_lifetime.
	ReasonTokenExpired Reason = "token_expired"
	// ReasonTokenNotYetValid: nbf, or iat, is in the future (beyond the skew).
	ReasonTokenNotYetValid Reason = "token_not_yet_valid"
	// ReasonIssuerMismatch: iss is absent or not the provider's issuer.
	ReasonIssuerMismatch Reason = "issuer_mismatch"
	// ReasonAudienceMismatch: aud is absent or names none of the audiences.
	ReasonAudienceMismatch Reason = "audience_mismatch"
	// ReasonAlgNotAllowed: alg is none, not in the provider's allowlist, HS
	// without a configured secret, or does not fit the key the kid names.
	ReasonAlgNotAllowed Reason = "alg_not_allowed"
	// ReasonKidUnknown: no key in the provider's key set has the token's kid.
	ReasonKidUnknown Reason = "kid_unknown"
	// ReasonSignatureInvalid: the signature does not verify with the key.
	ReasonSignatureInvalid Reason = "signature_invalid"
	// ReasonJWKSUnavailable: the provider has no usable keys yet (the remote
	// JWKS has never been fetched successfully).
	ReasonJWKSUnavailable Reason = "jwks_unavailable"
	// ReasonAPIKeyInvalid: an API key was presented but matches no stored hash.
	ReasonAPIKeyInvalid Reason = "api_key_invalid"
	// ReasonAuthenticated: the route requires an identity and the request has
	// one (authorization rules come later).
	ReasonAuthenticated Reason = "authenticated"
	// ReasonPathRejected: the request path could mean different things to
	// Gatehouse and the upstream (an encoded slash, a ".." above the root, a
	// malformed escape, ...): 400.
	ReasonPathRejected Reason = "path_rejected"
)

// Reason codes of authorization (filters/authz): 403.
const (
	// ReasonScopeMissing: the caller lacks a scope the route's rule requires.
	ReasonScopeMissing Reason = "scope_missing"
	// ReasonRoleMissing: the caller lacks the roles the route's rule requires.
	ReasonRoleMissing Reason = "role_missing"
	// ReasonClaimMismatch: a claim is absent or not one of the accepted values.
	ReasonClaimMismatch Reason = "claim_mismatch"
	// ReasonNotOwner: the resource in the path is not the caller's.
	ReasonNotOwner Reason = "not_owner"
	// ReasonAccessDenied: a combinator (any of several, not) refused the caller
	// with no single condition to name.
	ReasonAccessDenied Reason = "access_denied"
	// ReasonIPDenied: the client address is on a deny list, or not on an allow
	// list, of the policy or the route.
	ReasonIPDenied Reason = "ip_denied"
)

// Reason codes of rate limiting (filters/ratelimit).
const (
	// ReasonRateLimited: a rate limit has no token for the request: 429 with
	// Retry-After.
	ReasonRateLimited Reason = "rate_limited"
	// ReasonRateLimitError: a rate limit's bucket could not be read or updated
	// (a host error, or contention beyond the retries); the request is refused
	// (503) or let through, as the limit's on_error says.
	ReasonRateLimitError Reason = "rate_limit_error"
)

// Reasons lists every reason code, so metrics can be defined up front.
func Reasons() []Reason {
	return []Reason{ReasonPublic, ReasonDefaultAllow, ReasonRouteNotFound, ReasonMethodNotAllowed,
		ReasonNoAllowRule, ReasonInternalError,
		ReasonTokenMissing, ReasonTokenMalformed, ReasonTokenExpired, ReasonTokenNotYetValid,
		ReasonIssuerMismatch, ReasonAudienceMismatch, ReasonAlgNotAllowed, ReasonKidUnknown,
		ReasonSignatureInvalid, ReasonJWKSUnavailable, ReasonAPIKeyInvalid, ReasonAuthenticated, ReasonPathRejected,
		ReasonScopeMissing, ReasonRoleMissing, ReasonClaimMismatch, ReasonNotOwner, ReasonAccessDenied,
		ReasonIPDenied, ReasonRateLimited, ReasonRateLimitError}
}

// Decision is what the pipeline concluded about one request.
type Decision struct {
	Verdict Verdict
	// Status is the HTTP status of the error reply when Verdict is Deny.
	Status int
	// Reason explains the verdict.
	Reason Reason
	// RouteID names the matched route; empty when none matched.
	RouteID string
	// Enforced is false when the policy (or route) is in report mode: a Deny is
	// then only logged and counted, and the request passes.
	Enforced bool
	// ReplyHeaders are added to the error reply (e.g. Allow on a 405).
	ReplyHeaders []Header
	// ResponseHeaders are headers Gatehouse sets on the response: the
	// upstream's and its own local replies' (e.g. RateLimit).
	ResponseHeaders []Header
	// Detail is the reason in words for the log (e.g. "exp 1700000000 is
	// before now"); it never holds a credential. Empty when the reason says all.
	Detail string

	// Identity and Subject name who the request authenticated as (a provider or
	// key set, and the token's sub or the key's id); empty when nobody.
	Identity, Subject string

	// AwaitKeys names a JWT provider with a remote key set when the request was
	// refused only because that set is not there yet or lacks the token's kid:
	// the plugin may fetch the set and decide again.
	AwaitKeys string

	// RemoveHeaders, SetHeaders and Path change the request before it goes
	// upstream (when it is not blocked): identity headers a client sent are
	// removed, verified claims are forwarded, credentials that must not reach
	// the upstream are taken out. Path is empty when unchanged.
	RemoveHeaders []string
	SetHeaders    []Header
	Path          string
}

// Blocks reports whether the request must be answered with an error reply.
func (d *Decision) Blocks() bool { return d.Verdict == Deny && d.Enforced }
