package envoy_test

import (
	"fmt"
	"regexp"
	"strings"

	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	wasmfilterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/wasm/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
	"sigs.k8s.io/yaml"

	"gatehouse/config"

	// Extension types the bootstraps name in typed_config; protojson resolves
	// "@type" through the global registry these imports fill.
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
)

// What a Gatehouse deployment in Envoy must look like.
const (
	wasmFilterType = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm"
	routerName     = "envoy.filters.http.router"
	gatehouseRoot  = "gatehouse"
	gatehouseVMID  = "gatehouse"
	v8Runtime      = "envoy.wasm.runtime.v8"
	wasmFilename   = "/etc/envoy/gatehouse.wasm"
)

// requiredClusters are the clusters every bootstrap must define, with why.
// When the policy grows callouts (jwks.remote.cluster), their clusters are
// checked from the policy itself.
var requiredClusters = []struct{ name, why string }{
	{"backend", "the upstream behind the filter"},
	{"idp", "the JWKS server authentication will call"},
}

// requiredEnv are the vm_config environment variables every Gatehouse VM gets.
var requiredEnv = []string{"GOGC", "GOMEMLIMIT"}

// gatehouseFilter is the Gatehouse Wasm filter found in a bootstrap.
type gatehouseFilter struct {
	listener string
	plugin   *wasmv3.PluginConfig
	policy   []byte // the configuration as the plugin receives it (JSON)
}

// checkBootstrap parses an Envoy bootstrap (YAML) the way Envoy does — into
// envoy.config.bootstrap.v3.Bootstrap, unknown fields rejected, then the
// generated validation — and checks what Gatehouse needs of it. name prefixes
// every error.
func checkBootstrap(name string, data []byte) (*bootstrapv3.Bootstrap, *gatehouseFilter, error) {
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	var b bootstrapv3.Bootstrap
	if err := (protojson.UnmarshalOptions{DiscardUnknown: false}).Unmarshal(js, &b); err != nil {
		return nil, nil, fmt.Errorf("%s: not an Envoy bootstrap: %s", name, protoMessage(err))
	}
	if err := b.ValidateAll(); err != nil {
		return nil, nil, fmt.Errorf("%s: invalid bootstrap: %v", name, err)
	}
	clusters := map[string]bool{}
	for _, c := range b.GetStaticResources().GetClusters() {
		clusters[c.GetName()] = true
	}
	for _, c := range requiredClusters {
		if !clusters[c.name] {
			return nil, nil, fmt.Errorf("%s: cluster %q is missing (%s)", name, c.name, c.why)
		}
	}
	if a := b.GetAdmin().GetAddress().GetSocketAddress().GetAddress(); a != "" && a != "127.0.0.1" {
		return nil, nil, fmt.Errorf("%s: admin listens on %s, want 127.0.0.1", name, a)
	}
	var found *gatehouseFilter
	for _, l := range b.GetStaticResources().GetListeners() {
		for _, fc := range l.GetFilterChains() {
			for _, f := range fc.GetFilters() {
				var hcm hcmv3.HttpConnectionManager
				if !f.GetTypedConfig().MessageIs(&hcm) {
					continue
				}
				gf, err := checkHCM(f.GetTypedConfig(), &hcm, clusters)
				if err != nil {
					return nil, nil, fmt.Errorf("%s: listener %q: %v", name, l.GetName(), err)
				}
				if gf != nil && found == nil {
					gf.listener = l.GetName()
					found = gf
				}
			}
		}
	}
	if found == nil {
		return nil, nil, fmt.Errorf("%s: no Gatehouse filter (%s with root_id %q)", name, wasmFilterType, gatehouseRoot)
	}
	return &b, found, nil
}

