package jwt

import "strings"

// Cache remembers verified tokens per VM, so a token seen again costs a hash,
// a map lookup, a string compare and the time checks instead of a signature
// verification. It is bounded (CLOCK eviction) and not safe for concurrent use
// (a VM is single-threaded). A nil *Cache is valid and caches nothing.
//
// Key: FNV-1a over the token's last 32 bytes (part of the signature, which is
// unpredictable for every genuinely signed token) mixed with its length: O(1)
// however long the token, where SHA-256 of the whole token costs ~10 µs in wasm.
// Only verified tokens are stored, and a hit compares the whole token, so a
// collision can only cost a miss, never admit a token.
type Cache struct {
	slots []cacheSlot
	index map[uint64]int32
	hand  int
}

type cacheSlot struct {
	_        [0]func() // not comparable: no generated equality function
	hash     uint64
	token    string
	provider *Provider
	gen      uint32
	id       *Identity
	used     bool
	ref      bool
}

// NewCache returns a cache of at most size entries, or nil when size <= 0.
func NewCache(size int) *Cache {
	if size <= 0 {
		return nil
	}
	return &Cache{slots: make([]cacheSlot, size), index: make(map[uint64]int32, size)}
}

// Len returns the number of cached tokens.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	return len(c.index)
}

// Get returns the identity cached for token by provider p with p's current key
// set. The caller must still check the time claims (Provider.Authenticate does).
func (c *Cache) Get(token string, p *Provider) (*Identity, bool) {
	if c == nil {
		return nil, false
	}
	i, ok := c.index[cacheKey(token)]
	if !ok {
		return nil, false
	}
	s := &c.slots[i]
	if s.provider != p || s.gen != p.gen || !equalStrings(s.token, token) {
		return nil, false
	}
	s.ref = true
	return s.id, true
}

// Put stores a verified token's identity, evicting by CLOCK when full.
func (c *Cache) Put(token string, p *Provider, id *Identity) {
	if c == nil {
		return
	}
	h := cacheKey(token)
	i, ok := c.index[h]
	if !ok {
		i = int32(c.victim())
		if old := &c.slots[i]; old.used && c.index[old.hash] == i {
			delete(c.index, old.hash)
		}
		c.index[h] = i
	}
	// Clone: the token is a substring of the host's header buffer, which must not
	// stay alive for as long as the entry.
	c.slots[i] = cacheSlot{hash: h, token: strings.Clone(token), provider: p, gen: p.gen, id: id, used: true}
}

// victim picks the slot to reuse: the first unused one, or the first whose
// reference bit is clear, clearing bits on the way.
func (c *Cache) victim() int {
	for {
		s := &c.slots[c.hand]
		i := c.hand
		c.hand = (c.hand + 1) % len(c.slots)
		if !s.used || !s.ref {
			return i
		}
		s.ref = false
	}
}

// cacheKey hashes the last 32 bytes of the token and its length with FNV-1a.
func cacheKey(token string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset) ^ uint64(len(token))
	h *= prime
	for i := max(0, len(token)-32); i < len(token); i++ {
		h ^= uint64(token[i])
		h *= prime
	}
	return h
}
