// Package envoy holds Gatehouse's deployment assets — the Envoy bootstrap
// (envoy.yaml), the docker compose demo, the Istio WasmPlugin and image
// (istio/), the example policy and the development keys (dev/) — and, in its
// tests, the checks that keep them valid: every bootstrap parses as Envoy's own
// protobuf types and passes their validation, every embedded policy passes
// config.Parse, and the compose file mounts paths that exist.
//
// The package has no code of its own; go-control-plane is linked only into its
// tests, never into the CLI or the filter.
package envoy
