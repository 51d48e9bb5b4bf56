// Package pipeline runs Gatehouse's controls over a request in the order of
// shared/DESIGN.md and reduces them to one decision. Compile builds a Pipeline
// once per policy (on configure); Decide runs once per request and is cheap.
//
// The foundation pipeline matches the route and applies the route's public flag
// and the policy default; later controls (authentication, authorization, rate
// limits, body checks) slot in after the route match.
package pipeline

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/filters/authn"
	"github.com/gatehouse-dev/gatehouse/filters/authz"
	"github.com/gatehouse-dev/gatehouse/filters/clientip"
	"github.com/gatehouse-dev/gatehouse/filters/ratelimit"
	"github.com/gatehouse-dev/gatehouse/filters/route"
)

// Pipeline is a compiled policy. It is immutable and safe to share between the
// streams of a VM.
type Pipeline struct {
	routes       *route.Table
	authn        *authn.Authn
	clientIP     *clientip.Resolver
	ipRules      *clientip.Rules // policy-wide; nil: none
	compiled     []compiledRoute // indexed like the policy's routes
	defaultAllow bool
	unmatched    int // status for no route under default deny
	report       bool
	summary      string
	limits       *ratelimit.Limits
}

// Option adjusts Compile.
type Option func(*options)

type options struct {
	store   ratelimit.Store
	counter ratelimit.Counter
}

// WithRateLimitStore keeps the rate limits' buckets in store (the plugin's
// shared data) and reports each limit's outcomes to counter (may be nil).
// Without it the buckets live in a private in-memory store.
func WithRateLimitStore(store ratelimit.Store, counter ratelimit.Counter) Option {
	return func(o *options) { o.store, o.counter = store, counter }
}

type compiledRoute struct {
	id     string
	public bool
	// requires is the route's identity requirement; nil when it lists none.
	requires *authn.Requirement
	// allow is the route's allow rule; nil: every authenticated caller.
	allow *authz.Rule
	// ipRules are the route's client_ip rules; nil: none.
	ipRules *clientip.Rules
	// report is the route's effective mode: true when only reported.
	report bool
}

// Compile turns a parsed policy into a Pipeline. Errors name the JSON path of the
// offending policy element, like config's.
func Compile(p *config.Policy, opts ...Option) (*Pipeline, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	an, err := authn.Compile(p.Identity)
	if err != nil {
		return nil, err
	}
	specs := make([]route.Spec, len(p.Routes))
	compiled := make([]compiledRoute, len(p.Routes))
	for i, r := range p.Routes {
		specs[i] = route.Spec{ID: r.ID, Methods: methods(r.Match.Methods), Segments: segments(r.Match.Template), Index: i}
		compiled[i] = compiledRoute{id: r.ID, public: r.Public}
		if len(r.Identity) > 0 {
			compiled[i].requires = an.Requirement(r.Identity)
		}
		if r.Allow != nil {
			compiled[i].allow = authz.Compile(r.Allow)
		}
		compiled[i].ipRules = clientip.Compile(r.ClientIP)
		compiled[i].report = p.Mode == config.ModeReport
		if r.Mode != nil {
			compiled[i].report = *r.Mode == config.ModeReport
		}
	}
	// config.Parse already refuses overlapping routes with their JSON paths; an
	// error here means a policy was built without Parse.
	table, err := route.New(specs)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	pl := &Pipeline{
		routes:       table,
		authn:        an,
		clientIP:     clientip.NewResolver(p.ClientIP),
		ipRules:      clientip.Compile(p.ClientIP),
		compiled:     compiled,
		defaultAllow: p.Default == config.DefaultAllow,
		unmatched:    cmp.Or(p.UnmatchedStatus, 404),
		report:       p.Mode == config.ModeReport,
		limits:       ratelimit.Compile(p, o.store, o.counter),
	}
	pl.summary = fmt.Sprintf("%d routes, default %s, mode %s", len(p.Routes), p.Default, p.Mode)
	return pl, nil
}

