// Package jwks schedules the fetching of remote JSON Web Key Sets so that an
// Envoy process fetches each set once per refresh interval, not once per worker.
//
// Envoy runs one VM per worker thread and only shared data crosses them, so the
// fetched set and a fetch lease live there, under keys this package names:
//
//	gatehouse.jwks.<provider>        Record: when it was fetched, and the JWKS body
//	gatehouse.jwks.<provider>.lease  Lease: which VM is fetching, and until when
//
// A Source is one provider's schedule inside one VM. The plugin asks it what to
// do (install a newer shared record, take the lease and fetch, or nothing) on
// every tick and whenever a request finds no usable key, and reports the outcome
// of its fetches. Everything here is pure: time comes in as an argument and the
// host calls are the plugin's.
package jwks
