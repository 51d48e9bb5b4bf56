// Package ratelimit enforces the policy's rate limits: token buckets kept in
// Envoy's shared data, so one limit holds across every worker's VM.
//
// Each limit owns a fixed table of slots, one shared-data entry each
// ("gatehouse.rl.<limit>.<slot>"). A request's key (built from the limit's
// by sources, hashed with the limit's name — raw addresses, claims or header
// values never reach shared data) picks slot = hash mod slots. The entry holds
// the slot's owner (the key hash) and the bucket as a GCRA theoretical arrival
// time, which encodes "tokens" and "last refill" in one number. Updates are
// compare-and-swap with bounded retries. A key that finds another key's bucket
// in its slot takes the slot over only when that bucket is idle (it would be
// full now); otherwise the two keys share the bucket, which never admits more
// than the limit for either of them. Shared data thus stays at slots × limits
// entries whatever the number of keys.
//
// The package is pure: time comes from the request, shared data from a Store
// the caller supplies (the plugin's proxy_get/set_shared_data, or MemoryStore).
package ratelimit
