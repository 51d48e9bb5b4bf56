package main

import "fmt"

// deployment returns what the plugin runs with: the policy and callout clusters
// from --policy and --cluster, or from the Envoy bootstrap named by --envoy.
// --cluster flags override the bootstrap's clusters of the same name (its hosts,
// such as `idp` in docker compose, often do not resolve on a developer machine).
func (o runOptions) deployment() (*envoyDeployment, error) {
	var dep *envoyDeployment
	if o.envoy != "" {
		var err error
		if dep, err = readEnvoyBootstrap(o.envoy); err != nil {
			return nil, fmt.Errorf("%s: %w", o.envoy, err)
		}
	} else {
		policy, err := readPolicy(o.policy)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.policy, err)
		}
		dep = &envoyDeployment{policy: policy, clusters: map[string]string{}}
	}
	for name, url := range o.clusters {
		dep.clusters[name] = url
	}
	return dep, nil
}

// policySource names where the policy comes from, for the startup line.
func (o runOptions) policySource() string {
	if o.envoy != "" {
		return "the Gatehouse filter of " + o.envoy
	}
	return o.policy
}