// Summary describes the compiled policy in a few words for the load log line.
func (p *Pipeline) Summary() string { return p.summary }

// RateLimits returns the compiled rate limits (the plugin prepares their slots
// and names their metrics).
func (p *Pipeline) RateLimits() *ratelimit.Limits { return p.limits }

// Authn returns the compiled identity section (the plugin feeds remote JWKS to
// its providers).
func (p *Pipeline) Authn() *authn.Authn { return p.authn }

// Decide reaches the decision for a request at the request-headers phase, at
// req.Time. It is not safe for concurrent use (the verified-token cache).
func (p *Pipeline) Decide(req *filters.Request) filters.Decision {
	var d filters.Decision
	var principal *authn.Principal
	req.ClientIP = p.clientIP.Resolve(req)
	path, rest := splitPath(req.Path)
	norm, err := route.Normalize(path)
	if err != nil {
		d = p.deny(400, filters.ReasonPathRejected)
		d.Detail = err.Error()
		return p.finish(req, d, nil)
	}
	if norm != path {
		// Match on the normal form, and forward it: what is authorised is what
		// the upstream routes on.
		req.RawPath, req.Path = req.Path, norm+rest
	}
	if !p.ipRules.Allowed(req.ClientIP) {
		return p.finish(req, p.deny(403, filters.ReasonIPDenied), nil)
	}
	res := p.routes.Match(req.Method, norm, req.Params)
	req.Params = res.Params
	report := p.report
	routeIndex := -1
	switch res.Outcome {
	case route.Found:
		routeIndex = res.Route.Index
		r := &p.compiled[res.Route.Index]
		report = r.report
		switch {
		case !r.ipRules.Allowed(req.ClientIP):
			d = p.deny(403, filters.ReasonIPDenied)
		case r.public:
			d.Reason = filters.ReasonPublic
		case r.requires != nil:
			pr, err := r.requires.Authenticate(req, req.Time)
			if err != nil {
				d = p.authFailure(r.requires, err)
				break
			}
			if r.allow != nil {
				if ok, reason := r.allow.Allow(pr, req.Params); !ok {
					d = p.deny(403, reason)
					d.Identity, d.Subject = pr.Identity, pr.Subject
					break
				}
			}
			principal = pr
			d.Reason = filters.ReasonAuthenticated
			d.Identity, d.Subject = pr.Identity, pr.Subject
		default:
			d = p.deny(403, filters.ReasonNoAllowRule)
		}
		d.RouteID = r.id
	case route.MethodNotAllowed:
		if p.defaultAllow {
			d.Reason = filters.ReasonDefaultAllow
		} else {
			d = p.deny(405, filters.ReasonMethodNotAllowed)
			d.ReplyHeaders = []filters.Header{{Name: "allow", Value: route.AllowHeader(res.Allow)}}
		}
	default:
		if p.defaultAllow {
			d.Reason = filters.ReasonDefaultAllow
		} else {
			d = p.deny(p.unmatched, filters.ReasonRouteNotFound)
		}
	}
	if d.Verdict == filters.Allow && p.limits.Any(routeIndex) {
		d = p.rateLimit(req, d, routeIndex, principal)
	}
	return p.finishAs(req, d, principal, report)
}

// rateLimit runs the rate limits over a request that is otherwise allowed: a
// refusal is a 429 with Retry-After, a bucket failure a 503 or, under
// on_error allow, the allowed decision with reason rate_limit_error. Allowed
// requests carry the RateLimit headers for the response.
func (p *Pipeline) rateLimit(req *filters.Request, d filters.Decision, routeIndex int, principal *authn.Principal) filters.Decision {
	r := p.limits.Check(req, routeIndex, d.RouteID, principal)
	switch r.Verdict {
	case ratelimit.Refused:
		nd := p.deny(429, filters.ReasonRateLimited)
		nd.Detail = "rate limit " + r.Limit
		nd.ReplyHeaders = []filters.Header{{Name: "retry-after", Value: strconv.FormatInt(r.RetryAfter, 10)}}
		nd.ResponseHeaders = r.Headers // on the 429, or on the upstream's answer in report mode
		nd.RouteID, nd.Identity, nd.Subject = d.RouteID, d.Identity, d.Subject
		d = nd
	case ratelimit.Failed:
		nd := p.deny(503, filters.ReasonRateLimitError)
		nd.Detail = "rate limit " + r.Limit + ": " + r.Err.Error()
		nd.RouteID, nd.Identity, nd.Subject = d.RouteID, d.Identity, d.Subject
		d = nd
	default:
		if r.Err != nil {
			d.Reason = filters.ReasonRateLimitError
			d.Detail = "rate limit " + r.Limit + " let through by on_error allow: " + r.Err.Error()
		}
		d.ResponseHeaders = r.Headers
	}
	return d
}

