package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"gatehouse/internal/wasmbuild"
)

// TestProbeModuleShape checks the wasm signatures of the abiprobe module's
// proxy-wasm exports and imports against shared/PROXY_WASM.md §1.2–§1.3, and
// that it imports nothing proxytest lacks.
func TestProbeModuleShape(t *testing.T) {
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	cm, err := r.CompileModule(ctx, probeModule(t))
	if err != nil {
		t.Fatal(err)
	}
	sig := signature
	wantExports := map[string]string{
		"proxy_abi_version_0_2_1":                 "->",
		"proxy_on_memory_allocate":                "i32 -> i32",
		"proxy_on_context_create":                 "i32 i32 ->",
		"proxy_on_vm_start":                       "i32 i32 -> i32",
		"proxy_on_configure":                      "i32 i32 -> i32",
		"proxy_validate_configuration":            "i32 i32 -> i32",
		"proxy_on_tick":                           "i32 ->",
		"proxy_on_request_headers":                "i32 i32 i32 -> i32",
		"proxy_on_request_body":                   "i32 i32 i32 -> i32",
		"proxy_on_request_trailers":               "i32 i32 -> i32",
		"proxy_on_response_headers":               "i32 i32 i32 -> i32",
		"proxy_on_response_body":                  "i32 i32 i32 -> i32",
		"proxy_on_response_trailers":              "i32 i32 -> i32",
		"proxy_on_log":                            "i32 ->",
		"proxy_on_done":                           "i32 -> i32",
		"proxy_on_delete":                         "i32 ->",
		"proxy_on_http_call_response":             "i32 i32 i32 i32 i32 ->",
		"proxy_on_grpc_receive_initial_metadata":  "i32 i32 i32 ->",
		"proxy_on_grpc_receive":                   "i32 i32 i32 ->",
		"proxy_on_grpc_receive_trailing_metadata": "i32 i32 i32 ->",
		"proxy_on_grpc_close":                     "i32 i32 i32 ->",
		"proxy_on_queue_ready":                    "i32 i32 ->",
		"proxy_on_foreign_function":               "i32 i32 i32 ->",
		"_initialize":                             "->",
	}
	exports := cm.ExportedFunctions()
	for name, want := range wantExports {
		d, ok := exports[name]
		if !ok {
			t.Errorf("export %s missing", name)
			continue
		}
		if got := sig(d); got != want {
			t.Errorf("export %s: %s, want %s", name, got, want)
		}
	}
	wantImports := map[string]string{
		"proxy_log":                      "i32 i32 i32 -> i32",
		"proxy_get_header_map_value":     "i32 i32 i32 i32 i32 -> i32",
		"proxy_get_header_map_pairs":     "i32 i32 i32 -> i32",
		"proxy_add_header_map_value":     "i32 i32 i32 i32 i32 -> i32",
		"proxy_replace_header_map_value": "i32 i32 i32 i32 i32 -> i32",
		"proxy_get_buffer_bytes":         "i32 i32 i32 i32 i32 -> i32",
		"proxy_send_local_response":      "i32 i32 i32 i32 i32 i32 i32 i32 -> i32",
		"proxy_get_shared_data":          "i32 i32 i32 i32 i32 -> i32",
		"proxy_set_shared_data":          "i32 i32 i32 i32 i32 -> i32",
		"proxy_get_property":             "i32 i32 i32 i32 -> i32",
		"proxy_define_metric":            "i32 i32 i32 i32 -> i32",
		"proxy_increment_metric":         "i32 i64 -> i32",
	}
	seen := map[string]bool{}
	for _, d := range cm.ImportedFunctions() {
		mod, name, _ := d.Import()
		if mod != "env" {
			continue
		}
		seen[name] = true
		want, ok := wantImports[name]
		if !ok {
			t.Errorf("unexpected import env.%s %s", name, sig(d))
			continue
		}
		if got := sig(d); got != want {
			t.Errorf("import env.%s: %s, want %s", name, got, want)
		}
		for _, missing := range proxytestMissingImports {
			if name == missing {
				t.Errorf("imports env.%s, which proxytest lacks", name)
			}
		}
	}
	for name := range wantImports {
		if !seen[name] {
			t.Errorf("import env.%s not linked", name)
		}
	}
}

