package jwt

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
)

func TestVerify(t *testing.T) {
	p := testProvider(t, nil)
	rs := func(over map[string]any) string {
		return sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(over), rsaKey)
	}
	good := rs(nil)
	goodParts := strings.Split(good, ".")
	otherPayload := b64(claimsJSON(map[string]any{"sub": "admin"}))
	tests := []struct {
		name  string
		token string
		want  error  // sentinel
		msg   string // exact Error()
	}{
		// Every reason code Verify can give.
		{"expired", rs(map[string]any{"exp": testNow.Unix() - 60}), ErrTokenExpired, "token expired: exp 1699999940, now 1700000000, skew 60s"},
		{"expired at the skew boundary", rs(map[string]any{"exp": testNow.Unix() - 60 + 0}), ErrTokenExpired, "token expired: exp 1699999940, now 1700000000, skew 60s"},
		{"nbf in future", rs(map[string]any{"nbf": testNow.Unix() + 61}), ErrTokenNotYetValid, "token not yet valid: nbf 1700000061, now 1700000000, skew 60s"},
		{"iat in future", rs(map[string]any{"iat": testNow.Unix() + 61}), ErrTokenNotYetValid, "token not yet valid: iat 1700000061 is in the future (now 1700000000, skew 60s)"},
		{"issuer", rs(map[string]any{"iss": "https://evil/"}), ErrIssuerMismatch, `issuer mismatch: iss "https://evil/"`},
		{"issuer missing", rs(map[string]any{"iss": nil}), ErrIssuerMismatch, `issuer mismatch: iss ""`},
		{"audience", rs(map[string]any{"aud": "payments"}), ErrAudienceMismatch, `audience mismatch: aud "payments"`},
		{"audience array", rs(map[string]any{"aud": []string{"x", "y"}}), ErrAudienceMismatch, `audience mismatch: aud "x,y"`},
		{"audience missing", rs(map[string]any{"aud": nil}), ErrAudienceMismatch, `audience mismatch: aud ""`},
		{"alg none", sign("none", `{"alg":"none"}`, claimsJSON(nil), nil), ErrAlgNotAllowed, `algorithm not allowed: alg "none" is never accepted`},
		{"alg NONE", sign("none", `{"alg":"NONE"}`, claimsJSON(nil), nil), ErrAlgNotAllowed, `algorithm not allowed: alg "NONE" is never accepted`},
		{"alg not in list", sign("PS256", `{"alg":"PS256","kid":"r1"}`, claimsJSON(nil), nil), ErrAlgNotAllowed, `algorithm not allowed: alg "PS256" is not in the provider's algorithms`},
		{"kid unknown", sign("RS256", `{"alg":"RS256","kid":"r9"}`, claimsJSON(nil), rsaKey), ErrKidUnknown, `kid unknown: kid "r9"`},
		{"kid of another key type", sign("ES256", `{"alg":"ES256","kid":"r1"}`, claimsJSON(nil), ecKey), ErrAlgNotAllowed,
			`algorithm not allowed: key "r1": RSA key cannot verify ES256`},
		{"RS token naming the EC key", sign("RS256", `{"alg":"RS256","kid":"e1"}`, claimsJSON(nil), rsaKey), ErrAlgNotAllowed,
			`algorithm not allowed: key "e1": key is for ES256, token uses RS256`},
		{"EdDSA token naming the RSA key", sign("EdDSA", `{"alg":"EdDSA","kid":"r1"}`, claimsJSON(nil), edKey), ErrAlgNotAllowed,
			`algorithm not allowed: key "r1": RSA key cannot verify EdDSA`},
		{"another key's signature", sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(nil), rsaKey2), ErrSignatureInvalid,
			"signature invalid: RS256 signature does not verify with 1 key(s)"},
		{"tampered payload", goodParts[0] + "." + otherPayload + "." + goodParts[2], ErrSignatureInvalid,
			"signature invalid: RS256 signature does not verify with 1 key(s)"},
		{"tampered header", b64(`{"alg":"RS256","kid":"r1","x":1}`) + "." + goodParts[1] + "." + goodParts[2], ErrSignatureInvalid,
			"signature invalid: RS256 signature does not verify with 1 key(s)"},
		{"HS token signed with the RSA public key", sign("HS256", `{"alg":"HS256","kid":"r1"}`, claimsJSON(nil), []byte("not the secret, just a public key")),
			ErrSignatureInvalid, "signature invalid: HS256 signature does not verify with 1 key(s)"},

		// Structure.
		{"truncated", goodParts[0] + "." + goodParts[1], ErrTokenMalformed, "token malformed: 2 segments (want 3)"},
		{"extra segment", good + ".x", ErrTokenMalformed, "token malformed: 4 segments (want 3)"},
		{"JWE", "a.b.c.d.e", ErrTokenMalformed, "token malformed: encrypted tokens (JWE, 5 segments) are not accepted"},
		{"empty signature", goodParts[0] + "." + goodParts[1] + ".", ErrTokenMalformed, "token malformed: empty signature segment"},
		{"padded base64", goodParts[0] + "=." + goodParts[1] + "." + goodParts[2], ErrTokenMalformed,
			`token malformed: header segment has '=' at offset ` + itoa(len(goodParts[0])) + ` (want base64url without padding)`},
		{"standard base64", goodParts[0] + "." + goodParts[1] + ".+/" + goodParts[2][2:], ErrTokenMalformed,
			"token malformed: signature segment has '+' at offset 0 (want base64url without padding)"},
		{"newline inside", goodParts[0] + "\n." + goodParts[1] + "." + goodParts[2], ErrTokenMalformed,
			`token malformed: header segment has '\n' at offset ` + itoa(len(goodParts[0])) + ` (want base64url without padding)`},
		{"non-canonical base64", nonCanonical(goodParts[0]) + "." + goodParts[1] + "." + goodParts[2], ErrTokenMalformed,
			"token malformed: header segment is not canonical base64url"},
		{"header not JSON", b64(`alg`) + "." + goodParts[1] + "." + goodParts[2], ErrTokenMalformed, "token malformed: header: not a JSON object"},
		{"header array", b64(`["alg"]`) + "." + goodParts[1] + "." + goodParts[2], ErrTokenMalformed, "token malformed: header: not a JSON object"},
		{"duplicate header alg", sign("RS256", `{"alg":"none","alg":"RS256","kid":"r1"}`, claimsJSON(nil), rsaKey), ErrTokenMalformed,
			"token malformed: header: json: duplicate key 'alg' in object"},
		{"no alg", sign("RS256", `{"kid":"r1"}`, claimsJSON(nil), rsaKey), ErrTokenMalformed, "token malformed: header has no alg string"},
		{"kid not a string", sign("RS256", `{"alg":"RS256","kid":1}`, claimsJSON(nil), rsaKey), ErrTokenMalformed, "token malformed: header kid is not a string"},
		{"crit", sign("RS256", `{"alg":"RS256","kid":"r1","crit":["exp"],"exp":1}`, claimsJSON(nil), rsaKey), ErrTokenMalformed,
			`token malformed: critical header extension "exp" is not supported`},
		{"crit empty", sign("RS256", `{"alg":"RS256","kid":"r1","crit":[]}`, claimsJSON(nil), rsaKey), ErrTokenMalformed,
			"token malformed: header crit must be a non-empty array"},
		{"b64 false", sign("RS256", `{"alg":"RS256","kid":"r1","b64":false}`, claimsJSON(nil), rsaKey), ErrTokenMalformed,
			"token malformed: unencoded payloads (b64 other than true) are not accepted"},
		{"too big", good + strings.Repeat("A", DefaultMaxTokenBytes), ErrTokenMalformed,
			"token malformed: token is " + itoa(len(good)+DefaultMaxTokenBytes) + " bytes (limit 8192)"},
		{"empty", "", ErrTokenMalformed, "token malformed: empty token"},

		// Claims.
		{"duplicate claim", sign("RS256", `{"alg":"RS256","kid":"r1"}`, `{"sub":"a","sub":"admin"}`, rsaKey), ErrTokenMalformed,
			"token malformed: payload: json: duplicate key 'sub' in object"},
		{"payload not an object", sign("RS256", `{"alg":"RS256","kid":"r1"}`, `"x"`, rsaKey), ErrTokenMalformed,
			"token malformed: payload: not a JSON object"},
		{"exp as string", rs(map[string]any{"exp": "1700000600"}), ErrTokenMalformed, "token malformed: claim exp is not a number"},
		{"exp missing", rs(map[string]any{"exp": nil}), ErrTokenMalformed, "token malformed: exp claim is required"},
		{"aud as number", rs(map[string]any{"aud": 7}), ErrTokenMalformed, "token malformed: claim aud is neither a string nor an array"},
		{"aud array of numbers", rs(map[string]any{"aud": []int{7}}), ErrTokenMalformed, "token malformed: claim aud has a non-string entry"},
		{"iss as number", rs(map[string]any{"iss": 7}), ErrTokenMalformed, "token malformed: claim iss is not a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := p.Verify(tt.token, testNow)
			if err == nil {
				t.Fatalf("Verify accepted the token: %+v", id)
			}
			if !errors.Is(err, tt.want) || err.Error() != tt.msg {
				t.Fatalf("err = %q\nwant %q (%v)", err, tt.msg, tt.want)
			}
			if strings.Contains(err.Error(), tt.token) && len(tt.token) > 8 {
				t.Fatalf("error contains the token")
			}
			if r, ok := filters.ReasonOf(err); !ok || r != tt.want.(*filters.ReasonError).Reason {
				t.Fatalf("reason %q", r)
			}
		})
	}
}

