package config

import (
	"reflect"
	"testing"
)

// errorsOf parses policy and returns its error messages.
func errorsOf(t *testing.T, policy string) []string {
	t.Helper()
	_, err := Parse([]byte(policy))
	if err == nil {
		return nil
	}
	var got []string
	for _, e := range err.(Errors) {
		got = append(got, e.Error())
	}
	return got
}

func TestEdgeErrors(t *testing.T) {
	const keys = `"identity":{"jwt":[{"name":"corp","issuer":"https://id/","audiences":["a"],"algorithms":["RS256"],
		"jwks":{"remote":{"cluster":"idp","path":"/jwks"}},"forward":{"x-user-id":"sub"}}],` + `"api_keys":[{"name":"keys","keys":[{"id":"k","sha256":"` +
		"0000000000000000000000000000000000000000000000000000000000000000" + `"}]}]}`
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"https redirect without require", `{"https":{"redirect":true}}`,
			[]string{`https.redirect: needs require: true (redirect is how plaintext requests are refused)`}},
		{"hsts", `{"https":{"require":true,"hsts":{"max_age":"1.5s","preload":true}}}`, []string{
			`https.hsts.max_age: 1.5s is not a whole number of seconds`,
			`https.hsts.preload: needs include_subdomains: true (a preload-list requirement)`,
			`https.hsts.preload: needs a max_age of at least 8760h (a preload-list requirement)`}},
		{"hsts type", `{"https":{"hsts":{"max_age":3600}}}`,
			[]string{`https.hsts.max_age: expected a duration string like "10m", got number`}},
		{"cors origins", `{"cors":{"origins":["https://A.example.com","ftp://x.com","https://x.com/","https://x.com:443",
			"http://x.com:080","https://*.com","https://a.*.com","https://u@x.com","https://x.com","https://x.com","*","null","http://[::1]:8080","https://x_y.com"],
			"credentials":true}}`, []string{
			`cors.origins[0]: origin "https://A.example.com": must be lower case (browsers send origins in lower case)`,
			`cors.origins[1]: origin "ftp://x.com": must start with "https://" or "http://"`,
			`cors.origins[2]: origin "https://x.com/": must be scheme://host[:port] only (no path, not even a trailing slash, and no user info)`,
			`cors.origins[3]: origin "https://x.com:443": omit the default port 443 (browsers send https://x.com)`,
			`cors.origins[4]: origin "http://x.com:080": invalid port "080" (want 1-65535, no leading zeros)`,
			`cors.origins[5]: origin "https://*.com": a wildcard must be "*." followed by a domain of at least two labels, like *.example.com`,
			`cors.origins[6]: origin "https://a.*.com": invalid host "a.*.com"`,
			`cors.origins[7]: origin "https://u@x.com": must be scheme://host[:port] only (no path, not even a trailing slash, and no user info)`,
			`cors.origins[9]: duplicate origin "https://x.com"`,
			`cors.origins[10]: "*" cannot be used with credentials: true (list the origins)`,
			`cors.origins[13]: origin "https://x_y.com": invalid host "x_y.com"`}},
		{"cors lists", `{"cors":{"origins":[],"methods":["GET","get","GET"],"headers":["X-Tenant","x-a","x-a"],
			"expose_headers":[],"max_age":"1500ms"}}`, []string{
			`cors.origins: must list at least one origin`,
			`cors.methods[1]: unknown method "get"`,
			`cors.methods[2]: duplicate method "GET"`,
			`cors.headers[0]: invalid header name "X-Tenant" (want a lowercase token)`,
			`cors.headers[2]: duplicate header "x-a"`,
			`cors.expose_headers: must not be empty`,
			`cors.max_age: 1.5s is not a whole number of seconds`}},
		{"cors needs origins", `{"cors":{}}`, []string{`cors: missing required field "origins"`}},
		{"response headers", `{"response":{"headers":{"preset":"strict","set":{"x":"1"}}}}`,
			[]string{`response.headers.preset: unknown preset "strict" (want api or none)`}},
		{"response set", `{"response":{"headers":{"preset":"api","set":{"Bad":"1","access-control-allow-origin":"*",
			"content-length":"1","strict-transport-security":"max-age=1","x-new":"","x-frame-options":"SAMEORIGIN","x-ctl":"a\u0001"},
			"remove":["x-frame-options","server","content-type","x-new2","x-new2","cache-control"]}}}`, []string{
			`response.headers.set.Bad: invalid header name "Bad" (want a lowercase token)`,
			`response.headers.set["access-control-allow-origin"]: CORS headers come from the cors section`,
			`response.headers.set["content-length"]: header "content-length" cannot be set by the policy`,
			`response.headers.set["strict-transport-security"]: configure HSTS in https.hsts (only "" is allowed here, to not send it)`,
			`response.headers.set["x-new"]: "" drops a preset header, and preset api does not set "x-new" (use remove)`,
			`response.headers.set["x-ctl"]: must not contain control characters`,
			`response.headers.remove[0]: "x-frame-options" is set on every response by this policy; remove would be undone`,
			`response.headers.remove[2]: header "content-type" cannot be removed by the policy`,
			`response.headers.remove[4]: duplicate header "x-new2"`,
			`response.headers.remove[5]: "cache-control" is set on every response by this policy; remove would be undone`}},
		{"request headers syntax", `{` + keys + `,"routes":[{"id":"a","match":{"path":"/a/{id}"},"identity":["corp"],
			"request_headers":{"set":{"x-a":"{claims.}","x-b":"{nope}","x-c":"{params.id","x-d":"a}b","host":"x","X-E":"1","x-f":"{params.1}"},
			"add":{"x-g":"{claims.tenant}","x-a":"1"},"remove":["x-g","content-length"]}}]}`, []string{
			`routes[0].request_headers.set["x-a"]: invalid claim path ""`,
			`routes[0].request_headers.set["x-b"]: unknown placeholder {nope} (want {claims.<path>}, {route.id} or {params.<name>})`,
			`routes[0].request_headers.set["x-c"]: unclosed "{" (write "{{" for a literal brace)`,
			`routes[0].request_headers.set["x-d"]: unmatched "}" (write "}}" for a literal brace)`,
			`routes[0].request_headers.set.host: header "host" cannot be changed by the policy`,
			`routes[0].request_headers.set["X-E"]: invalid header name "X-E" (want a lowercase token)`,
			`routes[0].request_headers.set["x-f"]: invalid parameter name "1" (want ^[a-zA-Z_][a-zA-Z0-9_]*$)`,
			`routes[0].request_headers.add["x-g"]: claims go in set (add keeps values the client sent)`,
			`routes[0].request_headers.add["x-a"]: also in set`,
			`routes[0].request_headers.remove[0]: "x-g" is also set or added`,
			`routes[0].request_headers.remove[1]: header "content-length" cannot be changed by the policy`}},
		{"request headers against the route", `{` + keys + `,"routes":[
			{"id":"a","match":{"path":"/a/{id}"},"public":true,"request_headers":{"set":{"x-t":"{claims.tenant}","x-p":"{params.key}"}}},
			{"id":"b","match":{"path":"/b"},"request_headers":{"set":{"x-t":"{claims.tenant}"}}},
			{"id":"c","match":{"path":"/c"},"identity":["corp"],"request_headers":{"set":{"x-user-id":"{claims.sub}","x-api-key":"1"},
			 "remove":["x-api-key-id"]}}]}`, []string{
			`routes[0].request_headers.set["x-t"]: a public route has no claims (remove public or the claims placeholder)`,
			`routes[0].request_headers.set["x-p"]: "key" is not a parameter of the route's path "/a/{id}"`,
			`routes[1].request_headers.set["x-t"]: claims need the route's identity list (whose claims)`,
			`routes[2].request_headers.set["x-user-id"]: "x-user-id" is an identity header Gatehouse manages (identity.jwt[0].forward)`,
			`routes[2].request_headers.set["x-api-key"]: "x-api-key" is an identity header Gatehouse manages (identity.api_keys[0].from)`,
			`routes[2].request_headers.remove[0]: "x-api-key-id" is an identity header Gatehouse manages (identity.api_keys[0].forward_id)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorsOf(t, tt.policy); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestEdgeParses(t *testing.T) {
	pol, err := Parse([]byte(`{"https":{"require":true,"redirect":true,"hsts":{"max_age":"24h","include_subdomains":true}},
		"cors":{"origins":["https://app.example.com","https://*.example.com","http://localhost:3000","null","http://[::1]:8080"],
		"max_age":"10m","credentials":true},
		"response":{"headers":{"preset":"api","set":{"x-frame-options":"SAMEORIGIN","cache-control":"","x-api":"v1"},"remove":["via"]}},
		"routes":[{"id":"a","match":{"path":"/a/{id}"},"public":true,"request_headers":{"set":{"x-r":"{route.id}/{params.id}/{{x}}"},"add":{"x-b":"1"},"remove":["x-c"]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := pol.HTTPS.HSTS.Value(); got != "max-age=86400; includeSubDomains" {
		t.Fatalf("hsts %q", got)
	}
	if got := (*HSTS)(nil).Value(); got != "max-age=31536000" {
		t.Fatalf("default hsts %q", got)
	}
	want := []OriginPattern{{Scheme: "https", Host: "app.example.com"}, {Scheme: "https", Host: "example.com", Wildcard: true},
		{Scheme: "http", Host: "localhost", Port: "3000"}, {Null: true}, {Scheme: "http", Host: "[::1]", Port: "8080"}}
	if !reflect.DeepEqual(pol.CORS.OriginPatterns, want) {
		t.Fatalf("origins %+v", pol.CORS.OriginPatterns)
	}
	if got := pol.CORS.EffectiveMethods(); !reflect.DeepEqual(got, []Method{"GET", "HEAD", "POST"}) {
		t.Fatalf("methods %v", got)
	}
	rh := pol.Routes[0].RequestHeaders
	wantT := ValueTemplate{Parts: []TemplatePart{{Kind: PartRouteID}, {Kind: PartLiteral, Value: "/"},
		{Kind: PartParam, Value: "id"}, {Kind: PartLiteral, Value: "/{x}"}}}
	if len(rh.SetTemplates) != 1 || rh.SetTemplates[0].Name != "x-r" || !reflect.DeepEqual(rh.SetTemplates[0].Value, wantT) ||
		rh.SetTemplates[0].Value.String() != "{route.id}/{params.id}/{{x}}" {
		t.Fatalf("templates %+v", rh.SetTemplates)
	}
}

func TestValueTemplate(t *testing.T) {
	tests := []struct {
		in, err string
		parts   []TemplatePart
	}{
		{"plain", "", []TemplatePart{{PartLiteral, "plain"}}},
		{"", "", nil},
		{"t-{claims.org.id}", "", []TemplatePart{{PartLiteral, "t-"}, {PartClaim, "org.id"}}},
		{"{claims.https://x/roles}", "", []TemplatePart{{PartClaim, "https://x/roles"}}},
		{"{{}}", "", []TemplatePart{{PartLiteral, "{}"}}},
		{"{claims.a b}", `invalid claim path "a b"`, nil},
		{"{params.}", `invalid parameter name "" (want ^[a-zA-Z_][a-zA-Z0-9_]*$)`, nil},
		{"{route.name}", `unknown placeholder {route.name} (want {claims.<path>}, {route.id} or {params.<name>})`, nil},
		{"a\nb", "must not contain control characters", nil},
		{"{claims.{x}", `invalid claim path "{x"`, nil},
	}
	for _, tt := range tests {
		got, err := ParseValueTemplate(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got.Parts, tt.parts) {
			t.Errorf("%q: %+v %v", tt.in, got, err)
		}
	}
}
