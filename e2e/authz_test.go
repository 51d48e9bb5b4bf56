package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

func TestAllowRules(t *testing.T) {
	jwks, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &idRSA.PublicKey, KeyID: "rsa-1", Algorithm: "RS256", Use: "sig"}}})
	sum := sha256.Sum256([]byte(partnerKey))
	policy := `{"identity":{
		"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["orders-api"],"algorithms":["RS256"],
			"jwks":{"inline":` + string(jwks) + `},"claims":{"roles":"realm_access.roles","known":["tenant"]}}],
		"api_keys":[{"name":"partners","keys":[{"id":"acme","sha256":"` + hex.EncodeToString(sum[:]) + `","roles":["partner"]}]}]},
	"routes":[
		{"id":"list","match":{"path":"/v1/orders","methods":["GET"]},"identity":["corp","partners"],
			"allow":{"any":[{"scopes":["orders:read"]},{"roles":["partner"]}]}},
		{"id":"get","match":{"path":"/v1/orders/{id}","methods":["GET"]},"identity":["corp"],
			"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"id","claim":"sub"}}]}},
		{"id":"tenant","match":{"path":"/v1/tenants/acme"},"identity":["corp"],"allow":{"claims":{"tenant":["acme"]}}}]}`
	tok := func(claims map[string]any) abi.Pair {
		return abi.Pair{Key: "authorization", Value: "Bearer " + token(t, jose.RS256, idRSA, "rsa-1", claims)}
	}
	tests := []struct {
		name, path string
		cred       abi.Pair
		status     int
		reason     string
	}{
		{"scope", "/v1/orders", tok(map[string]any{"scope": "orders:read"}), 200, "authenticated"},
		{"partner key by role", "/v1/orders", abi.Pair{Key: "x-api-key", Value: partnerKey}, 200, "authenticated"},
		{"neither scope nor role", "/v1/orders", tok(map[string]any{"scope": "orders:write"}), 403, "access_denied"},
		{"owner, without the admin role", "/v1/orders/user-1", tok(map[string]any{"realm_access": map[string]any{"roles": []string{"ops"}}}), 200, "authenticated"},
		{"someone else's order", "/v1/orders/user-2", tok(map[string]any{"realm_access": map[string]any{"roles": []string{"ops"}}}), 403, "access_denied"},
		{"admin", "/v1/orders/user-2", tok(nil), 200, "authenticated"}, // the default token has the admin role
		{"tenant claim", "/v1/tenants/acme", tok(map[string]any{"tenant": "acme"}), 200, "authenticated"},
		{"other tenant", "/v1/tenants/acme", tok(map[string]any{"tenant": "globex"}), 403, "claim_mismatch"},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policy)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rid := "authz-" + strconv.Itoa(i)
				resp := send(t, h, get("GET", tt.path, tt.cred, abi.Pair{Key: "x-request-id", Value: rid}))
				if resp.Status != tt.status {
					t.Fatalf("status %d %s, want %d", resp.Status, resp.Body, tt.status)
				}
				if ev := eventFor(t, h, rid); ev["reason"] != tt.reason {
					t.Fatalf("reason %v, want %s", ev["reason"], tt.reason)
				}
				if tt.status == 403 && string(resp.Body) != `{"error":"forbidden","request_id":"`+rid+`"}` {
					t.Fatalf("body %s", resp.Body)
				}
			})
		}
	})
}
