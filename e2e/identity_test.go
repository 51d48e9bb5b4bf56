package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// Keys for the identity scenarios, made once per test binary.
var (
	idRSA, _   = rsa.GenerateKey(rand.Reader, 2048)
	idOther, _ = rsa.GenerateKey(rand.Reader, 2048)
	idEC, _    = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
)

const partnerKey = "gh_live_3f9a1c0e7b2d4a6f8e1c3b5d7f9a2c4e"

func identityPolicy(t *testing.T) string {
	t.Helper()
	jwks, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &idRSA.PublicKey, KeyID: "rsa-1", Algorithm: "RS256", Use: "sig"},
		{Key: &idEC.PublicKey, KeyID: "ec-1", Algorithm: "ES256", Use: "sig"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(partnerKey))
	return `{"identity":{
		"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["orders-api"],
			"algorithms":["RS256","ES256"],"jwks":{"inline":` + string(jwks) + `},
			"claims":{"roles":"realm_access.roles"},
			"forward":{"x-user-id":"sub","x-user-roles":"realm_access.roles"}}],
		"api_keys":[{"name":"partners","keys":[{"id":"acme","sha256":"` + hex.EncodeToString(sum[:]) + `","roles":["partner"]}]}]},
	"routes":[
		{"id":"orders","match":{"path":"/v1/orders"},"identity":["corp","partners"]},
		{"id":"internal","match":{"path":"/internal"},"identity":["corp"]},
		{"id":"partner","match":{"path":"/partner"},"identity":["partners"]},
		{"id":"health","match":{"path":"/healthz"},"public":true}]}`
}

