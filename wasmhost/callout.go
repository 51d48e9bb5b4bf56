package wasmhost

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gatehouse/abi"
)

// CalloutRequest is an HTTP request a plugin sends to a cluster with
// proxy_http_call (or a gRPC call, mapped to HTTP/2 form: POST /service/method,
// content-type application/grpc, a length-prefixed message body).
type CalloutRequest struct {
	Cluster  string
	Headers  []abi.Pair // includes :method, :path, :authority
	Body     []byte
	Trailers []abi.Pair
	// Timeout is the plugin's timeout (0 = none). The host enforces it on its
	// clock; handlers may ignore it.
	Timeout time.Duration
}

// CalloutResponse is a cluster's answer.
type CalloutResponse struct {
	Status   int // becomes :status (default 200)
	Headers  []abi.Pair
	Body     []byte
	Trailers []abi.Pair
}

// Cluster answers callouts to one Envoy cluster. An error means the connection
// failed: the plugin sees a failed call (proxy_on_http_call_response with
// num_headers 0, proxy_get_status code 11 "reset"). RoundTrip runs on its own
// goroutine and may block (tests use that to hold a callout).
type Cluster interface {
	RoundTrip(ctx context.Context, req *CalloutRequest) (*CalloutResponse, error)
}

// FuncCluster adapts a Go function to Cluster.
type FuncCluster func(ctx context.Context, req *CalloutRequest) (*CalloutResponse, error)

// RoundTrip calls f.
func (f FuncCluster) RoundTrip(ctx context.Context, req *CalloutRequest) (*CalloutResponse, error) {
	return f(ctx, req)
}

// HTTPCluster returns a Cluster that performs real HTTP requests against baseURL
// (e.g. "http://127.0.0.1:8081"): the callout's :path is appended to it, :authority
// becomes the Host header.
func HTTPCluster(baseURL string) Cluster {
	return FuncCluster(func(ctx context.Context, req *CalloutRequest) (*CalloutResponse, error) {
		status, hs, body, err := doHTTP(ctx, baseURL, req.Headers, req.Body)
		if err != nil {
			return nil, err
		}
		return &CalloutResponse{Status: status, Headers: hs, Body: body}, nil
	})
}

// UpstreamRequest is what the upstream service received from the filter.
type UpstreamRequest struct {
	Headers  []abi.Pair // includes pseudo-headers
	Body     []byte
	Trailers []abi.Pair
}

// Header returns the first value of header key.
func (r *UpstreamRequest) Header(key string) (string, bool) { return findPair(r.Headers, key) }

// UpstreamResponse is the upstream service's answer; each Body chunk is delivered
// to the plugin as one response body callback.
type UpstreamResponse struct {
	Status   int // default 200
	Headers  []abi.Pair
	Body     [][]byte
	Trailers []abi.Pair
}

// Upstream is the service behind the filter. It runs on its own goroutine; an
// error is a connection failure (Envoy answers 503).
type Upstream func(ctx context.Context, req *UpstreamRequest) (*UpstreamResponse, error)

// HTTPUpstream returns an Upstream that forwards to baseURL over real HTTP.
func HTTPUpstream(baseURL string) Upstream {
	return func(ctx context.Context, req *UpstreamRequest) (*UpstreamResponse, error) {
		status, hs, body, err := doHTTP(ctx, baseURL, req.Headers, req.Body)
		if err != nil {
			return nil, err
		}
		var chunks [][]byte
		if len(body) > 0 {
			chunks = [][]byte{body}
		}
		return &UpstreamResponse{Status: status, Headers: hs, Body: chunks}, nil
	}
}

func doHTTP(ctx context.Context, baseURL string, headers []abi.Pair, body []byte) (int, []abi.Pair, []byte, error) {
	method, _ := findPair(headers, ":method")
	path, _ := findPair(headers, ":path")
	authority, _ := findPair(headers, ":authority")
	if method == "" {
		method = http.MethodGet
	}
	hr, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(baseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	for _, p := range headers {
		if strings.HasPrefix(p.Key, ":") || p.Key == "content-length" || p.Key == "host" {
			continue
		}
		hr.Header.Add(p.Key, p.Value)
	}
	if authority != "" {
		hr.Host = authority
	}
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, nil, err
	}
	var hs []abi.Pair
	for k, vs := range res.Header {
		for _, v := range vs {
			hs = append(hs, abi.Pair{Key: strings.ToLower(k), Value: v})
		}
	}
	hs = append(hs, abi.Pair{Key: "content-length", Value: strconv.Itoa(len(b))})
	return res.StatusCode, hs, b, nil
}