// nonCanonical sets the unused low bit of the last character of a base64url
// string whose length is not a multiple of 4: the same bytes, spelt differently.
func nonCanonical(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(alphabet, s[len(s)-1])
	return s[:len(s)-1] + string(alphabet[i|1])
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestVerifyAccepts(t *testing.T) {
	p := testProvider(t, nil)
	tests := []struct {
		name, token string
		sub         string
		scopes      string
	}{
		{"RS256 with kid", sign("RS256", `{"alg":"RS256","kid":"r1","typ":"JWT"}`, claimsJSON(nil), rsaKey), "user-1", "orders:read orders:write"},
		{"RS256 without kid", sign("RS256", `{"alg":"RS256"}`, claimsJSON(nil), rsaKey), "user-1", "orders:read orders:write"},
		{"ES256", sign("ES256", `{"alg":"ES256","kid":"e1"}`, claimsJSON(nil), ecKey), "user-1", "orders:read orders:write"},
		{"EdDSA", sign("EdDSA", `{"alg":"EdDSA","kid":"d1"}`, claimsJSON(nil), edKey), "user-1", "orders:read orders:write"},
		{"HS256", sign("HS256", `{"alg":"HS256"}`, claimsJSON(nil), hsSecret), "user-1", "orders:read orders:write"},
		{"aud array", sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(map[string]any{"aud": []string{"x", "billing"}}), rsaKey), "user-1", "orders:read orders:write"},
		{"scope array, fractional exp", sign("RS256", `{"alg":"RS256","kid":"r1","b64":true}`,
			claimsJSON(map[string]any{"scope": []string{"a", "b"}, "exp": float64(testNow.Unix()) + 0.5 + 30}), rsaKey), "user-1", "a b"},
		{"expired within skew", sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(map[string]any{"exp": testNow.Unix() - 59}), rsaKey), "user-1", "orders:read orders:write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := p.Verify(tt.token, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if id.Subject != tt.sub || strings.Join(id.Scopes, " ") != tt.scopes || strings.Join(id.Roles, ",") != "admin,ops" || id.Provider != "corp" {
				t.Fatalf("identity %+v", id)
			}
			want := []filters.Header{{Name: "x-roles", Value: "admin,ops"}, {Name: "x-user-id", Value: "user-1"}}
			if len(id.Forward) != 2 || id.Forward[0] != want[0] || id.Forward[1] != want[1] {
				t.Fatalf("forward %+v", id.Forward)
			}
		})
	}
}

