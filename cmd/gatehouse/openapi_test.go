package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const openAPIPolicy = `{"routes":[
	{"id":"list-orders","match":{"methods":["GET"],"path":"/v1/orders"},"public":true},
	{"id":"get-order","match":{"methods":["GET","DELETE"],"path":"/v1/orders/{id}"},"public":true},
	{"id":"static","match":{"path":"/v1/static/{rest...}"},"public":true},
	{"id":"legacy","match":{"path":"/v0/orders"},"public":true}]}`

func TestCheckOpenAPI(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	policy := write("policy.json", openAPIPolicy)
	tests := []struct {
		name, file, spec string
		code             int
		stderr           string
	}{
		{"yaml spec with a server base path", "api.yaml", `
openapi: 3.0.3
servers: [{url: "https://{host}/v1", variables: {host: {default: api.example.com}}}]
paths:
  /orders:
    get: {}
    post: {}
  /orders/{orderId}:
    parameters: []
    get: {}
    delete: {}
  /static/app.js:
    get: {}
  /users/{user-id}/orders:
    get: {}
`, 0, "DIR/api.yaml: POST /v1/orders: warning: no route covers this operation\n" +
			"DIR/api.yaml: GET /v1/users/{user-id}/orders: warning: no route covers this operation\n" +
			"DIR/policy.json: routes[3]: warning: * /v0/orders (legacy) is no operation of DIR/api.yaml\n"},
		{"json spec without servers", "api.json",
			`{"openapi":"3.1.0","paths":{"/v0/orders":{"get":{}},"/v1/orders":{"get":{}},"/v1/orders/{id}":{"get":{},"patch":{}},"/v1/static/{file}":{"head":{}}}}`,
			0, "DIR/api.json: PATCH /v1/orders/{id}: warning: no route covers this operation\n"},
		{"swagger 2.0", "old.yaml", "swagger: \"2.0\"\npaths: {}\n", 1,
			"DIR/old.yaml: not an OpenAPI 3.x document (no openapi field)\n"},
		{"openapi 2", "two.json", `{"openapi":"2.0","paths":{}}`, 1,
			"DIR/two.json: not an OpenAPI 3.x document (openapi: \"2.0\")\n"},
		{"not a document", "list.json", `[1,2]`, 1,
			"DIR/list.json: not an OpenAPI document: json: cannot unmarshal array into Go value of type main.openAPIDoc\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := write(tt.file, tt.spec)
			var stdout, stderr bytes.Buffer
			code := runMain([]string{"check", "--policy", policy, "--openapi", spec}, &stdout, &stderr)
			want := strings.ReplaceAll(tt.stderr, "DIR", dir)
			wantOut := ""
			if tt.code == 0 {
				wantOut = policy + ": ok\n"
			}
			if code != tt.code || stderr.String() != want || stdout.String() != wantOut {
				t.Fatalf("exit %d\nstdout %q\nstderr %q\nwant exit %d\nstdout %q\nstderr %q",
					code, stdout.String(), stderr.String(), tt.code, wantOut, want)
			}
		})
	}
}