func safeUpstream(ctx context.Context, up Upstream, req *UpstreamRequest) (resp *UpstreamResponse, err error) {
	defer func() {
		if r := recover(); r != nil {
			resp, err = nil, fmt.Errorf("upstream handler panicked: %v", r)
		}
	}()
	resp, err = up(ctx, req)
	if err == nil && resp == nil {
		resp = &UpstreamResponse{Status: 200}
	}
	return resp, err
}

func cloneUpstreamRequest(r *UpstreamRequest) *UpstreamRequest {
	return &UpstreamRequest{Headers: append([]abi.Pair(nil), r.Headers...),
		Body: append([]byte(nil), r.Body...), Trailers: append([]abi.Pair(nil), r.Trailers...)}
}

func safeRoundTrip(ctx context.Context, c Cluster, req *CalloutRequest) (resp *CalloutResponse, err error) {
	defer func() {
		if r := recover(); r != nil {
			resp, err = nil, fmt.Errorf("cluster handler panicked: %v", r)
		}
	}()
	resp, err = c.RoundTrip(ctx, req)
	if err == nil && resp == nil {
		err = fmt.Errorf("cluster %q returned no response", req.Cluster)
	}
	return resp, err
}

// callout is an HTTP or gRPC call in flight on a worker.
type callout struct {
	token   uint32
	grpc    bool
	stream  bool // grpc_stream
	root    uint32
	cancel  context.CancelFunc
	stop    func() // timeout timer
	req     *CalloutRequest
	cluster Cluster
	ended   bool
}

// calloutResult is what the plugin may read during a callout callback.
type calloutResult struct {
	headers  *headerMap
	body     []byte
	trailers *headerMap
	grpcMsg  []byte
	initial  *headerMap
	trailing *headerMap
}

// newCallout registers a callout for the worker's root context and returns it;
// launch starts it. Both run on the dispatcher.
func (w *worker) newCallout(req *CalloutRequest, grpc bool) *callout {
	w.nextToken++
	co := &callout{token: w.nextToken, grpc: grpc, root: w.root.id, req: req, cancel: func() {}}
	w.callouts[co.token] = co
	return co
}

func (w *worker) launch(co *callout, c Cluster) {
	h := w.h
	ctx, cancel := context.WithCancel(h.baseCtx)
	co.cancel = cancel
	req := co.req
	if req.Timeout > 0 {
		co.stop = h.schedule(req.Timeout, func(sync bool) {
			f := func() { w.calloutTimeout(co) }
			if sync {
				w.runSync(f)
			} else {
				w.post(f)
			}
		})
	}
	h.busy.Add(1)
	go func() {
		defer h.busy.Add(-1)
		resp, err := safeRoundTrip(ctx, c, req)
		w.post(func() { w.calloutDone(co, resp, err) })
	}()
}

func (w *worker) calloutTimeout(co *callout) {
	if co.ended {
		return
	}
	if co.grpc {
		w.finishGrpc(co, nil, 4, "timeout") // DEADLINE_EXCEEDED
		return
	}
	// Envoy's router answers a timed-out async request with a 504 local reply.
	body := []byte("upstream request timeout")
	w.finishHTTP(co, &CalloutResponse{Status: 504, Headers: []abi.Pair{
		{Key: "content-length", Value: strconv.Itoa(len(body))}, {Key: "content-type", Value: "text/plain"}},
		Body: body}, nil)
}

func (w *worker) calloutDone(co *callout, resp *CalloutResponse, err error) {
	if co.ended {
		return
	}
	if co.grpc {
		if err != nil {
			w.finishGrpc(co, nil, 14, err.Error()) // UNAVAILABLE
			return
		}
		w.finishGrpc(co, resp, 0, "")
		return
	}
	w.finishHTTP(co, resp, err)
}

