package authn

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"reflect"
	"strconv"
	"testing"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
)

var (
	now    = time.Unix(1_800_000_000, 0)
	secret = []byte("0123456789abcdef0123456789abcdef")
)

// hs256 signs a token for the test provider.
func hs256(sub string, exp int64) string {
	b := base64.RawURLEncoding.EncodeToString
	in := b([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		b([]byte(`{"iss":"https://id.example.com/","aud":"api","sub":"`+sub+`","exp":`+strconv.FormatInt(exp, 10)+`,"roles":["admin"]}`))
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(in))
	return in + "." + b(m.Sum(nil))
}

func compile(t *testing.T, identity string) *Authn {
	t.Helper()
	pol, err := config.Parse([]byte(`{"identity":` + identity + `}`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Compile(pol.Identity)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func identity(dropToken bool, from string) string {
	sum := sha256.Sum256([]byte("key-1"))
	return `{"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["api"],"algorithms":["HS256"],
		"secret":"` + base64.StdEncoding.EncodeToString(secret) + `","drop_token":` + strconv.FormatBool(dropToken) + `,
		"from":` + from + `,"forward":{"x-user":"sub"}}],
		"api_keys":[{"name":"keys","from":[{"query":"api_key"},{"header":"x-api-key"}],
			"keys":[{"id":"k1","sha256":"` + hex.EncodeToString(sum[:]) + `","roles":["partner"]}]}]}`
}

func req(path string, headers ...filters.Header) *filters.Request {
	return &filters.Request{Method: "GET", Path: path, Headers: headers}
}

func TestAuthenticateAndRewrite(t *testing.T) {
	tok := hs256("user-1", now.Unix()+60)
	bearer := `[{"header":"authorization","prefix":"Bearer "},{"cookie":"session"}]`
	tests := []struct {
		name      string
		drop      bool
		names     []string
		req       *filters.Request
		principal *Principal
		reason    filters.Reason
		rewrite   Rewrite
	}{
		{name: "token, spoofed headers removed, claims forwarded", names: []string{"corp"},
			req:       req("/a", filters.Header{Name: "authorization", Value: "Bearer " + tok}, filters.Header{Name: "x-user", Value: "root"}),
			principal: &Principal{Identity: "corp", Subject: "user-1"},
			rewrite:   Rewrite{Remove: []string{"x-user"}, Set: []filters.Header{{Name: "x-user", Value: "user-1"}}}},
		{name: "token dropped from its header", drop: true, names: []string{"corp"},
			req:       req("/a", filters.Header{Name: "authorization", Value: "Bearer " + tok}),
			principal: &Principal{Identity: "corp", Subject: "user-1"},
			rewrite:   Rewrite{Remove: []string{"authorization"}, Set: []filters.Header{{Name: "x-user", Value: "user-1"}}}},
		{name: "token dropped from a cookie, other cookies kept", drop: true, names: []string{"corp"},
			req:       req("/a", filters.Header{Name: "cookie", Value: "theme=dark; session=" + tok + "; lang=en"}),
			principal: &Principal{Identity: "corp", Subject: "user-1"},
			rewrite: Rewrite{Set: []filters.Header{{Name: "x-user", Value: "user-1"},
				{Name: "cookie", Value: "theme=dark; lang=en"}}}},
		{name: "API key from the query never reaches the upstream", names: []string{"keys"},
			req:       req("/a?x=1&api_key=key-1&y=2#f", filters.Header{Name: "x-api-key-id", Value: "spoofed"}),
			principal: &Principal{Identity: "keys", Subject: "k1"},
			rewrite: Rewrite{Remove: []string{"x-api-key-id"}, Set: []filters.Header{{Name: "x-api-key-id", Value: "k1"}},
				Path: "/a?x=1&y=2#f"}},
		{name: "API key header removed", names: []string{"keys"},
			req:       req("/a", filters.Header{Name: "x-api-key", Value: "key-1"}),
			principal: &Principal{Identity: "keys", Subject: "k1"},
			rewrite:   Rewrite{Remove: []string{"x-api-key"}, Set: []filters.Header{{Name: "x-api-key-id", Value: "k1"}}}},
		{name: "any of two: the key works when the token is missing", names: []string{"corp", "keys"},
			req:       req("/a", filters.Header{Name: "x-api-key", Value: "key-1"}),
			principal: &Principal{Identity: "keys", Subject: "k1"},
			rewrite:   Rewrite{Remove: []string{"x-api-key"}, Set: []filters.Header{{Name: "x-api-key-id", Value: "k1"}}}},
		{name: "the telling failure wins over a missing one", names: []string{"keys", "corp"},
			req:    req("/a", filters.Header{Name: "authorization", Value: "Bearer " + hs256("u", now.Unix()-3600)}),
			reason: filters.ReasonTokenExpired},
		{name: "nothing at all", names: []string{"corp", "keys"}, req: req("/a"), reason: filters.ReasonTokenMissing},
		{name: "wrong key", names: []string{"keys"}, req: req("/a", filters.Header{Name: "x-api-key", Value: "key-2"}),
			reason: filters.ReasonAPIKeyInvalid, rewrite: Rewrite{Remove: []string{"x-api-key"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := compile(t, identity(tt.drop, bearer))
			p, err := a.Requirement(tt.names).Authenticate(tt.req, now)
			if tt.principal != nil {
				if err != nil {
					t.Fatalf("Authenticate: %v", err)
				}
				if p.Identity != tt.principal.Identity || p.Subject != tt.principal.Subject {
					t.Fatalf("principal %s/%s, want %s/%s", p.Identity, p.Subject, tt.principal.Identity, tt.principal.Subject)
				}
			} else {
				if r, _ := filters.ReasonOf(err); r != tt.reason || p != nil {
					t.Fatalf("err %v (reason %q), want reason %q", err, r, tt.reason)
				}
			}
			if got := a.Rewrite(tt.req, p); !reflect.DeepEqual(got, tt.rewrite) {
				t.Fatalf("rewrite %+v, want %+v", got, tt.rewrite)
			}
		})
	}
}

func TestNoIdentitySection(t *testing.T) {
	a, err := Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := a.Rewrite(req("/", filters.Header{Name: "x-user", Value: "x"}), nil); !w.Empty() {
		t.Fatalf("rewrite %+v", w)
	}
}
