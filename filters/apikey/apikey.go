// Package apikey authenticates requests by API key. The policy stores only the
// SHA-256 of each key; a presented key is hashed and compared with every stored
// hash in constant time, so neither the match nor its position leaks through
// timing. Compile a Set once per policy; Authenticate runs per request.
package apikey

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"slices"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/credential"
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
		sum, ok := decodeSum(k.SHA256)
		if !ok {
			return nil, fmt.Errorf("keys[%d].sha256: want 64 hex digits", i)
		}
		s.keys = append(s.keys, Key{ID: k.ID, Roles: slices.Clone(k.Roles), sum: sum})
	}
	return s, nil
}

// decodeSum decodes 64 hex digits, in either case, as hex.DecodeString
// would with a length check. (encoding/hex cost the module 4.6 KB for this.)
func decodeSum(s string) (sum [sha256.Size]byte, ok bool) {
	if len(s) != 2*sha256.Size {
		return sum, false
	}
	for i := range sum {
		hi, ok1 := hexDigit(s[2*i])
		lo, ok2 := hexDigit(s[2*i+1])
		if !ok1 || !ok2 {
			return sum, false
		}
		sum[i] = hi<<4 | lo
	}
	return sum, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
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
