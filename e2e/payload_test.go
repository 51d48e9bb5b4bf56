package e2e

import (
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// policyPayload has a route for each kind of body and parameter rule.
const policyPayload = `{
  "schemas": {"order": {"type": "object", "required": ["item", "qty"], "additionalProperties": false,
    "properties": {"item": {"type": "string"}, "qty": {"type": "integer", "minimum": 1},
                   "tags": {"type": "array", "items": {"type": "string"}},
                   "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"}}}},
  "routes": [
    {"id": "create", "match": {"methods": ["POST"], "path": "/orders"}, "public": true,
     "body": {"max_bytes": 64, "content_types": ["application/json"], "required": true, "max_depth": 3,
              "max_keys": 4, "max_array": 3, "reject_duplicate_keys": true, "schema": {"$ref": "#/schemas/order"}}},
    {"id": "internal", "match": {"methods": ["POST"], "path": "/internal/orders"}, "public": true, "expose_errors": true,
     "body": {"schema": {"$ref": "#/schemas/order"}},
     "params": {"query": {"dry_run": {"type": "boolean"}}}},
    {"id": "get", "match": {"methods": ["GET"], "path": "/orders/{id}"}, "public": true, "body": {"forbidden": true},
     "params": {"path": {"id": {"type": "integer", "minimum": 1}},
                "query": {"limit": {"type": "integer", "minimum": 1, "maximum": 100, "required": true},
                          "sort": {"enum": ["asc", "desc"]}, "q": {"pattern": "^[a-z]+$", "max_length": 5},
                          "flag": {"type": "boolean"}, "ratio": {"type": "number", "maximum": 1}},
                "unknown_query": "reject"}},
    {"id": "upload", "match": {"methods": ["PUT"], "path": "/upload"}, "public": true, "body": {"max_bytes": 10}},
    {"id": "notes", "match": {"methods": ["POST"], "path": "/notes"}, "public": true, "body": {"content_types": ["text/plain"]}},
    {"id": "trial", "match": {"methods": ["POST"], "path": "/trial"}, "public": true, "mode": "report",
     "body": {"max_bytes": 5, "content_types": ["application/json"]}, "params": {"query": {"n": {"type": "integer"}}}},
    {"id": "free", "match": {"path": "/free"}, "public": true}
  ]}`

// withBody is a request with a body in the given chunks and extra headers.
func withBody(method, path, rid string, headers map[string]string, chunks ...string) wasmhost.Request {
	hs := []abi.Pair{{Key: "x-request-id", Value: rid}}
	for k, v := range headers {
		hs = append(hs, abi.Pair{Key: k, Value: v})
	}
	req := get(method, path, hs...)
	for _, c := range chunks {
		req.Body = append(req.Body, []byte(c))
	}
	return req
}

func TestPayloadRules(t *testing.T) {
	jsonCT := map[string]string{"content-type": "application/json"}
	jsonCL := func(n int) map[string]string {
		return map[string]string{"content-type": "application/json", "content-length": strconv.Itoa(n)}
	}
	valid := `{"item":"book","qty":2}`
	tests := []struct {
		name         string
		method, path string
		headers      map[string]string
		chunks       []string
		status       int
		reason       string
		detail       string // the event's detail; "" for none
		body         string // the reply body when status is not 200
	}{
		{"valid body in one chunk", "POST", "/orders", jsonCL(len(valid)), []string{valid}, 200, "public", "", ""},
		{"valid body in many chunks", "POST", "/orders", jsonCT, []string{`{"it`, `em":"bo`, `ok","q`, `ty":2}`}, 200, "public", "", ""},
		{"valid body byte by byte", "POST", "/orders", jsonCT, strings.Split(valid, ""), 200, "public", "", ""},
		{"schema violation", "POST", "/orders", jsonCT, []string{`{"item":"book","qty":0}`}, 400, "body_invalid", "/qty minimum",
			`{"error":"bad_request","request_id":"RID"}`},
		{"schema violation in many chunks", "POST", "/orders", jsonCT, []string{`{"item":"book",`, `"qty":"2"}`}, 400, "body_invalid", "/qty type",
			`{"error":"bad_request","request_id":"RID"}`},
		{"additional property", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"x":1}`}, 400, "body_invalid", "/x additionalProperties", ""},
		{"exposed violation", "POST", "/internal/orders", jsonCT, []string{`{"item":"book","qty":0}`}, 400, "body_invalid", "/qty minimum",
			`{"error":"bad_request","request_id":"RID","pointer":"/qty","keyword":"minimum"}`},
		{"exposed param violation", "POST", "/internal/orders?dry_run=maybe", jsonCT, []string{valid}, 400, "param_invalid", "/query/dry_run type",
			`{"error":"bad_request","request_id":"RID","pointer":"/query/dry_run","keyword":"type"}`},
		{"413 by content-length", "POST", "/orders", jsonCL(65), []string{strings.Repeat(" ", 65)}, 413, "body_too_large", "max_bytes 64",
			`{"error":"payload_too_large","request_id":"RID"}`},
		{"413 streamed without content-length", "PUT", "/upload", nil, []string{"0123", "4567", "89", "a", "bcdef"}, 413, "body_too_large", "max_bytes 10", ""},
		{"at the limit", "PUT", "/upload", nil, []string{"0123", "4567", "89"}, 200, "public", "", ""},
		{"binary body is not UTF-8 checked", "PUT", "/upload", map[string]string{"content-type": "application/octet-stream"}, []string{"\xff\x00\xfe"}, 200, "public", "", ""},
		{"content-length shorter than the body", "POST", "/orders", jsonCL(5), []string{valid}, 400, "body_invalid", "content_length", ""},
		{"content-length longer than the body", "POST", "/orders", jsonCL(40), []string{valid}, 400, "body_invalid", "content_length", ""},
		{"content type not listed", "POST", "/orders", map[string]string{"content-type": "text/plain"}, []string{valid}, 415, "content_type_unsupported", "content_type",
			`{"error":"unsupported_media_type","request_id":"RID"}`},
		{"content type missing", "POST", "/orders", nil, []string{valid}, 415, "content_type_unsupported", "content_type", ""},
		{"content type with charset", "POST", "/orders", map[string]string{"content-type": "application/json; charset=UTF-8"}, []string{valid}, 200, "public", "", ""},
		{"content type with another charset", "POST", "/orders", map[string]string{"content-type": "application/json; charset=iso-8859-1"}, []string{valid}, 415, "content_type_unsupported", "charset", ""},
		{"content type case and parameters", "POST", "/orders", map[string]string{"content-type": "Application/Json;v=1"}, []string{valid}, 200, "public", "", ""},
		{"required body absent", "POST", "/orders", jsonCT, nil, 400, "body_required", "required", ""},
		{"required body empty", "POST", "/orders", jsonCL(0), []string{""}, 400, "body_required", "required", ""},
		{"forbidden body", "GET", "/orders/7?limit=1", nil, []string{"x"}, 400, "body_forbidden", "forbidden", ""},
		{"forbidden body by content-length", "GET", "/orders/7?limit=1", map[string]string{"content-length": "3"}, []string{"abc"}, 400, "body_forbidden", "forbidden", ""},
		{"invalid UTF-8 in JSON", "POST", "/orders", jsonCT, []string{"{\"item\":\"b\xc3", "(\",\"qty\":1}"}, 400, "body_invalid", "utf8", ""},
		{"UTF-8 split across chunks", "POST", "/orders", jsonCT, []string{"{\"item\":\"\xe2\x82", "\xac\",\"qty\":1}"}, 200, "public", "", ""},
		{"invalid UTF-8 in text", "POST", "/notes", map[string]string{"content-type": "text/plain"}, []string{"caf\xe9"}, 400, "body_invalid", "utf8", ""},
		{"text body", "POST", "/notes", map[string]string{"content-type": "text/plain; charset=utf-8"}, []string{"café"}, 200, "public", "", ""},
		{"not JSON with a JSON content type", "POST", "/orders", jsonCT, []string{"item=book&qty=2"}, 400, "body_invalid", "json", ""},
		{"truncated JSON", "POST", "/orders", jsonCT, []string{`{"item":"book",`}, 400, "body_invalid", "json", ""},
		{"max_depth", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"tags":[[["x"]]]}`}, 400, "body_invalid", "max_depth 3", ""},
		{"max_keys", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"a":1,"b":2,"c":3}`}, 400, "body_invalid", "max_keys 4", ""},
		{"max_array", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"tags":["a","b","c","d"]}`}, 400, "body_invalid", "max_array 3", ""},
		{"duplicate keys", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"qty":0}`}, 400, "body_invalid", "reject_duplicate_keys", ""},
		{"guard after a schema violation", "POST", "/orders", jsonCT, []string{`{"item":1,"qty":0,"tags":[[[]]]}`}, 400, "body_invalid", "max_depth 3", ""},
		{"schema violation within the guards", "POST", "/orders", jsonCT, []string{`{"item":1,"qty":0,"tags":[]}`}, 400, "body_invalid", "/item type", ""},
		{"fixed-format pattern", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"sku":"ABC-1234"}`}, 200, "public", "", ""},
		{"fixed-format pattern, wrong class", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"sku":"ABC-12x4"}`}, 400, "body_invalid", "/sku pattern", ""},
		{"fixed-format pattern, non-ASCII", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"sku":"ÄBC-1234"}`}, 400, "body_invalid", "/sku pattern", ""},
		{"fixed-format pattern, too long", "POST", "/orders", jsonCT, []string{`{"item":"b","qty":1,"sku":"ABC-12345"}`}, 400, "body_invalid", "/sku pattern", ""},
		{"params valid", "GET", "/orders/7?limit=10&sort=asc&q=abc&flag=true&ratio=0.5", nil, nil, 200, "public", "", ""},
		{"path param type", "GET", "/orders/x?limit=1", nil, nil, 400, "param_invalid", "/path/id type", `{"error":"bad_request","request_id":"RID"}`},
		{"path param minimum", "GET", "/orders/0?limit=1", nil, nil, 400, "param_invalid", "/path/id minimum", ""},
		{"query required", "GET", "/orders/7", nil, nil, 400, "param_invalid", "/query/limit required", ""},
		{"query integer type", "GET", "/orders/7?limit=ten", nil, nil, 400, "param_invalid", "/query/limit type", ""},
		{"query maximum", "GET", "/orders/7?limit=101", nil, nil, 400, "param_invalid", "/query/limit maximum", ""},
		{"query enum", "GET", "/orders/7?limit=1&sort=up", nil, nil, 400, "param_invalid", "/query/sort enum", ""},
		{"query pattern", "GET", "/orders/7?limit=1&q=ab1", nil, nil, 400, "param_invalid", "/query/q pattern", ""},
		{"query max_length", "GET", "/orders/7?limit=1&q=abcdef", nil, nil, 400, "param_invalid", "/query/q max_length", ""},
		{"query boolean", "GET", "/orders/7?limit=1&flag=1", nil, nil, 400, "param_invalid", "/query/flag type", ""},
		{"query number", "GET", "/orders/7?limit=1&ratio=1.5", nil, nil, 400, "param_invalid", "/query/ratio maximum", ""},
		{"query percent-encoded", "GET", "/orders/7?limit=%31%30&q=a%62c", nil, nil, 200, "public", "", ""},
		{"query malformed escape", "GET", "/orders/7?limit=1&q=%zz", nil, nil, 400, "param_invalid", "/query encoding", ""},
		{"query unknown", "GET", "/orders/7?limit=1&debug=1", nil, nil, 400, "param_invalid", "/query/debug unknown", ""},
		{"query repeated", "GET", "/orders/7?limit=1&limit=2", nil, nil, 400, "param_invalid", "/query/limit repeated", ""},
		{"route without rules takes anything", "POST", "/free?x=%zz", map[string]string{"content-type": "application/json"}, []string{"\xff{"}, 200, "public", "", ""},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policyPayload)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rid := "rid-" + strconv.Itoa(i)
				resp := send(t, h, withBody(tt.method, tt.path, rid, tt.headers, tt.chunks...))
				if resp.Status != tt.status {
					t.Fatalf("status %d, want %d (body %s)", resp.Status, tt.status, resp.Body)
				}
				if tt.body != "" && string(resp.Body) != strings.ReplaceAll(tt.body, "RID", rid) {
					t.Errorf("body %s, want %s", resp.Body, tt.body)
				}
				if tt.status == 200 {
					if resp.Upstream == nil || string(resp.Upstream.Body) != strings.Join(tt.chunks, "") {
						t.Errorf("upstream got %+v", resp.Upstream)
					}
				} else if resp.Upstream != nil || !resp.LocalReply || resp.Details != "gatehouse_"+tt.reason {
					t.Errorf("local %v, details %q, upstream %+v", resp.LocalReply, resp.Details, resp.Upstream)
				}
				lines := logsContaining(h, `"request_id":"`+rid+`"`)
				if len(lines) != 1 {
					t.Fatalf("events: %q", lines)
				}
				ev := eventFor(t, h, rid)
				if ev["reason"] != tt.reason || (tt.detail != "" || ev["detail"] != nil) && ev["detail"] != tt.detail {
					t.Errorf("event reason %v detail %v, want %s %q", ev["reason"], ev["detail"], tt.reason, tt.detail)
				}
				if tt.status != 200 && (ev["decision"] != "deny" || ev["status"] != float64(tt.status) || ev["enforced"] != true) {
					t.Errorf("event %v", ev)
				}
			})
		}
		for _, reason := range []string{"body_invalid", "param_invalid", "body_too_large", "content_type_unsupported", "body_required", "body_forbidden"} {
			if counter(t, h, "gatehouse.requests.denied."+reason) == 0 {
				t.Errorf("no denied.%s", reason)
			}
		}
	})
}

