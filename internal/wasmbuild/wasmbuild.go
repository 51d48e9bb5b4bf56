// Package wasmbuild compiles Go packages to proxy-wasm reactors for tests and
// benchmarks with the Makefile's flags: GOOS=wasip1 GOARCH=wasm go build
// -buildmode=c-shared -trimpath -ldflags="-s -w". Each package is built at most
// once per test process.
//
// Tests call Module with a package pattern relative to the repository root, e.g.
// "./plugin". The environment variable GATEHOUSE_WASM names a prebuilt
// build/gatehouse.wasm to use for "./plugin" instead of building it (make test sets
// it so the suite runs against the artifact it ships, which make wasm has also
// passed through wasm-opt; modules built here, such as the plugin with test
// hooks, are Go's output alone).
package wasmbuild

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

var (
	mu    sync.Mutex
	built = map[string][]byte{}
)

// Root is the repository root, found from this file's location.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Module returns the wasm bytes of the Go main package pkg (a path relative to the
// repository root, such as "./plugin" or "./wasmhost/testdata/floor"), building it
// on first use. Safe for concurrent use.
func Module(pkg string) ([]byte, error) { return ModuleWithTags(pkg) }

// ModuleWithTags is Module with build tags, e.g. the plugin with its test hooks
// ("gatehouse_testhooks"). GATEHOUSE_WASM only replaces the untagged plugin.
func ModuleWithTags(pkg string, tags ...string) ([]byte, error) {
	mu.Lock()
	defer mu.Unlock()
	key := pkg + " " + strings.Join(tags, ",")
	if b, ok := built[key]; ok {
		return b, nil
	}
	if pkg == "./plugin" && len(tags) == 0 {
		if p := os.Getenv("GATEHOUSE_WASM"); p != "" {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("GATEHOUSE_WASM: %w", err)
			}
			built[key] = b
			return b, nil
		}
	}
	// The bytes are kept in memory; the output directory goes as soon as they are
	// read, so test processes leave nothing behind in the temporary directory.
	tmp, err := os.MkdirTemp("", "gatehouse-wasmbuild-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "module.wasm")
	args := []string{"build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s -w", "-o", out}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Dir = Root()
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building %s for wasip1: %v\n%s", pkg, err, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	built[key] = b
	return b, nil
}
