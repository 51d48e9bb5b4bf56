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
	"fmt"
	"strconv"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/authn"
	"gatehouse/filters/authz"
	"gatehouse/filters/clientip"
	"gatehouse/filters/cors"
	"gatehouse/filters/headers"
	"gatehouse/filters/https"
	"gatehouse/filters/payload"
	"gatehouse/filters/ratelimit"
	"gatehouse/filters/redact"
	"gatehouse/filters/route"
)

// Pipeline is a compiled policy. It is immutable and safe to share between the
// streams of a VM.
type Pipeline struct {
	routes       *route.Table
	authn        *authn.Authn
	clientIP     *clientip.Resolver
	ipRules      *clientip.Rules // policy-wide; nil: none
	https        *https.Rule
	cors         *cors.Policy // nil: no CORS
	response     *headers.Response
	compiled     []compiledRoute // indexed like the policy's routes
	defaultAllow bool
	unmatched    int // status for no route under default deny
	report       bool
	summary      string

	// withVary[https][authenticated] is response.For(...) plus cors.Vary,
	// when CORS is configured.
	withVary [2][2][]filters.Header
	// redact is the policy-wide response redaction; nil: none.
	redact *redact.Plan
	limits *ratelimit.Limits
}

// Option adjusts Compile.
type Option func(*options)

