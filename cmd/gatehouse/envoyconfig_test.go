package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gatehouse/internal/wasmbuild"
)

const (
	envoyBootstrap = "../../envoy/envoy.yaml"
	examplePolicy  = "../../envoy/policy.example.yaml"
)

func TestReadEnvoyBootstrapOfTheRepository(t *testing.T) {
	dep, err := readEnvoyBootstrap(envoyBootstrap)
	if err != nil {
		t.Fatal(err)
	}
	want, err := readPolicy(examplePolicy)
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, dep.policy, want) {
		t.Errorf("policy\n got %s\nwant %s", dep.policy, want)
	}
	wantClusters := map[string]string{"backend": "http://backend:5678", "idp": "http://idp:80"}
	if !reflect.DeepEqual(dep.clusters, wantClusters) {
		t.Errorf("clusters = %v, want %v", dep.clusters, wantClusters)
	}
	wantEnv := map[string]string{"GOGC": "100", "GOMEMLIMIT": "10MiB"}
	if !reflect.DeepEqual(dep.env, wantEnv) {
		t.Errorf("env = %v, want %v", dep.env, wantEnv)
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%v: %s", err, a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return reflect.DeepEqual(x, y)
}

// bootstrap wraps HTTP filters and clusters (YAML, indented for their place)
// into a minimal Envoy bootstrap.
func bootstrap(httpFilters, clusters string) string {
	return `static_resources:
  listeners:
  - name: main
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          http_filters:
` + httpFilters + `
          - name: envoy.filters.http.router
  clusters:
` + clusters
}

const structFilter = `          - name: gatehouse
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
              config:
                root_id: gatehouse
                configuration:
                  "@type": type.googleapis.com/google.protobuf.Struct
                  value: {default: allow, count: 12345678901234567890, s: "<&>"}`

func TestReadEnvoyBootstrap(t *testing.T) {
	tests := []struct {
		name, yaml   string
		wantPolicy   string
		wantClusters map[string]string
		wantErr      string
	}{
		{
			name: "struct; clusters by type",
			yaml: bootstrap(structFilter, `  - name: static
    load_assignment: {endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 9000}}}}]}]}
  - name: dns
    type: STRICT_DNS
    load_assignment: {endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: "::1", port_value: 9001}}}}]}]}
  - name: eds
    type: EDS
  - name: pipe
    type: STATIC
    load_assignment: {endpoints: [{lb_endpoints: [{endpoint: {address: {pipe: {path: /tmp/s}}}}]}]}
`),
			wantPolicy:   `{"count":12345678901234567890,"default":"allow","s":"<&>"}`,
			wantClusters: map[string]string{"static": "http://127.0.0.1:9000", "dns": "http://[::1]:9001"},
		},
		{
			name: "string value",
			yaml: bootstrap(`          - name: gatehouse
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
              config:
                root_id: gatehouse
                configuration:
                  "@type": type.googleapis.com/google.protobuf.StringValue
                  value: '{"default": "deny"}'`, "    []\n"),
			wantPolicy:   `{"default": "deny"}`,
			wantClusters: map[string]string{},
		},
		{
			name: "typed struct",
			yaml: bootstrap(`          - name: gatehouse
            typed_config:
              "@type": type.googleapis.com/udpa.type.v1.TypedStruct
              type_url: type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
              value:
                config:
                  root_id: gatehouse
                  configuration:
                    "@type": type.googleapis.com/google.protobuf.StringValue
                    value: '{}'`, "    []\n"),
			wantPolicy:   `{}`,
			wantClusters: map[string]string{},
		},
		{
			name:    "no wasm filter",
			yaml:    bootstrap(`          - name: envoy.filters.http.cors`, "    []\n"),
			wantErr: `no Gatehouse filter (envoy.extensions.filters.http.wasm.v3.Wasm with root_id "gatehouse") in static_resources.listeners`,
		},
		{
			name:    "another plugin's wasm filter",
			yaml:    strings.Replace(bootstrap(structFilter, "    []\n"), "root_id: gatehouse", "root_id: other", 1),
			wantErr: `no Gatehouse filter (envoy.extensions.filters.http.wasm.v3.Wasm with root_id "gatehouse") in static_resources.listeners`,
		},
		{
			name:    "unsupported configuration type",
			yaml:    strings.Replace(bootstrap(structFilter, "    []\n"), "google.protobuf.Struct", "google.protobuf.BytesValue", 1),
			wantErr: `the Gatehouse filter's configuration is of type "type.googleapis.com/google.protobuf.BytesValue"; want type.googleapis.com/google.protobuf.Struct or type.googleapis.com/google.protobuf.StringValue`,
		},
		{
			name:    "not YAML",
			yaml:    "static_resources: [\n",
			wantErr: "yaml: line 1: did not find expected node content",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "envoy.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			dep, err := readEnvoyBootstrap(path)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(dep.policy) != tt.wantPolicy {
				t.Errorf("policy = %s, want %s", dep.policy, tt.wantPolicy)
			}
			if !reflect.DeepEqual(dep.clusters, tt.wantClusters) {
				t.Errorf("clusters = %v, want %v", dep.clusters, tt.wantClusters)
			}
		})
	}
}

