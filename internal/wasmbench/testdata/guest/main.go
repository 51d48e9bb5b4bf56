// Command guest exports the pieces internal/wasmbench measures; each bench_*
// export runs its piece n times.
package main

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"gatehouse/abi"
	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/event"
	"gatehouse/filters/headers"
	"gatehouse/filters/jwt"
	"gatehouse/filters/pipeline"
	"gatehouse/filters/ratelimit"

	"gatehouse/filters/redact"
	"github.com/tidwall/gjson"
)

func main() {}

var (
	buf   []byte
	pairs []abi.Pair
	enc   string
	pl    *pipeline.Pipeline
	req   filters.Request
	now   = time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	// events formats bench_event's events as the plugin's root does.
	events event.Formatter
)

//go:wasmexport setup
func setup() {
	enc = string(abi.EncodePairs([]abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: "/v1/orders/42"},
		{Key: ":authority", Value: "api.example.com"}, {Key: ":scheme", Value: "https"}, {Key: "user-agent", Value: "bench"},
		{Key: "accept", Value: "application/json"}, {Key: "x-request-id", Value: "0f8e1a52-5a53-4b43-9e4b-bench"}}))
	pol, _ := config.Parse([]byte(`{"routes":[{"id":"health","match":{"path":"/healthz"},"public":true},{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`))
	pl, _ = pipeline.Compile(pol)
	req = filters.Request{Method: "GET", Path: "/v1/orders/42", RequestID: "0f8e1a52-5a53-4b43-9e4b-bench", ClientIP: "203.0.113.7", Time: now}
}

//go:wasmexport bench_event
func benchEvent(n uint32) {
	for i := uint32(0); i < n; i++ {
		ev := event.Event{Time: now, RequestID: req.RequestID, RouteID: "orders", Decision: "allow", Reason: "public",
			Enforced: true, ClientIP: req.ClientIP, Method: "GET", Path: req.Path}
		buf = events.AppendJSON(buf[:0], &ev)
	}
}

//go:wasmexport bench_decode_pairs
func benchDecode(n uint32) {
	for i := uint32(0); i < n; i++ {
		pairs, _ = abi.DecodePairsString(enc, pairs)
	}
}

//go:wasmexport bench_decide
func benchDecide(n uint32) {
	for i := uint32(0); i < n; i++ {
		d := pl.Decide(&req)
		_ = d
	}
}

//go:wasmexport bench_time_now
func benchNow(n uint32) {
	for i := uint32(0); i < n; i++ {
		sinkTime = time.Now()
	}
}

// sinkTime keeps bench_time_now's result alive without touching now, the fixed
// clock of the other pieces.
var sinkTime time.Time

// Route tables of 10 and 1,000 routes (/svc<i>/items/{id} and
// /svc<i>/items/{id}/notes), matched with a request for the middle service.
var (
	pl10, pl1000 *pipeline.Pipeline
	reqRoutes    filters.Request
)

