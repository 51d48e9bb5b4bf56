package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// proxy turns each HTTP/1.1 request into a stream through wasmhost, the way
// Envoy's connection manager hands requests to its filter chain: headers
// lower-cased with pseudo-headers, hop-by-hop headers dropped, X-Forwarded-For
// appended, the body streamed in chunks through the body callbacks, and the
// response streamed back as it comes.
type proxy struct {
	host *wasmhost.Host
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := wasmhost.Request{
		Headers:       requestHeaders(r),
		SourceAddress: r.RemoteAddr,
		Sink:          &responseWriter{w: w},
	}
	if r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		req.BodyReader = r.Body
	}
	if _, err := p.host.Send(r.Context(), req); err != nil && r.Context().Err() == nil {
		// The stream ended without a response (reset): close the connection
		// rather than invent one.
		if rw, ok := req.Sink.(*responseWriter); ok && !rw.wroteHeader {
			http.Error(w, "", http.StatusBadGateway)
		}
	}
}

// hopByHop are the connection-level headers a proxy must not forward (RFC 9110
// §7.6.1), as Envoy's HTTP/1 codec drops them; headers nominated in Connection
// are dropped too.
var hopByHop = map[string]bool{
	"connection": true, "keep-alive": true, "proxy-connection": true, "te": true, "trailer": true,
	"transfer-encoding": true, "upgrade": true,
}

func requestHeaders(r *http.Request) []abi.Pair {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	hs := []abi.Pair{{Key: ":method", Value: r.Method}, {Key: ":path", Value: r.URL.RequestURI()},
		{Key: ":authority", Value: r.Host}, {Key: ":scheme", Value: scheme}}
	nominated := map[string]bool{}
	for _, v := range r.Header.Values("Connection") {
		for _, tok := range strings.Split(v, ",") {
			nominated[strings.ToLower(strings.TrimSpace(tok))] = true
		}
	}
	var xff string
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if hopByHop[lk] || nominated[lk] || lk == "host" || lk == "content-length" {
			continue // content-length: net/http keeps the client's; it is set once below
		}
		if lk == "x-forwarded-for" {
			xff = strings.Join(vs, ", ")
			continue
		}
		for _, v := range vs {
			hs = append(hs, abi.Pair{Key: lk, Value: v})
		}
	}
	if r.ContentLength > 0 {
		hs = append(hs, abi.Pair{Key: "content-length", Value: strconv.FormatInt(r.ContentLength, 10)})
	}
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		if xff != "" {
			xff += ", "
		}
		hs = append(hs, abi.Pair{Key: "x-forwarded-for", Value: xff + ip})
	}
	return append(hs, abi.Pair{Key: "x-forwarded-proto", Value: scheme})
}

// responseWriter streams a wasmhost response to the HTTP client.
type responseWriter struct {
	w           http.ResponseWriter
	wroteHeader bool
}

func (rw *responseWriter) WriteHeaders(status int, headers []abi.Pair) {
	h := rw.w.Header()
	for _, p := range headers {
		if hopByHop[p.Key] {
			continue
		}
		h.Add(p.Key, p.Value)
	}
	rw.wroteHeader = true
	rw.w.WriteHeader(status)
}

func (rw *responseWriter) WriteBody(chunk []byte) {
	rw.w.Write(chunk)
	if f, ok := rw.w.(http.Flusher); ok {
		f.Flush()
	}
}

func (rw *responseWriter) WriteTrailers(trailers []abi.Pair) {
	for _, p := range trailers {
		rw.w.Header().Add(http.TrailerPrefix+p.Key, p.Value)
	}
}

// echoUpstream is the built-in upstream used when no --upstream is given: it
// answers 200 with a JSON description of the request it received, so a newcomer
// can see what passed the filter.
func echoUpstream(ctx context.Context, req *wasmhost.UpstreamRequest) (*wasmhost.UpstreamResponse, error) {
	type header struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	echo := struct {
		Echo    bool     `json:"echo"`
		Method  string   `json:"method"`
		Path    string   `json:"path"`
		Headers []header `json:"headers"`
		Body    string   `json:"body"`
	}{Echo: true, Headers: []header{}, Body: string(req.Body)}
	for _, p := range req.Headers {
		switch {
		case p.Key == ":method":
			echo.Method = p.Value
		case p.Key == ":path":
			echo.Path = p.Value
		case !strings.HasPrefix(p.Key, ":"):
			echo.Headers = append(echo.Headers, header{p.Key, p.Value})
		}
	}
	body, err := json.MarshalIndent(echo, "", "  ")
	if err != nil {
		return nil, err
	}
	body = append(body, '\n')
	return &wasmhost.UpstreamResponse{Status: 200, Headers: []abi.Pair{
		{Key: "content-type", Value: "application/json"},
		{Key: "content-length", Value: strconv.Itoa(len(body))}},
		Body: [][]byte{body}}, nil
}
