package filters

import "gatehouse/filters/redact"

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

// Reason codes of the edge controls (filters/https, filters/cors).
const (
	// ReasonHTTPSRedirected: a plaintext GET or HEAD was redirected to HTTPS
	// (308).
	ReasonHTTPSRedirected Reason = "https_redirected"
	// ReasonHTTPSRequired: a plaintext request was refused (426, or 403 for a
	// method that is not redirected).
	ReasonHTTPSRequired Reason = "https_required"
	// ReasonCORSPreflight: a CORS preflight was allowed and answered (204).
	ReasonCORSPreflight Reason = "cors_preflight"
	// ReasonCORSRejected: a CORS preflight was refused (403): origin, method or
	// a requested header not allowed.
	ReasonCORSRejected Reason = "cors_rejected"
)

// Reason codes of response redaction (filters/redact).
const (
	// ReasonRedactOverflow: a JSON response that must be redacted could not
	// be (over the redact section's max_bytes, nested too deep, or
	// compressed) and the policy refuses such bodies: 502, or a reset when
	// the response headers had already gone downstream.
	ReasonRedactOverflow Reason = "redact_overflow"
)

// Reason codes of request payload checks (filters/payload): the body rules
// and the query and path parameter rules of a route.
const (
	// ReasonBodyTooLarge: the body is longer than the route's max_bytes, by
	// Content-Length or as it streams: 413.
	ReasonBodyTooLarge Reason = "body_too_large"
	// ReasonContentTypeUnsupported: the body's Content-Type is absent, not on
	// the route's list, or names a charset other than UTF-8: 415.
	ReasonContentTypeUnsupported Reason = "content_type_unsupported"
	// ReasonBodyRequired: the route requires a body and the request has none:
	// 400.
	ReasonBodyRequired Reason = "body_required"
	// ReasonBodyForbidden: the route takes no body and the request has one:
	// 400.
	ReasonBodyForbidden Reason = "body_forbidden"
	// ReasonBodyInvalid: the body is not UTF-8, not JSON, breaks a
	// hostile-JSON guard or the route's schema, or its length differs from
	// its Content-Length: 400.
	ReasonBodyInvalid Reason = "body_invalid"
	// ReasonParamInvalid: a query or path parameter breaks the route's rules
	// (type, enum, pattern, bounds, required, unknown, repeated, encoding):
	// 400.
	ReasonParamInvalid Reason = "param_invalid"
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
		ReasonIPDenied, ReasonHTTPSRedirected, ReasonHTTPSRequired, ReasonCORSPreflight, ReasonCORSRejected,
		ReasonRedactOverflow,
		ReasonBodyTooLarge, ReasonContentTypeUnsupported, ReasonBodyRequired, ReasonBodyForbidden,
		ReasonBodyInvalid, ReasonParamInvalid,
		ReasonRateLimited, ReasonRateLimitError}
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
	// AddHeaders are request headers appended upstream, keeping the client's
	// values (a route's request_headers.add). Applied after SetHeaders.
	AddHeaders []Header

	// ResponseHeaders are headers Gatehouse sets on the response: the
	// upstream's and its own local replies' (security, CORS, RateLimit).
	ResponseHeaders []Header

	// Answer is set when Gatehouse answers an allowed request itself (a CORS
	// preflight) with Status and ReplyHeaders, in any mode.
	Answer bool

	// Redact is the redaction the upstream's JSON response body gets: the
	// route's (or the policy-wide) plan, nil when there is none or the caller
	// holds a scope or role that keeps the fields.
	Redact *redact.Plan

	// BodyRoute is 1 + the index of the matched route in the policy when the
	// route has body rules (the plugin then judges the body, with the rules
	// pipeline.Body returns); 0 otherwise.
	BodyRoute int

	// Violation names where the request broke a body or parameter rule (empty
	// otherwise), for the event's Detail; ExposeViolation puts it in the
	// reply body too (the route's expose_errors).
	Violation       Violation
	ExposeViolation bool
}

// Violation is where a request broke a body or parameter rule: an RFC 6901
// pointer (into the JSON body, or /query/<name>, /path/<name>) and the
// keyword of the rule it broke ("minimum", "required", "max_depth"). It never
// holds a value of the request.
type Violation struct {
	Pointer string
	Keyword string
}

// String is the violation for the log: "<pointer> <keyword>", or the keyword
// alone for the document itself.
func (v Violation) String() string {
	if v.Pointer == "" {
		return v.Keyword
	}
	return v.Pointer + " " + v.Keyword
}

// Replies reports whether Gatehouse answers the request itself: an enforced
// denial, or an Answer.
func (d *Decision) Replies() bool { return d.Blocks() || d.Answer }

// Blocks reports whether the request must be answered with an error reply.
func (d *Decision) Blocks() bool { return d.Verdict == Deny && d.Enforced }
