package envoy_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"gatehouse/config"
)

// wasmPlugin is the part of Istio's extensions.istio.io/v1alpha1 WasmPlugin our
// manifest may use. It is read strictly, so a misspelt field fails the test
// instead of being ignored by the Kubernetes API server's pruning.
type wasmPlugin struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
	Spec struct {
		Selector struct {
			MatchLabels map[string]string `json:"matchLabels"`
		} `json:"selector"`
		URL             string          `json:"url"`
		SHA256          string          `json:"sha256"`
		ImagePullPolicy string          `json:"imagePullPolicy"`
		ImagePullSecret string          `json:"imagePullSecret"`
		PluginName      string          `json:"pluginName"`
		Phase           string          `json:"phase"`
		Priority        *int            `json:"priority"`
		FailStrategy    string          `json:"failStrategy"`
		Type            string          `json:"type"`
		PluginConfig    json.RawMessage `json:"pluginConfig"`
		VMConfig        struct {
			Env []struct {
				Name      string `json:"name"`
				Value     string `json:"value"`
				ValueFrom string `json:"valueFrom"`
			} `json:"env"`
		} `json:"vmConfig"`
	} `json:"spec"`
}

func TestIstioWasmPlugin(t *testing.T) {
	var wp wasmPlugin
	if err := yaml.UnmarshalStrict(readFile(t, "istio/wasmplugin.yaml"), &wp); err != nil {
		t.Fatal(err)
	}
	s := wp.Spec
	for _, c := range []struct{ field, got, want string }{
		{"apiVersion", wp.APIVersion, "extensions.istio.io/v1alpha1"},
		{"kind", wp.Kind, "WasmPlugin"},
		{"spec.selector.matchLabels.istio", s.Selector.MatchLabels["istio"], "ingressgateway"},
		{"spec.pluginName", s.PluginName, gatehouseRoot},
		{"spec.phase", s.Phase, "AUTHN"},
		{"spec.failStrategy", s.FailStrategy, "FAIL_CLOSE"},
	} {
		if c.got != c.want {
			t.Errorf("%s is %q, want %q", c.field, c.got, c.want)
		}
	}
	if !strings.HasPrefix(s.URL, "oci://") && !strings.HasPrefix(s.URL, "file://") {
		t.Errorf("spec.url %q: want oci:// or file://", s.URL)
	}
	// istiod passes pluginConfig to the plugin as JSON (in a StringValue).
	if _, err := config.Parse(s.PluginConfig); err != nil {
		t.Fatalf("spec.pluginConfig: %v", err)
	}
	// Same policy and VM environment as the Envoy bootstrap.
	_, gf, err := checkBootstrap("envoy.yaml", readFile(t, "envoy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(canonicalJSON(t, s.PluginConfig), canonicalJSON(t, gf.policy)) {
		t.Errorf("spec.pluginConfig differs from the policy in envoy.yaml:\n got %s\nwant %s", s.PluginConfig, gf.policy)
	}
	env := map[string]string{}
	for _, e := range s.VMConfig.Env {
		env[e.Name] = e.Value
	}
	if want := gf.plugin.GetVmConfig().GetEnvironmentVariables().GetKeyValues(); !reflect.DeepEqual(env, want) {
		t.Errorf("spec.vmConfig.env = %v, want %v (as in envoy.yaml)", env, want)
	}
}

// The image Istio pulls must hold the module as /plugin.wasm, copied from the
// file `make build` writes.
func TestIstioDockerfile(t *testing.T) {
	var lines []string
	for _, l := range strings.Split(string(readFile(t, "istio/Dockerfile")), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	want := []string{"FROM scratch", "COPY " + makeWasmPath(t) + " ./plugin.wasm"}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("istio/Dockerfile instructions = %q, want %q", lines, want)
	}
}
