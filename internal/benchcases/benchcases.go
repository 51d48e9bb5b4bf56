// Package benchcases defines the per-request workloads Gatehouse is measured on,
// shared by `go test -bench` (e2e/bench_test.go) and `make bench`
// (internal/benchreport), so both measure the same thing.
//
// Every case runs one module in wasmhost with one worker, in wazero's compiler
// mode, and sends the same request over and over. The floor case runs a minimal
// reactor that only goes through the lifecycle; other cases are read as ratios
// to it, measured in the same run.
package benchcases

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gatehouse/abi"
	"gatehouse/internal/benchcases/order"
	"gatehouse/internal/wasmbench"
	"gatehouse/internal/wasmbuild"
	"gatehouse/wasmhost"
)

// Case is one workload.
type Case struct {
	// Name is the row label, e.g. "pass-through".
	Name string
	// Package is the Go main package of the module ("./plugin" is Gatehouse).
	Package string
	// Policy is the plugin configuration.
	Policy string
	// Request is sent once per iteration.
	Request wasmhost.Request
	// WantStatus is the status every response must have; a case that answers
	// anything else is broken and its numbers are not reported.
	WantStatus int
}

// Floor is the baseline: a module with no logic, so its cost is the host's and
// the ABI's.
const Floor = "floor"

// request is the benchmark's GET with the usual headers, on worker 1.
func request(path string) wasmhost.Request {
	return wasmhost.Request{Headers: []abi.Pair{
		{Key: ":method", Value: "GET"}, {Key: ":path", Value: path}, {Key: ":authority", Value: "api.example.com"},
		{Key: ":scheme", Value: "https"}, {Key: "user-agent", Value: "bench"}, {Key: "accept", Value: "application/json"},
		{Key: "x-request-id", Value: "0f8e1a52-5a53-4b43-9e4b-bench"}}, SourceAddress: "203.0.113.7:51000", Worker: 1}
}

// withHeader returns req with one more header.
func withHeader(req wasmhost.Request, key, value string) wasmhost.Request {
	req.Headers = append(req.Headers, abi.Pair{Key: key, Value: value})
	return req
}

// Cases lists the workloads in report order. Later controls add rows here.
func Cases() []Case {
	return []Case{
		{Name: Floor, Package: "./wasmhost/testdata/floor", Policy: "", Request: request("/v1/orders/42"), WantStatus: 200},
		{Name: "host calls only", Package: "./wasmhost/testdata/hostcalls", Request: request("/v1/orders/42"), WantStatus: 200},
		{Name: "pass-through (public route)", Package: "./plugin", Policy: `{"routes":[
			{"id":"health","match":{"path":"/healthz"},"public":true},
			{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`,
			Request: request("/v1/orders/42"), WantStatus: 200},
		{Name: "pass-through + security headers, CORS", Package: "./plugin", Policy: `{
			"cors":{"origins":["https://app.example.com"]},"response":{"headers":{"preset":"api"}},"routes":[
			{"id":"health","match":{"path":"/healthz"},"public":true},
			{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`,
			Request: withHeader(request("/v1/orders/42"), "origin", "https://app.example.com"), WantStatus: 200},
		Authenticated(),
		Authorised(),
		AuthenticatedBody(),
		AuthenticatedRateLimited(),
		{Name: "deny (no route, 404 reply)", Package: "./plugin", Policy: `{"routes":[
			{"id":"health","match":{"path":"/healthz"},"public":true}]}`,
			Request: request("/v1/orders/42"), WantStatus: 404},
	}
}

// Start builds and loads the case's module with one worker and checks that a
// request gets the expected status.
func (c Case) Start(ctx context.Context) (*wasmhost.Host, []byte, error) {
	wasm, err := wasmbuild.Module(c.Package)
	if err != nil {
		return nil, nil, err
	}
	m, err := wasmhost.Compile(ctx, wasm)
	if err != nil {
		return nil, nil, err
	}
	h, err := wasmhost.New(ctx, m, wasmhost.Config{Workers: 1, PluginConfig: []byte(c.Policy),
		LogLevel: abi.LogWarn, VMID: "bench"})
	if err != nil {
		return nil, nil, err
	}
	if err := c.Once(ctx, h); err != nil {
		h.Close(ctx)
		return nil, nil, err
	}
	return h, wasm, nil
}

