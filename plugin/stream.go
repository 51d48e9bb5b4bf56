package main

import (
	"net/netip"
	"time"

	"github.com/gatehouse-dev/gatehouse/abi"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/filters/reply"
	"github.com/gatehouse-dev/gatehouse/plugin/proxywasm"
)

// stream is one HTTP request/response through the filter.
type stream struct {
	proxywasm.DefaultHTTPContext
	root *root
	id   uint32
	req  filters.Request
	// replied is set once Gatehouse answered the client itself; the response
	// callbacks that Envoy then runs for that local reply leave it alone.
	replied bool
}

// OnRequestHeaders decides on the request: it builds the filters' view of the
// request, runs the pipeline, logs the security event and either lets the
// request continue or answers with a generic error.
func (s *stream) OnRequestHeaders(numHeaders int, endOfStream bool) abi.Action {
	p := s.root.pipeline
	if p == nil {
		// No valid policy on this root: fail closed.
		s.deny(filters.Decision{Verdict: filters.Deny, Status: 503, Reason: filters.ReasonInternalError, Enforced: true})
		return abi.ActionPause
	}
	pairs, err := proxywasm.GetHeaders(abi.MapRequestHeaders)
	if err != nil {
		logError("gatehouse: reading request headers: " + err.Error())
		s.deny(filters.Decision{Verdict: filters.Deny, Status: 500, Reason: filters.ReasonInternalError, Enforced: true})
		return abi.ActionPause
	}
	s.req = requestFrom(pairs)
	s.req.ClientIP = clientIP()
	s.req.Time = time.Now()

	d := p.Decide(&s.req)
	if d.Blocks() {
		s.deny(d)
		return abi.ActionPause
	}
	s.root.record(&s.req, &d)
	return abi.ActionContinue
}

// OnPanic answers the client with a generic 500 and logs the event; the ABI
// layer has already logged the panic itself.
func (s *stream) OnPanic(callback string, recovered any) {
	if s.replied {
		return
	}
	s.deny(filters.Decision{Verdict: filters.Deny, Status: 500, Reason: filters.ReasonInternalError,
		Enforced: true})
}

// deny records the decision and sends the generic error reply for it.
func (s *stream) deny(d filters.Decision) {
	s.root.record(&s.req, &d)
	rep := reply.Error(d.Status, s.req.RequestID, d.ReplyHeaders...)
	headers := make([]abi.Pair, len(rep.Headers))
	for i, h := range rep.Headers {
		headers[i] = abi.Pair{Key: h.Name, Value: h.Value}
	}
	s.replied = true
	if err := proxywasm.SendLocalResponse(uint32(rep.Status), "gatehouse_"+string(d.Reason), rep.Body, headers,
		abi.GrpcStatusNone); err != nil {
		logError("gatehouse: sending local reply: " + err.Error())
	}
}

// requestFrom splits the host's header pairs into pseudo-headers and headers.
func requestFrom(pairs []abi.Pair) filters.Request {
	var r filters.Request
	r.Headers = make([]filters.Header, 0, len(pairs))
	for _, p := range pairs {
		switch p.Key {
		case ":method":
			r.Method = p.Value
		case ":path":
			r.Path = p.Value
		case ":authority":
			r.Authority = p.Value
		case ":scheme":
			r.Scheme = p.Value
		default:
			if len(p.Key) > 0 && p.Key[0] == ':' {
				continue
			}
			if p.Key == "x-request-id" && r.RequestID == "" {
				r.RequestID = p.Value
			}
			r.Headers = append(r.Headers, filters.Header{Name: p.Key, Value: p.Value})
		}
	}
	return r
}

// clientIP is the downstream peer's address without port, from the
// source.address property ("10.0.0.1:5555", "[::1]:5555").
func clientIP() string {
	b, err := proxywasm.GetProperty("source", "address")
	if err != nil {
		return ""
	}
	if ap, err := netip.ParseAddrPort(string(b)); err == nil {
		return ap.Addr().String()
	}
	return string(b)
}
