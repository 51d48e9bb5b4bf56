package proxywasm

import (
	"gatehouse/abi"
)

// Shared data and queues are process-wide in Envoy (shared by all workers' VMs
// with the same vm_id) and survive individual VMs. Shared data has no delete.

// GetSharedData returns the value stored under key and its CAS stamp for a later
// SetSharedData. A missing key is abi.StatusNotFound (unwrapped).
func GetSharedData(key string) (value []byte, cas uint32, err error) {
	kn, err := len32("GetSharedData", "key", len(key))
	if err != nil {
		return nil, 0, err
	}
	f := acquireFrame()
	st := proxyGetSharedData(stringPtr(key), kn, f.ptrSlot(), &f.n, &f.u32)
	cas = f.u32
	value, err = f.take()
	if st != abi.StatusOK {
		return nil, 0, st
	}
	if err != nil {
		return nil, 0, err
	}
	return value, cas, nil
}

// GetSharedDataScratch is GetSharedData for a small value read at once: a
// value of up to 64 bytes is delivered into one buffer that the next such call
// reuses (larger values are fresh memory, as in GetSharedData). The caller
// must not keep the value, nor use it after its next host call.
func GetSharedDataScratch(key string) (value []byte, cas uint32, err error) {
	scratchArmed = true
	value, cas, err = GetSharedData(key)
	scratchArmed = false
	return value, cas, err
}

// SetSharedData stores value under key. cas 0 writes unconditionally; otherwise
// the write succeeds only if the stored CAS still equals cas, else
// abi.StatusCasMismatch (unwrapped: retry loops are expected). A missing key is
// created whatever cas is.
func SetSharedData(key string, value []byte, cas uint32) error {
	kn, err := len32("SetSharedData", "key", len(key))
	if err != nil {
		return err
	}
	vn, err := len32("SetSharedData", "value", len(value))
	if err != nil {
		return err
	}
	return proxySetSharedData(stringPtr(key), kn, bytesPtr(value), vn, cas).Err()
}

// RegisterSharedQueue creates or opens the queue name in this VM's namespace
// and makes the calling root context the one that receives OnQueueReady for it.
func RegisterSharedQueue(name string) (uint32, error) {
	n, err := len32("RegisterSharedQueue", "name", len(name))
	if err != nil {
		return 0, err
	}
	f := acquireFrame()
	st := proxyRegisterSharedQueue(stringPtr(name), n, &f.u32)
	id := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, hostError("RegisterSharedQueue", st, "%q", name)
	}
	return id, nil
}

// ResolveSharedQueue finds an existing queue; an empty vmID means this VM's.
func ResolveSharedQueue(vmID, name string) (uint32, error) {
	vn, err := len32("ResolveSharedQueue", "vm id", len(vmID))
	if err != nil {
		return 0, err
	}
	n, err := len32("ResolveSharedQueue", "name", len(name))
	if err != nil {
		return 0, err
	}
	f := acquireFrame()
	st := proxyResolveSharedQueue(stringPtr(vmID), vn, stringPtr(name), n, &f.u32)
	id := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, hostError("ResolveSharedQueue", st, "vm %q, queue %q", vmID, name)
	}
	return id, nil
}

// EnqueueSharedQueue appends value to queue id; the registrant gets OnQueueReady.
func EnqueueSharedQueue(id uint32, value []byte) error {
	n, err := len32("EnqueueSharedQueue", "value", len(value))
	if err != nil {
		return err
	}
	return proxyEnqueueSharedQueue(id, bytesPtr(value), n).Err()
}

// DequeueSharedQueue takes the oldest value from queue id; an empty queue is
// abi.StatusEmpty (unwrapped).
func DequeueSharedQueue(id uint32) ([]byte, error) {
	f := acquireFrame()
	st := proxyDequeueSharedQueue(id, f.ptrSlot(), &f.n)
	b, err := f.take()
	if st != abi.StatusOK {
		return nil, st
	}
	return b, err
}
