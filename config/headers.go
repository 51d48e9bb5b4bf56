package config

import (
	"fmt"
	"slices"
	"strings"
)

// Response is the top-level response section: what Gatehouse does to
// responses (the upstream's and its own local replies).
type Response struct {
	// Headers are the security headers set on every response and the leaky
	// headers removed from upstream responses.
	Headers *ResponseHeaders `json:"headers"`

	// Redact removes or masks sensitive fields of the upstream's JSON response
	// bodies (never of Gatehouse's own replies). A route's response.redact
	// replaces it.
	Redact *Redact `json:"redact"`
}

// ResponseHeaders is response.headers.
type ResponseHeaders struct {
	// Preset is a set of headers to start from: "api" or "none" (the default).
	// See Preset.
	Preset Preset `json:"preset"`
	// Set sets headers on every response, replacing the upstream's value. A
	// preset header's name replaces the preset's value (the header is still sent
	// only where the preset sends it: HSTS on HTTPS responses, Cache-Control on
	// authenticated and error responses); the value "" drops it from the preset
	// (the upstream's own value then passes). HSTS is configured in https.hsts,
	// so strict-transport-security may only be set to "".
	Set map[string]string `json:"set"`
	// Remove names headers removed from upstream responses, in addition to the
	// preset's leaky headers.
	Remove []string `json:"remove"`
}

// Preset names a response header preset.
type Preset uint8

const (
	// PresetNone sets no headers: only response.headers.set applies. The zero
	// value and the default.
	PresetNone Preset = iota
	// PresetAPI is for JSON APIs: HSTS on HTTPS responses,
	// X-Content-Type-Options: nosniff, X-Frame-Options: DENY,
	// Content-Security-Policy: default-src 'none'; frame-ancestors 'none',
	// Referrer-Policy: no-referrer, Cross-Origin-Resource-Policy: same-origin,
	// Cache-Control: no-store on responses to authenticated requests and on
	// every error response (status >= 400); and removal of the headers that
	// name the upstream's software (PresetLeakyHeaders).
	PresetAPI
)

// PresetHeader is one header of a preset.
type PresetHeader struct {
	Name, Value string
	// When says on which responses the header is sent.
	When PresetWhen
}

// PresetWhen says which responses get a preset header.
type PresetWhen uint8

// When preset headers are sent.
const (
	// Always: every response.
	Always PresetWhen = iota
	// OnHTTPS: responses to requests judged HTTPS (HSTS).
	OnHTTPS
	// OnSensitive: responses to authenticated requests and error responses
	// (status >= 400).
	OnSensitive
)

// HSTSHeader is the name of the Strict-Transport-Security header.
const HSTSHeader = "strict-transport-security"

var apiPreset = []PresetHeader{
	{Name: HSTSHeader, When: OnHTTPS}, // value from https.hsts
	{Name: "x-content-type-options", Value: "nosniff"},
	{Name: "x-frame-options", Value: "DENY"},
	{Name: "content-security-policy", Value: "default-src 'none'; frame-ancestors 'none'"},
	{Name: "referrer-policy", Value: "no-referrer"},
	{Name: "cross-origin-resource-policy", Value: "same-origin"},
	{Name: "cache-control", Value: "no-store", When: OnSensitive},
}

// presetLeakyHeaders are the response headers preset api removes: they name
// the upstream's server software and versions.
var presetLeakyHeaders = []string{"server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version",
	"x-runtime", "x-generator"}

// Headers returns the preset's headers (a copy); the HSTS value is empty (it
// comes from https.hsts).
func (p Preset) Headers() []PresetHeader {
	if p == PresetAPI {
		return slices.Clone(apiPreset)
	}
	return nil
}

// Leaky returns the headers the preset removes from upstream responses.
func (p Preset) Leaky() []string {
	if p == PresetAPI {
		return slices.Clone(presetLeakyHeaders)
	}
	return nil
}

// String returns "none" or "api".
func (p Preset) String() string {
	if p == PresetAPI {
		return "api"
	}
	return "none"
}

func (p *Preset) decodeString(s string) error {
	switch s {
	case "none":
		*p = PresetNone
	case "api":
		*p = PresetAPI
	default:
		return errorf("unknown preset %q (want api or none)", s)
	}
	return nil
}

