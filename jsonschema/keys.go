package jsonschema

import "encoding/binary"

// keyTable finds a member's name among an object schema's names straight
// from the document's bytes, without reading the key first (object does the
// lookup, inlined): first[c] is 1 + the index of a name starting with byte
// c, next[i] 1 + the index of the next name with the same first byte as name
// i, word[i] the first eight bytes of name i (little-endian, zero-padded) and
// mask[i] the bytes of word that are the name's. Only names of plain ASCII
// bytes (as a key token holds them when written without escapes) are in it;
// keys it does not find are read and looked up in the name table.
type keyTable struct {
	first      [256]uint8
	next       []uint8
	word, mask []uint64
}

func newKeyTable(names []string) *keyTable {
	t := &keyTable{next: make([]uint8, len(names)), word: make([]uint64, len(names)), mask: make([]uint64, len(names))}
	for i := len(names) - 1; i >= 0; i-- {
		n := names[i]
		if n == "" || plainEnd([]byte(n), 0) != len(n) {
			continue
		}
		var w [8]byte
		k := copy(w[:], n)
		t.word[i] = binary.LittleEndian.Uint64(w[:])
		t.mask[i] = ^uint64(0)
		if k < 8 {
			t.mask[i] = 1<<(8*k) - 1
		}
		t.next[i] = t.first[n[0]]
		t.first[n[0]] = uint8(i + 1)
	}
	return t
}