// Once sends the case's request once and checks the status.
func (c Case) Once(ctx context.Context, h *wasmhost.Host) error {
	resp, err := h.Send(ctx, c.Request)
	if err != nil {
		return err
	}
	if resp.Status != c.WantStatus {
		return fmt.Errorf("%s: status %d, want %d", c.Name, resp.Status, c.WantStatus)
	}
	return nil
}

// Authenticated is a request with a valid RS256 token (development key, the
// last header) on a route that requires it; after the first request the token is
// in the VM's verified-token cache.
func Authenticated() Case {
	return tokenCase("authenticated (cached RS256 token)", "/v1/orders/42", "")
}

// Authorised is Authenticated on a route with an allow rule the token passes
// on its second branch: not an admin, but the owner of the order (sub "bench").
func Authorised() Case {
	return tokenCase("authorised (cached token, allow rule)", "/v1/orders/bench",
		`,"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"id","claim":"sub"}}]}`)
}

// tokenCase is a cached-token request for path on a route that requires the
// token; allow is spliced into the route (`,"allow":{...}` or "").
func tokenCase(name, path, allow string) Case {
	req := request(path)
	c := Case{Name: name, Package: "./plugin", WantStatus: 200}
	jwks, err := wasmbench.DevJWKS()
	if err == nil {
		var tok string
		if tok, err = wasmbench.DevToken(time.Now()); err == nil {
			req.Headers = append(req.Headers[:len(req.Headers):len(req.Headers)], abi.Pair{Key: "authorization", Value: "Bearer " + tok})
			c.Policy = `{"identity":{"jwt":[{"name":"corp","issuer":"https://dev.local/","audiences":["orders-api"],
				"algorithms":["RS256"],"jwks":{"inline":` + string(jwks) + `}}]},
				"routes":[{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"identity":["corp"]` + allow + `}]}`
		}
	}
	if err != nil {
		c.Policy = "" // the case then fails to start, with the error in its row
		c.WantStatus = -1
	}
	c.Request = req
	return c
}

// AuthenticatedBodyName is the row of AuthenticatedBody; the body check's cost
// is its guest time minus the authenticated case's.
const AuthenticatedBodyName = "authenticated + 1 KB JSON body (schema)"

// AuthenticatedBody is Authenticated as a POST with a 1 KB JSON body, in one
// chunk, that a schema (objects, arrays, strings, integers, a pattern, enum)
// and the hostile-JSON guards accept.
func AuthenticatedBody() Case {
	c := Authenticated()
	c.Name = AuthenticatedBodyName
	if c.WantStatus != 200 {
		return c
	}
	body := order.Body()
	hs := append([]abi.Pair(nil), c.Request.Headers...)
	for i, p := range hs {
		switch p.Key {
		case ":method":
			hs[i].Value = "POST"
		case ":path":
			hs[i].Value = "/v1/orders"
		}
	}
	hs = append(hs, abi.Pair{Key: "content-type", Value: "application/json"},
		abi.Pair{Key: "content-length", Value: fmt.Sprint(len(body))})
	c.Request.Headers = hs
	c.Request.Body = [][]byte{body}
	c.Policy = strings.Replace(c.Policy, `"routes":[`, `"schemas":{"order":`+order.Schema+`},"routes":[
		{"id":"create","match":{"path":"/v1/orders","methods":["POST"]},"identity":["corp"],
		 "body":{"max_bytes":16384,"reject_duplicate_keys":true,"schema":{"$ref":"#/schemas/order"}}},`, 1)
	return c
}

// AuthenticatedRateLimitedName labels AuthenticatedRateLimited's row.
const AuthenticatedRateLimitedName = "authenticated + one rate limit (claim:sub)"

// AuthenticatedRateLimited is Authenticated with one rate limit on the route,
// keyed by the token's sub, in shared data with the default slot count. The
// limit is high enough that every request is admitted: the case measures the
// bucket update (a shared-data read and a compare-and-swap write) and the
// RateLimit response headers.
func AuthenticatedRateLimited() Case {
	c := Authenticated()
	c.Name = AuthenticatedRateLimitedName
	if c.Policy != "" {
		c.Policy = strings.Replace(c.Policy, `"identity":["corp"]}`,
			`"identity":["corp"],"rate_limits":[{"name":"per-user","rate":"1000000000/s","burst":1000000,"by":["claim:sub"]}]}`, 1)
	}
	return c
}