// checkHCM validates one HTTP connection manager: its routes name defined
// clusters, the router comes last, and any Gatehouse filter is well formed.
func checkHCM(a *anypb.Any, hcm *hcmv3.HttpConnectionManager, clusters map[string]bool) (*gatehouseFilter, error) {
	if err := a.UnmarshalTo(hcm); err != nil {
		return nil, err
	}
	if err := hcm.ValidateAll(); err != nil {
		return nil, fmt.Errorf("invalid http_connection_manager: %v", err)
	}
	for _, vh := range hcm.GetRouteConfig().GetVirtualHosts() {
		for _, r := range vh.GetRoutes() {
			if c := r.GetRoute().GetCluster(); c != "" && !clusters[c] {
				return nil, fmt.Errorf("virtual host %q routes to cluster %q, which is not defined", vh.GetName(), c)
			}
		}
	}
	filters := hcm.GetHttpFilters()
	if n := len(filters); n == 0 || filters[n-1].GetName() != routerName {
		return nil, fmt.Errorf("the last HTTP filter must be %s", routerName)
	}
	var found *gatehouseFilter
	for _, f := range filters {
		var w wasmfilterv3.Wasm
		if !f.GetTypedConfig().MessageIs(&w) {
			continue
		}
		if err := f.GetTypedConfig().UnmarshalTo(&w); err != nil {
			return nil, err
		}
		if err := w.ValidateAll(); err != nil {
			return nil, fmt.Errorf("HTTP filter %q: invalid Wasm config: %v", f.GetName(), err)
		}
		if w.GetConfig().GetRootId() != gatehouseRoot {
			continue
		}
		gf, err := checkGatehouse(w.GetConfig())
		if err != nil {
			return nil, fmt.Errorf("HTTP filter %q: %v", f.GetName(), err)
		}
		if found == nil {
			found = gf
		}
	}
	return found, nil
}

// checkGatehouse checks the Gatehouse plugin's settings and its policy.
func checkGatehouse(pc *wasmv3.PluginConfig) (*gatehouseFilter, error) {
	if p := pc.GetFailurePolicy(); p != wasmv3.FailurePolicy_FAIL_CLOSED || pc.GetFailOpen() {
		return nil, fmt.Errorf("failure_policy is %s, want FAIL_CLOSED", p)
	}
	vm := pc.GetVmConfig()
	for _, c := range []struct{ field, got, want string }{
		{"vm_config.vm_id", vm.GetVmId(), gatehouseVMID},
		{"vm_config.runtime", vm.GetRuntime(), v8Runtime},
		{"vm_config.code.local.filename", vm.GetCode().GetLocal().GetFilename(), wasmFilename},
	} {
		if c.got != c.want {
			return nil, fmt.Errorf("%s is %q, want %q", c.field, c.got, c.want)
		}
	}
	env := vm.GetEnvironmentVariables().GetKeyValues()
	for _, k := range requiredEnv {
		if env[k] == "" {
			return nil, fmt.Errorf("vm_config.environment_variables.key_values has no %s", k)
		}
	}
	policy, err := pluginPolicy(pc.GetConfiguration())
	if err != nil {
		return nil, err
	}
	if _, err := config.Parse(policy); err != nil {
		return nil, fmt.Errorf("policy: %v", err)
	}
	return &gatehouseFilter{plugin: pc, policy: policy}, nil
}

// pluginPolicy returns the bytes Envoy hands the plugin for its configuration:
// a Struct as JSON, a StringValue as its raw string.
func pluginPolicy(a *anypb.Any) ([]byte, error) {
	var s structpb.Struct
	var sv wrapperspb.StringValue
	switch {
	case a.MessageIs(&s):
		if err := a.UnmarshalTo(&s); err != nil {
			return nil, err
		}
		return protojson.Marshal(&s)
	case a.MessageIs(&sv):
		if err := a.UnmarshalTo(&sv); err != nil {
			return nil, err
		}
		return []byte(sv.GetValue()), nil
	}
	return nil, fmt.Errorf("configuration is %q, want google.protobuf.Struct or google.protobuf.StringValue", a.GetTypeUrl())
}

// protoPrefix matches what protojson puts before its message: "proto:" plus a
// deliberately unstable space, and the position in the generated JSON, which
// means nothing to someone reading the YAML.
var protoPrefix = regexp.MustCompile(`^proto:[\s\x{00a0}]*(\(line \d+:\d+\):\s*)?`)

// protoMessage returns a protojson error without its unstable prefix.
func protoMessage(err error) string {
	return strings.TrimSpace(protoPrefix.ReplaceAllString(err.Error(), ""))
}