// TestPayloadEventHasNoValues checks that the events of body and parameter
// violations name where, never what.
func TestPayloadEventHasNoValues(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policyPayload)
		for _, tt := range []struct {
			rid, path, body, reason, detail string
		}{
			{"rid-v1", "/internal/orders?dry_run=true", `{"item":"secret-value-1","qty":-12345}`, "body_invalid", "/qty minimum"},
			{"rid-v2", "/internal/orders?dry_run=secret-value-2", `{"item":"x","qty":1}`, "param_invalid", "/query/dry_run type"},
		} {
			resp := send(t, h, withBody("POST", tt.path, tt.rid, map[string]string{"content-type": "application/json"}, tt.body))
			if resp.Status != 400 {
				t.Fatalf("status %d", resp.Status)
			}
			line := logsContaining(h, `"request_id":"`+tt.rid+`"`)[0]
			for _, v := range []string{"secret-value", "12345"} {
				if strings.Contains(line, v) || strings.Contains(string(resp.Body), v) {
					t.Fatalf("value %q leaked: %s / %s", v, line, resp.Body)
				}
			}
			var ev map[string]any
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatal(err)
			}
			delete(ev, "time")
			want := map[string]any{"event": "gatehouse.decision", "request_id": tt.rid, "route_id": "internal", "decision": "deny",
				"reason": tt.reason, "status": float64(400), "enforced": true, "client_ip": "203.0.113.7", "method": "POST",
				"path": "/internal/orders", "detail": tt.detail}
			if !reflect.DeepEqual(ev, want) {
				t.Fatalf("event %v\nwant  %v", ev, want)
			}
		}
	})
}

