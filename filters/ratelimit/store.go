package ratelimit

import "errors"

// Store is the shared key/value store the buckets live in, with Envoy's
// shared-data semantics: Get returns a value and its CAS stamp; Set with cas 0
// writes unconditionally, with another cas only if the stored stamp still
// equals it (else ErrCASMismatch); a missing key is created whatever cas says.
type Store interface {
	// Get returns the value under key and its CAS stamp, or ErrNotFound.
	// The value may alias memory the store reuses: callers read it before
	// their next call to the store and never keep it.
	Get(key string) (value []byte, cas uint32, err error)
	// Set stores value under key subject to cas; ErrCASMismatch when another
	// writer got there first.
	Set(key string, value []byte, cas uint32) error
}

// Store errors.
var (
	// ErrNotFound: the key has never been written.
	ErrNotFound = errors.New("ratelimit: key not found")
	// ErrCASMismatch: the value changed since it was read.
	ErrCASMismatch = errors.New("ratelimit: cas mismatch")
	// ErrContention: every retry of a bucket update lost its compare-and-swap.
	ErrContention = errors.New("ratelimit: contention: retries exhausted")
	// ErrStore: the store failed (wraps the host's error).
	ErrStore = errors.New("ratelimit: shared data")
)

// MemoryStore is a Store in process memory with the semantics of Envoy's
// shared data (a CAS counter that starts at 1 and skips 0). For tests and
// tools; it is not safe for concurrent use.
type MemoryStore struct {
	next uint32
	data map[string]memValue
}

type memValue struct {
	value []byte
	cas   uint32
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{next: 1, data: map[string]memValue{}} }

// Get implements Store.
func (m *MemoryStore) Get(key string) ([]byte, uint32, error) {
	v, ok := m.data[key]
	if !ok {
		return nil, 0, ErrNotFound
	}
	return append([]byte(nil), v.value...), v.cas, nil
}

// Set implements Store.
func (m *MemoryStore) Set(key string, value []byte, cas uint32) error {
	if old, ok := m.data[key]; ok && cas != 0 && cas != old.cas {
		return ErrCASMismatch
	}
	m.data[key] = memValue{value: append([]byte(nil), value...), cas: m.next}
	m.next++
	if m.next == 0 {
		m.next = 1
	}
	return nil
}

// Len is the number of keys stored.
func (m *MemoryStore) Len() int { return len(m.data) }
