package headers

import (
	"strings"

	"gatehouse/config"
	"gatehouse/filters"
)

// Claims gives a claim's value rendered for a header (filters/jwt's
// *Claims.HeaderValue): false when absent or not renderable.
type Claims interface {
	HeaderValue(path string) (string, bool)
}

// Rewrite is a route's compiled request_headers.
type Rewrite struct {
	routeID string
	set     []config.HeaderTemplate
	add     []config.HeaderTemplate
	remove  []string
}

// CompileRewrite builds a route's rewrite; a nil section gives nil.
func CompileRewrite(rh *config.RequestHeaders, routeID string) *Rewrite {
	if rh == nil {
		return nil
	}
	return &Rewrite{routeID: routeID, set: rh.SetTemplates, add: rh.AddTemplates, remove: rh.Remove}
}

// Apply adds the route's changes to the decision's request rewrite, after the
// identity changes already there: removals (only of headers the request
// has), sets (replacing the client's values) and additions. A set whose
// template cannot be rendered — a claim absent, claims nil (an API key), a
// parameter unbound — is not set, and the client's own value is still
// removed: the upstream never sees a value the client chose under that name.
// An add that cannot be rendered is skipped.
func (w *Rewrite) Apply(req *filters.Request, claims Claims, d *filters.Decision) {
	for _, name := range w.remove {
		if _, ok := req.Header(name); ok {
			d.RemoveHeaders = append(d.RemoveHeaders[:len(d.RemoveHeaders):len(d.RemoveHeaders)], name)
		}
	}
	for _, t := range w.set {
		if v, ok := w.render(t.Value, req, claims); ok {
			d.SetHeaders = append(d.SetHeaders[:len(d.SetHeaders):len(d.SetHeaders)], filters.Header{Name: t.Name, Value: v})
		} else if _, sent := req.Header(t.Name); sent {
			d.RemoveHeaders = append(d.RemoveHeaders[:len(d.RemoveHeaders):len(d.RemoveHeaders)], t.Name)
		}
	}
	for _, t := range w.add {
		if v, ok := w.render(t.Value, req, claims); ok {
			d.AddHeaders = append(d.AddHeaders, filters.Header{Name: t.Name, Value: v})
		}
	}
}

// render fills in a template.
func (w *Rewrite) render(t config.ValueTemplate, req *filters.Request, claims Claims) (string, bool) {
	if len(t.Parts) == 1 && t.Parts[0].Kind == config.PartLiteral {
		return t.Parts[0].Value, true
	}
	var b strings.Builder
	for _, p := range t.Parts {
		switch p.Kind {
		case config.PartLiteral:
			b.WriteString(p.Value)
		case config.PartRouteID:
			b.WriteString(w.routeID)
		case config.PartParam:
			v, ok := param(req, p.Value)
			if !ok {
				return "", false
			}
			b.WriteString(v)
		case config.PartClaim:
			if claims == nil {
				return "", false
			}
			v, ok := claims.HeaderValue(p.Value)
			if !ok {
				return "", false
			}
			b.WriteString(v)
		}
	}
	return b.String(), true
}

func param(req *filters.Request, name string) (string, bool) {
	for _, p := range req.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}
