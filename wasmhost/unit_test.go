package wasmhost

import (
	"testing"

	"gatehouse/abi"
)

func TestSharedDataCAS(t *testing.T) {
	s := newSharedData()
	steps := []struct {
		key, val string
		cas      uint32
		want     abi.Status
		wantCas  uint32
	}{
		{"a", "1", 77, abi.StatusOK, 1}, // missing key created regardless of cas
		{"a", "2", 5, abi.StatusCasMismatch, 1},
		{"a", "3", 1, abi.StatusOK, 2},
		{"a", "4", 0, abi.StatusOK, 3}, // unconditional
		{"b", "x", 0, abi.StatusOK, 4}, // one counter for the store
	}
	for i, st := range steps {
		if got := s.set("vm", st.key, []byte(st.val), st.cas); got != st.want {
			t.Fatalf("step %d: %v want %v", i, got, st.want)
		}
		if _, cas, _ := s.get("vm", st.key); cas != st.wantCas {
			t.Fatalf("step %d: cas %d want %d", i, cas, st.wantCas)
		}
	}
	if _, _, st := s.get("other-vm", "a"); st != abi.StatusNotFound {
		t.Fatalf("namespaces leak: %v", st)
	}
	if s.casMismatches() != 1 || s.len("vm") != 2 || s.len("other-vm") != 0 {
		t.Fatalf("mismatches %d, len %d", s.casMismatches(), s.len("vm"))
	}
}

func TestPairsLikeEnvoy(t *testing.T) {
	good := abi.EncodePairs([]abi.Pair{{Key: "a", Value: "1"}})
	tooMany := make([]byte, 4)
	tooMany[0], tooMany[1] = 0x01, 0x04 // 1025 pairs
	for name, tc := range map[string]struct {
		in   []byte
		want int
	}{
		"good": {good, 1}, "empty": {nil, 0}, "four zero bytes": {make([]byte, 4), 0},
		"truncated": {good[:len(good)-1], 0}, "too many": {tooMany, 0}, "oversize": {make([]byte, abi.MaxPairsBytes+1), 0},
	} {
		if got := len(decodePairsLikeEnvoy(tc.in)); got != tc.want {
			t.Errorf("%s: %d pairs, want %d", name, got, tc.want)
		}
	}
	m := newHeaderMap([]abi.Pair{{Key: "A", Value: "1"}, {Key: "a", Value: "2"}, {Key: "b", Value: "3"}})
	if v, _ := m.get("a"); v != "1" || m.byteSize() != 6 {
		t.Fatalf("get %q size %d", v, m.byteSize())
	}
	m.replace("A", "9")
	if len(m.pairs) != 2 || m.pairs[0] != (abi.Pair{Key: "a", Value: "9"}) {
		t.Fatalf("replace: %v", m.pairs)
	}
	m.setPairs(decodePairsLikeEnvoy([]byte{1, 0, 0, 0}))
	if len(m.pairs) != 0 {
		t.Fatalf("malformed set_header_map_pairs must clear: %v", m.pairs)
	}
}

func TestSetBufferBytes(t *testing.T) {
	for _, tc := range []struct {
		start, length uint32
		data, want    string
		st            abi.Status
	}{
		{0, 0, "X", "Xabcd", abi.StatusOK},
		{0, 4, "Y", "Y", abi.StatusOK},
		{0, 99, "Y", "Y", abi.StatusOK},
		{0, 1, "Z", "Zbcd", abi.StatusOK},
		{4, 0, "W", "abcdW", abi.StatusOK},
		{9, 3, "W", "abcdW", abi.StatusOK},
		{2, 1, "V", "abcd", abi.StatusBadArgument},
	} {
		got, st := setBufferBytes([]byte("abcd"), tc.start, tc.length, []byte(tc.data))
		if st != tc.st || string(got) != tc.want {
			t.Errorf("(%d,%d,%q): %q %v, want %q %v", tc.start, tc.length, tc.data, got, st, tc.want, tc.st)
		}
	}
	for _, tc := range []struct {
		start, max uint32
		want       string
		st         abi.Status
	}{
		{0, 2, "ab", abi.StatusOK}, {2, 10, "cd", abi.StatusOK}, {9, 1, "", abi.StatusOK},
		{1, 0xFFFFFFFF, "", abi.StatusBadArgument},
	} {
		got, st := getBufferBytes([]byte("abcd"), tc.start, tc.max)
		if st != tc.st || string(got) != tc.want {
			t.Errorf("get(%d,%d): %q %v", tc.start, tc.max, got, st)
		}
	}
}

func TestMetricsStore(t *testing.T) {
	m := newMetrics()
	id1, _ := m.define(abi.MetricCounter, "c")
	id2, _ := m.define(abi.MetricCounter, "c")
	if id1 != id2 || id1&3 != 1 {
		t.Fatalf("ids %d %d", id1, id2)
	}
	if st := m.increment(id1, -1); st != abi.StatusBadArgument {
		t.Fatal(st)
	}
	if st := m.increment(12345, 1); st != abi.StatusNotFound {
		t.Fatal(st)
	}
	if _, st := m.define(3, "x"); st != abi.StatusBadArgument {
		t.Fatal(st)
	}
}
