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

	"github.com/gatehouse-dev/gatehouse/abi"
	"github.com/gatehouse-dev/gatehouse/internal/wasmbench"
	"github.com/gatehouse-dev/gatehouse/internal/wasmbuild"
	"github.com/gatehouse-dev/gatehouse/wasmhost"
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

// Cases lists the workloads in report order. Later controls add rows here.
func Cases() []Case {
	return []Case{
		{Name: Floor, Package: "./wasmhost/testdata/floor", Policy: "", Request: request("/v1/orders/42"), WantStatus: 200},
		{Name: "host calls only", Package: "./wasmhost/testdata/hostcalls", Request: request("/v1/orders/42"), WantStatus: 200},
		{Name: "pass-through (public route)", Package: "./plugin", Policy: `{"routes":[
			{"id":"health","match":{"path":"/healthz"},"public":true},
			{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`,
			Request: request("/v1/orders/42"), WantStatus: 200},
		Authenticated(),
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
	req := request("/v1/orders/42")
	c := Case{Name: "authenticated (cached RS256 token)", Package: "./plugin", WantStatus: 200}
	jwks, err := wasmbench.DevJWKS()
	if err == nil {
		var tok string
		if tok, err = wasmbench.DevToken(time.Now()); err == nil {
			req.Headers = append(req.Headers[:len(req.Headers):len(req.Headers)], abi.Pair{Key: "authorization", Value: "Bearer " + tok})
			c.Policy = `{"identity":{"jwt":[{"name":"corp","issuer":"https://dev.local/","audiences":["orders-api"],
				"algorithms":["RS256"],"jwks":{"inline":` + string(jwks) + `}}]},
				"routes":[{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"identity":["corp"]}]}`
		}
	}
	if err != nil {
		c.Policy = "" // the case then fails to start, with the error in its row
		c.WantStatus = -1
	}
	c.Request = req
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