func (h *ResponseHeaders) validate(p path, errs *errorList) {
	preset := h.Preset.Headers()
	for _, name := range sortedKeys(h.Set) {
		value, np := h.Set[name], p.key("set").key(name)
		inPreset := presetHas(preset, name)
		switch {
		case !validHeaderName(name):
			errs.add(np, ErrInvalid, fmt.Sprintf("invalid header name %q (want a lowercase token)", name))
		case strings.HasPrefix(name, "access-control-"):
			errs.add(np, ErrInvalid, "CORS headers come from the cors section")
		case reservedResponseHeader(name):
			errs.add(np, ErrInvalid, fmt.Sprintf("header %q cannot be set by the policy", name))
		case name == HSTSHeader && value != "":
			errs.add(np, ErrInvalid, `configure HSTS in https.hsts (only "" is allowed here, to not send it)`)
		case value == "" && !inPreset:
			errs.add(np, ErrInvalid, fmt.Sprintf(`"" drops a preset header, and preset %s does not set %q (use remove)`, h.Preset, name))
		default:
			if msg := valueProblem(value); msg != "" {
				errs.add(np, ErrInvalid, msg)
			}
		}
	}
	rp := p.key("remove")
	validateHeaderNames(rp, h.Remove, errs)
	for i, name := range h.Remove {
		v, set := h.Set[name]
		inPreset := presetHas(preset, name)
		switch {
		case set && v != "", inPreset && !set:
			errs.add(rp.index(i), ErrInvalid, fmt.Sprintf("%q is set on every response by this policy; remove would be undone", name))
		case reservedResponseHeader(name):
			errs.add(rp.index(i), ErrInvalid, fmt.Sprintf("header %q cannot be removed by the policy", name))
		}
	}
}

func presetHas(preset []PresetHeader, name string) bool {
	for _, ph := range preset {
		if ph.Name == name {
			return true
		}
	}
	return false
}

// reservedResponseHeader reports headers that framing, Envoy or Gatehouse own.
func reservedResponseHeader(name string) bool {
	switch name {
	case "content-length", "content-type", "content-encoding", "transfer-encoding", "connection", "keep-alive",
		"upgrade", "te", "trailer", "proxy-connection", "set-cookie", "location", "www-authenticate", "allow",
		"retry-after":
		return true
	}
	return strings.HasPrefix(name, "x-envoy-")
}

// valueProblem says why a header value is unusable, or "".
func valueProblem(v string) string {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return "must not contain control characters"
		}
	}
	return ""
}

// RequestHeaders is a route's request_headers: changes to the request before
// it goes upstream, applied after the identity headers a client sent are
// removed and the verified ones set. Values are ValueTemplates.
type RequestHeaders struct {
	// Set sets headers, replacing any value the client sent. A value whose
	// claim is absent (or not a string, number, boolean or array of those) is
	// not set, and the client's value is still removed.
	Set map[string]string `json:"set"`
	// Add appends values, keeping the client's. Claims are not allowed here.
	Add map[string]string `json:"add"`
	// Remove removes headers.
	Remove []string `json:"remove"`

	// SetTemplates and AddTemplates are Set and Add parsed, sorted by name.
	// Filled in by Parse.
	SetTemplates []HeaderTemplate `json:"-"`
	AddTemplates []HeaderTemplate `json:"-"`
}

// HeaderTemplate is one request_headers entry, parsed.
type HeaderTemplate struct {
	Name  string
	Value ValueTemplate
}

func (rh *RequestHeaders) validate(p path, errs *errorList) {
	rh.SetTemplates = parseHeaderTemplates(p.key("set"), rh.Set, errs)
	rh.AddTemplates = parseHeaderTemplates(p.key("add"), rh.Add, errs)
	for _, t := range rh.AddTemplates {
		if _, dup := rh.Set[t.Name]; dup {
			errs.add(p.key("add").key(t.Name), ErrInvalid, "also in set")
		}
		if t.Value.UsesClaims() {
			errs.add(p.key("add").key(t.Name), ErrInvalid, "claims go in set (add keeps values the client sent)")
		}
	}
	validateHeaderNames(p.key("remove"), rh.Remove, errs)
	for i, name := range rh.Remove {
		_, inSet := rh.Set[name]
		_, inAdd := rh.Add[name]
		switch {
		case inSet || inAdd:
			errs.add(p.key("remove").index(i), ErrInvalid, fmt.Sprintf("%q is also set or added", name))
		case reservedRequestHeader(name):
			errs.add(p.key("remove").index(i), ErrInvalid, fmt.Sprintf("header %q cannot be changed by the policy", name))
		}
	}
}