// TestAllImportsShape checks the wasm signature of every host function the
// package can import (shared/PROXY_WASM.md §1.2), using a module that links all
// of them.
func TestAllImportsShape(t *testing.T) {
	mod, err := wasmbuild.Module("./plugin/proxywasm/testdata/allimports")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	cm, err := r.CompileModule(ctx, mod)
	if err != nil {
		t.Fatal(err)
	}
	i5 := "i32 i32 i32 i32 i32 -> i32"
	want := map[string]string{
		"proxy_log":                          "i32 i32 i32 -> i32",
		"proxy_get_log_level":                "i32 -> i32",
		"proxy_get_current_time_nanoseconds": "i32 -> i32",
		"proxy_set_tick_period_milliseconds": "i32 -> i32",
		"proxy_set_effective_context":        "i32 -> i32",
		"proxy_done":                         "-> i32",
		"proxy_get_status":                   "i32 i32 i32 -> i32",
		"proxy_call_foreign_function":        "i32 i32 i32 i32 i32 i32 -> i32",
		"proxy_get_property":                 "i32 i32 i32 i32 -> i32",
		"proxy_set_property":                 "i32 i32 i32 i32 -> i32",
		"proxy_get_header_map_value":         i5,
		"proxy_get_header_map_pairs":         "i32 i32 i32 -> i32",
		"proxy_set_header_map_pairs":         "i32 i32 i32 -> i32",
		"proxy_add_header_map_value":         i5,
		"proxy_replace_header_map_value":     i5,
		"proxy_remove_header_map_value":      "i32 i32 i32 -> i32",
		"proxy_get_header_map_size":          "i32 i32 -> i32",
		"proxy_get_buffer_bytes":             i5,
		"proxy_get_buffer_status":            "i32 i32 i32 -> i32",
		"proxy_set_buffer_bytes":             i5,
		"proxy_send_local_response":          "i32 i32 i32 i32 i32 i32 i32 i32 -> i32",
		"proxy_continue_stream":              "i32 -> i32",
		"proxy_close_stream":                 "i32 -> i32",
		"proxy_http_call":                    "i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 -> i32",
		"proxy_grpc_call":                    "i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 -> i32",
		"proxy_grpc_stream":                  "i32 i32 i32 i32 i32 i32 i32 i32 i32 -> i32",
		"proxy_grpc_send":                    "i32 i32 i32 i32 -> i32",
		"proxy_grpc_cancel":                  "i32 -> i32",
		"proxy_grpc_close":                   "i32 -> i32",
		"proxy_get_shared_data":              i5,
		"proxy_set_shared_data":              i5,
		"proxy_register_shared_queue":        "i32 i32 i32 -> i32",
		"proxy_resolve_shared_queue":         i5,
		"proxy_enqueue_shared_queue":         "i32 i32 i32 -> i32",
		"proxy_dequeue_shared_queue":         "i32 i32 i32 -> i32",
		"proxy_define_metric":                "i32 i32 i32 i32 -> i32",
		"proxy_increment_metric":             "i32 i64 -> i32",
		"proxy_record_metric":                "i32 i64 -> i32",
		"proxy_get_metric":                   "i32 i32 -> i32",
	}
	seen := map[string]bool{}
	for _, d := range cm.ImportedFunctions() {
		m, name, _ := d.Import()
		if m != "env" {
			continue
		}
		seen[name] = true
		if w, ok := want[name]; !ok {
			t.Errorf("unexpected import env.%s", name)
		} else if got := signature(d); got != w {
			t.Errorf("import env.%s: %s, want %s", name, got, w)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("import env.%s not linked", name)
		}
	}
}

// signature renders a function type as "i32 i64 -> i32".
func signature(d api.FunctionDefinition) string {
	var parts []string
	for _, p := range d.ParamTypes() {
		parts = append(parts, api.ValueTypeName(p))
	}
	s := strings.Join(parts, " ")
	if s != "" {
		s += " "
	}
	s += "->"
	for _, p := range d.ResultTypes() {
		s += " " + api.ValueTypeName(p)
	}
	return s
}
