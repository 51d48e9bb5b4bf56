package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, content string
		code                int
		stdout, stderr      string
	}{
		{"valid yaml", "ok.yaml", "default: deny\nroutes:\n  - id: health\n    match: {path: /healthz}\n    public: true\n",
			0, "DIR/ok.yaml: ok\n", ""},
		{"valid json, with warnings", "ok.json", `{"default":"allow","mode":"report","routes":[{"id":"a","match":{"path":"/a"}}]}`,
			0, "DIR/ok.json: ok\n", "DIR/ok.json: default: warning: allow lets requests that match no route through (meant for a gradual rollout)\n" +
				"DIR/ok.json: mode: warning: report enforces nothing (decisions are only logged and counted)\n" +
				"DIR/ok.json: routes[0]: warning: neither public nor identity: every request is refused (403)\n"},
		{"redaction that may pass", "redact.json", `{"response":{"redact":{"fields":["a"],"on_overflow":"pass"}},"routes":[{"id":"a","match":{"path":"/a"},"public":true,"response":{"redact":{"fields":["b"],"on_overflow":"pass"}}}]}`,
			0, "DIR/redact.json: ok\n", "DIR/redact.json: response.redact.on_overflow: warning: pass sends bodies too large to redact (or compressed) unredacted\n" +
				"DIR/redact.json: routes[0].response.redact.on_overflow: warning: pass sends bodies too large to redact (or compressed) unredacted\n"},
		{"route in report mode", "trial.json", `{"routes":[{"id":"a","match":{"path":"/a"},"public":true,"mode":"report"}]}`,
			0, "DIR/trial.json: ok\n", "DIR/trial.json: routes[0].mode: warning: report: this route enforces nothing\n"},
		{"every error with its path", "bad.yaml", "mode: enforcing\nroutes:\n  - id: a\n    match: {path: x, methods: [GETT]}\n  - id: a\n    match: {path: /b, metods: [GET]}\n",
			1, "", "DIR/bad.yaml: mode: unknown mode \"enforcing\" (want enforce or report)\n" +
				// YAML is converted to JSON with sorted keys, so errors come in
				// key order within an object rather than as written.
				"DIR/bad.yaml: routes[0].match.methods[0]: unknown method \"GETT\"\n" +
				"DIR/bad.yaml: routes[0].match.path: must start with \"/\"\n" +
				"DIR/bad.yaml: routes[1].id: duplicate route id \"a\" (first at routes[0].id)\n" +
				"DIR/bad.yaml: routes[1].match.metods: unknown field (known: host, methods, path)\n"},
		{"yaml syntax error names the line", "syntax.yaml", "routes:\n  - id: a\n   match: {\n", 1, "",
			"DIR/syntax.yaml: yaml: line 2: did not find expected '-' indicator\n"},
		{"json syntax error names line and column", "syntax.json", "{\n  \"default\": deny\n}", 1, "",
			"DIR/syntax.json: invalid JSON at line 2, column 14: invalid character 'd' looking for beginning of value\n"},
		{"YAML boolean key", "bool.yaml", "routes:\n  - id: a\n    match: {path: /a}\n    n: 1\n", 1, "",
			"DIR/bool.yaml: routes[0].false: unknown field (known: allow, body, client_ip, expose_errors, id, identity, match, mode, params, public, rate_limits, request_headers, response)" +
				" (YAML reads unquoted keys such as n, y, on and off as booleans: quote them)\n"},
		{"empty", "empty.yaml", "", 1, "", "DIR/empty.yaml: empty policy\n"},
		{"edge sections", "edge.yaml", "https: {redirect: true}\ncors: {origins: [\"*\", \"https://*.com\"], credentials: true}\n" +
			"response: {headers: {preset: strict}}\nroutes:\n  - id: a\n    match: {path: /a}\n    public: true\n" +
			"    request_headers: {set: {x-t: \"{claims.t}\"}}\n", 1, "",
			"DIR/edge.yaml: cors.origins[0]: \"*\" cannot be used with credentials: true (list the origins)\n" +
				"DIR/edge.yaml: cors.origins[1]: origin \"https://*.com\": a wildcard must be \"*.\" followed by a domain of at least two labels, like *.example.com\n" +
				"DIR/edge.yaml: https.redirect: needs require: true (redirect is how plaintext requests are refused)\n" +
				"DIR/edge.yaml: response.headers.preset: unknown preset \"strict\" (want api or none)\n" +
				"DIR/edge.yaml: routes[0].request_headers.set[\"x-t\"]: a public route has no claims (remove public or the claims placeholder)\n"},
		{"overlapping routes", "overlap.json", `{"routes":[{"id":"a","match":{"path":"/x/{id}"}},{"id":"b","match":{"path":"/x/{k}"}}]}`,
			1, "", "DIR/overlap.json: routes[1]: matches the same requests as routes[0] (route \"a\")\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(tt.file, tt.content)
			var stdout, stderr bytes.Buffer
			code := runMain([]string{"check", "--policy", p}, &stdout, &stderr)
			fix := func(s string) string { return string(bytes.ReplaceAll([]byte(s), []byte("DIR"), []byte(dir))) }
			if code != tt.code || stdout.String() != fix(tt.stdout) || stderr.String() != fix(tt.stderr) {
				t.Fatalf("exit %d\nstdout %q\nstderr %q\nwant exit %d\nstdout %q\nstderr %q",
					code, stdout.String(), stderr.String(), tt.code, fix(tt.stdout), fix(tt.stderr))
			}
		})
	}
}

func TestCheckUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runMain([]string{"check"}, &stdout, &stderr); code != 2 || stderr.String() != "usage: gatehouse check --policy FILE [--openapi SPEC]\n" {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	if code := runMain([]string{"frobnicate"}, &stdout, &stderr); code != 2 ||
		!bytes.HasPrefix(stderr.Bytes(), []byte("gatehouse: unknown command \"frobnicate\"\n")) {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	if code := runMain([]string{"check", "--policy", "/nonexistent/p.yaml"}, &stdout, &stderr); code != 1 ||
		stderr.String() != "/nonexistent/p.yaml: open /nonexistent/p.yaml: no such file or directory\n" {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}
