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

// Reasons lists every reason code, so metrics can be defined up front.
func Reasons() []Reason {
	return []Reason{ReasonPublic, ReasonDefaultAllow, ReasonRouteNotFound, ReasonMethodNotAllowed,
		ReasonNoAllowRule, ReasonInternalError}
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
}

// Blocks reports whether the request must be answered with an error reply.
func (d *Decision) Blocks() bool { return d.Verdict == Deny && d.Enforced }
