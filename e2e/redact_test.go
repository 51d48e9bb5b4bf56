package e2e

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// redactPolicy redacts password, *.token and users.#.ssn policy-wide (kept
// for the pii:read scope, refused over 2 KiB); /v1/staff masks ssn instead and
// passes bodies over 64 bytes; /v1/login turns redaction off.
func redactPolicy(t *testing.T) string {
	jwks, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &idRSA.PublicKey, KeyID: "rsa-1", Algorithm: "RS256", Use: "sig"}}})
	return `{"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["orders-api"],
		"algorithms":["RS256"],"jwks":{"inline":` + string(jwks) + `},"claims":{"scopes":"scope"}}]},
	"response":{"redact":{"fields":["password","*.token","users.#.ssn"],"unless":{"scopes":["pii:read"]},"max_bytes":2048}},
	"routes":[
		{"id":"users","match":{"path":"/v1/users"},"public":true},
		{"id":"me","match":{"path":"/v1/me"},"identity":["corp"]},
		{"id":"staff","match":{"path":"/v1/staff"},"public":true,
			"response":{"redact":{"fields":["ssn"],"action":"mask","max_bytes":64,"on_overflow":"pass"}}},
		{"id":"login","match":{"path":"/v1/login"},"public":true,"response":{"redact":{"disabled":true}}}]}`
}

// nestedBody has the three kinds of field in nested objects and arrays.
const nestedBody = `{"users":[{"name":"ann","ssn":"111-22-3333","tags":[["a",{"ssn":"deep"}]],"password":"p1"},` +
	`{"name":"bob","ssn":"222","profile":{"password":"p2","nick":"b"}}],` +
	`"session":{"token":"tok-123","ttl":60},"token":"root-level","password":"p3"}`

// nestedRedacted is nestedBody without them (the ssn inside tags is not at
// users.#.ssn, and the root-level token is not at *.token).
const nestedRedacted = `{"users":[{"name":"ann","tags":[["a",{"ssn":"deep"}]]},` +
	`{"name":"bob","profile":{"nick":"b"}}],"session":{"ttl":60},"token":"root-level"}`

// chunks splits s into pieces of n bytes.
func chunks(s string, n int) [][]byte {
	var out [][]byte
	for len(s) > n {
		out = append(out, []byte(s[:n]))
		s = s[n:]
	}
	return append(out, []byte(s))
}

// upstreamCase is what the upstream answers for a request's x-case header.
type upstreamCase struct {
	headers  []abi.Pair
	body     [][]byte
	trailers []abi.Pair
}

func jsonHeaders(body string, extra ...abi.Pair) []abi.Pair {
	return append([]abi.Pair{{Key: "content-type", Value: "application/json; charset=utf-8"},
		{Key: "content-length", Value: strconv.Itoa(len(body))}}, extra...)
}

var bigBody = `{"items":[` + strings.Repeat(`{"password":"x","n":1},`, 100) + `{}]}`

var upstreamCases = map[string]upstreamCase{
	"nested":      {headers: jsonHeaders(nestedBody), body: chunks(nestedBody, 7)},
	"one-chunk":   {headers: jsonHeaders(nestedBody), body: [][]byte{[]byte(nestedBody)}},
	"problem":     {headers: []abi.Pair{{Key: "content-type", Value: "application/problem+json"}}, body: chunks(`{"title":"x","password":"p"}`, 5)},
	"text":        {headers: []abi.Pair{{Key: "content-type", Value: "text/plain"}, {Key: "content-length", Value: "12"}}, body: [][]byte{[]byte(`password=abc`)}},
	"no-type":     {headers: []abi.Pair{{Key: "content-length", Value: "16"}}, body: [][]byte{[]byte(`{"password":"x"}`)}},
	"invalid":     {headers: jsonHeaders(`{"password":"x",`), body: chunks(`{"password":"x",`, 4)},
	"big":         {headers: jsonHeaders(bigBody), body: chunks(bigBody, 500)},
	"big-chunked": {headers: []abi.Pair{{Key: "content-type", Value: "application/json"}}, body: chunks(bigBody, 500)},
	"gzip":        {headers: jsonHeaders("\x1f\x8b", abi.Pair{Key: "content-encoding", Value: "gzip"}), body: [][]byte{[]byte("\x1f\x8b")}},
	"trailers":    {headers: []abi.Pair{{Key: "content-type", Value: "application/json"}}, body: chunks(nestedBody, 50), trailers: []abi.Pair{{Key: "x-checksum", Value: "1"}}},
	"staff":       {headers: jsonHeaders(`{"ssn":1,"x":{"ssn":[1,2]}}`), body: chunks(`{"ssn":1,"x":{"ssn":[1,2]}}`, 3)},
	"no-body":     {headers: jsonHeaders(nestedBody)},
}