func TestVerifyProviderOptions(t *testing.T) {
	tok := func(over map[string]any, header string) string {
		return sign("RS256", header, claimsJSON(over), rsaKey)
	}
	hdr := `{"alg":"RS256","kid":"r1"}`
	tests := []struct {
		name  string
		cfg   func(*config.JWTProvider)
		token string
		msg   string // "" accepts
	}{
		{"exp optional", func(c *config.JWTProvider) { f := false; c.RequireExp = &f }, tok(map[string]any{"exp": nil}, hdr), ""},
		{"zero skew", func(c *config.JWTProvider) { z := config.Duration(0); c.ClockSkew = &z }, tok(map[string]any{"exp": testNow.Unix()}, hdr),
			"token expired: exp 1700000000, now 1700000000, skew 0s"},
		{"max lifetime ok", func(c *config.JWTProvider) { c.MaxLifetime = config.Duration(time.Hour) }, tok(nil, hdr), ""},
		{"max lifetime exceeded", func(c *config.JWTProvider) { c.MaxLifetime = config.Duration(time.Minute) }, tok(nil, hdr),
			"token expired: lifetime 660s exceeds max_lifetime 60s"},
		{"max lifetime needs iat", func(c *config.JWTProvider) { c.MaxLifetime = config.Duration(time.Hour) }, tok(map[string]any{"iat": nil}, hdr),
			"token malformed: max_lifetime needs exp and iat claims"},
		{"typ ok", func(c *config.JWTProvider) { c.Typ = "at+jwt" }, tok(nil, `{"alg":"RS256","kid":"r1","typ":"application/AT+JWT"}`), ""},
		{"typ wrong", func(c *config.JWTProvider) { c.Typ = "at+jwt" }, tok(nil, `{"alg":"RS256","kid":"r1","typ":"JWT"}`),
			`token malformed: typ "JWT" (want "at+jwt")`},
		{"HS without secret", func(c *config.JWTProvider) { c.Algorithms = []config.Algorithm{config.RS256}; c.SecretKey = nil },
			sign("HS256", `{"alg":"HS256"}`, claimsJSON(nil), hsSecret), `algorithm not allowed: alg "HS256" is not in the provider's algorithms`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := testProvider(t, tt.cfg).Verify(tt.token, testNow)
			if got := errString(err); got != tt.msg {
				t.Fatalf("err = %q, want %q", got, tt.msg)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestJWKSUnavailableAndRotation(t *testing.T) {
	p, err := Compile(&config.JWTProvider{Name: "corp", Issuer: "https://id.example.com/", Audiences: []string{"orders"},
		Algorithms: []config.Algorithm{config.RS256}, JWKS: &config.JWKS{Remote: &config.RemoteJWKS{Cluster: "c", Path: "/"}}})
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache(8)
	req := func(tok string) *filters.Request {
		return &filters.Request{Headers: []filters.Header{{Name: "authorization", Value: "Bearer " + tok}}}
	}
	t1 := sign("RS256", `{"alg":"RS256","kid":"k1"}`, claimsJSON(nil), rsaKey)
	t2 := sign("RS256", `{"alg":"RS256","kid":"k2"}`, claimsJSON(nil), rsaKey2)
	if _, err := p.Authenticate(req(t1), cache, testNow); errString(err) != "jwks unavailable: no keys" {
		t.Fatalf("before keys: %v", err)
	}
	jwks := func(keys ...string) *KeySet {
		ks, _, err := ParseJWKS([]byte(`{"keys":[` + strings.Join(keys, ",") + `]}`))
		if err != nil {
			t.Fatal(err)
		}
		return ks
	}
	k1 := jwkJSON(t, &rsaKey.PublicKey, "k1")
	k2 := jwkJSON(t, &rsaKey2.PublicKey, "k2")
	p.SetKeys(jwks(k1))
	if _, err := p.Authenticate(req(t1), cache, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Authenticate(req(t2), cache, testNow); errString(err) != `kid unknown: kid "k2"` {
		t.Fatalf("k2 before rotation: %v", err)
	}
	// A new kid appears.
	p.SetKeys(jwks(k1, k2))
	if _, err := p.Authenticate(req(t2), cache, testNow); err != nil {
		t.Fatal(err)
	}
	// The old one is removed: its cached tokens are verified again and refused.
	p.SetKeys(jwks(k2))
	if _, err := p.Authenticate(req(t1), cache, testNow); errString(err) != `kid unknown: kid "k1"` {
		t.Fatalf("k1 after removal: %v", err)
	}
	// A failed fetch (nil set) keeps the last good keys.
	p.SetKeys(nil)
	if _, err := p.Authenticate(req(t2), cache, testNow); err != nil {
		t.Fatal(err)
	}
	if p.Keys().Len() != 1 {
		t.Fatalf("keys %d", p.Keys().Len())
	}
}
