package apikey

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

func sum(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

func TestAuthenticate(t *testing.T) {
	set, err := Compile(&config.APIKeySet{Name: "partners",
		From: []config.CredentialSource{{Header: "x-api-key"}, {Query: "api_key"}},
		Keys: []config.APIKey{{ID: "acme", SHA256: sum("acme-secret"), Roles: []string{"partner"}},
			{ID: "globex", SHA256: strings.ToUpper(sum("globex-secret"))}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		headers []filters.Header
		id      string
		err     error
		reason  filters.Reason
		msg     string
	}{
		{"header", "/", []filters.Header{{Name: "x-api-key", Value: "acme-secret"}}, "acme", nil, "", ""},
		{"query", "/?a=1&api_key=globex-secret", nil, "globex", nil, "", ""},
		{"missing", "/", []filters.Header{{Name: "authorization", Value: "Bearer x"}}, "", ErrMissing, filters.ReasonTokenMissing, "credential missing"},
		{"wrong key", "/", []filters.Header{{Name: "x-api-key", Value: "acme-secreT"}}, "", ErrInvalid, filters.ReasonAPIKeyInvalid,
			`api key invalid: no key of set "partners" matches`},
		{"too long", "/", []filters.Header{{Name: "x-api-key", Value: strings.Repeat("a", MaxKeyBytes+1)}}, "", ErrInvalid, filters.ReasonAPIKeyInvalid,
			`api key invalid: key is 1025 bytes (limit 1024)`},
		{"two keys", "/?api_key=globex-secret", []filters.Header{{Name: "x-api-key", Value: "acme-secret"}}, "", nil, filters.ReasonTokenMalformed,
			"more than one credential in the request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := set.Authenticate(&filters.Request{Path: tt.path, Headers: tt.headers})
			if tt.reason == "" {
				if err != nil || k.ID != tt.id {
					t.Fatalf("got %v, %v; want key %s", k, err, tt.id)
				}
				return
			}
			if r, _ := filters.ReasonOf(err); r != tt.reason || err.Error() != tt.msg || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Fatalf("err = %v (reason %s), want %q (%s)", err, r, tt.msg, tt.reason)
			}
		})
	}
	if k, _ := set.Match("acme-secret"); k.Roles[0] != "partner" || set.IDHeader() != "x-api-key-id" || set.Name() != "partners" {
		t.Errorf("key %+v", k)
	}
	if _, err := Compile(&config.APIKeySet{Keys: []config.APIKey{{ID: "a", SHA256: "zz"}}}); err == nil || err.Error() != "keys[0].sha256: want 64 hex digits" {
		t.Errorf("Compile bad hash: %v", err)
	}
}