func TestRunEnvoyFlagErrors(t *testing.T) {
	var stdout, stderr strings.Builder
	code := runMain([]string{"run", "--policy", examplePolicy, "--envoy", envoyBootstrap}, &stdout, &stderr)
	want := "gatehouse run: --policy and --envoy are mutually exclusive: with --envoy the policy is the one in the bootstrap's Gatehouse filter\n"
	if code != 2 || stderr.String() != want {
		t.Fatalf("exit %d, stderr %q, want 2 and %q", code, stderr.String(), want)
	}
	dir := t.TempDir()
	noFilter := filepath.Join(dir, "envoy.yaml")
	os.WriteFile(noFilter, []byte(bootstrap(`          - name: envoy.filters.http.cors`, "    []\n")), 0o644)
	stderr.Reset()
	code = runMain([]string{"run", "--envoy", noFilter, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"}, &stdout, &stderr)
	want = "gatehouse run: " + noFilter + `: no Gatehouse filter (envoy.extensions.filters.http.wasm.v3.Wasm with root_id "gatehouse") in static_resources.listeners` + "\n"
	if code != 1 || stderr.String() != want {
		t.Fatalf("exit %d, stderr %q, want 1 and %q", code, stderr.String(), want)
	}
}

// startWith runs `gatehouse run` with o until the test ends, on loopback ports
// chosen by the kernel, with the real .wasm (one worker unless o says more; the
// echo upstream unless o names one).
func startWith(t *testing.T, o runOptions) *server {
	t.Helper()
	wasm, err := wasmbuild.Module("./plugin")
	if err != nil {
		t.Fatal(err)
	}
	o.wasm = filepath.Join(t.TempDir(), "gatehouse.wasm")
	if err := os.WriteFile(o.wasm, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	o.listen, o.admin = "127.0.0.1:0", "127.0.0.1:0"
	if o.workers == 0 {
		o.workers = 1
	}
	if o.clusters == nil {
		o.clusters = clusterFlags{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := startServer(ctx, o, io.Discard)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.wait(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return srv
}

// The policy `gatehouse run --envoy envoy/envoy.yaml` takes from the bootstrap
// decides every request as envoy/policy.example.yaml does.
func TestRunEnvoyServesTheExamplePolicy(t *testing.T) {
	fromPolicy := startWith(t, runOptions{policy: examplePolicy})
	fromEnvoy := startWith(t, runOptions{envoy: envoyBootstrap})
	tests := []struct {
		method, path string
		want         int
	}{
		{"GET", "/healthz", 200},
		{"HEAD", "/healthz", 200},
		{"POST", "/healthz", 405},
		{"GET", "/v1/orders", 401}, // needs a token or an API key
		{"GET", "/v1/orders/42", 401},
		{"DELETE", "/v1/orders/42", 405},
		{"GET", "/v1/payments", 404},
		{"GET", "/admin/users", 403},
		{"POST", "/admin/users/1", 403},
		{"GET", "/", 404},
	}
	for _, tt := range tests {
		var got [2]int
		for i, srv := range []*server{fromPolicy, fromEnvoy} {
			req, _ := http.NewRequest(tt.method, "http://"+srv.proxyAddr()+tt.path, nil)
			resp, _ := do(t, req)
			got[i] = resp.StatusCode
		}
		if got[0] != tt.want || got[1] != tt.want {
			t.Errorf("%s %s: --policy %d, --envoy %d, want %d", tt.method, tt.path, got[0], got[1], tt.want)
		}
	}
}
