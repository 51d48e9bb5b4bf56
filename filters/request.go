package filters

import "time"

// Header is one request or response header. Names are lower case, as Envoy
// delivers them.
type Header struct {
	Name  string
	Value string
}

// Request is one HTTP request as the filters see it at the request-headers
// phase. The plugin builds it once per stream; filters read it and never keep
// it beyond the stream.
type Request struct {
	// Method is the :method pseudo-header, e.g. "GET".
	Method string
	// Path is the :path pseudo-header, query string included. The pipeline
	// replaces it with its normalised form (route.Normalize) before matching;
	// RawPath then keeps what the client sent.
	Path string
	// RawPath is the :path as received when normalisation changed it; empty
	// otherwise.
	RawPath string
	// Authority is the :authority pseudo-header (the host).
	Authority string
	// Scheme is the :scheme pseudo-header, "http" or "https".
	Scheme string
	// Headers are the regular headers, pseudo-headers excluded, in arrival order.
	Headers []Header
	// ClientIP is the address of the peer that connected to Envoy, without port.
	ClientIP string
	// RequestID is Envoy's x-request-id for correlating events with access logs.
	RequestID string
	// Time is when the request reached the filter.
	Time time.Time
	// Params are the path parameters bound by the matched route's template
	// ({id} → "42"), filled in by the pipeline. Its storage is reused when the
	// plugin recycles a Request.
	Params []Param
}

// Param is a path parameter bound by a route template.
type Param struct {
	Name, Value string
}

// Header returns the first value of the header with the given lower-case name,
// and whether it was present.
func (r *Request) Header(name string) (string, bool) {
	for _, h := range r.Headers {
		if h.Name == name {
			return h.Value, true
		}
	}
	return "", false
}
