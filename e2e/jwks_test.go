package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// idp is a JWKS server behind the "idp" cluster whose answer tests change.
type idp struct {
	mu      sync.Mutex
	status  int
	body    []byte
	hang    bool
	fetches atomic.Int32
}

func (p *idp) serve(keys ...jose.JSONWebKey) {
	b, _ := json.Marshal(jose.JSONWebKeySet{Keys: keys})
	p.mu.Lock()
	p.status, p.body, p.hang = 200, b, false
	p.mu.Unlock()
}

func (p *idp) fail(status int, body string) {
	p.mu.Lock()
	p.status, p.body, p.hang = status, []byte(body), false
	p.mu.Unlock()
}

func (p *idp) cluster() wasmhost.Cluster {
	return wasmhost.FuncCluster(func(ctx context.Context, req *wasmhost.CalloutRequest) (*wasmhost.CalloutResponse, error) {
		p.fetches.Add(1)
		p.mu.Lock()
		status, body, hang := p.status, p.body, p.hang
		p.mu.Unlock()
		if hang {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return &wasmhost.CalloutResponse{Status: status, Body: body,
			Headers: []abi.Pair{{Key: "content-type", Value: "application/json"}}}, nil
	})
}

func pub(k *rsa.PrivateKey, kid string) jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}
}

const remotePolicy = `{"identity":{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["orders-api"],
	"algorithms":["RS256"],"jwks":{"remote":{"cluster":"idp","path":"/.well-known/jwks.json","refresh":"10m","timeout":"5s"}}}]},
	"routes":[{"id":"orders","match":{"path":"/v1/orders"},"identity":["corp"]}]}`

func startRemote(t *testing.T, mode wasmhost.Mode, p *idp, workers int) (*wasmhost.Host, *wasmhost.ManualClock) {
	clock := wasmhost.NewManualClock(time.Now())
	h := start(t, gatehouse(t), mode, remotePolicy, func(c *wasmhost.Config) {
		c.Clock = clock
		c.Workers = workers
		c.Clusters = map[string]wasmhost.Cluster{"idp": p.cluster()}
	})
	return h, clock
}

func authorized(tok string, worker int) wasmhost.Request {
	r := get("GET", "/v1/orders", abi.Pair{Key: "authorization", Value: "Bearer " + tok})
	r.Worker = worker
	return r
}

func TestRemoteJWKS(t *testing.T) {
	key1, _ := rsa.GenerateKey(rand.Reader, 2048)
	key2, _ := rsa.GenerateKey(rand.Reader, 2048)
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		p := &idp{}
		p.serve(pub(key1, "k1"))
		h, clock := startRemote(t, mode, p, 2)
		tok1 := token(t, jose.RS256, key1, "k1", map[string]any{"iat": clock.Now().Unix(), "exp": clock.Now().Add(time.Hour).Unix()})

		// The first request waits for the first fetch, then passes.
		if resp := send(t, h, authorized(tok1, 1)); resp.Status != 200 {
			t.Fatalf("first request: %d %s", resp.Status, resp.Body)
		}
		// The other worker finds the set in shared data: no second fetch.
		if resp := send(t, h, authorized(tok1, 2)); resp.Status != 200 {
			t.Fatalf("second worker: %d %s", resp.Status, resp.Body)
		}
		clock.Advance(2 * time.Second) // ticks on both workers
		if n := p.fetches.Load(); n != 1 {
			t.Fatalf("%d fetches for two workers, want 1", n)
		}
		if counter(t, h, "gatehouse.jwks.corp.fetch_ok") != 1 {
			t.Fatalf("metrics:\n%s", h.Metrics())
		}

		// Rotation: a token with a new kid triggers one refresh and waits for it.
		p.serve(pub(key2, "k2"))
		tok2 := token(t, jose.RS256, key2, "k2", map[string]any{"iat": clock.Now().Unix(), "exp": clock.Now().Add(time.Hour).Unix()})
		if resp := send(t, h, authorized(tok2, 1)); resp.Status != 200 {
			t.Fatalf("new kid: %d %s", resp.Status, resp.Body)
		}
		if n := p.fetches.Load(); n != 2 {
			t.Fatalf("fetches after rotation = %d, want 2", n)
		}
		// The old key is gone from the set: its tokens now fail, and a second
		// urgent refresh within 30 s is not sent.
		old := authorized(tok1, 1)
		old.Headers = append(old.Headers, abi.Pair{Key: "x-request-id", Value: "rid-old-kid"})
		resp := send(t, h, old)
		if resp.Status != 401 || eventFor(t, h, "rid-old-kid")["reason"] != "kid_unknown" {
			t.Fatalf("removed kid: %d %s", resp.Status, resp.Body)
		}
		if n := p.fetches.Load(); n != 2 {
			t.Fatalf("fetches = %d, want no urgent refresh within 30s", n)
		}

		// After the refresh interval a failed fetch keeps the last good keys.
		p.fail(500, "oops")
		clock.Advance(11 * time.Minute)
		clock.Advance(time.Second)
		if resp := send(t, h, authorized(tok2, 2)); resp.Status != 200 {
			t.Fatalf("after a failed refresh: %d %s", resp.Status, resp.Body)
		}
		p.fail(200, "{not json")
		clock.Advance(3 * time.Second)
		if resp := send(t, h, authorized(tok2, 1)); resp.Status != 200 {
			t.Fatalf("after an invalid refresh: %d %s", resp.Status, resp.Body)
		}
		if counter(t, h, "gatehouse.jwks.corp.fetch_failed") < 2 {
			t.Fatalf("metrics:\n%s", h.Metrics())
		}
		if got := logsContaining(h, "fetch failed, keeping the last good keys"); len(got) < 2 {
			t.Fatalf("failure logs: %q", got)
		}
	})
}

func TestRemoteJWKSUnavailable(t *testing.T) {
	key1, _ := rsa.GenerateKey(rand.Reader, 2048)
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		p := &idp{}
		p.mu.Lock()
		p.hang = true
		p.mu.Unlock()
		h, clock := startRemote(t, mode, p, 1)
		tok := token(t, jose.RS256, key1, "k1", map[string]any{"iat": clock.Now().Unix(), "exp": clock.Now().Add(time.Hour).Unix()})
		req := authorized(tok, 1)
		req.Headers = append(req.Headers, abi.Pair{Key: "x-request-id", Value: "rid-wait"})
		st, err := h.Start(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-st.Done():
			t.Fatal("the request did not wait for the keys")
		case <-time.After(100 * time.Millisecond):
		}
		clock.Advance(7 * time.Second) // past the fetch timeout and the wait bound
		resp, err := st.Wait(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 503 || string(resp.Body) != `{"error":"unavailable","request_id":"rid-wait"}` {
			t.Fatalf("got %d %s", resp.Status, resp.Body)
		}
		if ev := eventFor(t, h, "rid-wait"); ev["reason"] != "jwks_unavailable" {
			t.Fatalf("event %v", ev)
		}
	})
}
