package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// compilationCache is shared by every runtime this package creates, so a module is
// compiled to machine code once per process however many Hosts use it.
var compilationCache = wazero.NewCompilationCache()

// ABIVersion is the proxy-wasm ABI version a module declares by exporting
// proxy_abi_version_X_Y_Z.
type ABIVersion string

// The versions Envoy recognises.
const (
	ABI010 ABIVersion = "0.1.0"
	ABI020 ABIVersion = "0.2.0"
	ABI021 ABIVersion = "0.2.1"
)

// ErrUnknownABI is returned by Compile for a module without a recognised
// proxy_abi_version_* export. Its text is Envoy's.
var ErrUnknownABI = errors.New("Missing or unknown Proxy-Wasm ABI version")

// Engine selects wazero's execution engine.
type Engine int

const (
	// EngineCompiler compiles to machine code (default; falls back to the
	// interpreter on platforms without a compiler).
	EngineCompiler Engine = iota
	// EngineInterpreter interprets; slower but no compilation step.
	EngineInterpreter
)

// CompileOption configures Compile.
type CompileOption func(*compileOptions)

type compileOptions struct {
	engine   Engine
	cacheDir string
}

// WithEngine selects the wazero engine (EngineCompiler by default).
func WithEngine(e Engine) CompileOption { return func(o *compileOptions) { o.engine = e } }

// WithCacheDir keeps the compiled machine code in dir, across processes
// (wazero's file cache keyed by the module's hash and wazero's version), so a
// command-line start after the first does not compile a multi-megabyte module
// again. If dir cannot be used, the in-memory cache is used instead.
func WithCacheDir(dir string) CompileOption { return func(o *compileOptions) { o.cacheDir = dir } }

var (
	dirCachesMu sync.Mutex
	dirCaches   = map[string]wazero.CompilationCache{}
)

// cache returns the compilation cache for the options.
func (o *compileOptions) cache() wazero.CompilationCache {
	if o.cacheDir == "" {
		return compilationCache
	}
	dirCachesMu.Lock()
	defer dirCachesMu.Unlock()
	if c, ok := dirCaches[o.cacheDir]; ok {
		return c
	}
	c, err := wazero.NewCompilationCacheWithDir(o.cacheDir)
	if err != nil {
		return compilationCache
	}
	dirCaches[o.cacheDir] = c
	return c
}

// Module is a validated, compiled proxy-wasm module. It is immutable and may be
// shared by any number of Hosts (each Host instantiates it per worker VM).
type Module struct {
	wasm    []byte
	opts    compileOptions
	abi     ABIVersion
	imports []api.FunctionDefinition
	exports map[string]api.FunctionDefinition
}

// ABI is the module's declared proxy-wasm ABI version.
func (m *Module) ABI() ABIVersion { return m.abi }

// Imports lists the module's function imports as "module.name".
func (m *Module) Imports() []string {
	out := make([]string, len(m.imports))
	for i, f := range m.imports {
		mod, name, _ := f.Import()
		out[i] = mod + "." + name
	}
	return out
}

// Compile validates wasm as a proxy-wasm module (ABI version export, export
// signatures, an allocator) and compiles it into the process-wide compilation
// cache. Imports are checked later by New, because the set Envoy provides depends
// on Config.Mode.
func Compile(ctx context.Context, wasm []byte, opts ...CompileOption) (*Module, error) {
	m := &Module{wasm: wasm}
	for _, o := range opts {
		o(&m.opts)
	}
	rt := m.newRuntime(ctx)
	defer rt.Close(ctx)
	cm, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		return nil, fmt.Errorf("Failed to load Wasm module: %w", err)
	}
	m.imports = cm.ImportedFunctions()
	m.exports = cm.ExportedFunctions()
	for _, v := range []ABIVersion{ABI021, ABI020, ABI010} {
		if _, ok := m.exports["proxy_abi_version_"+string(v[0:1])+"_"+string(v[2:3])+"_"+string(v[4:5])]; ok {
			m.abi = v
			break
		}
	}
	if m.abi == "" {
		return nil, ErrUnknownABI
	}
	if m.abi == ABI010 {
		return nil, fmt.Errorf("wasmhost: proxy-wasm ABI %s is not supported (only 0.2.x)", m.abi)
	}
	if err := checkExports(m.exports); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Module) newRuntime(ctx context.Context) wazero.Runtime {
	var cfg wazero.RuntimeConfig
	if m.opts.engine == EngineInterpreter {
		cfg = wazero.NewRuntimeConfigInterpreter()
	} else {
		cfg = wazero.NewRuntimeConfig()
	}
	// V8 in Envoy caps a VM at 1 GiB (16,384 pages). WithCloseOnContextDone is
	// left off on purpose: it adds a check to every guest call and loop (it made
	// a Gatehouse request about 40% slower), and Envoy has no such interruption
	// either — a guest stuck in a loop stalls its worker there too.
	cfg = cfg.WithCompilationCache(m.opts.cache()).WithMemoryLimitPages(16384)
	return wazero.NewRuntimeWithConfig(ctx, cfg)
}