func redactUpstream(ctx context.Context, req *wasmhost.UpstreamRequest) (*wasmhost.UpstreamResponse, error) {
	name, _ := req.Header("x-case")
	c, ok := upstreamCases[name]
	if !ok {
		return &wasmhost.UpstreamResponse{Status: 500}, nil
	}
	hs := append([]abi.Pair(nil), c.headers...)
	// Tell the test whether the client's accept-encoding reached the upstream.
	if _, ok := req.Header("accept-encoding"); ok {
		hs = append(hs, abi.Pair{Key: "x-saw-accept-encoding", Value: "yes"})
	}
	return &wasmhost.UpstreamResponse{Status: 200, Headers: hs, Body: c.body, Trailers: c.trailers}, nil
}

var redactCounters = []string{"applied", "skipped_not_json", "invalid_json", "overflow_passed", "overflow_refused"}

func TestRedactResponses(t *testing.T) {
	policy := redactPolicy(t)
	bearer := func(scope string) abi.Pair {
		return abi.Pair{Key: "authorization", Value: "Bearer " + token(t, jose.RS256, idRSA, "rsa-1", map[string]any{"scope": scope})}
	}
	none := abi.Pair{Key: "x-none", Value: "1"}
	tests := []struct {
		name, path, upstream string
		cred                 abi.Pair
		status               int
		body                 string
		// contentLength is the content-length the client sees ("" = none).
		contentLength string
		counter       string // the gatehouse.redact.* counter that moves by one ("" = none)
		reset         bool
		acceptEnc     bool // the upstream saw accept-encoding
	}{
		{"nested arrays in many chunks", "/v1/users", "nested", none, 200, nestedRedacted, "", "applied", false, false},
		{"one chunk", "/v1/users", "one-chunk", none, 200, nestedRedacted, "", "applied", false, false},
		{"+json type", "/v1/users", "problem", none, 200, `{"title":"x"}`, "", "applied", false, false},
		{"with trailers", "/v1/users", "trailers", none, 200, nestedRedacted, "", "applied", false, false},
		{"not json passes untouched", "/v1/users", "text", none, 200, `password=abc`, "12", "skipped_not_json", false, false},
		{"no content type passes untouched", "/v1/users", "no-type", none, 200, `{"password":"x"}`, "16", "skipped_not_json", false, false},
		{"invalid json passes untouched", "/v1/users", "invalid", none, 200, `{"password":"x",`, "", "invalid_json", false, false},
		{"announced overflow refused", "/v1/users", "big", none, 502, `{"error":"bad_gateway","request_id":"RID"}`, "42", "overflow_refused", false, false},
		{"overflow found mid-body resets", "/v1/users", "big-chunked", none, 0, "", "", "overflow_refused", true, false},
		{"compressed body refused", "/v1/users", "gzip", none, 502, `{"error":"bad_gateway","request_id":"RID"}`, "42", "overflow_refused", false, false},
		{"no body", "/v1/users", "no-body", none, 200, "", strconv.Itoa(len(nestedBody)), "", false, false},
		{"caller without the scope", "/v1/me", "nested", bearer("orders:read"), 200, nestedRedacted, "", "applied", false, false},
		{"caller with the scope keeps fields", "/v1/me", "nested", bearer("orders:read pii:read"), 200, nestedBody, strconv.Itoa(len(nestedBody)), "", false, true},
		{"route masks instead", "/v1/staff", "staff", none, 200, `{"ssn":"[redacted]","x":{"ssn":"[redacted]"}}`, "", "applied", false, false},
		{"route passes its overflow", "/v1/staff", "big", none, 200, bigBody, strconv.Itoa(len(bigBody)), "overflow_passed", false, false},
		{"route turns redaction off", "/v1/login", "nested", none, 200, nestedBody, strconv.Itoa(len(nestedBody)), "", false, true},
		{"local replies are left alone", "/v1/me", "nested", none, 401, `{"error":"unauthorized","request_id":"RID"}`, "42", "", false, false},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policy, func(c *wasmhost.Config) { c.Upstream = redactUpstream })
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rid := "redact-" + strconv.Itoa(i)
				before := map[string]int64{}
				for _, c := range redactCounters {
					before[c] = counter(t, h, "gatehouse.redact."+c)
				}
				resp := send(t, h, get("GET", tt.path, tt.cred, abi.Pair{Key: "x-case", Value: tt.upstream},
					abi.Pair{Key: "x-request-id", Value: rid}, abi.Pair{Key: "accept-encoding", Value: "gzip"}))
				want := strings.ReplaceAll(tt.body, "RID", rid)
				if resp.Status != tt.status || string(resp.Body) != want || resp.Reset != tt.reset {
					t.Fatalf("client saw %d %q (reset %v, details %s), want %d %q", resp.Status, resp.Body, resp.Reset, resp.Details, tt.status, want)
				}
				cl, _ := resp.Header("content-length")
				if tt.contentLength == "42" { // a local reply: its own length
					tt.contentLength = strconv.Itoa(len(want))
				}
				if !tt.reset && cl != tt.contentLength {
					t.Fatalf("content-length %q, want %q", cl, tt.contentLength)
				}
				if _, saw := resp.Header("x-saw-accept-encoding"); resp.Upstream != nil && !resp.LocalReply && saw != tt.acceptEnc {
					t.Fatalf("upstream saw accept-encoding: %v, want %v", saw, tt.acceptEnc)
				}
				for _, c := range redactCounters {
					want := before[c]
					if c == tt.counter {
						want++
					}
					if got := counter(t, h, "gatehouse.redact."+c); got != want {
						t.Errorf("gatehouse.redact.%s = %d, want %d", c, got, want)
					}
				}
				if tt.counter == "overflow_refused" {
					evs := logsContaining(h, `"reason":"redact_overflow"`)
					if len(evs) == 0 || !strings.Contains(evs[len(evs)-1], `"request_id":"`+rid+`"`) ||
						!strings.Contains(evs[len(evs)-1], `"status":502`) || strings.Contains(evs[len(evs)-1], "password") {
						t.Fatalf("no redact_overflow event for %s: %q", rid, evs)
					}
				}
			})
		}
	})
}