// TestPayloadReportMode: a body violation on a report-mode route is logged
// and counted, and the request goes on with its whole body.
func TestPayloadReportMode(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policyPayload)
		resp := send(t, h, withBody("POST", "/trial", "rid-r", map[string]string{"content-type": "application/json"}, `[1,`, `2,3]`))
		if resp.Status != 200 || resp.Upstream == nil || string(resp.Upstream.Body) != `[1,2,3]` {
			t.Fatalf("report mode: %d %+v", resp.Status, resp.Upstream)
		}
		ev := onlyEvent(t, h)
		if ev["decision"] != "deny" || ev["enforced"] != false || ev["reason"] != "body_too_large" || ev["detail"] != "max_bytes 5" {
			t.Fatalf("event %v", ev)
		}
		if counter(t, h, "gatehouse.requests.reported.body_too_large") != 1 || counter(t, h, "gatehouse.requests.denied.body_too_large") != 0 {
			t.Fatalf("metrics:\n%s", h.Metrics())
		}
		resp = send(t, h, withBody("POST", "/trial?n=x", "rid-r2", map[string]string{"content-type": "application/json"}, `[]`))
		if resp.Status != 200 || resp.Upstream == nil || string(resp.Upstream.Body) != `[]` {
			t.Fatalf("report mode param: %d %+v", resp.Status, resp.Upstream)
		}
		if ev := eventFor(t, h, "rid-r2"); ev["reason"] != "param_invalid" || ev["enforced"] != false || ev["detail"] != "/query/n type" {
			t.Fatalf("event %v", ev)
		}
	})
}