// sig is a wasm function type written as "i32,i32->i32".
func sigOf(params, results []api.ValueType) string {
	s := ""
	for i, p := range params {
		if i > 0 {
			s += ","
		}
		s += api.ValueTypeName(p)
	}
	s += "->"
	for i, r := range results {
		if i > 0 {
			s += ","
		}
		s += api.ValueTypeName(r)
	}
	return s
}

// exportSigs are the wasm types Envoy's host expects of the plugin's exports
// (PROXY_WASM.md §1.3).
var exportSigs = map[string]string{
	"_initialize":                             "->",
	"_start":                                  "->",
	"malloc":                                  "i32->i32",
	"proxy_on_memory_allocate":                "i32->i32",
	"proxy_on_context_create":                 "i32,i32->",
	"proxy_on_vm_start":                       "i32,i32->i32",
	"proxy_on_configure":                      "i32,i32->i32",
	"proxy_validate_configuration":            "i32,i32->i32",
	"proxy_on_tick":                           "i32->",
	"proxy_on_request_headers":                "i32,i32,i32->i32",
	"proxy_on_request_body":                   "i32,i32,i32->i32",
	"proxy_on_request_trailers":               "i32,i32->i32",
	"proxy_on_response_headers":               "i32,i32,i32->i32",
	"proxy_on_response_body":                  "i32,i32,i32->i32",
	"proxy_on_response_trailers":              "i32,i32->i32",
	"proxy_on_request_metadata":               "i32,i32->i32",
	"proxy_on_response_metadata":              "i32,i32->i32",
	"proxy_on_http_call_response":             "i32,i32,i32,i32,i32->",
	"proxy_on_grpc_receive_initial_metadata":  "i32,i32,i32->",
	"proxy_on_grpc_receive":                   "i32,i32,i32->",
	"proxy_on_grpc_receive_trailing_metadata": "i32,i32,i32->",
	"proxy_on_grpc_close":                     "i32,i32,i32->",
	"proxy_on_queue_ready":                    "i32,i32->",
	"proxy_on_foreign_function":               "i32,i32,i32->",
	"proxy_on_log":                            "i32->",
	"proxy_on_done":                           "i32->i32",
	"proxy_on_delete":                         "i32->",
	"proxy_on_new_connection":                 "i32->i32",
	"proxy_on_downstream_data":                "i32,i32,i32->i32",
	"proxy_on_upstream_data":                  "i32,i32,i32->i32",
	"proxy_on_downstream_connection_close":    "i32,i32->",
	"proxy_on_upstream_connection_close":      "i32,i32->",
}

func checkExports(exports map[string]api.FunctionDefinition) error {
	for name, def := range exports {
		want, ok := exportSigs[name]
		if !ok {
			continue
		}
		if got := sigOf(def.ParamTypes(), def.ResultTypes()); got != want {
			return fmt.Errorf("Bad function signature for: %s (have %s, want %s)", name, got, want)
		}
	}
	if _, ok := exports["malloc"]; !ok {
		if _, ok := exports["proxy_on_memory_allocate"]; !ok {
			return errors.New("Wasm module is missing malloc function.")
		}
	}
	return nil
}

// checkImports verifies every function import against the host functions the
// mode registers, with Envoy's messages.
func checkImports(imports []api.FunctionDefinition, funcs map[string]*hostFunc) error {
	for _, def := range imports {
		mod, name, _ := def.Import()
		key := mod + "." + name
		if mod == wasiUnstable {
			key = wasiPreview1 + "." + name
		}
		hf, ok := funcs[key]
		if !ok {
			return fmt.Errorf("Failed to load Wasm module due to a missing import: %s.%s", mod, name)
		}
		if got, want := sigOf(def.ParamTypes(), def.ResultTypes()), sigOf(hf.params, hf.results); got != want {
			return fmt.Errorf("Failed to load Wasm module due to an import type mismatch: %s.%s (module wants %s, host has %s)", mod, name, got, want)
		}
	}
	return nil
}
