package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatehouse/config"
	"gatehouse/filters/jwt"
)

// TestToken mints tokens with the development keys of envoy/dev and verifies
// them with filters/jwt against envoy/dev/jwks.json.
func TestToken(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "secret")
	os.WriteFile(secretFile, []byte("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"), 0o600)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(edKey)
	edFile := filepath.Join(dir, "ed.pem")
	os.WriteFile(edFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)

	jwksData, err := os.ReadFile("../../envoy/dev/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	devKeys, skipped, err := jwt.ParseJWKS(jwksData)
	if err != nil || len(skipped) > 0 || devKeys.Len() != 2 {
		t.Fatalf("envoy/dev/jwks.json: %v %v", err, skipped)
	}
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name string
		args []string
		alg  config.Algorithm
		sub  string
	}{
		{"RS256 dev key", []string{"--key", "../../envoy/dev/rsa-private.pem", "--kid", "dev-rsa-1", "--sub", "alice", "--iss", "dev", "--aud", "orders", "--scope", "orders:read"}, config.RS256, "alice"},
		{"ES256 dev key, claims JSON", []string{"--key", "../../envoy/dev/ec-p256-private.pem", "--alg", "ES256", "--kid", "dev-ec-1",
			"--claims", `{"sub":"bob","iss":"dev","aud":["x","orders"],"realm_access":{"roles":["admin"]}}`}, config.ES256, "bob"},
		{"HS256", []string{"--key", secretFile, "--alg", "HS256", "--sub", "carol", "--iss", "dev", "--aud", "orders,billing"}, config.HS256, "carol"},
		{"EdDSA", []string{"--key", edFile, "--alg", "EdDSA", "--sub", "dan", "--iss", "dev", "--aud", "orders"}, config.EdDSA, "dan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := mintToken(tt.args, &stdout, &stderr, func() time.Time { return now }); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			pc := &config.JWTProvider{Name: "dev", Issuer: "dev", Audiences: []string{"orders"}, Algorithms: []config.Algorithm{tt.alg},
				Claims: config.ClaimPaths{Roles: "realm_access.roles"}}
			if tt.alg.Symmetric() {
				pc.SecretKey = []byte("0123456789abcdef0123456789abcdef")
			} else {
				pc.JWKS = &config.JWKS{Remote: &config.RemoteJWKS{Cluster: "c", Path: "/"}}
			}
			p, err := jwt.Compile(pc)
			if err != nil {
				t.Fatal(err)
			}
			if tt.alg == config.EdDSA {
				ks, _, err := jwt.ParseJWKS([]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"` +
					b64url(edKey.Public().(ed25519.PublicKey)) + `"}]}`))
				if err != nil {
					t.Fatal(err)
				}
				p.SetKeys(ks)
			} else {
				p.SetKeys(devKeys)
			}
			id, err := p.Verify(strings.TrimSpace(stdout.String()), now.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if id.Subject != tt.sub || id.Claims.Expiry != now.Unix()+3600 || id.Claims.IssuedAt != now.Unix() {
				t.Fatalf("claims %+v", id.Claims)
			}
			if _, err := p.Verify(strings.TrimSpace(stdout.String()), now.Add(2*time.Hour)); err == nil {
				t.Fatal("token does not expire")
			}
		})
	}
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func TestTokenErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "x")
	os.WriteFile(notPEM, []byte("hello"), 0o600)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no key", nil, 2, "usage: gatehouse token --key FILE [--alg RS256] [--kid K] [--claims JSON] [--sub S] [--iss I] [--aud A] [--exp 1h] [--scope \"a b\"]\n"},
		{"bad claims", []string{"--key", notPEM, "--claims", "[1]"}, 2, "gatehouse token: --claims: want a JSON object (json: cannot unmarshal array into Go value of type map[string]interface {})\n"},
		{"not PEM", []string{"--key", notPEM}, 1, "gatehouse token: " + notPEM + ": no PEM block\n"},
		{"wrong key for alg", []string{"--key", "../../envoy/dev/ec-p256-private.pem", "--alg", "RS256"}, 1, "gatehouse token: go-jose/go-jose: unknown/unsupported algorithm\n"},
		{"missing file", []string{"--key", filepath.Join(dir, "nope")}, 1, "gatehouse token: open " + filepath.Join(dir, "nope") + ": no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runMain(append([]string{"token"}, tt.args...), &stdout, &stderr)
			if code != tt.code || stderr.String() != tt.stderr || stdout.Len() != 0 {
				t.Fatalf("exit %d stderr %q, want %d %q", code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
}
