package config

import (
	"reflect"
	"strings"
	"testing"
)

const allowIdentity = `"identity":{"api_keys":[{"name":"keys","keys":[{"id":"k","sha256":"` +
	"0000000000000000000000000000000000000000000000000000000000000000" + `"}]}]}`

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
		{"owner param not in the path", `{"id":"a","match":{"path":"/o/{id}"},"identity":["keys"],
			"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"key","claim":"sub"}}]}}`,
			[]string{`routes[0].allow.any[1].owner.param: "key" is not a parameter of the route's path "/o/{id}"`}},
		{"nested problems", `{"id":"a","match":{"path":"/a"},"identity":["keys"],
			"allow":{"all":[],"not":{"claims":{"tenant":[]}},"scopes":[""]}}`,
			[]string{`routes[0].allow.not.claims.tenant: must list at least one accepted value`,
				`routes[0].allow.scopes[0]: must not be empty`,
				`routes[0].allow.all: must not be empty`}},
		{"owner fields required", `{"id":"a","match":{"path":"/a/{id}"},"identity":["keys"],"allow":{"owner":{"param":"id"}}}`,
			[]string{`routes[0].allow.owner: missing required field "claim"`}},
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
	pol, err := Parse([]byte(`{` + allowIdentity + `,"routes":[{"id":"a","match":{"path":"/o/{id}"},"identity":["keys"],
		"allow":{"any":[{"roles":["admin"]},{"owner":{"param":"id","claim":"sub"}}],"not":{"claims":{"tenant":["evil"]}}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := pol.Routes[0].Allow
	if len(r.Any) != 2 || r.Any[1].Owner.Claim != "sub" || r.Not.Claims["tenant"][0] != "evil" {
		t.Fatalf("%+v", r)
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
