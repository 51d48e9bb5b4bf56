package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gatehouse/internal/wasmbuild"
)

const testPolicy = `default: deny
routes:
  - id: health
    match: {path: /healthz}
    public: true
  - id: upload
    match: {methods: [POST], path: /upload}
    public: true
`

// startTest runs `gatehouse run` with testPolicy on loopback ports chosen by
// the kernel with the real .wasm, two workers, and stops it with the test.
func startTest(t *testing.T, upstream string) *server {
	t.Helper()
	policyPath := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(policyPath, []byte(testPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	return startWith(t, runOptions{policy: policyPath, upstream: upstream, workers: 2})
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestRunWithEchoUpstream(t *testing.T) {
	srv := startTest(t, "")
	base := "http://" + srv.proxyAddr()

	req, _ := http.NewRequest("GET", base+"/healthz?x=1", nil)
	req.Header.Set("Connection", "keep-alive, x-drop-me")
	req.Header.Set("X-Drop-Me", "1")
	req.Header.Set("X-Forwarded-For", "198.51.100.1")
	resp, body := do(t, req)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /healthz: %d %s", resp.StatusCode, body)
	}
	var echo struct {
		Method, Path string
		Headers      []struct{ Name, Value string }
	}
	if err := json.Unmarshal([]byte(body), &echo); err != nil {
		t.Fatalf("echo body %q: %v", body, err)
	}
	seen := map[string]string{}
	for _, h := range echo.Headers {
		seen[h.Name] = h.Value
	}
	if echo.Method != "GET" || echo.Path != "/healthz?x=1" || seen["x-forwarded-for"] != "198.51.100.1, 127.0.0.1" ||
		seen["x-forwarded-proto"] != "http" || seen["x-request-id"] == "" {
		t.Fatalf("upstream saw %+v", echo)
	}
	for _, hop := range []string{"connection", "x-drop-me", "keep-alive"} {
		if _, ok := seen[hop]; ok {
			t.Errorf("hop-by-hop header %s reached the upstream", hop)
		}
	}

	// A chunked body streams through the body callbacks to the upstream.
	pr, pw := io.Pipe()
	go func() {
		for i := 0; i < 3; i++ {
			pw.Write([]byte(strings.Repeat("x", 1000)))
		}
		pw.Close()
	}()
	req, _ = http.NewRequest("POST", base+"/upload", pr)
	resp, body = do(t, req)
	if resp.StatusCode != 200 || !strings.Contains(body, `"body": "`+strings.Repeat("x", 3000)+`"`) {
		t.Fatalf("chunked POST: %d %.200s", resp.StatusCode, body)
	}

	// Denied: the generic JSON error, with the request id the upstream would see.
	req, _ = http.NewRequest("GET", base+"/nope", nil)
	req.Header.Set("X-Request-Id", "req-42")
	resp, body = do(t, req)
	if resp.StatusCode != 404 || body != `{"error":"not_found","request_id":"req-42"}` ||
		resp.Header.Get("Content-Type") != "application/json" || len(resp.Header.Values("Content-Type")) != 1 {
		t.Fatalf("GET /nope: %d %v %s", resp.StatusCode, resp.Header, body)
	}

	admin := "http://" + srv.adminAddr()
	req, _ = http.NewRequest("GET", admin+"/ready", nil)
	if resp, body = do(t, req); resp.StatusCode != 200 || body != "LIVE\n" {
		t.Fatalf("/ready: %d %q", resp.StatusCode, body)
	}
	req, _ = http.NewRequest("GET", admin+"/stats/prometheus", nil)
	resp, body = do(t, req)
	for _, want := range []string{"gatehouse_requests_allowed_public 2\n", "gatehouse_requests_denied_route_not_found 1\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("/stats/prometheus lacks %q:\n%s", want, body)
		}
	}
}

func TestRunWithHTTPUpstream(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Upstream", r.Method+" "+r.URL.RequestURI()+" "+r.Host+" "+string(b))
		w.WriteHeader(201)
		io.WriteString(w, "created")
	}))
	defer up.Close()
	srv := startTest(t, up.URL)
	req, _ := http.NewRequest("POST", "http://"+srv.proxyAddr()+"/upload", strings.NewReader("hello"))
	req.Host = "api.example.com"
	resp, body := do(t, req)
	if resp.StatusCode != 201 || body != "created" ||
		resp.Header.Get("X-Upstream") != "POST /upload api.example.com hello" {
		t.Fatalf("%d %v %q", resp.StatusCode, resp.Header, body)
	}
}

func TestClusterFlags(t *testing.T) {
	c := clusterFlags{}
	if err := c.Set("idp=http://127.0.0.1:9000"); err != nil || c["idp"] != "http://127.0.0.1:9000" {
		t.Fatalf("Set: %v %v", err, c)
	}
	for _, bad := range []string{"idp", "=http://x", "idp=ftp://x"} {
		err := c.Set(bad)
		want := `want NAME=URL (e.g. idp=http://127.0.0.1:9000), got "` + bad + `"`
		if err == nil || err.Error() != want {
			t.Errorf("Set(%q) = %v, want %q", bad, err, want)
		}
	}
}

func TestRunUsageAndLoadErrors(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := runMain([]string{"run"}, &stdout, &stderr); code != 2 ||
		!strings.HasPrefix(stderr.String(), "usage: gatehouse run --policy FILE") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	dir := t.TempDir()
	policy := filepath.Join(dir, "p.json")
	os.WriteFile(policy, []byte(`{"mode":"loud"}`), 0o644)
	wasm, err := wasmbuild.Module("./plugin")
	if err != nil {
		t.Fatal(err)
	}
	wasmPath := filepath.Join(dir, "g.wasm")
	os.WriteFile(wasmPath, wasm, 0o644)
	stderr.Reset()
	code := runMain([]string{"run", "--policy", policy, "--wasm", wasmPath, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"},
		&stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), `mode: unknown mode "loud" (want enforce or report)`) {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	code = runMain([]string{"run", "--policy", policy, "--wasm", filepath.Join(dir, "missing.wasm")}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "missing.wasm: no such file or directory (build it with `make build`)") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}
