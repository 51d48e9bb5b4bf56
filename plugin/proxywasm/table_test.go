package proxywasm

import (
	"math/rand"
	"testing"
)

func TestContextTableMatchesAMap(t *testing.T) {
	var tbl contextTable[int]
	ref := map[uint32]int{}
	rng := rand.New(rand.NewSource(1))
	next := uint32(1)
	var live []uint32
	for step := 0; step < 200000; step++ {
		switch op := rng.Intn(10); {
		case op < 4: // a new stream, ids from one counter
			id := next
			next += 1 + uint32(rng.Intn(3))
			tbl.put(id, step)
			ref[id] = step
			live = append(live, id)
		case op < 7 && len(live) > 0: // a stream ends
			k := rng.Intn(len(live))
			id := live[k]
			live[k] = live[len(live)-1]
			live = live[:len(live)-1]
			got, ok := tbl.remove(id)
			if !ok || got != ref[id] {
				t.Fatalf("step %d: remove(%d) = %d, %v; want %d", step, id, got, ok, ref[id])
			}
			delete(ref, id)
			if _, ok := tbl.remove(id); ok {
				t.Fatalf("step %d: removed %d twice", step, id)
			}
		default: // lookups of live, dead and never-seen ids
			id := uint32(rng.Intn(int(next) + 5))
			got, ok := tbl.get(id)
			want, wantOK := ref[id]
			if ok != wantOK || got != want {
				t.Fatalf("step %d: get(%d) = %d, %v; want %d, %v", step, id, got, ok, want, wantOK)
			}
		}
		if tbl.len() != len(ref) {
			t.Fatalf("step %d: len %d, want %d", step, tbl.len(), len(ref))
		}
	}
	seen := 0
	tbl.each(func(id uint32, v int) {
		if ref[id] != v {
			t.Fatalf("each: %d=%d, want %d", id, v, ref[id])
		}
		seen++
	})
	if seen != len(ref) {
		t.Fatalf("each saw %d of %d", seen, len(ref))
	}
}

func TestContextTableCacheFollowsUpdates(t *testing.T) {
	var tbl contextTable[string]
	tbl.put(5, "a")
	if v, _ := tbl.get(5); v != "a" {
		t.Fatal(v)
	}
	tbl.put(5, "b")
	if v, _ := tbl.get(5); v != "b" {
		t.Fatalf("cached value not replaced: %q", v)
	}
	tbl.remove(5)
	if v, ok := tbl.get(5); ok {
		t.Fatalf("cached value survived remove: %q", v)
	}
}
