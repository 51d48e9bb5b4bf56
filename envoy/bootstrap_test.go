package envoy_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// bootstrapFiles returns every Envoy bootstrap under envoy/: the YAML files
// with a top-level static_resources.
func bootstrapFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(path); ext != ".yaml" && ext != ".yml" {
			return nil
		}
		var top map[string]any
		if err := yaml.Unmarshal(readFile(t, path), &top); err != nil {
			return nil // not a YAML map: not a bootstrap (its own test reports it)
		}
		if _, ok := top["static_resources"]; ok {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// canonicalJSON decodes JSON so that two encodings of the same document compare
// equal with reflect.DeepEqual.
func canonicalJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return v
}

// yamlPolicy reads a policy file the way `gatehouse run --policy` does.
func yamlPolicy(t *testing.T, path string) []byte {
	t.Helper()
	js, err := yaml.YAMLToJSON(readFile(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func TestBootstrapsAreValid(t *testing.T) {
	files := bootstrapFiles(t)
	if !containsString(files, "envoy.yaml") {
		t.Fatalf("bootstraps found: %v; want envoy.yaml among them", files)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			if _, _, err := checkBootstrap(f, readFile(t, f)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// The bootstrap deploys the policy `make run` serves, so what a developer tries
// locally is what Envoy enforces.
func TestBootstrapPolicyIsTheExamplePolicy(t *testing.T) {
	_, gf, err := checkBootstrap("envoy.yaml", readFile(t, "envoy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got := canonicalJSON(t, gf.policy)
	want := canonicalJSON(t, yamlPolicy(t, "policy.example.yaml"))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("envoy.yaml policy differs from policy.example.yaml:\n got %s\nwant %s", gf.policy, yamlPolicy(t, "policy.example.yaml"))
	}
	if gf.listener != "main" {
		t.Errorf("Gatehouse filter found on listener %q, want main", gf.listener)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A typo anywhere in the bootstrap fails with an error naming it. Each case
// changes one spot of a copy of envoy.yaml.
func TestBootstrapMistakes(t *testing.T) {
	orig := string(readFile(t, "envoy.yaml"))
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown field", "stat_prefix: ingress_http", "stat_prefx: ingress_http",
			`envoy.yaml: not an Envoy bootstrap: unknown field "stat_prefx"`},
		{"unknown top-level field", "\nadmin:\n", "\nadmn:\n",
			`envoy.yaml: not an Envoy bootstrap: unknown field "admn"`},
		{"unknown extension type", "http.router.v3.Router", "http.router.v3.Routr",
			`envoy.yaml: not an Envoy bootstrap: unable to resolve "type.googleapis.com/envoy.extensions.filters.http.router.v3.Routr": "not found"`},
		{"port out of range", "port_value: 10000", "port_value: 100000",
			`envoy.yaml: invalid bootstrap: invalid Bootstrap.StaticResources: embedded message failed validation | caused by: invalid Bootstrap_StaticResources.Listeners[0]: embedded message failed validation | caused by: invalid Listener.Address: embedded message failed validation | caused by: invalid Address.SocketAddress: embedded message failed validation | caused by: invalid SocketAddress.PortValue: value must be less than or equal to 65535`},
		{"invalid policy value", "mode: enforce", "mode: enforcing",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": policy: mode: unknown mode "enforcing" (want enforce or report)`},
		{"invalid policy method", "match: {methods: [GET], path: /v1/orders}", "match: {methods: [GETT], path: /v1/orders}",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": policy: routes[1].match.methods[0]: unknown method "GETT"`},
		{"missing idp cluster", "- name: idp", "- name: ipd",
			`envoy.yaml: cluster "idp" is missing (the JWKS server authentication will call)`},
		{"missing backend cluster", "- name: backend", "- name: backnd",
			`envoy.yaml: cluster "backend" is missing (the upstream behind the filter)`},
		{"route to a missing cluster", "route: {cluster: backend}", "route: {cluster: backnd}",
			`envoy.yaml: listener "main": virtual host "api" routes to cluster "backnd", which is not defined`},
		{"fail open", "failure_policy: FAIL_CLOSED", "failure_policy: FAIL_OPEN",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": failure_policy is FAIL_OPEN, want FAIL_CLOSED`},
		{"failure policy left out", "failure_policy: FAIL_CLOSED", "",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": failure_policy is UNSPECIFIED, want FAIL_CLOSED`},
		{"vm id", "vm_id: gatehouse", "vm_id: gatehous",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": vm_config.vm_id is "gatehous", want "gatehouse"`},
		{"runtime", "runtime: envoy.wasm.runtime.v8", "runtime: envoy.wasm.runtime.v9",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": vm_config.runtime is "envoy.wasm.runtime.v9", want "envoy.wasm.runtime.v8"`},
		{"wasm path", "filename: /etc/envoy/gatehouse.wasm", "filename: /etc/envoy/gatehose.wasm",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": vm_config.code.local.filename is "/etc/envoy/gatehose.wasm", want "/etc/envoy/gatehouse.wasm"`},
		{"env typo", "GOMEMLIMIT: \"10MiB\"", "GOMEMLIMT: \"10MiB\"",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": vm_config.environment_variables.key_values has no GOMEMLIMIT`},
		{"no gatehouse filter", "root_id: gatehouse", "root_id: gatehose",
			`envoy.yaml: no Gatehouse filter (type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm with root_id "gatehouse")`},
		{"router not last", "- name: envoy.filters.http.router", "- name: envoy.filters.http.routr",
			`envoy.yaml: listener "main": the last HTTP filter must be envoy.filters.http.router`},
		{"configuration type", "google.protobuf.Struct", "google.protobuf.Value",
			`envoy.yaml: listener "main": HTTP filter "gatehouse": configuration is "type.googleapis.com/google.protobuf.Value", want google.protobuf.Struct or google.protobuf.StringValue`},
		{"admin open to the network", "address: 127.0.0.1, port_value: 9901", "address: 0.0.0.0, port_value: 9901",
			`envoy.yaml: admin listens on 0.0.0.0, want 127.0.0.1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := strings.Count(orig, tt.old); n != 1 {
				t.Fatalf("%q occurs %d times in envoy.yaml, want once", tt.old, n)
			}
			mutated := strings.Replace(orig, tt.old, tt.new, 1)
			_, _, err := checkBootstrap("envoy.yaml", []byte(mutated))
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}
