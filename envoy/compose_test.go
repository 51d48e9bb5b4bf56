package envoy_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// composeFile is the part of the compose specification docker-compose.yaml
// uses, read strictly so a misspelt key fails the test.
type composeFile struct {
	Services map[string]struct {
		Image     string   `json:"image"`
		Command   []string `json:"command"`
		Volumes   []string `json:"volumes"`
		Ports     []string `json:"ports"`
		DependsOn []string `json:"depends_on"`
	} `json:"services"`
}

// makeWasmPath returns the WASM path the Makefile builds, relative to the
// repository root.
func makeWasmPath(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^WASM\s*:?=\s*(\S+)\s*$`).FindSubmatch(readFile(t, "../Makefile"))
	if m == nil {
		t.Fatal("no WASM := ... in the Makefile")
	}
	return string(m[1])
}

// Oldest Envoy that loads a Go reactor (PROXY_WASM.md §3.4).
const minEnvoyMinor = 33

var envoyImage = regexp.MustCompile(`^envoyproxy/envoy:v1\.(\d+)\.\d+$`)

func TestComposeFile(t *testing.T) {
	var c composeFile
	if err := yaml.UnmarshalStrict(readFile(t, "docker-compose.yaml"), &c); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"envoy", "backend", "idp"} {
		if _, ok := c.Services[name]; !ok {
			t.Errorf("service %q is missing", name)
		}
	}
	wasm := filepath.Join("..", makeWasmPath(t))
	mounts := map[string]string{} // container path → host path
	for name, s := range c.Services {
		if s.Image == "" || !strings.Contains(s.Image, ":") || strings.HasSuffix(s.Image, ":latest") {
			t.Errorf("service %s: image %q is not pinned to a version", name, s.Image)
		}
		for _, v := range s.Volumes {
			parts := strings.Split(v, ":")
			if len(parts) < 2 {
				t.Errorf("service %s: volume %q: want HOST:CONTAINER[:ro]", name, v)
				continue
			}
			host := filepath.Clean(parts[0])
			mounts[parts[1]] = host
			if host == wasm {
				continue // written by `make build`, which `make compose` runs first
			}
			if filepath.IsAbs(host) || strings.HasPrefix(host, "..") {
				t.Errorf("service %s: volume %q: mount files under envoy/ only", name, v)
			} else if _, err := os.Stat(host); err != nil {
				t.Errorf("service %s: volume %q: %v", name, v, err)
			}
		}
	}
	m := envoyImage.FindStringSubmatch(c.Services["envoy"].Image)
	if m == nil {
		t.Fatalf("envoy image %q: want envoyproxy/envoy:v1.MINOR.PATCH", c.Services["envoy"].Image)
	}
	if minor, _ := strconv.Atoi(m[1]); minor < minEnvoyMinor {
		t.Errorf("envoy image %q: Go reactors need Envoy >= 1.%d", c.Services["envoy"].Image, minEnvoyMinor)
	}
	// Envoy reads the bootstrap and the module where envoy.yaml says.
	for container, host := range map[string]string{"/etc/envoy/envoy.yaml": "envoy.yaml", wasmFilename: wasm} {
		if mounts[container] != host {
			t.Errorf("%s is mounted from %q, want %q", container, mounts[container], host)
		}
	}
}
