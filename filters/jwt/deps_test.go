package jwt

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoNetInWasm guards the reason this package verifies with the standard
// library: compiled for wasip1, it must not link crypto/x509, net or go-jose.
// Their init reaches WASI file calls (path_filestat_get) that Envoy 1.33–1.38
// do not provide, so the plugin would fail to load there (RATIONALE.md).
func TestNoNetInWasm(t *testing.T) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	cmd := exec.Command(gotool, "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "net" || strings.HasPrefix(pkg, "net/") || pkg == "crypto/x509" ||
			strings.HasPrefix(pkg, "crypto/x509/") || strings.HasPrefix(pkg, "github.com/go-jose/") {
			t.Errorf("filters/jwt links %s into the .wasm", pkg)
		}
	}
}
