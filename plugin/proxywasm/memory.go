package proxywasm

import (
	"unsafe"

	"gatehouse/abi"
)

// This file holds the guest side of the "return a byte string" protocol
// (shared/PROXY_WASM.md §1.1, §3.2): the allocator the host calls back into, and
// the return slots whose addresses the typed wrappers pass to the host.

// zeroAlloc is handed out for zero-sized allocations so that the host never sees
// address 0 (which it treats as an allocation failure).
var zeroAlloc [1]byte

// allocate backs proxy_on_memory_allocate: it returns size fresh bytes of Go heap.
// The host copies a result there and writes the address into a retFrame's
// pointer-typed slot, which is what keeps the memory reachable for the GC until
// the wrapper has taken it (EXP-10). Envoy never asks for 0 bytes; we answer a
// non-nil pointer anyway.
func allocate(size uint32) *byte {
	if size == 0 {
		return &zeroAlloc[0]
	}
	if scratchArmed {
		scratchArmed = false
		if int(size) <= len(scratch) {
			return &scratch[0]
		}
	}
	b := make([]byte, size)
	return &b[0]
}

// scratch serves the next allocation while scratchArmed is set, for a host
// call whose small result the caller reads at once (GetSharedDataScratch): no
// heap allocation, no garbage. Arming is one-shot, so an allocation the
// caller did not expect never aliases it twice.
var (
	scratch      [64]byte
	scratchArmed bool
)

// retFrame is the set of out-parameters of one host call. ptr is pointer-typed on
// purpose: the host writes a 32-bit address into its low half (the high half was
// zeroed), and because the slot is a Go pointer the GC treats the buffer it names
// as live. n is the length written next to it; u32, u32b and u64 receive scalar
// results (CAS, token, id, level, flags, metric value, time).
type retFrame struct {
	_    [0]func() // not comparable: no generated equality function
	ptr  *byte
	n    uint32
	u32  uint32
	u32b uint32
	u64  uint64
}

// frames are the return slots. They live in global memory so that their
// addresses never move (a goroutine stack can be copied while the host calls
// proxy_on_memory_allocate in the middle of a host call) and using them does not
// allocate. frameDepth counts the frames in use: host calls can nest when a host
// calls an export from inside a host call (proxytest's enqueue does), so each call
// takes the next frame. Deeper nesting than len(frames) falls back to heap frames,
// which do not move either.
var (
	frames     [8]retFrame
	frameDepth int
)

// acquireFrame returns a zeroed frame for one host call; release it with take or
// release right after the call.
func acquireFrame() *retFrame {
	var f *retFrame
	if frameDepth < len(frames) {
		f = &frames[frameDepth]
		*f = retFrame{}
	} else {
		f = new(retFrame)
	}
	frameDepth++
	return f
}

// release returns the frame and drops its pointer so a global slot does not keep
// a large buffer alive.
func (f *retFrame) release() {
	f.ptr = nil
	frameDepth--
}

// ptrSlot is the address to pass as ret_ptr_ptr.
func (f *retFrame) ptrSlot() unsafe.Pointer { return unsafe.Pointer(&f.ptr) }

// take returns the bytes the host wrote (owned by the caller: the host copied them
// into memory from allocate) and releases the frame. A non-zero length with a nil
// address is a host bug, reported as abi.StatusInvalidMemoryAccess.
func (f *retFrame) take() ([]byte, error) {
	p, n := f.ptr, f.n
	f.release()
	if n == 0 {
		return nil, nil
	}
	if p == nil {
		return nil, abi.StatusInvalidMemoryAccess
	}
	return unsafe.Slice(p, n), nil
}

// ownedString turns bytes the host copied into guest memory into a string without
// copying; b must not be used afterwards.
func ownedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// bytesPtr and stringPtr give the address of the data to pass to the host (nil
// for empty data; the host then reads 0 bytes).
func bytesPtr(b []byte) unsafe.Pointer  { return unsafe.Pointer(unsafe.SliceData(b)) }
func stringPtr(s string) unsafe.Pointer { return unsafe.Pointer(unsafe.StringData(s)) }