type options struct {
	_       [0]func() // not comparable: no generated equality function
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
	_      [0]func() // not comparable: no generated equality function
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
	// rewrite is the route's request_headers; nil: none.
	rewrite *headers.Rewrite
	// redact is the route's effective response redaction (its own, else the
	// policy-wide one); nil: none.
	redact *redact.Plan
	// params are the route's parameter rules; nil: none.
	params *payload.ParamRules
	// body are the route's body rules; nil: none (the body is not looked at).
	body *payload.Rules
	// expose puts violations in the reply body (expose_errors).
	expose bool
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
	var global *redact.Plan
	if p.Response != nil {
		global = redact.Compile(p.Response.Redact)
	}
	specs := make([]route.Spec, len(p.Routes))
	compiled := make([]compiledRoute, len(p.Routes))
	for i, r := range p.Routes {
		specs[i] = route.Spec{ID: r.ID, Host: r.Match.Host, Methods: methods(r.Match.Methods),
			Segments: segments(r.Match.Template), Index: i}
		compiled[i] = compiledRoute{id: r.ID, public: r.Public}
		if len(r.Identity) > 0 {
			compiled[i].requires = an.Requirement(r.Identity)
		}
		if r.Allow != nil {
			compiled[i].allow = authz.Compile(r.Allow)
		}
		compiled[i].ipRules = clientip.Compile(r.ClientIP)
		compiled[i].rewrite = headers.CompileRewrite(r.RequestHeaders, r.ID)
		compiled[i].params = payload.CompileParams(r.Params)
		if compiled[i].body, err = payload.Compile(r.Body); err != nil {
			return nil, fmt.Errorf("routes[%d].body: %w", i, err)
		}
		compiled[i].expose = r.ExposeErrors
		compiled[i].report = p.Mode == config.ModeReport
		if r.Mode != nil {
			compiled[i].report = *r.Mode == config.ModeReport
		}
		compiled[i].redact = global
		if r.Response != nil && r.Response.Redact != nil {
			compiled[i].redact = redact.Compile(r.Response.Redact)
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
		https:        https.Compile(p.HTTPS, p.ClientIP),
		cors:         cors.Compile(p.CORS),
		response:     compileResponse(p),
		compiled:     compiled,
		defaultAllow: p.Default == config.DefaultAllow,
		unmatched:    cmp.Or(p.UnmatchedStatus, 404),
		report:       p.Mode == config.ModeReport,
		limits:       ratelimit.Compile(p, o.store, o.counter),
		redact:       global,
	}
	if pl.cors != nil {
		for h := 0; h < 2; h++ {
			for a := 0; a < 2; a++ {
				v := append(pl.response.For(h == 1, a == 1), cors.Vary)
				pl.withVary[h][a] = v[:len(v):len(v)]
			}
		}
	}
	pl.summary = fmt.Sprintf("%d routes, default %s, mode %s", len(p.Routes), p.Default, p.Mode)
	return pl, nil
}

// Body returns the body rules of the decision's route and whether the route
// exposes violations; nil when the route has none (or no route matched).
func (p *Pipeline) Body(d *filters.Decision) (*payload.Rules, bool) {
	if d.BodyRoute <= 0 || d.BodyRoute > len(p.compiled) {
		return nil, false
	}
	r := &p.compiled[d.BodyRoute-1]
	return r.body, r.expose
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
//
// Order (shared/DESIGN.md): normalise the path, match the route, the HTTPS
// rule, a CORS preflight, client IP rules, authentication, authorization, then
// the request rewrite (identity headers, then the route's request_headers).
func (p *Pipeline) Decide(req *filters.Request) filters.Decision {
	var d filters.Decision
	var principal *authn.Principal
	req.ClientIP = p.clientIP.Resolve(req)
	st := state{https: p.https.IsHTTPS(req)}
	path, rest := splitPath(req.Path)
	norm, err := route.Normalize(path)
	if err != nil {
		d = p.deny(400, filters.ReasonPathRejected)
		d.Detail = err.Error()
		return p.finish(req, d, nil, nil, p.report, st)
	}
	if norm != path {
		// Match on the normal form, and forward it: what is authorised is what
		// the upstream routes on.
		req.RawPath, req.Path = req.Path, norm+rest
	}
	method := req.Method
	if p.cors != nil {
		// A preflight is judged as the request it announces.
		if m, ok := cors.IsPreflight(req); ok {
			method, st.preflight = m, true
		}
	}
	res := p.routes.Match(route.Host(req.Authority), method, norm, req.Params)
	req.Params = res.Params
	var r *compiledRoute
	report := p.report
	routeIndex := -1 // the rate limits' route: -1 for none
	if res.Outcome == route.Found {
		r = &p.compiled[res.Route.Index]
		report, routeIndex = r.report, res.Route.Index
	}
	if v, status, loc := p.https.Check(req, st.https); v != https.Pass {
		if v == https.Redirect {
			d = p.deny(status, filters.ReasonHTTPSRedirected)
			d.ReplyHeaders = []filters.Header{{Name: "location", Value: loc}}
		} else {
			d = p.deny(status, filters.ReasonHTTPSRequired)
			if status == 426 {
				d.ReplyHeaders = upgradeTLS
			}
		}
		return p.finish(req, d, nil, r, report, st)
	}
	if st.preflight {
		ok, hs, why := p.cors.Preflight(req)
		if ok && r == nil && !p.defaultAllow {
			ok, why = false, "no route for the announced method"
		}
		if ok {
			d = filters.Decision{Reason: filters.ReasonCORSPreflight, Status: 204, Answer: true, ReplyHeaders: hs}
		} else {
			d = p.deny(403, filters.ReasonCORSRejected)
			d.Detail = why
		}
		return p.finish(req, d, nil, r, report, st)
	}
	if !p.ipRules.Allowed(req.ClientIP) {
		return p.finish(req, p.deny(403, filters.ReasonIPDenied), nil, r, report, st)
	}
	switch res.Outcome {
	case route.Found:
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
		if d.Verdict == filters.Allow && r.params != nil {
			if f := r.params.Check(req); f.Failed() {
				f.Deny(&d, r.expose)
			}
		}
		if r.body != nil {
			d.BodyRoute = res.Route.Index + 1
		}
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
		routeID := ""
		if r != nil {
			routeID = r.id
		}
		d, st.rateHeaders = p.rateLimit(req, d, routeIndex, routeID, principal)
	}
	return p.finish(req, d, principal, r, report, st)
}

// rateLimit runs the rate limits over a request that is otherwise allowed: a
// refusal is a 429 with Retry-After, a bucket failure a 503 or, under
// on_error allow, the allowed decision with reason rate_limit_error. It
// returns the RateLimit headers for the response (finish adds them).
func (p *Pipeline) rateLimit(req *filters.Request, d filters.Decision, routeIndex int, routeID string,
	principal *authn.Principal) (filters.Decision, []filters.Header) {
	r := p.limits.Check(req, routeIndex, routeID, principal)
	switch r.Verdict {
	case ratelimit.Refused:
		nd := p.deny(429, filters.ReasonRateLimited)
		nd.Detail = "rate limit " + r.Limit
		nd.ReplyHeaders = []filters.Header{{Name: "retry-after", Value: strconv.FormatInt(r.RetryAfter, 10)}}
		nd.Identity, nd.Subject = d.Identity, d.Subject
		return nd, r.Headers // on the 429, or on the upstream's answer in report mode
	case ratelimit.Failed:
		nd := p.deny(503, filters.ReasonRateLimitError)
		nd.Detail = "rate limit " + r.Limit + ": " + r.Err.Error()
		nd.Identity, nd.Subject = d.Identity, d.Subject
		return nd, nil
	default:
		if r.Err != nil {
			d.Reason = filters.ReasonRateLimitError
			d.Detail = "rate limit " + r.Limit + " let through by on_error allow: " + r.Err.Error()
		}
	}
	return d, r.Headers
}

// upgradeTLS is the Upgrade header of a 426 (RFC 9110 §15.5.22 requires one;
// the tokens are RFC 2817's).
var upgradeTLS = []filters.Header{{Name: "upgrade", Value: "TLS/1.2, HTTP/1.1"}}

// state is what Decide learnt about a request that the response side needs.
type state struct {
	https     bool // judged HTTPS (filters/https)
	preflight bool // a CORS preflight
	// rateHeaders are the rate limits' RateLimit headers for the response.
	rateHeaders []filters.Header
}

// finish sets the enforcement (report: only reported), the route id, the
// response headers and, for a request that goes on, the request's rewrite:
// identity headers, credentials, the normalised path, then the route's
// request_headers. r is the matched route, or nil.
func (p *Pipeline) finish(req *filters.Request, d filters.Decision, principal *authn.Principal, r *compiledRoute,
	report bool, st state) filters.Decision {
	d.Enforced = !report
	if r != nil {
		d.RouteID = r.id
	}
	d.ResponseHeaders = p.response.For(st.https, principal != nil)
	if p.cors != nil && !st.preflight {
		// The variants with Vary are built once; only an allowed origin's
		// echo makes a copy (their capacity is their length).
		d.ResponseHeaders = p.cors.Actual(req, p.withVary[b2i(st.https)][b2i(principal != nil)])
	}
	switch {
	case len(st.rateHeaders) == 0:
	case len(d.ResponseHeaders) == 0:
		d.ResponseHeaders = st.rateHeaders // this request's own slice
	default:
		// A copy: the slices above are shared (their capacity is their length).
		d.ResponseHeaders = append(d.ResponseHeaders[:len(d.ResponseHeaders):len(d.ResponseHeaders)], st.rateHeaders...)
	}
	if d.Replies() {
		return d
	}
	rw := p.authn.Rewrite(req, principal)
	d.RemoveHeaders, d.SetHeaders, d.Path = rw.Remove, rw.Set, rw.Path
	if d.Path == "" && req.RawPath != "" {
		d.Path = req.Path
	}
	if r != nil && r.rewrite != nil {
		var claims headers.Claims
		if principal != nil && principal.Claims != nil {
			claims = principal.Claims
		}
		r.rewrite.Apply(req, claims, &d)
	}
	plan := p.redact
	if r != nil {
		plan = r.redact
	}
	if plan != nil && (principal == nil || !plan.Keeps(principal.Scopes, principal.Roles)) {
		d.Redact = plan
		if _, ok := req.Header("accept-encoding"); ok {
			// A compressed body cannot be redacted: ask the upstream for
			// an uncompressed one. (A copy: Remove may be shared.)
			d.RemoveHeaders = append(d.RemoveHeaders[:len(d.RemoveHeaders):len(d.RemoveHeaders)], "accept-encoding")
		}
	}
	return d
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Response returns the compiled response-header policy, for the response
// side (upstream responses) and for local replies the plugin makes on its own.
func (p *Pipeline) Response() *headers.Response { return p.response }

// compileResponse builds the response-header policy of p.
func compileResponse(p *config.Policy) *headers.Response {
	var rh *config.ResponseHeaders
	if p.Response != nil {
		rh = p.Response.Headers
	}
	return headers.CompileResponse(rh, p.HTTPS)
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
	if reason == filters.ReasonJWKSUnavailable || reason == filters.ReasonKidUnknown {
		if f, ok := filters.As[*authn.Failure](err); ok && p.authn.Remote(f.Identity) {
			d.AwaitKeys = f.Identity
		}
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
