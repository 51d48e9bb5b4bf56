package wasmhost

import (
	"fmt"

	"gatehouse/abi"
)

// read copies len bytes at ptr out of guest memory.
func (w *worker) read(ptr, n uint32) ([]byte, bool) {
	if n == 0 {
		return nil, true
	}
	b, ok := w.mem.Read(ptr, n)
	if !ok {
		return nil, false
	}
	return append([]byte(nil), b...), true
}

func (w *worker) readString(ptr, n uint32) (string, bool) {
	if n == 0 {
		return "", true
	}
	b, ok := w.mem.Read(ptr, n)
	if !ok {
		return "", false
	}
	return string(b), true
}

// allocate calls the guest allocator (malloc or proxy_on_memory_allocate) with
// Envoy's allocation-phase restrictions. A trap inside the allocator propagates
// as a trap of the current host call.
func (w *worker) allocate(n uint32) uint32 {
	prev := w.phase
	w.phase = phaseAlloc
	res, err := w.allocFn.Call(w.ctx, uint64(n))
	w.phase = prev
	if err != nil {
		panic(fmt.Errorf("allocation of %d bytes failed: %w", n, err))
	}
	return uint32(res[0])
}

// copyOut is cpp-host's copyToPointerSize: allocate len(data) bytes in the guest,
// copy data there and write the address and length (4 bytes LE each) to ptrPtr
// and lenPtr. Empty data allocates nothing and writes 0/0.
func (w *worker) copyOut(data []byte, ptrPtr, lenPtr uint32) abi.Status {
	var addr uint32
	if len(data) > 0 {
		addr = w.allocate(uint32(len(data)))
		if addr == 0 || !w.mem.Write(addr, data) {
			return abi.StatusInvalidMemoryAccess
		}
	}
	if !w.mem.WriteUint32Le(ptrPtr, addr) || !w.mem.WriteUint32Le(lenPtr, uint32(len(data))) {
		return abi.StatusInvalidMemoryAccess
	}
	return abi.StatusOK
}

func (w *worker) putU32(ptr, v uint32) abi.Status {
	if !w.mem.WriteUint32Le(ptr, v) {
		return abi.StatusInvalidMemoryAccess
	}
	return abi.StatusOK
}

func (w *worker) putU64(ptr uint32, v uint64) abi.Status {
	if !w.mem.WriteUint64Le(ptr, v) {
		return abi.StatusInvalidMemoryAccess
	}
	return abi.StatusOK
}
