package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	testSum    = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" // sha256("hello")
	testSecret = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="                     // 32 bytes
)

// identityPolicy wraps an identity section and routes in a policy.
func identityPolicy(identity, routes string) string {
	return `{"identity":` + identity + `,"routes":` + routes + `}`
}

// jwtProvider is a valid provider object with extra members spliced in.
func jwtProvider(extra string) string {
	s := `{"name":"corp","issuer":"https://id.example.com/","audiences":["orders"],"algorithms":["RS256"],` +
		`"jwks":{"remote":{"cluster":"idp","path":"/jwks.json"}}`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func TestParseIdentityValid(t *testing.T) {
	in := identityPolicy(`{
		"jwt": [{
			"name": "corp", "issuer": "https://id.example.com/", "audiences": ["orders", "billing"],
			"algorithms": ["RS256", "ES256", "HS256"],
			"jwks": {"inline": {"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256", "n": "AQAB", "e": "AQAB"},
			                             {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"},
			                             {"kty": "OKP", "crv": "Ed25519", "x": "AA"}]}},
			"secret": "`+testSecret+`",
			"from": [{"header": "authorization", "prefix": "Bearer "}, {"cookie": "session"}, {"query": "access_token"}],
			"clock_skew": "0s", "claims": {"roles": "realm_access.roles", "scopes": "scp"},
			"forward": {"x-user-id": "sub", "x-user-roles": "realm_access.roles"},
			"require_exp": false, "max_lifetime": "1h", "typ": "at+jwt", "drop_token": true
		}, {
			"name": "partner", "issuer": "p", "audiences": ["a"], "algorithms": ["EdDSA"],
			"jwks": {"remote": {"cluster": "idp", "path": "/jwks", "refresh": "1m", "timeout": "2s"}}
		}],
		"api_keys": [{"name": "partners", "keys": [{"id": "acme", "sha256": "`+strings.ToUpper(testSum)+`", "roles": ["partner"]}]},
		             {"name": "ops", "from": [{"query": "key"}], "forward_id": "x-key", "keys": [{"id": "a", "sha256": "`+testSum+`"}]}],
		"cache_size": 0
	}`, `[{"id":"a","match":{"path":"/a"},"identity":["corp","partners"]},{"id":"b","match":{"path":"/b"},"public":true}]`)
	pol, err := Parse([]byte(in))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	id := pol.Identity
	corp, partner := &id.JWT[0], &id.JWT[1]
	if corp.Skew() != 0 || corp.ExpRequired() || time.Duration(corp.MaxLifetime) != time.Hour || !corp.DropToken ||
		string(corp.SecretKey) != "0123456789abcdef0123456789abcdef" || len(corp.JWKS.Inline.Keys) != 3 ||
		corp.Claims.RolesPath() != "realm_access.roles" || corp.Claims.ScopesPath() != "scp" || len(corp.Sources()) != 3 {
		t.Errorf("corp = %+v", corp)
	}
	if partner.Skew() != DefaultClockSkew || !partner.ExpRequired() || partner.JWKS.Remote.RefreshInterval() != time.Minute ||
		partner.JWKS.Remote.FetchTimeout() != 2*time.Second || partner.Claims.RolesPath() != "roles" || partner.Claims.ScopesPath() != "scope" {
		t.Errorf("partner = %+v", partner)
	}
	if want := []CredentialSource{{Header: "authorization", Prefix: "Bearer "}}; !reflect.DeepEqual(partner.Sources(), want) {
		t.Errorf("default sources = %+v", partner.Sources())
	}
	if id.Cache() != 0 || id.APIKeys[0].IDHeader() != DefaultAPIKeyIDHeader || id.APIKeys[1].IDHeader() != "x-key" ||
		!reflect.DeepEqual(id.APIKeys[0].Sources(), []CredentialSource{{Header: "x-api-key"}}) {
		t.Errorf("identity = %+v", id)
	}
	if !reflect.DeepEqual(pol.Routes[0].Identity, []string{"corp", "partners"}) {
		t.Errorf("route identity = %v", pol.Routes[0].Identity)
	}
	if (&Identity{}).Cache() != DefaultCacheSize || (*Identity)(nil).Cache() != DefaultCacheSize {
		t.Error("default cache size")
	}
	if (&RemoteJWKS{}).RefreshInterval() != DefaultJWKSRefresh || (&RemoteJWKS{}).FetchTimeout() != DefaultJWKSTimeout {
		t.Error("remote defaults")
	}
}

func TestParseIdentityErrors(t *testing.T) {
	r := `[{"id":"r","match":{"path":"/"},"identity":["corp"]}]`
	one := func(provider string) string { return identityPolicy(`{"jwt":[`+provider+`]}`, r) }
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"unknown identity field", identityPolicy(`{"jwts":[]}`, `[]`), []string{
			`identity.jwts: unknown field (known: api_keys, cache_size, jwt)`}},
		{"missing provider fields", identityPolicy(`{"jwt":[{}]}`, `[]`), []string{
			`identity.jwt[0]: missing required field "name"`,
			`identity.jwt[0]: missing required field "issuer"`,
			`identity.jwt[0]: missing required field "audiences"`,
			`identity.jwt[0]: missing required field "algorithms"`}},
		{"alg none", one(strings.Replace(jwtProvider(""), `["RS256"]`, `["RS256","none"]`, 1)), []string{
			`identity.jwt[0].algorithms[1]: algorithm "none" is never accepted`}},
		{"alg None", one(strings.Replace(jwtProvider(""), `["RS256"]`, `["None"]`, 1)), []string{
			`identity.jwt[0].algorithms[0]: algorithm "None" is never accepted`}},
		{"unknown alg", one(strings.Replace(jwtProvider(""), `["RS256"]`, `["rs256"]`, 1)), []string{
			`identity.jwt[0].algorithms[0]: unknown algorithm "rs256" (want one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384, HS512)`}},
		{"duplicate and empty lists", one(strings.Replace(jwtProvider(`"audiences":["a","",  "a"]`), `"audiences":["orders"],`, ``, 1)), []string{
			`identity.jwt[0].audiences[1]: must not be empty`,
			`identity.jwt[0].audiences[2]: duplicate audience "a"`}},
		{"empty algorithms", one(strings.Replace(jwtProvider(""), `["RS256"]`, `[]`, 1)), []string{
			`identity.jwt[0].algorithms: must not be empty`}},
		{"duplicate algorithm", one(strings.Replace(jwtProvider(""), `["RS256"]`, `["RS256","RS256"]`, 1)), []string{
			`identity.jwt[0].algorithms[1]: duplicate algorithm "RS256"`}},
		{"HS without secret", one(strings.Replace(jwtProvider(""), `["RS256"]`, `["RS256","HS384"]`, 1)), []string{
			`identity.jwt[0]: algorithm HS384 needs a secret`}},
		{"secret without HS", one(jwtProvider(`"secret":"` + testSecret + `"`)), []string{
			`identity.jwt[0].secret: only HS algorithms use a secret`}},
		{"secret not base64", one(`{"name":"corp","issuer":"i","audiences":["a"],"algorithms":["HS256"],"secret":"***"}`), []string{
			`identity.jwt[0].secret: not valid base64 (want standard base64 with padding)`}},
		{"secret too short", one(`{"name":"corp","issuer":"i","audiences":["a"],"algorithms":["HS256","HS512"],"secret":"` + testSecret + `"}`), []string{
			`identity.jwt[0].secret: is 32 bytes; HS512 needs at least 64`}},
		{"jwks with only HS", one(`{"name":"corp","issuer":"i","audiences":["a"],"algorithms":["HS256"],"secret":"` + testSecret + `","jwks":{"remote":{"cluster":"c","path":"/"}}}`), []string{
			`identity.jwt[0].jwks: only asymmetric algorithms use a jwks (HS algorithms use the secret)`}},
		{"missing jwks", one(`{"name":"corp","issuer":"i","audiences":["a"],"algorithms":["ES256"]}`), []string{
			`identity.jwt[0]: algorithm ES256 needs a jwks`}},
		{"jwks both and neither", identityPolicy(`{"jwt":[`+
			strings.Replace(jwtProvider(""), `{"remote":{"cluster":"idp","path":"/jwks.json"}}`, `{}`, 1)+`,`+
			strings.Replace(strings.Replace(jwtProvider(""), `"name":"corp"`, `"name":"b"`, 1), `"path":"/jwks.json"}`,
				`"path":"/jwks.json"},"inline":{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`, 1)+`]}`, `[]`), []string{
			`identity.jwt[0].jwks: must have exactly one of inline or remote`,
			`identity.jwt[1].jwks: must have exactly one of inline or remote`}},
		{"remote without cluster and path", one(strings.Replace(jwtProvider(""), `{"cluster":"idp","path":"/jwks.json"}`, `{"refresh":"1s","timeout":"0s"}`, 1)), []string{
			`identity.jwt[0].jwks.remote.refresh: must be at least 10s`,
			`identity.jwt[0].jwks.remote.timeout: must be more than 0s`,
			`identity.jwt[0].jwks.remote: missing required field "cluster"`,
			`identity.jwt[0].jwks.remote: missing required field "path"`}},
		{"remote bad values", one(strings.Replace(jwtProvider(""), `{"cluster":"idp","path":"/jwks.json"}`, `{"cluster":"","path":"jwks","refresh":10}`, 1)), []string{
			`identity.jwt[0].jwks.remote.cluster: must not be empty`,
			`identity.jwt[0].jwks.remote.path: must start with "/"`,
			`identity.jwt[0].jwks.remote.refresh: expected a duration string like "10m", got number`}},
		{"inline keys", one(strings.Replace(jwtProvider(""), `{"remote":{"cluster":"idp","path":"/jwks.json"}}`, `{"inline":{"keys":[
			{"kty":"oct","k":"AAAA"},
			{"kty":"oct"},
			{"kty":"RSA","kid":"a","d":"AQAB","n":"AQAB","e":"AQAB"},
			{"kty":"EC","kid":"a","crv":"P-256","x":"AA"},
			{"kty":"OKP","crv":"Ed25519","x":"AA","use":"enc","alg":"HS256"},
			{"kty":"XYZ"}]}}`, 1)), []string{
			`identity.jwt[0].jwks.inline.keys[0].kty: symmetric keys (kty "oct") do not belong in a JWKS; use the provider's secret`,
			`identity.jwt[0].jwks.inline.keys[0].k: unknown field (known: alg, crv, e, key_ops, kid, kty, n, use, x, y)`,
			`identity.jwt[0].jwks.inline.keys[1].kty: symmetric keys (kty "oct") do not belong in a JWKS; use the provider's secret`,
			`identity.jwt[0].jwks.inline.keys[2].d: unknown field (known: alg, crv, e, key_ops, kid, kty, n, use, x, y)`,
			`identity.jwt[0].jwks.inline.keys[3]: missing required field "y" for kty EC`,
			`identity.jwt[0].jwks.inline.keys[3].kid: duplicate kid "a" (first at identity.jwt[0].jwks.inline.keys[2].kid)`,
			`identity.jwt[0].jwks.inline.keys[4].use: use "enc" cannot verify tokens (want "sig")`,
			`identity.jwt[0].jwks.inline.keys[4].alg: unknown signature algorithm "HS256" for a public key`,
			`identity.jwt[0].jwks.inline.keys[5].kty: unknown key type "XYZ" (want RSA, EC or OKP)`}},
		{"empty inline", one(strings.Replace(jwtProvider(""), `{"remote":{"cluster":"idp","path":"/jwks.json"}}`, `{"inline":{"keys":[]}}`, 1)), []string{
			`identity.jwt[0].jwks.inline.keys: must not be empty`}},
		{"sources", one(jwtProvider(`"from":[{},{"header":"Authorization"},{"cookie":"a","query":"b"},{"cookie":"s","prefix":"x"},{"query":"a b"},{"cookie":"a;"},{"header":"x-t"},{"header":"x-t"}]`)), []string{
			`identity.jwt[0].from[0]: must have exactly one of header, cookie or query`,
			`identity.jwt[0].from[1].header: invalid header name "Authorization" (want a lowercase token)`,
			`identity.jwt[0].from[2]: must have exactly one of header, cookie or query`,
			`identity.jwt[0].from[3].prefix: only a header source has a prefix`,
			`identity.jwt[0].from[4].query: invalid query parameter name "a b"`,
			`identity.jwt[0].from[5].cookie: invalid cookie name "a;"`,
			`identity.jwt[0].from[7]: duplicate source (first at identity.jwt[0].from[6])`}},
		{"empty from", one(jwtProvider(`"from":[]`)), []string{
			`identity.jwt[0].from: must not be empty (omit it for the default)`}},
		{"forward and claims", one(jwtProvider(`"forward":{"x-user":"sub","Authorization":"sub","cookie":"sub","x-envoy-x":"sub","x-a":"a..b","x-b":""},"claims":{"roles":".r","scopes":"a b"},"clock_skew":"11m"`)), []string{
			`identity.jwt[0].forward.Authorization: invalid header name "Authorization" (want a lowercase token)`,
			`identity.jwt[0].forward.cookie: header "cookie" cannot carry identity data`,
			`identity.jwt[0].forward["x-envoy-x"]: header "x-envoy-x" cannot carry identity data (x-envoy- headers belong to Envoy)`,
			`identity.jwt[0].forward["x-a"]: invalid claim path "a..b" (want names joined by dots, like realm_access.roles)`,
			`identity.jwt[0].forward["x-b"]: invalid claim path "" (want names joined by dots, like realm_access.roles)`,
			`identity.jwt[0].claims.roles: invalid claim path ".r" (want names joined by dots, like realm_access.roles)`,
			`identity.jwt[0].claims.scopes: invalid claim path "a b" (want names joined by dots, like realm_access.roles)`,
			`identity.jwt[0].clock_skew: must be at most 10m0s`}},
		{"types", one(jwtProvider(`"require_exp":"yes","max_lifetime":-1,"drop_token":1`)), []string{
			`identity.jwt[0].require_exp: expected a boolean, got string`,
			`identity.jwt[0].max_lifetime: expected a duration string like "10m", got number`,
			`identity.jwt[0].drop_token: expected a boolean, got number`}},
		{"names", identityPolicy(`{"jwt":[`+jwtProvider("")+`,`+strings.Replace(jwtProvider(""), `"corp"`, `"Corp"`, 1)+`],
			"api_keys":[{"name":"corp","keys":[{"id":"a","sha256":"`+testSum+`"}]}],"cache_size":100001}`, `[]`), []string{
			`identity.jwt[1].name: invalid name "Corp" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`identity.api_keys[0].name: duplicate identity name "corp" (first at identity.jwt[0].name)`,
			`identity.cache_size: must be between 0 and 100000`}},
		{"api keys", identityPolicy(`{"api_keys":[{"name":"k","from":[{"cookie":"c"}],"forward_id":"host","keys":[
			{"id":"a","sha256":"`+testSum+`","roles":["x","x",""]},
			{"id":"a","sha256":"`+strings.ToUpper(testSum)+`"},
			{"id":"B","sha256":"hello"}]},
			{"name":"e","keys":[]}, {"name":"f"}]}`, `[]`), []string{
			`identity.api_keys[0].from[0].cookie: API keys are read from a header or a query parameter`,
			`identity.api_keys[0].forward_id: header "host" cannot carry identity data`,
			`identity.api_keys[0].keys[0].roles[1]: duplicate role "x"`,
			`identity.api_keys[0].keys[0].roles[2]: must not be empty`,
			`identity.api_keys[0].keys[1].id: duplicate key id "a" (first at identity.api_keys[0].keys[0].id)`,
			`identity.api_keys[0].keys[1].sha256: duplicate key hash (first at identity.api_keys[0].keys[0].sha256)`,
			`identity.api_keys[0].keys[2].id: invalid key id "B" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`identity.api_keys[0].keys[2].sha256: want 64 hex digits (the SHA-256 of the key, not the key)`,
			`identity.api_keys[1].keys: must not be empty`,
			`identity.api_keys[2]: missing required field "keys"`}},
		{"route identity", identityPolicy(`{"jwt":[`+jwtProvider("")+`]}`, `[
			{"id":"a","match":{"path":"/a"},"identity":["corp","nope","corp",""]},
			{"id":"b","match":{"path":"/b"},"identity":[]},
			{"id":"c","match":{"path":"/c"},"identity":["corp"],"public":true},
			{"id":"d","match":{"path":"/d"},"identity":"corp"}]`), []string{
			`routes[0].identity[1]: unknown identity "nope" (want a name from identity.jwt or identity.api_keys)`,
			`routes[0].identity[2]: duplicate identity "corp"`,
			`routes[0].identity[3]: must not be empty`,
			`routes[1].identity: must not be empty`,
			`routes[2].identity: a public route takes no identity (remove public or identity)`,
			`routes[3].identity: expected an array, got string`}},
		{"route identity without section", `{"routes":[{"id":"a","match":{"path":"/a"},"identity":["corp"]}]}`, []string{
			`routes[0].identity[0]: unknown identity "corp" (want a name from identity.jwt or identity.api_keys)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, err := Parse([]byte(tt.in))
			if pol != nil {
				t.Fatalf("Parse returned a policy: %+v", pol)
			}
			checkErrors(t, err, tt.want)
		})
	}
}
