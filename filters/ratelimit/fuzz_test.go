package ratelimit

import (
	"testing"
	"time"
)

// FuzzRecord: whatever bytes a slot holds (another version's record, a
// corrupted write) and whatever the clock says, taking a token never panics,
// and what it writes back is a well-formed record whose bucket holds at most
// burst tokens. Seeds in testdata/fuzz/FuzzRecord.
func FuzzRecord(f *testing.F) {
	f.Add(encodeRecord(new([recordLen]byte), 1, 0), int64(0), uint64(1))
	f.Add(encodeRecord(new([recordLen]byte), 7, 1<<62), int64(1)<<62, uint64(7))
	f.Add([]byte("short"), int64(-1), uint64(0))
	f.Fuzz(func(t *testing.T, stored []byte, now int64, owner uint64) {
		b := bucket{interval: int64(time.Second / 3), tolerance: 5 * int64(time.Second/3)}
		ms := NewMemoryStore()
		_ = ms.Set("k", stored, 0)
		var buf [recordLen]byte
		tk, err := b.takeToken(ms, "k", owner, now, &buf)
		if err != nil {
			t.Fatal(err)
		}
		v, _, _ := ms.Get("k")
		o, tat, ok := decodeRecord(v)
		if !tk.allowed {
			if tk.next <= 0 {
				t.Fatalf("refused with next %d", tk.next)
			}
			return
		}
		if !ok || tk.remaining < 0 || tk.remaining >= 5 || tk.next <= 0 || tk.next > b.interval {
			t.Fatalf("take %+v record ok=%v", tk, ok)
		}
		if debt := tat - now; debt > b.tolerance || debt < b.interval {
			t.Fatalf("tat %d now %d: debt %d", tat, now, debt)
		}
		if so, _, sok := decodeRecord(stored); o != owner && (!sok || so != o) {
			t.Fatalf("owner %x from stored %x and %x", o, so, owner)
		}
	})
}
