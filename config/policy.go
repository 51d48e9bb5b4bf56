package config

import "fmt"

// Policy is a parsed and validated Gatehouse policy: everything the filter needs to
// decide what to do with a request. Get one from Parse; its zero value is a valid
// policy that enforces and denies every request.
//
// A Policy is plain data. Treat it as read-only once parsed: the filters compile it
// into their own ready-to-run form when the plugin is configured.
type Policy struct {
	// Mode says whether decisions are enforced or only reported. JSON "mode":
	// "enforce" (the default) or "report".
	Mode Mode `json:"mode"`

	// Default decides requests that match no route. JSON "default": "deny" (the
	// default) or "allow".
	Default Default `json:"default"`

	// UnmatchedStatus is the status of a request no route matches when the
	// default is deny: 404 (the default; 0 means 404) or 403 (to not confirm
	// which paths exist).
	UnmatchedStatus int `json:"unmatched_status"`

	// Identity declares who can be authenticated: JWT providers and API-key sets.
	// Routes name them in their identity list. Absent means no identities.
	Identity *Identity `json:"identity"`

	// ClientIP says how to find the client's address and which addresses may
	// call at all.
	ClientIP *ClientIP `json:"client_ip"`

	// HTTPS says whether plaintext requests are refused or redirected, and
	// configures HSTS.
	HTTPS *HTTPS `json:"https"`

	// CORS lets browser pages on other origins call the API.
	CORS *CORS `json:"cors"`

	// Response controls responses: security headers, leaky headers, and
	// redaction of JSON bodies.
	Response *Response `json:"response"`

	// Routes are the API operations the policy knows, in policy order. Route ids are
	// unique.
	Routes []Route `json:"routes"`

	// Schemas are named JSON Schemas that routes' body.schema refer to with
	// {"$ref": "#/schemas/<name>"}. Names follow the route id syntax.
	Schemas map[string]*Schema `json:"schemas"`
	// RateLimits apply to every request the policy would let through (a
	// matched route or the default allow), before the route's own limits.
	RateLimits []RateLimit `json:"rate_limits"`
}

// Route is one API operation: which requests it matches and how they are treated.
type Route struct {
	// ID names the route in logs, metrics and error messages. Required, unique
	// within the policy, and of the form ^[a-z0-9][a-z0-9_.-]{0,63}$.
	ID string `json:"id" policy:"required"`

	// Match selects the requests of this route. Required.
	Match Match `json:"match" policy:"required"`

	// Public lets requests through without authentication. Routes are private
	// unless they say public: true.
	Public bool `json:"public"`

	// Identity names the JWT providers and API-key sets (identity.jwt[].name,
	// identity.api_keys[].name) whose credentials the route accepts: any one of
	// them is enough. A route is either public or lists identities, not both; a
	// route with neither is denied (403 no_allow_rule). Names are unique and must
	// exist in the policy's identity section.
	Identity []string `json:"identity"`

	// Allow is the route's authorization rule, judged on the authenticated
	// caller. Absent: every caller who authenticates with one of Identity may
	// use the route.
	Allow *Rule `json:"allow"`

	// ClientIP restricts the route to (or bars it from) addresses, after the
	// policy-wide client_ip rules.
	ClientIP *ClientIP `json:"client_ip"`

	// RequestHeaders changes the request's headers before it goes upstream.
	RequestHeaders *RequestHeaders `json:"request_headers"`

	// Mode, when set, overrides the policy's mode for this route: "report"
	// tries a route's rules on live traffic while the rest is enforced (or the
	// other way round).
	Mode *Mode `json:"mode"`

	// Response holds the route's own response controls (redaction); each one
	// present replaces the policy-wide one for this route.
	Response *RouteResponse `json:"response"`
	// Body sets the route's body rules (size, content types, required or
	// forbidden, hostile-JSON guards, schema). Absent: bodies pass unchecked.
	Body *Body `json:"body"`

	// Params sets typed rules for the route's query and path parameters.
	Params *Params `json:"params"`

	// ExposeErrors puts the JSON pointer and keyword of a body or parameter
	// violation in the 400 reply's body (for internal APIs); otherwise the
	// client gets the generic body and only the event names them.
	ExposeErrors bool `json:"expose_errors"`
	// RateLimits apply to the route's requests that would be let through,
	// after the policy-wide limits; all must admit a request.
	RateLimits []RateLimit `json:"rate_limits"`
}

// Match selects requests by host, method and path.
type Match struct {
	// Host, when set, limits the route to requests for that host (the
	// :authority without its port, compared case-insensitively): a DNS name
	// such as "api.example.com", or "*.example.com" for any name under
	// example.com (not example.com itself). Parse lowers it. A route with an
	// exact host beats one with a wildcard host (the longer suffix first),
	// which beats one without a host; the path decides within each.
	Host string `json:"host"`

	// Methods are the HTTP methods the route accepts, uppercase, without
	// duplicates. Absent means any method; an empty list is an error.
	Methods []Method `json:"methods"`

	// Path is the path template as written in the policy, e.g. "/v1/orders/{id}".
	// Required. See ParsePathTemplate for the syntax.
	Path string `json:"path" policy:"required"`

	// Template is Path, parsed. It is filled in by Parse (it has no JSON form), so
	// the route matcher never parses a template again.
	Template PathTemplate `json:"-"`
}

// Method is an HTTP request method, as written in a route's match.methods.
type Method string

// The methods a route may list.
const (
	MethodGet     Method = "GET"
	MethodHead    Method = "HEAD"
	MethodPost    Method = "POST"
	MethodPut     Method = "PUT"
	MethodPatch   Method = "PATCH"
	MethodDelete  Method = "DELETE"
	MethodOptions Method = "OPTIONS"
)

// Known reports whether m is one of the Method constants.
func (m Method) Known() bool {
	switch m {
	case MethodGet, MethodHead, MethodPost, MethodPut, MethodPatch, MethodDelete, MethodOptions:
		return true
	}
	return false
}

// Mode says what Gatehouse does with its decisions.
type Mode uint8

const (
	// ModeEnforce applies decisions: denied requests are refused. It is the zero
	// value and the default.
	ModeEnforce Mode = iota
	// ModeReport decides, logs and counts as in enforce mode, but lets every
	// request through. Use it to roll out a policy safely.
	ModeReport
)

// String returns the policy spelling of m: "enforce" or "report".
func (m Mode) String() string {
	switch m {
	case ModeEnforce:
		return "enforce"
	case ModeReport:
		return "report"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

func (m *Mode) decodeString(s string) error {
	switch s {
	case "enforce":
		*m = ModeEnforce
	case "report":
		*m = ModeReport
	default:
		return errorf("unknown mode %q (want enforce or report)", s)
	}
	return nil
}

// Default is the decision for requests that match no route.
type Default uint8

const (
	// DefaultDeny refuses unmatched requests. It is the zero value and the default.
	DefaultDeny Default = iota
	// DefaultAllow lets unmatched requests through unchecked.
	DefaultAllow
)

// String returns the policy spelling of d: "deny" or "allow".
func (d Default) String() string {
	switch d {
	case DefaultDeny:
		return "deny"
	case DefaultAllow:
		return "allow"
	}
	return fmt.Sprintf("Default(%d)", uint8(d))
}

func (d *Default) decodeString(s string) error {
	switch s {
	case "deny":
		*d = DefaultDeny
	case "allow":
		*d = DefaultAllow
	default:
		return errorf("unknown default %q (want deny or allow)", s)
	}
	return nil
}
