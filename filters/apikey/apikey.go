// Package apikey authenticates requests by API key. The policy stores only the
// SHA-256 of each key; a presented key is hashed and compared with every stored
// hash in constant time, so neither the match nor its position leaks through
// timing. Compile a Set once per policy; Authenticate runs per request.
package apikey

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/filters"
	"github.com/gatehouse-dev/gatehouse/filters/credential"
)

// Sentinel errors. Authenticate wraps exactly one of them (or returns one of
// credential's: ErrMissing for no key, ErrMultiple for two).
var (
	// ErrInvalid: a key was presented and matches no stored hash.
	ErrInvalid = &filters.ReasonError{Reason: filters.ReasonAPIKeyInvalid, Msg: "api key invalid"}
	// ErrMissing: no key in any source of the set.
	ErrMissing = credential.ErrMissing
)

// MaxKeyBytes bounds a presented key; longer values are invalid without hashing.
const MaxKeyBytes = 1024

// Key is one accepted key: its id and roles (never its value).
type Key struct {
	ID    string
	Roles []string
	sum   [sha256.Size]byte
}

// Set is one compiled config.APIKeySet.
type Set struct {
	name      string
	idHeader  string
	extractor *credential.Extractor
	keys      []Key
}

// Compile builds a Set from a parsed policy key set.
func Compile(cfg *config.APIKeySet) (*Set, error) {
	s := &Set{name: cfg.Name, idHeader: cfg.IDHeader(), extractor: credential.New(cfg.Sources())}
	for i, k := range cfg.Keys {
		sum, err := hex.DecodeString(k.SHA256)
		if err != nil || len(sum) != sha256.Size {
			return nil, fmt.Errorf("keys[%d].sha256: want 64 hex digits", i)
		}
		key := Key{ID: k.ID, Roles: slices.Clone(k.Roles)}
		copy(key.sum[:], sum)
		s.keys = append(s.keys, key)
	}
	return s, nil
}

// Name returns the set's policy name.
func (s *Set) Name() string { return s.name }

// IDHeader returns the header that carries the matched key's id upstream; the
// plugin strips incoming copies of it on every request.
func (s *Set) IDHeader() string { return s.idHeader }

// Extractor returns the set's key extractor (its sources, to remove the key
// before the upstream: the key itself is never forwarded).
func (s *Set) Extractor() *credential.Extractor { return s.extractor }

// Authenticate finds the set's key in req and returns the matching Key.
func (s *Set) Authenticate(req *filters.Request) (*Key, error) {
	raw, _, err := s.extractor.Extract(req)
	if err != nil {
		return nil, err
	}
	return s.Match(raw)
}

// Match returns the key whose hash is SHA-256(raw). Every stored hash is
// compared, in constant time, whatever matches.
func (s *Set) Match(raw string) (*Key, error) {
	if len(raw) > MaxKeyBytes {
		return nil, fmt.Errorf("%w: key is %d bytes (limit %d)", ErrInvalid, len(raw), MaxKeyBytes)
	}
	sum := sha256.Sum256([]byte(raw))
	found := -1
	for i := range s.keys {
		eq := subtle.ConstantTimeCompare(sum[:], s.keys[i].sum[:])
		found = subtle.ConstantTimeSelect(eq, i, found)
	}
	if found < 0 {
		return nil, fmt.Errorf("%w: no key of set %q matches", ErrInvalid, s.name)
	}
	return &s.keys[found], nil
}