// finish is finishAs with the policy's mode (no route involved).
func (p *Pipeline) finish(req *filters.Request, d filters.Decision, principal *authn.Principal) filters.Decision {
	return p.finishAs(req, d, principal, p.report)
}

// finishAs sets the enforcement and, for a request that goes on, the request's
// rewrite: identity headers, credentials, and the normalised path.
func (p *Pipeline) finishAs(req *filters.Request, d filters.Decision, principal *authn.Principal, report bool) filters.Decision {
	d.Enforced = !report
	if d.Blocks() {
		return d
	}
	rw := p.authn.Rewrite(req, principal)
	d.RemoveHeaders, d.SetHeaders, d.Path = rw.Remove, rw.Set, rw.Path
	if d.Path == "" && req.RawPath != "" {
		d.Path = req.Path
	}
	return d
}

// authFailure is the 401 (or 503 while no keys are known) for a failed
// authentication, with the RFC 6750 challenge when the route takes tokens.
func (p *Pipeline) authFailure(r *authn.Requirement, err error) filters.Decision {
	reason, ok := filters.ReasonOf(err)
	if !ok {
		reason = filters.ReasonTokenMalformed
	}
	status := 401
	if reason == filters.ReasonJWKSUnavailable {
		status = 503
	}
	d := p.deny(status, reason)
	d.Detail = err.Error()
	var f *authn.Failure
	if (reason == filters.ReasonJWKSUnavailable || reason == filters.ReasonKidUnknown) && errors.As(err, &f) &&
		p.authn.Remote(f.Identity) {
		d.AwaitKeys = f.Identity
	}
	if status == 401 {
		d.ReplyHeaders = []filters.Header{{Name: "www-authenticate", Value: challenge(r.Bearer(), reason)}}
	}
	return d
}

// challenge is the WWW-Authenticate value of a 401: Bearer with invalid_token
// for a bad token (RFC 6750 §3; no error code when none was sent), or ApiKey
// for routes that only take API keys.
func challenge(bearer bool, reason filters.Reason) string {
	switch {
	case !bearer:
		return `ApiKey realm="gatehouse"`
	case reason == filters.ReasonTokenMissing:
		return `Bearer realm="gatehouse"`
	default:
		return `Bearer realm="gatehouse", error="invalid_token"`
	}
}

func (p *Pipeline) deny(status int, reason filters.Reason) filters.Decision {
	return filters.Decision{Verdict: filters.Deny, Status: status, Reason: reason}
}

// splitPath splits a :path value into the path and the rest (query and
// fragment, with their '?' or '#').
func splitPath(path string) (string, string) {
	for i := 0; i < len(path); i++ {
		if path[i] == '?' || path[i] == '#' {
			return path[:i], path[i:]
		}
	}
	return path, ""
}

func methods(ms []config.Method) []string {
	if len(ms) == 0 {
		return nil
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}

func segments(t config.PathTemplate) []route.Segment {
	out := make([]route.Segment, len(t.Segments))
	for i, s := range t.Segments {
		kind := route.LiteralSegment
		switch s.Kind {
		case config.SegmentParam:
			kind = route.ParamSegment
		case config.SegmentRest:
			kind = route.RestSegment
		}
		out[i] = route.Segment{Kind: kind, Value: s.Value}
	}
	return out
}
