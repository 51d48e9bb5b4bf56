package config

import (
	"reflect"
	"strings"
	"testing"
)

// allowIdentity has an API-key set (keys) and a JWT provider (corp) that
// declares tenant and org, roles at realm.roles, and forwards email.
const allowIdentity = `"identity":{"api_keys":[{"name":"keys","keys":[{"id":"k","sha256":"` +
	"0000000000000000000000000000000000000000000000000000000000000000" + `"}]}],` +
	`"jwt":[{"name":"corp","issuer":"https://id.example.com/","audiences":["orders"],"algorithms":["RS256"],` +
	`"jwks":{"remote":{"cluster":"idp","path":"/jwks.json"}},"claims":{"roles":"realm.roles","known":["tenant","org"]},` +
	`"forward":{"x-email":"email"}}]}`

func TestAllowErrors(t *testing.T) {
	tests := []struct {
		name, routes string
		want         []string
	}{
		{"empty rule", `{"id":"a","match":{"path":"/a"},"identity":["keys"],"allow":{}}`,
			[]string{`routes[0].allow: an allow rule must state at least one condition`}},
		{"allow without identity", `{"id":"a","match":{"path":"/a"},"allow":{"roles":["x"]}}`,
			[]string{`routes[0].allow: an allow rule needs the route's identity list (who is judged)`}},
		{"allow on a public route", `{"id":"a","match":{"path":"/a"},"public":true,"allow":{"roles":["x"]}}`,
			[]string{`routes[0].allow: a public route takes no allow rule (remove public or allow)`}},
		{"owner param not in the path", `{"id":"a","match":{"path":"/o/{id}"},"identity":["corp"],
			"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"key","claim":"sub"}}]}}`,
			[]string{`routes[0].allow.any[1].owner.param: "key" is not a parameter of the route's path "/o/{id}"`}},
		{"nested problems", `{"id":"a","match":{"path":"/a"},"identity":["corp"],
			"allow":{"all":[],"not":{"claims":{"tenant":[]}},"scopes":[""]}}`,
			[]string{`routes[0].allow.not.claims.tenant: must list at least one accepted value`,
				`routes[0].allow.scopes[0]: must not be empty`,
				`routes[0].allow.all: must not be empty`}},
		{"owner fields required", `{"id":"a","match":{"path":"/a/{id}"},"identity":["keys"],"allow":{"owner":{"param":"id"}}}`,
			[]string{`routes[0].allow.owner: missing required field "claim"`}},
		{"unknown claims", `{"id":"a","match":{"path":"/o/{id}"},"identity":["corp","keys"],
			"allow":{"claims":{"tennant":["acme"],"tenant":["acme"]},"any":[{"owner":{"param":"id","claim":"user"}},{"roles":["x"]}]}}`,
			[]string{`routes[0].allow.claims.tennant: unknown claim "tennant": no JWT provider of the route declares it (list it in identity.jwt[0].claims.known)`,
				`routes[0].allow.any[0].owner.claim: unknown claim "user": no JWT provider of the route declares it (list it in identity.jwt[0].claims.known)`}},
		{"claims on an API-key route", `{"id":"a","match":{"path":"/o/{id}"},"identity":["keys"],
			"allow":{"claims":{"tenant":["acme"]},"owner":{"param":"id","claim":"sub"}}}`,
			[]string{`routes[0].allow.claims.tenant: claim "tenant": the route's identities are API keys, which carry no claims`,
				`routes[0].allow.owner.claim: claim "sub": the route's identities are API keys, which carry no claims`}},
		{"declared claims", `{"id":"a","match":{"path":"/o/{id}"},"identity":["corp"],
			"allow":{"claims":{"org.id":["7"],"realm.roles":["a"],"scope":["s"],"email":["x@example.com"],"iss":["i"]},"owner":{"param":"id","claim":"sub"}}}`,
			nil},
		{"request header templates read declared claims only", `{"id":"a","match":{"path":"/a"},"identity":["corp"],
			"request_headers":{"set":{"x-org":"{claims.org.id}","x-team":"{claims.team}"}}}`,
			[]string{`routes[0].request_headers.set["x-team"]: unknown claim "team": no JWT provider of the route declares it (list it in identity.jwt[0].claims.known)`}},
		{"request header templates on an API-key route", `{"id":"a","match":{"path":"/a"},"identity":["keys"],
			"request_headers":{"set":{"x-tenant":"{claims.tenant}"}}}`,
			[]string{`routes[0].request_headers.set["x-tenant"]: claim "tenant": the route's identities are API keys, which carry no claims`}},
		{"a member of a declared claim is not its parent", `{"id":"a","match":{"path":"/a"},"identity":["corp"],"allow":{"claims":{"realm":["r"]}}}`,
			[]string{`routes[0].allow.claims.realm: unknown claim "realm": no JWT provider of the route declares it (list it in identity.jwt[0].claims.known)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(`{` + allowIdentity + `,"routes":[` + tt.routes + `]}`))
			errs, _ := err.(Errors)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(sorted(got), sorted(tt.want)) {
				t.Fatalf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAllowParses(t *testing.T) {
	pol, err := Parse([]byte(`{` + allowIdentity + `,"routes":[{"id":"a","match":{"path":"/o/{id}"},"identity":["corp"],
		"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"id","claim":"sub"}}],"not":{"claims":{"tenant":["evil"]}}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := pol.Routes[0].Allow
	if len(r.Any) != 2 || r.Any[1].Owner.Claim != "sub" || r.Not.Claims["tenant"][0] != "evil" {
		t.Fatalf("%+v", r)
	}
}

func TestKnownClaimsErrors(t *testing.T) {
	_, err := Parse([]byte(`{"identity":{"jwt":[{"name":"corp","issuer":"i","audiences":["a"],"algorithms":["RS256"],` +
		`"jwks":{"remote":{"cluster":"idp","path":"/jwks.json"}},"claims":{"known":["tenant","","tenant","a..b"]}}]}}`))
	var got []string
	for _, e := range err.(Errors) {
		got = append(got, e.Error())
	}
	want := []string{`identity.jwt[0].claims.known[1]: must not be empty`,
		`identity.jwt[0].claims.known[2]: duplicate claim "tenant"`,
		`identity.jwt[0].claims.known[3]: invalid claim path "a..b" (want names joined by dots, like realm_access.roles)`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("errors:\n got %q\nwant %q", got, want)
	}
}

func sorted(s []string) string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return strings.Join(c, "\n")
}
