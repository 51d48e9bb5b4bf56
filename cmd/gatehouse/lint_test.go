package main

import (
	"slices"
	"strings"
	"testing"

	"gatehouse/config"
)

// lintIdentity has one JWT provider (corp) and one API-key set (partners) whose
// keys hold the roles partner, and partner with billing.
const lintIdentity = `"identity":{
	"jwt":[{"name":"corp","issuer":"https://id.example/","audiences":["api"],"algorithms":["HS256"],"secret":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWM="}],
	"api_keys":[{"name":"partners","from":[{"header":"x-api-key"}],"keys":[
		{"id":"acme","sha256":"0000000000000000000000000000000000000000000000000000000000000000","roles":["partner"]},
		{"id":"bolt","sha256":"1111111111111111111111111111111111111111111111111111111111111111","roles":["partner","billing"]}]}]}`

func TestLint(t *testing.T) {
	tests := []struct {
		name, routes string
		want         []string
	}{
		{"rest route under a param and a deeper rest", `
			{"id":"all","match":{"path":"/s/{rest...}"},"public":true},
			{"id":"one","match":{"path":"/s/{name}"},"public":true},
			{"id":"deep","match":{"path":"/s/{dir}/{rest...}"},"public":true}`,
			[]string{"routes[0]: warning: never matched: more specific routes take every request it matches, e.g. GET /s/x0 goes to routes[1] (one)"}},
		{"a method the specific routes lack keeps the rest route", `
			{"id":"all","match":{"path":"/s/{rest...}"},"public":true},
			{"id":"one","match":{"path":"/s/{name}","methods":["GET"]},"public":true},
			{"id":"deep","match":{"path":"/s/{dir}/{rest...}"},"public":true}`, nil},
		{"routes for one host do not shadow a route for every host", `
			{"id":"all","match":{"path":"/s/{rest...}"},"public":true},
			{"id":"one","match":{"path":"/s/{name}","host":"api.test"},"public":true},
			{"id":"deep","match":{"path":"/s/{dir}/{rest...}","host":"api.test"},"public":true}`, nil},
		{"a wildcard host's route shadowed within its host", `
			{"id":"all","match":{"path":"/s/{rest...}","host":"*.test"},"public":true},
			{"id":"one","match":{"path":"/s/{name}","host":"*.test"},"public":true},
			{"id":"deep","match":{"path":"/s/{dir}/{rest...}"},"public":true},
			{"id":"deep-host","match":{"path":"/s/{dir}/{rest...}","host":"*.test"},"public":true}`,
			[]string{"routes[0]: warning: never matched: more specific routes take every request it matches, e.g. GET /s/x0 goes to routes[1] (one)"}},
		{"fresh segments avoid the policy's literals", `
			{"id":"p","match":{"path":"/s/{name}"},"public":true},
			{"id":"x0","match":{"path":"/s/x0"},"public":true}`, nil},
		{"scopes on an API-key route", `{"id":"a","match":{"path":"/a"},"identity":["partners"],"allow":{"scopes":["read"]}}`,
			[]string{"routes[0].allow: warning: can never match: routes[0].allow.scopes: API keys (partners) carry no scopes"}},
		{"a role no key has", `{"id":"a","match":{"path":"/a"},"identity":["partners"],"allow":{"roles":["admin","root"]}}`,
			[]string{"routes[0].allow: warning: can never match: routes[0].allow.roles: no API key of partners has any of them"}},
		{"all_roles no single key has", `{"id":"a","match":{"path":"/a"},"identity":["partners"],"allow":{"all_roles":["billing","admin"]}}`,
			[]string{"routes[0].allow: warning: can never match: routes[0].allow.all_roles: no API key of partners has all of them"}},
		{"all_roles one key has", `{"id":"a","match":{"path":"/a"},"identity":["partners"],"allow":{"all_roles":["billing","partner"]}}`, nil},
		{"a dead any branch", `{"id":"a","match":{"path":"/a"},"identity":["partners"],"allow":{"any":[{"roles":["admin"]},{"roles":["partner"]}]}}`,
			[]string{"routes[0].allow.any[0]: warning: this branch can never match: routes[0].allow.any[0].roles: no API key of partners has any of them"}},
		{"every any branch dead", `{"id":"a","match":{"path":"/a"},"identity":["partners"],"allow":{"any":[{"scopes":["x"]},{"roles":["admin"]}]}}`,
			[]string{"routes[0].allow: warning: can never match: no branch of routes[0].allow.any can (routes[0].allow.any[0].scopes: API keys (partners) carry no scopes; routes[0].allow.any[1].roles: no API key of partners has any of them)"}},
		{"a dead branch inside all", `{"id":"a","match":{"path":"/a"},"identity":["partners"],"allow":{"all":[{"roles":["partner"]},{"scopes":["x"]}]}}`,
			[]string{"routes[0].allow: warning: can never match: routes[0].allow.all[1].scopes: API keys (partners) carry no scopes"}},
		{"not authenticated", `{"id":"a","match":{"path":"/a"},"identity":["corp"],"allow":{"not":{"authenticated":true}}}`,
			[]string{"routes[0].allow: warning: can never match: routes[0].allow.not: every caller the rule sees is authenticated"}},
		{"tokens carry scopes and claims", `{"id":"a","match":{"path":"/a"},"identity":["corp","partners"],"allow":{"scopes":["read"],"claims":{"sub":["x"]}}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, err := config.Parse([]byte(`{` + lintIdentity + `,"routes":[` + tt.routes + `]}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := lint(pol); !slices.Equal(got, tt.want) {
				t.Fatalf("lint:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
