package jwt

import (
	"time"

	"gatehouse/config"
)

// warmNow is the clock of Warm: the fixtures expire in 2100.
var warmNow = time.Unix(1_800_000_000, 0)

// Warm verifies one fixed token per algorithm in algs, through the same path as
// a request (ParseToken, key lookup, verifySignature, claims). Go sets up some of its
// crypto lazily (elliptic-curve tables, big-number code paths), which would
// otherwise land on the first real request of each algorithm. Call it on
// configure, once per VM, with the union of the providers' algorithms. An
// error means the build's crypto is broken: fail the configuration.
func Warm(algs []config.Algorithm) error {
	keys, _, err := ParseJWKS([]byte(warmJWKS))
	if err != nil {
		return errorf("jwt: warm-up keys: %w", err)
	}
	for _, alg := range algs {
		tok, ok := warmTokens[alg]
		if !ok {
			return errorf("jwt: no warm-up token for %s", alg)
		}
		p := &Provider{name: "warm-up", algs: []config.Algorithm{alg}, secret: []byte(warmSecret),
			rules: Rules{Issuer: "gatehouse-warm-up", Audiences: []string{"warm-up"}, RequireExp: true},
			keys:  keys, maxBytes: DefaultMaxTokenBytes}
		if _, err := p.Verify(tok, warmNow); err != nil {
			return errorf("jwt: warm-up of %s: %w", alg, err)
		}
	}
	return nil
}