// token signs claims (merged over valid defaults; nil deletes) with key and kid.
func token(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, over map[string]any) string {
	t.Helper()
	now := time.Now()
	claims := map[string]any{"iss": "https://id.example.com/", "aud": "orders-api", "sub": "user-1",
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(10 * time.Minute).Unix(),
		"realm_access": map[string]any{"roles": []string{"admin", "ops"}}}
	for k, v := range over {
		if v == nil {
			delete(claims, k)
		} else {
			claims[k] = v
		}
	}
	payload, _ := json.Marshal(claims)
	opts := (&jose.SignerOptions{}).WithHeader("kid", kid).WithType("JWT")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIdentity(t *testing.T) {
	good := token(t, jose.RS256, idRSA, "rsa-1", nil)
	goodEC := token(t, jose.ES256, idEC, "ec-1", map[string]any{"sub": "user-2"})
	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"https://id.example.com/","aud":"orders-api","sub":"admin","exp":9999999999}`)) + "." + parts[2]
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	bearer := func(tok string) abi.Pair { return abi.Pair{Key: "authorization", Value: "Bearer " + tok} }
	tests := []struct {
		name      string
		path      string
		headers   []abi.Pair
		status    int
		reason    string
		challenge string
		upstream  map[string]string // headers the upstream must see ("" = must be absent)
		subject   string
	}{
		{name: "valid RS256 token", path: "/v1/orders", headers: []abi.Pair{bearer(good), {Key: "x-user-id", Value: "spoofed"}},
			status: 200, reason: "authenticated", subject: "user-1",
			upstream: map[string]string{"x-user-id": "user-1", "x-user-roles": "admin,ops", "authorization": "Bearer " + good}},
		{name: "valid ES256 token, lower-case scheme", path: "/internal", headers: []abi.Pair{{Key: "authorization", Value: "bearer " + goodEC}},
			status: 200, reason: "authenticated", subject: "user-2", upstream: map[string]string{"x-user-id": "user-2"}},
		{name: "spoofed identity headers stripped on a public route", path: "/healthz",
			headers: []abi.Pair{{Key: "x-user-id", Value: "admin"}, {Key: "x-user-roles", Value: "admin"}, {Key: "x-api-key-id", Value: "acme"}},
			status:  200, reason: "public", upstream: map[string]string{"x-user-id": "", "x-user-roles": "", "x-api-key-id": ""}},
		{name: "no credential", path: "/v1/orders", status: 401, reason: "token_missing", challenge: `Bearer realm="gatehouse"`},
		{name: "no key, key-only route", path: "/partner", status: 401, reason: "token_missing", challenge: `ApiKey realm="gatehouse"`},
		{name: "no token, token-only route", path: "/internal", status: 401, reason: "token_missing", challenge: `Bearer realm="gatehouse"`},
		{name: "expired", path: "/internal", headers: []abi.Pair{bearer(token(t, jose.RS256, idRSA, "rsa-1",
			map[string]any{"exp": time.Now().Add(-time.Hour).Unix(), "iat": time.Now().Add(-2 * time.Hour).Unix()}))},
			status: 401, reason: "token_expired", challenge: `Bearer realm="gatehouse", error="invalid_token"`},
		{name: "other audience", path: "/internal", headers: []abi.Pair{bearer(token(t, jose.RS256, idRSA, "rsa-1",
			map[string]any{"aud": []string{"billing-api"}}))}, status: 401, reason: "audience_mismatch"},
		{name: "other issuer", path: "/internal", headers: []abi.Pair{bearer(token(t, jose.RS256, idRSA, "rsa-1",
			map[string]any{"iss": "https://evil.example.com/"}))}, status: 401, reason: "issuer_mismatch"},
		{name: "tampered payload", path: "/internal", headers: []abi.Pair{bearer(tampered)}, status: 401, reason: "signature_invalid"},
		{name: "another key's signature", path: "/internal", headers: []abi.Pair{bearer(token(t, jose.RS256, idOther, "rsa-1", nil))},
			status: 401, reason: "signature_invalid"},
		{name: "alg none, empty signature", path: "/internal", headers: []abi.Pair{bearer(none)}, status: 401, reason: "token_malformed"},
		{name: "alg none, with a signature", path: "/internal", headers: []abi.Pair{bearer(none + parts[2])}, status: 401, reason: "alg_not_allowed"},
		{name: "unknown kid", path: "/internal", headers: []abi.Pair{bearer(token(t, jose.RS256, idRSA, "rsa-9", nil))},
			status: 401, reason: "kid_unknown"},
		{name: "kid of another key type", path: "/internal", headers: []abi.Pair{bearer(token(t, jose.RS256, idRSA, "ec-1", nil))},
			status: 401, reason: "alg_not_allowed"},
		{name: "two tokens", path: "/internal", headers: []abi.Pair{bearer(good), bearer(good)}, status: 401, reason: "token_malformed"},
		{name: "garbage", path: "/internal", headers: []abi.Pair{bearer("not.a.token")}, status: 401, reason: "token_malformed"},
		{name: "valid API key", path: "/v1/orders", headers: []abi.Pair{{Key: "x-api-key", Value: partnerKey}, {Key: "x-api-key-id", Value: "spoofed"}},
			status: 200, reason: "authenticated", subject: "acme", upstream: map[string]string{"x-api-key-id": "acme", "x-api-key": ""}},
		{name: "wrong API key", path: "/v1/orders", headers: []abi.Pair{{Key: "x-api-key", Value: "gh_live_guess"}},
			status: 401, reason: "api_key_invalid", challenge: `Bearer realm="gatehouse", error="invalid_token"`},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, identityPolicy(t))
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp := send(t, h, get("GET", tt.path, append([]abi.Pair{{Key: "x-request-id", Value: "rid-" + tt.name}}, tt.headers...)...))
				if resp.Status != tt.status {
					t.Fatalf("status %d %s, want %d", resp.Status, resp.Body, tt.status)
				}
				if tt.challenge != "" {
					if v, _ := resp.Header("www-authenticate"); v != tt.challenge {
						t.Errorf("www-authenticate = %q, want %q", v, tt.challenge)
					}
				}
				if tt.status == 401 && string(resp.Body) != `{"error":"unauthorized","request_id":"rid-`+tt.name+`"}` {
					t.Errorf("body %s", resp.Body)
				}
				for k, want := range tt.upstream {
					got, ok := resp.Upstream.Header(k)
					if want == "" && ok {
						t.Errorf("upstream got %s: %q", k, got)
					} else if want != "" && got != want {
						t.Errorf("upstream %s = %q, want %q", k, got, want)
					}
				}
				ev := eventFor(t, h, "rid-"+tt.name)
				if ev["reason"] != tt.reason {
					t.Errorf("event reason %v, want %s (detail %v)", ev["reason"], tt.reason, ev["detail"])
				}
				if tt.subject != "" && (ev["subject"] != tt.subject || ev["identity"] == nil) {
					t.Errorf("event identity %v subject %v, want subject %s", ev["identity"], ev["subject"], tt.subject)
				}
			})
		}
		// Nothing the plugin logged may contain a credential.
		for _, e := range h.Logs() {
			for _, secret := range []string{good, goodEC, tampered, partnerKey, parts[2]} {
				if strings.Contains(e.Message, secret) {
					t.Fatalf("a log line holds a credential: %.120s", e.Message)
				}
			}
		}
	})
}

// eventFor returns the security event of the request with the given id.
func eventFor(t *testing.T, h *wasmhost.Host, requestID string) map[string]any {
	t.Helper()
	for _, line := range logsContaining(h, `"request_id":"`+requestID+`"`) {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err == nil {
			return ev
		}
	}
	t.Fatalf("no event for request %s", requestID)
	return nil
}