// TestRedactReportMode: in report mode redaction still applies, and a body
// too large to redact is reported (event reason redact_overflow, decision
// deny, not enforced) and passes.
func TestRedactReportMode(t *testing.T) {
	policy := `{"mode":"report","response":{"redact":{"fields":["password"],"max_bytes":2048}},
		"routes":[{"id":"users","match":{"path":"/v1/users"},"public":true}]}`
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policy, func(c *wasmhost.Config) { c.Upstream = redactUpstream })
		resp := send(t, h, get("GET", "/v1/users", abi.Pair{Key: "x-case", Value: "one-chunk"}))
		want := `{"users":[{"name":"ann","ssn":"111-22-3333","tags":[["a",{"ssn":"deep"}]]},` +
			`{"name":"bob","ssn":"222","profile":{"nick":"b"}}],"session":{"token":"tok-123","ttl":60},"token":"root-level"}`
		if resp.Status != 200 || string(resp.Body) != want {
			t.Fatalf("client saw %d %s", resp.Status, resp.Body)
		}
		resp = send(t, h, get("GET", "/v1/users", abi.Pair{Key: "x-case", Value: "big"}, abi.Pair{Key: "x-request-id", Value: "rep-1"}))
		if resp.Status != 200 || string(resp.Body) != bigBody {
			t.Fatalf("client saw %d (%d bytes)", resp.Status, len(resp.Body))
		}
		evs := logsContaining(h, `"reason":"redact_overflow"`)
		if len(evs) != 1 || !strings.Contains(evs[0], `"request_id":"rep-1"`) || !strings.Contains(evs[0], `"enforced":false`) {
			t.Fatalf("events: %q", evs)
		}
		if got := counter(t, h, "gatehouse.requests.reported.redact_overflow"); got != 1 {
			t.Fatalf("reported.redact_overflow = %d", got)
		}
	})
}