// stallingBody hands out chunks, then blocks until released: the 413 must come
// while the client is still sending.
type stallingBody struct {
	chunks  []string
	release chan struct{}
}

func (b *stallingBody) Read(p []byte) (int, error) {
	if len(b.chunks) == 0 {
		<-b.release
		return 0, io.EOF
	}
	n := copy(p, b.chunks[0])
	b.chunks = b.chunks[1:]
	return n, nil
}

func TestPayload413BeforeTheBodyEnds(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policyPayload)
		body := &stallingBody{chunks: []string{"0123", "4567", "89ab"}, release: make(chan struct{})}
		defer close(body.release)
		req := withBody("PUT", "/upload", "rid-s", nil)
		req.BodyReader = body
		resp, err := h.Send(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 413 || resp.Upstream != nil {
			t.Fatalf("status %d, upstream %+v", resp.Status, resp.Upstream)
		}
		if ev := onlyEvent(t, h); ev["reason"] != "body_too_large" || ev["detail"] != "max_bytes 10" {
			t.Fatalf("event %v", ev)
		}
	})
}

func TestPayloadPolicyErrors(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		_, err := wasmhost.New(context.Background(), gatehouse(t), wasmhost.Config{Mode: mode, PluginConfig: []byte(
			`{"routes":[{"id":"a","match":{"path":"/a/{id}"},"body":{"schema":{"properties":{"qty":{"minimu":1}}}},
			  "params":{"path":{"key":{}}}}]}`)})
		if err == nil {
			t.Fatal("the policy loaded")
		}
		for _, want := range []string{
			`gatehouse: invalid policy: routes[0].body.schema.properties.qty.minimu: unsupported keyword "minimu"`,
			`gatehouse: invalid policy: routes[0].params.path.key: "key" is not a parameter of the route's path "/a/{id}"`,
		} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("load error does not name %q:\n%v", want, err)
			}
		}
	})
}

