package wasmhost

import (
	"context"
	"strings"
	"testing"

	"gatehouse/abi"
)

// TestResponseBodyReplacement checks the facts a filter that rewrites a whole
// response body relies on (filters/redact): Content-Length can only be removed
// in the response-headers callback — once the headers continued they are gone
// downstream and the map is BAD_ARGUMENT — the buffered body can be replaced at
// its end, also from the trailers callback, and a buffered response over the
// buffer limit is a reset because its headers already left.
func TestResponseBodyReplacement(t *testing.T) {
	upstream := func(body []string, trailers []abi.Pair) Upstream {
		return func(context.Context, *UpstreamRequest) (*UpstreamResponse, error) {
			var chunks [][]byte
			for _, c := range body {
				chunks = append(chunks, []byte(c))
			}
			return &UpstreamResponse{Headers: []abi.Pair{{Key: "content-type", Value: "application/json"},
				{Key: "content-length", Value: "6"}}, Body: chunks, Trailers: trailers}, nil
		}
	}
	h := newHost(t, "probe", Config{BufferLimit: 8, Upstream: upstream([]string{"ab", "cd", "ef"}, nil)})
	r := send(t, h, get("/", "resph", "del 2 content-length", "respb", "buffer;rep 2 content-length 3;setbody 1 0 100 XYZ"))
	if string(r.Body) != "XYZ" || r.Status != 200 {
		t.Fatalf("client saw %d %q", r.Status, r.Body)
	}
	if cl, ok := r.Header("content-length"); ok {
		t.Fatalf("content-length %q reached the client", cl)
	}
	if rs := results(h, "rep 2 content-length 3"); strings.Join(rs, "|") != "st=2|st=2|st=2" {
		t.Fatalf("response headers writable from the body callback: %q", rs)
	}

	// Without removing it, the stale length goes downstream.
	r = send(t, h, get("/", "respb", "buffer;setbody 1 0 100 XYZ"))
	if cl, _ := r.Header("content-length"); cl != "6" || string(r.Body) != "XYZ" {
		t.Fatalf("content-length %q body %q", cl, r.Body)
	}

	// With trailers the last body callback has no end of stream; the buffered
	// body is replaced from the trailers callback.
	h = newHost(t, "probe", Config{Upstream: upstream([]string{"ab", "cd"}, []abi.Pair{{Key: "x-t", Value: "1"}})})
	r = send(t, h, get("/", "respb", "buffer", "respt", "body 1 0 100;setbody 1 0 100 XYZ"))
	if string(r.Body) != "XYZ" || len(r.Trailers) != 1 || result(t, h, "body 1 0 100") != "st=0 abcd" {
		t.Fatalf("client saw %q trailers %v; trailers callback read %q", r.Body, r.Trailers, result(t, h, "body 1 0 100"))
	}

	// Over the buffer limit while buffering a response whose headers left:
	// a reset.
	h = newHost(t, "probe", Config{BufferLimit: 8, Upstream: upstream([]string{"12345", "67890"}, nil)})
	r = send(t, h, get("/", "respb", "buffer"))
	if !r.Reset || r.Details != "response_payload_too_large" {
		t.Fatalf("want a reset, got %+v", r)
	}
}
