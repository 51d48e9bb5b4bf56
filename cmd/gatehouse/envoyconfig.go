package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

// Type URLs `gatehouse run --envoy` understands in an Envoy bootstrap.
const (
	hcmType         = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
	wasmType        = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm"
	structType      = "type.googleapis.com/google.protobuf.Struct"
	stringValueType = "type.googleapis.com/google.protobuf.StringValue"
	gatehouseRootID = "gatehouse"
)

// typedStructTypes wrap an extension's config as {type_url, value}, the form
// the proxy-wasm SDK examples use.
var typedStructTypes = map[string]bool{
	"type.googleapis.com/udpa.type.v1.TypedStruct": true,
	"type.googleapis.com/xds.type.v3.TypedStruct":  true,
}

// envoyDeployment is what `gatehouse run --envoy` takes from an Envoy bootstrap,
// so the local proxy runs the policy that will be deployed.
type envoyDeployment struct {
	// policy is the Gatehouse filter's configuration as the plugin receives it:
	// a Struct as JSON, a StringValue as its string.
	policy []byte
	// clusters are the callout targets: every STATIC or STRICT_DNS cluster with
	// a socket address, as http://host:port.
	clusters map[string]string
	// env is vm_config.environment_variables.key_values.
	env map[string]string
}

// readEnvoyBootstrap reads the Gatehouse deployment out of an Envoy bootstrap
// (YAML or JSON). It reads the file generically and checks only what it uses;
// `make test` validates the bootstraps under envoy/ against Envoy's own types.
func readEnvoyBootstrap(path string) (*envoyDeployment, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "error converting YAML to JSON: "))
	}
	var root map[string]any
	d := json.NewDecoder(bytes.NewReader(js))
	d.UseNumber() // keep the policy's integers as written
	if err := d.Decode(&root); err != nil {
		return nil, fmt.Errorf("not an Envoy bootstrap: %v", err)
	}
	static := obj(root["static_resources"])
	pc, err := findGatehouse(list(static["listeners"]))
	if err != nil {
		return nil, err
	}
	dep := &envoyDeployment{clusters: map[string]string{}, env: map[string]string{}}
	if dep.policy, err = pluginConfiguration(obj(pc["configuration"])); err != nil {
		return nil, err
	}
	env := obj(obj(obj(pc["vm_config"])["environment_variables"])["key_values"])
	for k, v := range env {
		if s, ok := v.(string); ok {
			dep.env[k] = s
		}
	}
	for _, c := range list(static["clusters"]) {
		name, url := clusterURL(obj(c))
		if url != "" {
			dep.clusters[name] = url
		}
	}
	return dep, nil
}

// findGatehouse returns the PluginConfig of the Gatehouse Wasm filter (root_id
// "gatehouse") in the listeners' HTTP connection managers. Several Gatehouse
// filters must carry the same configuration.
func findGatehouse(listeners []any) (map[string]any, error) {
	var found map[string]any
	for _, l := range listeners {
		for _, fc := range list(obj(l)["filter_chains"]) {
			for _, f := range list(obj(fc)["filters"]) {
				hcm := typedConfig(obj(obj(f)["typed_config"]), hcmType)
				for _, hf := range list(hcm["http_filters"]) {
					pc := obj(typedConfig(obj(obj(hf)["typed_config"]), wasmType)["config"])
					if pc == nil || pc["root_id"] != gatehouseRootID {
						continue
					}
					if found != nil && !sameJSON(found["configuration"], pc["configuration"]) {
						return nil, fmt.Errorf("several Gatehouse filters with different configurations; keep one in the bootstrap you run")
					}
					found = pc
				}
			}
		}
	}
	if found == nil {
		return nil, fmt.Errorf("no Gatehouse filter (envoy.extensions.filters.http.wasm.v3.Wasm with root_id %q) in static_resources.listeners", gatehouseRootID)
	}
	return found, nil
}

// typedConfig returns the fields of a typed_config of type want, unwrapping a
// TypedStruct, or nil when it is of another type.
func typedConfig(tc map[string]any, want string) map[string]any {
	t, _ := tc["@type"].(string)
	switch {
	case t == want:
		return tc
	case typedStructTypes[t] && tc["type_url"] == want:
		return obj(tc["value"])
	}
	return nil
}

// pluginConfiguration returns PluginConfig.configuration (an Any) as Envoy
// delivers it to proxy_on_configure. No configuration is an empty policy, which
// the filter refuses.
func pluginConfiguration(a map[string]any) ([]byte, error) {
	if a == nil {
		return nil, nil
	}
	switch t, _ := a["@type"].(string); t {
	case structType:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(a["value"]); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
	case stringValueType:
		s, ok := a["value"].(string)
		if !ok {
			return nil, fmt.Errorf("the Gatehouse filter's configuration: the value of a %s must be a string", stringValueType)
		}
		return []byte(s), nil
	default:
		return nil, fmt.Errorf("the Gatehouse filter's configuration is of type %q; want %s or %s", t, structType, stringValueType)
	}
}

// clusterURL returns a STATIC or STRICT_DNS cluster's first endpoint as
// http://host:port, or "" for other clusters (EDS, no socket address).
func clusterURL(c map[string]any) (name, url string) {
	name, _ = c["name"].(string)
	if t, ok := c["type"].(string); ok && t != "STATIC" && t != "STRICT_DNS" {
		return name, "" // an absent type is STATIC
	}
	for _, e := range list(obj(c["load_assignment"])["endpoints"]) {
		for _, lb := range list(obj(e)["lb_endpoints"]) {
			sa := obj(obj(obj(obj(lb)["endpoint"])["address"])["socket_address"])
			host, _ := sa["address"].(string)
			port := fmt.Sprint(sa["port_value"])
			if host != "" && sa["port_value"] != nil {
				return name, "http://" + net.JoinHostPort(host, port)
			}
		}
	}
	return name, ""
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
