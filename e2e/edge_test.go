package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// Shared pieces of the edge scenarios (https_test.go, cors_test.go,
// headers_test.go).

// edgeJWKS is the corp provider of the edge policies, trusting idRSA.
func edgeJWKS(t *testing.T) string {
	t.Helper()
	jwks, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &idRSA.PublicKey, KeyID: "rsa-1", Algorithm: "RS256", Use: "sig"}}})
	if err != nil {
		t.Fatal(err)
	}
	return `"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["orders-api"],
		"algorithms":["RS256"],"jwks":{"inline":` + string(jwks) + `},"claims":{"roles":"realm_access.roles","known":["tenant"]},
		"forward":{"x-user-id":"sub"}}]}`
}

// bearer is an Authorization header with a valid corp token carrying extra
// claims.
func bearer(t *testing.T, claims map[string]any) abi.Pair {
	return abi.Pair{Key: "authorization", Value: "Bearer " + token(t, jose.RS256, idRSA, "rsa-1", claims)}
}

// leakyUpstream answers like a chatty backend: software banners, its own
// framing and caching headers, Vary. The query picks other answers:
// ?status=N answers N, ?fail=1 fails the connection (Envoy then answers 503).
func leakyUpstream(ctx context.Context, req *wasmhost.UpstreamRequest) (*wasmhost.UpstreamResponse, error) {
	p, _ := req.Header(":path")
	u, _ := url.Parse(p)
	if u.Query().Get("fail") != "" {
		return nil, context.Canceled
	}
	status := 200
	if s := u.Query().Get("status"); s != "" {
		status, _ = strconv.Atoi(s)
	}
	return &wasmhost.UpstreamResponse{Status: status, Headers: []abi.Pair{
		{Key: "content-type", Value: "application/json"},
		{Key: "server", Value: "nginx/1.25.3"},
		{Key: "x-powered-by", Value: "PHP/8.2"},
		{Key: "x-aspnet-version", Value: "4.0.30319"},
		{Key: "via", Value: "1.1 cache-7"},
		{Key: "x-frame-options", Value: "SAMEORIGIN"},
		{Key: "cache-control", Value: "max-age=60"},
		{Key: "vary", Value: "Accept-Encoding"},
		{Key: "referrer-policy", Value: "unsafe-url"},
	}, Body: [][]byte{[]byte(`{"ok":true}`)}}, nil
}

// withUpstream sets the host's upstream.
func withUpstream(up wasmhost.Upstream) func(*wasmhost.Config) {
	return func(c *wasmhost.Config) { c.Upstream = up }
}

// values returns every value of header key in pairs, in order.
func values(pairs []abi.Pair, key string) []string {
	var out []string
	for _, p := range pairs {
		if p.Key == key {
			out = append(out, p.Value)
		}
	}
	return out
}

// with returns req with extra headers.
func with(req wasmhost.Request, hs ...abi.Pair) wasmhost.Request {
	req.Headers = append(req.Headers, hs...)
	return req
}

// scheme returns req with its :scheme replaced.
func scheme(req wasmhost.Request, s string) wasmhost.Request {
	for i, p := range req.Headers {
		if p.Key == ":scheme" {
			req.Headers[i].Value = s
		}
	}
	return req
}