func routesPolicy(n int) *pipeline.Pipeline {
	var b strings.Builder
	b.WriteString(`{"routes":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		id := strconv.Itoa(i)
		b.WriteString(`{"id":"r` + id + `","match":{"path":"/svc` + id + `/items/{id}","methods":["GET"]},"public":true},`)
		b.WriteString(`{"id":"n` + id + `","match":{"path":"/svc` + id + `/items/{id}/notes"},"public":true}`)
	}
	b.WriteString(`]}`)
	pol, err := config.Parse([]byte(b.String()))
	if err != nil {
		panic(err)
	}
	p, err := pipeline.Compile(pol)
	if err != nil {
		panic(err)
	}
	return p
}

//go:wasmexport setup_routes
func setupRoutes() {
	pl10, pl1000 = routesPolicy(5), routesPolicy(500)
}

// bench_decide_10 and bench_decide_1000 decide a request against 10 and 1,000
// routes.
//
//go:wasmexport bench_decide_10
func benchDecide10(n uint32) { decideN(pl10, "/svc3/items/42", n) }

//go:wasmexport bench_decide_1000
func benchDecide1000(n uint32) { decideN(pl1000, "/svc250/items/42", n) }

func decideN(p *pipeline.Pipeline, path string, n uint32) {
	for i := uint32(0); i < n; i++ {
		reqRoutes.Method, reqRoutes.Path = "GET", path
		if d := p.Decide(&reqRoutes); d.Reason != filters.ReasonPublic {
			panic(string(d.Reason))
		}
	}
}

// Inputs the host passes in before setup_verify: a token and the JWKS that
// verifies it.
var (
	inputBuf [16 << 10]byte
	token    string
	jwksJSON string
	prov     *jwt.Provider
	cache    *jwt.Cache
	rsaPub   *rsa.PublicKey
	digest   [32]byte
	sig      []byte
)

//go:wasmexport input_buffer
func inputBuffer() *byte { return &inputBuf[0] }

//go:wasmexport set_input
func setInput(kind, n uint32) {
	s := string(inputBuf[:n])
	if kind == 0 {
		token = s
	} else {
		jwksJSON = s
	}
}

//go:wasmexport setup_verify
func setupVerify() uint32 {
	pol, err := config.Parse([]byte(`{"identity":{"jwt":[{"name":"corp","issuer":"https://dev.local/",
		"audiences":["orders-api"],"algorithms":["RS256"],"jwks":{"inline":` + jwksJSON + `}}]}}`))
	if err != nil {
		return 1
	}
	if prov, err = jwt.Compile(&pol.Identity.JWT[0]); err != nil {
		return 2
	}
	if _, err := prov.Verify(token, now); err != nil {
		return 3
	}
	cache = jwt.NewCache(1000)
	keys, err := prov.Keys().Lookup("dev-rsa-1", config.RS256)
	if err != nil || len(keys) == 0 {
		return 4
	}
	rsaPub = keys[0].Public.(*rsa.PublicKey)
	dot := strings.LastIndexByte(token, '.')
	digest = sha256.Sum256([]byte(token[:dot]))
	if sig, err = base64.RawURLEncoding.DecodeString(token[dot+1:]); err != nil {
		return 5
	}
	// The authorised decision: the same provider behind a route with the allow
	// rule of internal/benchcases' "authorised" case (owner branch passes).
	if plAuthz, err = pipelineFor(`{"identity":{"jwt":[{"name":"corp","issuer":"https://dev.local/",
		"audiences":["orders-api"],"algorithms":["RS256"],"jwks":{"inline":` + jwksJSON + `}}]},
		"routes":[{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"identity":["corp"],
		"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"id","claim":"sub"}}]}}]}`); err != nil {
		return 6
	}
	reqAuthz = filters.Request{Method: "GET", Path: "/v1/orders/bench", Scheme: "https", Authority: "api.example.com",
		Time: now, Headers: []filters.Header{{Name: "authorization", Value: "Bearer " + token}}}
	if d := plAuthz.Decide(&reqAuthz); d.Verdict != filters.Allow {
		return 7
	}
	return 0
}

var (
	plAuthz  *pipeline.Pipeline
	reqAuthz filters.Request
)

// pipelineFor parses and compiles a policy.
func pipelineFor(policy string) (*pipeline.Pipeline, error) {
	pol, err := config.Parse([]byte(policy))
	if err != nil {
		return nil, err
	}
	return pipeline.Compile(pol)
}

// bench_authorised is a whole decision on an authenticated route with an allow
// rule, the token in the VM's cache: route match, cached-token authentication,
// the rule, the request's rewrite. The issue-5 budget compares it with the
// authentication budget (5× the floor's lifecycle) plus 20 %.
//
//go:wasmexport bench_authorised
func benchAuthorised(n uint32) {
	for i := uint32(0); i < n; i++ {
		r := reqAuthz
		r.Params = r.Params[:0]
		if d := plAuthz.Decide(&r); d.Verdict != filters.Allow {
			panic("authorised: " + string(d.Reason))
		}
	}
}

// bench_verify is a full RS256 verification through filters/jwt, no cache.
//
//go:wasmexport bench_verify
func benchVerify(n uint32) {
	for i := uint32(0); i < n; i++ {
		if _, err := prov.Verify(token, now); err != nil {
			panic(err)
		}
	}
}

// bench_rsa_stdlib is the library verification alone — hash the signing input,
// check the PKCS #1 v1.5 signature — the baseline of bench_verify.
//
//go:wasmexport bench_rsa_stdlib
func benchRSAStdlib(n uint32) {
	input := token[:strings.LastIndexByte(token, '.')]
	for i := uint32(0); i < n; i++ {
		digest = sha256.Sum256([]byte(input))
		if err := rsa.VerifyPKCS1v15(rsaPub, crypto.SHA256, digest[:], sig); err != nil {
			panic(err)
		}
	}
}

// bench_parse_token is jwt.ParseToken of the token alone: the structure,
// base64url and header checks of bench_verify, none of its crypto.
//
//go:wasmexport bench_parse_token
func benchParseToken(n uint32) {
	for i := uint32(0); i < n; i++ {
		if _, err := jwt.ParseToken(token, 0); err != nil {
			panic(err)
		}
	}
}

// bench_cached_token is a request's authentication once the token is cached.
//
//go:wasmexport bench_cached_token
func benchCachedToken(n uint32) {
	r := filters.Request{Headers: []filters.Header{{Name: "authorization", Value: "Bearer " + token}}}
	for i := uint32(0); i < n; i++ {
		if _, err := prov.Authenticate(&r, cache, now); err != nil {
			panic(err)
		}
	}
}

// The edge controls: deciding a public request with preset api and CORS, and
// working out the edits of a typical upstream response.
var (
	plEdge   *pipeline.Pipeline
	reqEdge  filters.Request
	respEdge = []filters.Header{{Name: "content-type", Value: "application/json"}, {Name: "server", Value: "nginx"},
		{Name: "vary", Value: "Accept-Encoding"}, {Name: "content-length", Value: "11"}}
	edits []headers.Edit
)

//go:wasmexport setup_edge
func setupEdge() {
	pol, _ := config.Parse([]byte(`{"cors":{"origins":["https://app.example.com","https://*.example.org"]},
		"response":{"headers":{"preset":"api"}},
		"routes":[{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`))
	plEdge, _ = pipeline.Compile(pol)
	reqEdge = filters.Request{Method: "GET", Path: "/v1/orders/42", Scheme: "https", RequestID: req.RequestID, ClientIP: req.ClientIP,
		Time: now, Headers: []filters.Header{{Name: "origin", Value: "https://a.example.org"}}}
}

// bench_edge_headers is Decide plus the response edits, with preset api and CORS.
//
//go:wasmexport bench_edge_headers
func benchEdgeHeaders(n uint32) {
	for i := uint32(0); i < n; i++ {
		d := plEdge.Decide(&reqEdge)
		edits = plEdge.Response().Edits(200, respEdge, d.ResponseHeaders, edits[:0])
	}
}

// redactBody is a 1 KB JSON response (users with nested arrays, a session)
// with fields for the redact pieces' plan to remove.
var redactBody = []byte(`{"users":[` +
	`{"id":1,"name":"Ann Example","email":"ann@example.com","ssn":"111-22-3333","roles":["admin","ops"],"address":{"street":"1 Main St","city":"Springfield","zip":"12345"},"password":"hunter2"},` +
	`{"id":2,"name":"Bob Example","email":"bob@example.com","ssn":"222-33-4444","roles":["user"],"address":{"street":"2 Side St","city":"Shelbyville","zip":"23456"},"tags":[["a","b"],["c"]]},` +
	`{"id":3,"name":"Cy Example","email":"cy@example.com","ssn":"333-44-5555","roles":[],"address":{"street":"3 High St","city":"Ogdenville","zip":"34567"},"password":"swordfish"},` +
	`{"id":4,"name":"Di Example","email":"di@example.com","ssn":"444-55-6666","roles":["user","beta"],"address":{"street":"4 Low St","city":"North Haverbrook","zip":"45678"}}],` +
	`"session":{"token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl","expires_in":3600,"refresh":"r-123"},` +
	`"page":{"next":"/v1/users?cursor=abc","size":4,"total":1234},"meta":{"generated":"2026-11-22T08:00:00Z","version":"1.4.2","links":[{"rel":"self","href":"/v1/users"}]}}`)

var (
	redactPlan *redact.Plan
	redactor   redact.Redactor
)

func init() {
	pol, err := config.Parse([]byte(`{"response":{"redact":{"fields":["password","*.token","users.#.ssn"]}}}`))
	if err != nil {
		panic(err)
	}
	redactPlan = redact.Compile(pol.Response.Redact)
}

// bench_redact_1k redacts the 1 KB body (7 fields) into the redactor's buffer.
//
//go:wasmexport bench_redact_1k
func benchRedact1K(n uint32) {
	for i := uint32(0); i < n; i++ {
		if _, fields, err := redactor.Redact(redactPlan, redactBody); err != nil || fields != 7 {
			panic("redact_1k: unexpected result")
		}
	}
}

// bench_gjson_valid_users_1k is gjson.Valid on the same body: the yardstick of
// bench_redact_1k.
//
//go:wasmexport bench_gjson_valid_users_1k
func benchGjsonValidUsers1K(n uint32) {
	for i := uint32(0); i < n; i++ {
		if !gjson.ValidBytes(redactBody) {
			panic("gjson_valid_users_1k: invalid")
		}
	}
}

var (
	limits *ratelimit.Limits
	rlNow  = now
)

// bench_ratelimit is one request through one rate limit keyed on the client
// address, over a store that keeps the last value written (the .wasm's
// shared-data calls excluded).
//
//go:wasmexport bench_ratelimit
func benchRateLimit(n uint32) {
	if limits == nil {
		pol, err := config.Parse([]byte(`{"rate_limits":[{"name":"per-client","rate":"1000000000/s","burst":1000000,"slots":1024,"by":["client_ip"]}]}`))
		if err != nil {
			panic(err)
		}
		limits = ratelimit.Compile(pol, &slotStore{}, nil)
		if err := limits.Prepare(); err != nil {
			panic(err)
		}
	}
	r := filters.Request{ClientIP: "203.0.113.7"}
	for i := uint32(0); i < n; i++ {
		rlNow = rlNow.Add(time.Microsecond) // onwards across calls: the bucket never runs dry
		r.Time = rlNow
		if limits.Check(&r, -1, "", nil).Verdict != ratelimit.Pass {
			panic("refused")
		}
	}
}

// slotStore is a ratelimit.Store that keeps the last value written, whatever
// the key: enough for one client, and no map in the measurement.
type slotStore struct {
	v   []byte
	cas uint32
}

func (s *slotStore) Get(string) ([]byte, uint32, error) {
	if s.v == nil {
		return nil, 0, ratelimit.ErrNotFound
	}
	return s.v, s.cas, nil
}

func (s *slotStore) Set(_ string, v []byte, cas uint32) error {
	s.v = append(s.v[:0], v...)
	s.cas++
	return nil
}