// TestPayloadAfterAuthentication: on a route with identity and body rules the
// caller is authenticated at the headers (identity headers rewritten), the
// body judged after, and the one event names both.
func TestPayloadAfterAuthentication(t *testing.T) {
	policy := strings.Replace(identityPolicy(t), `"routes":[`, `"routes":[
		{"id":"create","match":{"path":"/v1/orders","methods":["POST"]},"identity":["corp"],
		 "body":{"schema":{"type":"object","required":["qty"]}}},`, 1)
	policy = strings.Replace(policy, `{"id":"orders","match":{"path":"/v1/orders"}`, `{"id":"orders","match":{"path":"/v1/orders","methods":["GET"]}`, 1)
	tok := token(t, jose.RS256, idRSA, "rsa-1", map[string]any{"sub": "alice"})
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policy)
		for _, tt := range []struct {
			rid, auth, body string
			status          int
			reason, detail  string
		}{
			{"rid-a1", tok, `{"qty":1}`, 200, "authenticated", ""},
			{"rid-a2", tok, `{"qt":1}`, 400, "body_invalid", "/qty required"},
			{"rid-a3", "", `{"qty":1}`, 401, "token_missing", "corp: credential missing"},
		} {
			hs := map[string]string{"content-type": "application/json", "x-user-id": "mallory"}
			if tt.auth != "" {
				hs["authorization"] = "Bearer " + tt.auth
			}
			resp := send(t, h, withBody("POST", "/v1/orders", tt.rid, hs, tt.body))
			if resp.Status != tt.status {
				t.Fatalf("%s: status %d", tt.rid, resp.Status)
			}
			if tt.status == 200 {
				if v, _ := resp.Upstream.Header("x-user-id"); v != "alice" || string(resp.Upstream.Body) != tt.body {
					t.Fatalf("upstream x-user-id %q body %q", v, resp.Upstream.Body)
				}
			}
			if n := len(logsContaining(h, `"request_id":"`+tt.rid+`"`)); n != 1 {
				t.Fatalf("%s: %d events", tt.rid, n)
			}
			ev := eventFor(t, h, tt.rid)
			wantSubject := any("alice")
			if tt.auth == "" {
				wantSubject = nil
			}
			if ev["reason"] != tt.reason || ev["subject"] != wantSubject || (tt.detail != "" && ev["detail"] != tt.detail) {
				t.Fatalf("%s: event %v", tt.rid, ev)
			}
		}
	})
}