func parseHeaderTemplates(p path, m map[string]string, errs *errorList) []HeaderTemplate {
	var out []HeaderTemplate
	for _, name := range sortedKeys(m) {
		np := p.key(name)
		switch {
		case !validHeaderName(name):
			errs.add(np, ErrInvalid, fmt.Sprintf("invalid header name %q (want a lowercase token)", name))
			continue
		case reservedRequestHeader(name):
			errs.add(np, ErrInvalid, fmt.Sprintf("header %q cannot be changed by the policy", name))
			continue
		}
		t, err := ParseValueTemplate(m[name])
		if err != nil {
			errs.add(np, ErrInvalid, err.Error())
			continue
		}
		out = append(out, HeaderTemplate{Name: name, Value: t})
	}
	return out
}

// reservedRequestHeader reports request headers that routing, framing, Envoy
// or Gatehouse's own client-IP and request-id handling depend on.
func reservedRequestHeader(name string) bool {
	switch name {
	case "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer",
		"proxy-connection", "expect", "x-forwarded-for", "x-forwarded-proto", "x-request-id":
		return true
	}
	return strings.HasPrefix(name, "x-envoy-")
}

// validateRequestHeaders checks a route's request_headers against the route:
// parameters must be in its path, claims need an identity.
func (r *Route) validateRequestHeaders(p path, errs *errorList) {
	rh := r.RequestHeaders
	if rh == nil {
		return
	}
	rp := p.key("request_headers")
	check := func(kind string, ts []HeaderTemplate) {
		for _, t := range ts {
			tp := rp.key(kind).key(t.Name)
			for _, part := range t.Value.Parts {
				switch {
				case part.Kind == PartParam && !r.Match.Template.hasParam(part.Value):
					errs.add(tp, ErrInvalid, fmt.Sprintf("%q is not a parameter of the route's path %q", part.Value, r.Match.Path))
				case part.Kind == PartClaim && r.Public:
					errs.add(tp, ErrInvalid, "a public route has no claims (remove public or the claims placeholder)")
				case part.Kind == PartClaim && len(r.Identity) == 0:
					errs.add(tp, ErrInvalid, "claims need the route's identity list (whose claims)")
				default:
					continue
				}
				break
			}
		}
	}
	check("set", rh.SetTemplates)
	check("add", rh.AddTemplates)
}

// validateRequestHeaderIdentity refuses request_headers that touch identity
// headers (forwarded claims, API-key id headers): Gatehouse strips and sets
// those itself, and a rewrite must not undo that.
func (pol *Policy) validateRequestHeaderIdentity(p path, errs *errorList) {
	idHeaders := map[string]string{}
	if pol.Identity != nil {
		for i, j := range pol.Identity.JWT {
			for h := range j.Forward {
				idHeaders[h] = fmt.Sprintf("identity.jwt[%d].forward", i)
			}
		}
		for i := range pol.Identity.APIKeys {
			idHeaders[pol.Identity.APIKeys[i].IDHeader()] = fmt.Sprintf("identity.api_keys[%d].forward_id", i)
			for _, s := range pol.Identity.APIKeys[i].Sources() {
				if s.Header != "" {
					idHeaders[s.Header] = fmt.Sprintf("identity.api_keys[%d].from", i)
				}
			}
		}
	}
	for i := range pol.Routes {
		rh := pol.Routes[i].RequestHeaders
		if rh == nil {
			continue
		}
		rp := p.key("routes").index(i).key("request_headers")
		msg := func(h string) string {
			return fmt.Sprintf("%q is an identity header Gatehouse manages (%s)", h, idHeaders[h])
		}
		for _, t := range rh.SetTemplates {
			if _, ok := idHeaders[t.Name]; ok {
				errs.add(rp.key("set").key(t.Name), ErrInvalid, msg(t.Name))
			}
		}
		for _, t := range rh.AddTemplates {
			if _, ok := idHeaders[t.Name]; ok {
				errs.add(rp.key("add").key(t.Name), ErrInvalid, msg(t.Name))
			}
		}
		for j, h := range rh.Remove {
			if _, ok := idHeaders[h]; ok {
				errs.add(rp.key("remove").index(j), ErrInvalid, msg(h))
			}
		}
	}
}