func (w *worker) endCallout(co *callout) {
	co.ended = true
	co.cancel()
	if co.stop != nil {
		co.stop()
	}
	delete(w.callouts, co.token)
}

func (w *worker) finishHTTP(co *callout, resp *CalloutResponse, err error) {
	w.endCallout(co)
	if w.failed != nil {
		return
	}
	if err != nil {
		w.status.code, w.status.msg = uint32(abi.StatusBrokenConnection), "reset"
		w.call(w.root, "proxy_on_http_call_response", 0, uint64(w.root.id), uint64(co.token), 0, 0, 0)
		return
	}
	status := resp.Status
	if status == 0 {
		status = 200
	}
	hs := []abi.Pair{{Key: ":status", Value: strconv.Itoa(status)}}
	for _, p := range resp.Headers {
		if p.Key != ":status" {
			hs = append(hs, p)
		}
	}
	r := &calloutResult{headers: newHeaderMap(hs), body: resp.Body, trailers: newHeaderMap(resp.Trailers)}
	w.status.code, w.status.msg = 0, ""
	w.callout = r
	w.call(w.root, "proxy_on_http_call_response", 0, uint64(w.root.id), uint64(co.token),
		uint64(len(r.headers.pairs)), uint64(len(r.body)), uint64(len(r.trailers.pairs)))
	w.callout = nil
}

// grpcFrame wraps a message in gRPC's length-prefixed framing.
func grpcFrame(msg []byte) []byte {
	b := make([]byte, 5, 5+len(msg))
	binary.BigEndian.PutUint32(b[1:], uint32(len(msg)))
	return append(b, msg...)
}

// grpcMessages splits a length-prefixed body into messages.
func grpcMessages(b []byte) [][]byte {
	var out [][]byte
	for len(b) >= 5 {
		n := binary.BigEndian.Uint32(b[1:5])
		if uint64(len(b)-5) < uint64(n) {
			break
		}
		out = append(out, b[5:5+n])
		b = b[5+n:]
	}
	return out
}

// finishGrpc delivers a gRPC result on the root context: for a unary call the
// message (proxy_on_grpc_receive) on success, proxy_on_grpc_close on failure; for
// a stream initial metadata, messages, trailing metadata and close.
func (w *worker) finishGrpc(co *callout, resp *CalloutResponse, code uint32, msg string) {
	w.endCallout(co)
	if w.failed != nil {
		return
	}
	root := uint64(w.root.id)
	tok := uint64(co.token)
	if resp != nil {
		all := append(append([]abi.Pair(nil), resp.Headers...), resp.Trailers...)
		if v, ok := findPair(all, "grpc-status"); ok {
			c, _ := strconv.Atoi(v)
			code = uint32(c)
			msg, _ = findPair(all, "grpc-message")
		}
		msgs := grpcMessages(resp.Body)
		if co.stream {
			w.callout = &calloutResult{initial: newHeaderMap(resp.Headers)}
			w.call(w.root, "proxy_on_grpc_receive_initial_metadata", 0, root, tok, uint64(len(resp.Headers)))
			for _, m := range msgs {
				w.callout = &calloutResult{grpcMsg: m}
				w.call(w.root, "proxy_on_grpc_receive", 0, root, tok, uint64(len(m)))
			}
			w.callout = &calloutResult{trailing: newHeaderMap(resp.Trailers)}
			w.call(w.root, "proxy_on_grpc_receive_trailing_metadata", 0, root, tok, uint64(len(resp.Trailers)))
			w.callout = nil
		} else if code == 0 {
			var m []byte
			if len(msgs) > 0 {
				m = msgs[0]
			}
			w.status.code, w.status.msg = 0, ""
			w.callout = &calloutResult{grpcMsg: m}
			w.call(w.root, "proxy_on_grpc_receive", 0, root, tok, uint64(len(m)))
			w.callout = nil
			return
		}
	}
	w.status.code, w.status.msg = code, msg
	w.call(w.root, "proxy_on_grpc_close", 0, root, tok, uint64(code))
}