// TestPayloadWithTrailers: a body followed by trailers is judged at the
// trailers (the last body callback does not end the stream).
func TestPayloadWithTrailers(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policyPayload)
		for _, tt := range []struct {
			rid, body string
			status    int
		}{{"rid-t1", `{"item":"b","qty":1}`, 200}, {"rid-t2", `{"item":"b","qty":0}`, 400}} {
			req := withBody("POST", "/orders", tt.rid, map[string]string{"content-type": "application/json"}, tt.body[:5], tt.body[5:])
			req.Trailers = []abi.Pair{{Key: "x-checksum", Value: "1"}}
			resp := send(t, h, req)
			if resp.Status != tt.status {
				t.Fatalf("%s: status %d", tt.rid, resp.Status)
			}
			if tt.status == 200 && (string(resp.Upstream.Body) != tt.body || len(resp.Upstream.Trailers) != 1) {
				t.Fatalf("upstream %+v", resp.Upstream)
			}
			if n := len(logsContaining(h, `"request_id":"`+tt.rid+`"`)); n != 1 {
				t.Fatalf("%s: %d events", tt.rid, n)
			}
		}
	})
}

// TestPayloadEnvoyBufferLimit: a max_bytes above Envoy's buffer limit lets
// Envoy answer 413 itself once its buffer overflows; the request's event is
// still written (when the stream ends), saying the body was never judged.
func TestPayloadEnvoyBufferLimit(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policyPayload, func(c *wasmhost.Config) { c.BufferLimit = 8 })
		resp := send(t, h, withBody("POST", "/orders", "rid-b", map[string]string{"content-type": "application/json"},
			`{"item":`, `"book","qty":2}`))
		if resp.Status != 413 || resp.Details != "request_payload_too_large" || resp.Upstream != nil {
			t.Fatalf("status %d details %q", resp.Status, resp.Details)
		}
		ev := onlyEvent(t, h)
		if ev["reason"] != "public" || ev["detail"] != "request body incomplete" || ev["route_id"] != "create" {
			t.Fatalf("event %v", ev)
		}
	})
}
