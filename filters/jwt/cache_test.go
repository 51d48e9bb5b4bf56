package jwt

import (
	"strings"
	"testing"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
)

func bearer(tok string) *filters.Request {
	return &filters.Request{Headers: []filters.Header{{Name: "authorization", Value: "Bearer " + tok}}}
}

func TestAuthenticateAndCache(t *testing.T) {
	p := testProvider(t, nil)
	c := NewCache(2)
	tok := sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(nil), rsaKey)
	id, err := p.Authenticate(bearer(tok), c, testNow)
	if err != nil || c.Len() != 1 {
		t.Fatalf("first: %v, len %d", err, c.Len())
	}
	id2, err := p.Authenticate(bearer(tok), c, testNow)
	if err != nil || id2 != id {
		t.Fatalf("second call did not hit the cache: %v", err)
	}
	// A hit re-checks the time claims.
	if _, err := p.Authenticate(bearer(tok), c, testNow.Add(11*time.Minute)); errString(err) != "token expired: exp 1700000600, now 1700000660, skew 60s" {
		t.Fatalf("expired hit: %v", err)
	}
	// Another provider does not get this provider's entry.
	other := testProvider(t, func(pc *config.JWTProvider) { pc.Issuer = "other" })
	if _, ok := c.Get(tok, other); ok {
		t.Fatal("cache hit for another provider")
	}
	// Same key, different token (a collision) is a miss.
	forged := "x" + tok[1:]
	if cacheKey(forged) != cacheKey(tok) {
		t.Fatal("test wants equal keys")
	}
	if _, ok := c.Get(forged, p); ok {
		t.Fatal("collision admitted a token")
	}
	// Bounded: CLOCK evicts.
	for i := range 5 {
		t2 := sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(map[string]any{"jti": i}), rsaKey)
		if _, err := p.Authenticate(bearer(t2), c, testNow); err != nil {
			t.Fatal(err)
		}
	}
	if c.Len() != 2 {
		t.Fatalf("len %d", c.Len())
	}
	// Errors of extraction come through.
	if _, err := p.Authenticate(&filters.Request{}, c, testNow); errString(err) != "credential missing" {
		t.Fatalf("missing: %v", err)
	}
	r := bearer(tok)
	r.Headers = append(r.Headers, r.Headers[0])
	if _, err := p.Authenticate(r, c, testNow); errString(err) != "more than one credential in the request" {
		t.Fatalf("two tokens: %v", err)
	}
	// A nil cache works.
	var nc *Cache
	if _, err := p.Authenticate(bearer(tok), nc, testNow); err != nil || nc.Len() != 0 || NewCache(0) != nil {
		t.Fatal("nil cache")
	}
}

func TestClaimsNormalisation(t *testing.T) {
	p := testProvider(t, func(pc *config.JWTProvider) {
		pc.Forward = map[string]string{"x-a": "aud", "x-n": "n", "x-obj": "realm_access", "x-bad": "bad", "x-url": "https://example.com/tenant", "x-b": "flag"}
	})
	tok := sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(map[string]any{"aud": []string{"orders", "x"}, "n": 42, "flag": true,
		"bad": "a\r\nb", "https://example.com/tenant": "t1", "scope": " a  b ", "realm_access": map[string]any{"roles": "r1 r2"}}), rsaKey)
	id, err := p.Verify(tok, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range id.Forward {
		got = append(got, h.Name+"="+h.Value)
	}
	if strings.Join(got, " ") != "x-a=orders,x x-b=true x-n=42 x-url=t1" {
		t.Errorf("forward %q", got)
	}
	if strings.Join(id.Roles, ",") != "r1,r2" || strings.Join(id.Scopes, ",") != "a,b" {
		t.Errorf("roles %q scopes %q", id.Roles, id.Scopes)
	}
	if id.Claims.StringList("nope.x") != nil || id.Claims.StringList("n") != nil {
		t.Error("StringList of absent or non-list")
	}
	if _, ok := id.Claims.Lookup("sub.x"); ok {
		t.Error("Lookup through a string")
	}
	if strings.Join(p.ForwardHeaders(), ",") != "x-a,x-b,x-bad,x-n,x-obj,x-url" {
		t.Errorf("ForwardHeaders %v", p.ForwardHeaders())
	}
}

func TestWarm(t *testing.T) {
	if err := Warm(config.Algorithms()); err != nil {
		t.Fatal(err)
	}
	if err := Warm([]config.Algorithm{"XX"}); errString(err) != "jwt: no warm-up token for XX" {
		t.Fatal(err)
	}
}

func BenchmarkAuthenticateCached(b *testing.B) {
	p := testProvider(b, nil)
	c := NewCache(16)
	r := bearer(sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(nil), rsaKey))
	for b.Loop() {
		if _, err := p.Authenticate(r, c, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyRS256(b *testing.B) {
	p := testProvider(b, nil)
	tok := sign("RS256", `{"alg":"RS256","kid":"r1"}`, claimsJSON(nil), rsaKey)
	for b.Loop() {
		if _, err := p.Verify(tok, testNow); err != nil {
			b.Fatal(err)
		}
	}
}
