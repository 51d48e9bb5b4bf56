package envoy_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"gatehouse/internal/wasmbuild"
)

// realEnvoy says how to start a real Envoy: the binary in ENVOY_BIN, else the
// envoy image of docker-compose.yaml when `docker info` succeeds. skip is the
// one-line reason when neither is there.
func realEnvoy(t *testing.T) (bin, image, skip string) {
	if bin = os.Getenv("ENVOY_BIN"); bin != "" {
		return bin, "", ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := exec.LookPath("docker"); err != nil {
		return "", "", "real Envoy: skipped: ENVOY_BIN is not set and there is no docker client"
	}
	if err := exec.CommandContext(ctx, "docker", "info").Run(); err != nil {
		return "", "", "real Envoy: skipped: ENVOY_BIN is not set and Docker is not usable (docker info failed)"
	}
	var c composeFile
	if err := yaml.Unmarshal(readFile(t, "docker-compose.yaml"), &c); err != nil {
		t.Fatal(err)
	}
	return "", c.Services["envoy"].Image, ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// replaceOnce replaces old, which must occur exactly once, in s.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q occurs %d times in envoy.yaml, want once", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// TestRealEnvoy runs envoy.yaml in a real Envoy — its clusters pointed at a Go
// upstream and JWKS server on loopback, its ports chosen free — and checks the
// decisions of today's filter from the outside. `make e2e-envoy` runs it.
func TestRealEnvoy(t *testing.T) {
	bin, image, skip := realEnvoy(t)
	if skip != "" {
		t.Skip(skip)
	}
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "upstream saw %s %s", r.Method, r.URL.Path)
	}))
	defer upstream.Close()
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"keys":[]}`)
	}))
	defer idp.Close()
	port := func(s *httptest.Server) string { return strconv.Itoa(s.Listener.Addr().(*net.TCPAddr).Port) }

	listen, admin := freePort(t), freePort(t)
	cfg := string(readFile(t, "envoy.yaml"))
	cfg = replaceOnce(t, cfg, "address: 0.0.0.0, port_value: 10000", "address: 127.0.0.1, port_value: "+strconv.Itoa(listen))
	cfg = replaceOnce(t, cfg, "address: 127.0.0.1, port_value: 9901", "address: 127.0.0.1, port_value: "+strconv.Itoa(admin))
	cfg = replaceOnce(t, cfg, "address: backend, port_value: 5678", "address: 127.0.0.1, port_value: "+port(upstream))
	cfg = replaceOnce(t, cfg, "address: idp, port_value: 80", "address: 127.0.0.1, port_value: "+port(idp))
	if _, _, err := checkBootstrap("generated bootstrap", []byte(cfg)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	wasm, err := wasmbuild.Module("./plugin")
	if err != nil {
		t.Fatal(err)
	}
	wasmPath := filepath.Join(dir, "gatehouse.wasm")
	if err := os.WriteFile(wasmPath, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	cfgPath := filepath.Join(dir, "envoy.yaml")
	if bin != "" {
		cfg = replaceOnce(t, cfg, "filename: "+wasmFilename, "filename: "+wasmPath)
		cmd = exec.Command(bin, "-c", cfgPath, "--concurrency", "2", "--base-id", strconv.Itoa(os.Getpid()))
	} else {
		cmd = exec.Command("docker", "run", "--rm", "--network", "host",
			"--name", fmt.Sprintf("gatehouse-e2e-%d", os.Getpid()),
			"-v", cfgPath+":/etc/envoy/envoy.yaml:ro", "-v", wasmPath+":"+wasmFilename+":ro",
			image, "envoy", "-c", "/etc/envoy/envoy.yaml", "--concurrency", "2")
	}
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		if image != "" {
			exec.Command("docker", "rm", "-f", fmt.Sprintf("gatehouse-e2e-%d", os.Getpid())).Run()
		}
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("envoy output:\n%s", logs.String())
		}
	}()
	waitReady(t, fmt.Sprintf("http://127.0.0.1:%d/ready", admin), exited)

	base := fmt.Sprintf("http://127.0.0.1:%d", listen)
	tests := []struct {
		method, path string
		status       int
		body, allow  string
	}{
		{"GET", "/healthz", 200, "upstream saw GET /healthz", ""},
		{"GET", "/v1/orders/42", 200, "upstream saw GET /v1/orders/42", ""},
		{"GET", "/v1/payments", 404, `{"error":"not_found","request_id":"e2e"}`, ""},
		{"DELETE", "/v1/orders/42", 405, `{"error":"method_not_allowed","request_id":"e2e"}`, "GET"},
		{"GET", "/admin/users", 403, "", ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, base+tt.path, nil)
		req.Header.Set("x-request-id", "e2e")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || (tt.body != "" && string(body) != tt.body) ||
			resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s = %d %q (Allow %q), want %d %q (Allow %q)", tt.method, tt.path,
				resp.StatusCode, body, resp.Header.Get("Allow"), tt.status, tt.body, tt.allow)
		}
	}
}

// waitReady polls Envoy's admin /ready until it answers 200 (the Wasm VMs
// loaded and configured), Envoy exits, or 60 s pass.
func waitReady(t *testing.T, url string, exited chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err // for the deferred cleanup
			t.Fatalf("Envoy exited before it was ready: %v", err)
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("Envoy not ready at %s after 60 s", url)
}
