// Package pipeline runs Gatehouse's controls over a request in the order of
// shared/DESIGN.md and reduces them to one decision. Compile builds a Pipeline
// once per policy (on configure); Decide runs once per request and is cheap.
//
// The foundation pipeline matches the route and applies the route's public flag
// and the policy default; later controls (authentication, authorization, rate
// limits, body checks) slot in after the route match.
package pipeline

import (
	"fmt"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/filters/route"
)

// Pipeline is a compiled policy. It is immutable and safe to share between the
// streams of a VM.
type Pipeline struct {
	routes       *route.Table
	compiled     []compiledRoute // indexed like the policy's routes
	defaultAllow bool
	report       bool
	summary      string
}

type compiledRoute struct {
	id     string
	public bool
}

// Compile turns a parsed policy into a Pipeline. Errors name the JSON path of the
// offending policy element, like config's.
func Compile(p *config.Policy) (*Pipeline, error) {
	specs := make([]route.Spec, len(p.Routes))
	compiled := make([]compiledRoute, len(p.Routes))
	for i, r := range p.Routes {
		specs[i] = route.Spec{ID: r.ID, Methods: methods(r.Match.Methods), Segments: segments(r.Match.Template), Index: i}
		compiled[i] = compiledRoute{id: r.ID, public: r.Public}
	}
	// config.Parse already refuses overlapping routes with their JSON paths; an
	// error here means a policy was built without Parse.
	table, err := route.New(specs)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	pl := &Pipeline{
		routes:       table,
		compiled:     compiled,
		defaultAllow: p.Default == config.DefaultAllow,
		report:       p.Mode == config.ModeReport,
	}
	pl.summary = fmt.Sprintf("%d routes, default %s, mode %s", len(p.Routes), p.Default, p.Mode)
	return pl, nil
}

// Summary describes the compiled policy in a few words for the load log line.
func (p *Pipeline) Summary() string { return p.summary }

// Decide reaches the decision for a request at the request-headers phase.
func (p *Pipeline) Decide(req *filters.Request) filters.Decision {
	res := p.routes.Match(req.Method, pathOnly(req.Path), req.Params)
	req.Params = res.Params
	var d filters.Decision
	switch res.Outcome {
	case route.Found:
		r := &p.compiled[res.Route.Index]
		d.RouteID = r.id
		if r.public {
			d.Reason = filters.ReasonPublic
		} else {
			d = p.deny(403, filters.ReasonNoAllowRule)
			d.RouteID = r.id
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
			d = p.deny(404, filters.ReasonRouteNotFound)
		}
	}
	d.Enforced = !p.report
	return d
}

func (p *Pipeline) deny(status int, reason filters.Reason) filters.Decision {
	return filters.Decision{Verdict: filters.Deny, Status: status, Reason: reason}
}

// pathOnly drops the query string and fragment from a :path value.
func pathOnly(path string) string {
	for i := 0; i < len(path); i++ {
		if path[i] == '?' || path[i] == '#' {
			return path[:i]
		}
	}
	return path
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
