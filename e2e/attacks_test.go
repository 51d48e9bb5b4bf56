package e2e

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// rawRS256 signs any header and payload JSON with idRSA, so tests can send
// tokens no library would produce.
func rawRS256(t *testing.T, header, payload string) string {
	t.Helper()
	b := base64.RawURLEncoding.EncodeToString
	in := b([]byte(header)) + "." + b([]byte(payload))
	h := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, idRSA, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return in + "." + b(sig)
}

// TestTokenAttacks sends the attack family of the authentication issue through
// the .wasm: each must be refused with its reason code.
func TestTokenAttacks(t *testing.T) {
	now := time.Now().Unix()
	claims := func(extra string) string {
		return `{"iss":"https://id.example.com/","aud":"orders-api","sub":"u","iat":` + strconv.FormatInt(now-60, 10) +
			`,"exp":` + strconv.FormatInt(now+600, 10) + extra + `}`
	}
	hdr := `{"alg":"RS256","kid":"rsa-1","typ":"JWT"}`
	valid := rawRS256(t, hdr, claims(""))
	parts := strings.Split(valid, ".")
	tests := []struct {
		name, token, reason string
	}{
		{"control: hand-signed token passes", valid, "authenticated"},
		{"truncated: two segments", parts[0] + "." + parts[1], "token_malformed"},
		{"extra segment", valid + ".x", "token_malformed"},
		{"JWE (five segments)", "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", "token_malformed"},
		{"padded base64", parts[0] + "=." + parts[1] + "." + parts[2], "token_malformed"},
		{"non-url-safe base64", strings.ReplaceAll(strings.ReplaceAll(valid, "-", "+"), "_", "/") + "+/", "token_malformed"},
		{"duplicate claim names", rawRS256(t, hdr, `{"sub":"u","sub":"admin"`+claims("")[1:]), "token_malformed"},
		{"exp as a string", rawRS256(t, hdr, `{"iss":"https://id.example.com/","aud":"orders-api","exp":"`+strconv.FormatInt(now+600, 10)+`"}`), "token_malformed"},
		{"aud as a string is fine", rawRS256(t, hdr, claims("")), "authenticated"},
		{"aud array without ours", rawRS256(t, hdr, strings.Replace(claims(""), `"aud":"orders-api"`, `"aud":["a","b"]`, 1)), "audience_mismatch"},
		{"crit header we do not understand", rawRS256(t, `{"alg":"RS256","kid":"rsa-1","crit":["exp"],"exp":1}`, claims("")), "token_malformed"},
		{"b64 false", rawRS256(t, `{"alg":"RS256","kid":"rsa-1","b64":false,"crit":["b64"]}`, claims("")), "token_malformed"},
		{"HS256 with the public key as secret (algorithm confusion)", hsConfusion(t, claims("")), "alg_not_allowed"},
		{"nbf in the future", rawRS256(t, hdr, claims(`,"nbf":`+strconv.FormatInt(now+3600, 10))), "token_not_yet_valid"},
		{"iat in the future", rawRS256(t, `{"alg":"RS256","kid":"rsa-1"}`, strings.Replace(claims(""), `"iat":`+strconv.FormatInt(now-60, 10), `"iat":`+strconv.FormatInt(now+3600, 10), 1)), "token_not_yet_valid"},
		{"no exp", rawRS256(t, hdr, `{"iss":"https://id.example.com/","aud":"orders-api","sub":"u"}`), "token_malformed"},
		{"over the size limit", rawRS256(t, hdr, claims(`,"pad":"`+strings.Repeat("x", 20000)+`"`)), "token_malformed"},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, identityPolicy(t))
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rid := "atk-" + strconv.Itoa(i)
				resp := send(t, h, get("GET", "/internal", abi.Pair{Key: "authorization", Value: "Bearer " + tt.token},
					abi.Pair{Key: "x-request-id", Value: rid}))
				ev := eventFor(t, h, rid)
				if ev["reason"] != tt.reason {
					t.Fatalf("status %d, reason %v (detail %v), want %s", resp.Status, ev["reason"], ev["detail"], tt.reason)
				}
				want := 401
				if tt.reason == "authenticated" {
					want = 200
				}
				if resp.Status != want {
					t.Fatalf("status %d, want %d", resp.Status, want)
				}
			})
		}
	})
}

// hsConfusion signs an HS256 token with the provider's RSA public key as the
// HMAC secret: the classic algorithm-confusion attack.
func hsConfusion(t *testing.T, payload string) string {
	t.Helper()
	b := base64.RawURLEncoding.EncodeToString
	in := b([]byte(`{"alg":"HS256","kid":"rsa-1"}`)) + "." + b([]byte(payload))
	return in + "." + b(hmacSHA256(idRSA.PublicKey.N.Bytes(), []byte(in)))
}
func hmacSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}
