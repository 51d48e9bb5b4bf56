package wasmhost

import (
	"strings"

	"gatehouse/abi"
)

// headerMap is an ordered multi-map with Envoy's HeaderMap semantics as seen
// through proxy-wasm: keys are lower-cased, get returns the first value, size is
// the byte size.
type headerMap struct {
	pairs []abi.Pair
}

func newHeaderMap(pairs []abi.Pair) *headerMap {
	m := &headerMap{pairs: make([]abi.Pair, 0, len(pairs))}
	for _, p := range pairs {
		m.add(p.Key, p.Value)
	}
	return m
}

func (m *headerMap) get(key string) (string, bool) {
	key = strings.ToLower(key)
	for _, p := range m.pairs {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

func (m *headerMap) add(key, value string) {
	m.pairs = append(m.pairs, abi.Pair{Key: strings.ToLower(key), Value: value})
}

// replace sets the first entry of key to value (keeping its position) and removes
// the others; adds it when absent.
func (m *headerMap) replace(key, value string) {
	key = strings.ToLower(key)
	out := m.pairs[:0]
	found := false
	for _, p := range m.pairs {
		if p.Key == key {
			if found {
				continue
			}
			found = true
			p.Value = value
		}
		out = append(out, p)
	}
	m.pairs = out
	if !found {
		m.pairs = append(m.pairs, abi.Pair{Key: key, Value: value})
	}
}

func (m *headerMap) remove(key string) {
	key = strings.ToLower(key)
	out := m.pairs[:0]
	for _, p := range m.pairs {
		if p.Key != key {
			out = append(out, p)
		}
	}
	m.pairs = out
}

// setPairs removes every entry and adds pairs (a nil list clears the map).
func (m *headerMap) setPairs(pairs []abi.Pair) {
	m.pairs = m.pairs[:0]
	for _, p := range pairs {
		m.add(p.Key, p.Value)
	}
}

// byteSize is Envoy's HeaderMap::byteSize: the sum of key and value lengths.
func (m *headerMap) byteSize() int {
	n := 0
	for _, p := range m.pairs {
		n += len(p.Key) + len(p.Value)
	}
	return n
}

func (m *headerMap) snapshot() []abi.Pair { return append([]abi.Pair(nil), m.pairs...) }

// joined returns all values of key joined with ",", as Envoy's request.headers
// property does for repeated headers.
func (m *headerMap) joined() []abi.Pair {
	var out []abi.Pair
	idx := map[string]int{}
	for _, p := range m.pairs {
		if i, ok := idx[p.Key]; ok {
			out[i].Value += "," + p.Value
			continue
		}
		idx[p.Key] = len(out)
		out = append(out, p)
	}
	return out
}

// decodePairsLikeEnvoy parses a serialized pairs buffer; anything malformed or over
// the limits is an empty map, as in cpp-host's toPairs.
func decodePairsLikeEnvoy(b []byte) []abi.Pair {
	pairs, err := abi.DecodePairs(b)
	if err != nil {
		return nil
	}
	return pairs
}
