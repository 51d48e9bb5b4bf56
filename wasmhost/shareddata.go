package wasmhost

import (
	"sync"

	"gatehouse/abi"
)

// sharedData is the process-wide key/value store of cpp-host (shared_data.cc):
// one namespace per vm_id, a CAS counter per store that starts at 1 and never
// hands out 0.
type sharedData struct {
	mu         sync.Mutex
	nextCas    uint32
	data       map[string]map[string]sharedValue
	mismatches int64 // writes refused with CAS_MISMATCH
}

type sharedValue struct {
	value []byte
	cas   uint32
}

func newSharedData() *sharedData {
	return &sharedData{nextCas: 1, data: map[string]map[string]sharedValue{}}
}

func (s *sharedData) casLocked() uint32 {
	c := s.nextCas
	s.nextCas++
	if s.nextCas == 0 {
		s.nextCas = 1
	}
	return c
}

// get returns a copy of the value and its CAS, or NOT_FOUND.
func (s *sharedData) get(vmID, key string) ([]byte, uint32, abi.Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data[vmID][key]
	if !ok {
		return nil, 0, abi.StatusNotFound
	}
	return append([]byte(nil), v.value...), v.cas, abi.StatusOK
}

// set writes value. An existing key with cas != 0 and cas != stored CAS is a
// CAS_MISMATCH; a missing key is created whatever cas says.
func (s *sharedData) set(vmID, key string, value []byte, cas uint32) abi.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	ns := s.data[vmID]
	if ns == nil {
		ns = map[string]sharedValue{}
		s.data[vmID] = ns
	}
	if old, ok := ns[key]; ok && cas != 0 && cas != old.cas {
		s.mismatches++
		return abi.StatusCasMismatch
	}
	ns[key] = sharedValue{value: append([]byte(nil), value...), cas: s.casLocked()}
	return abi.StatusOK
}

func (s *sharedData) casMismatches() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mismatches
}

func (s *sharedData) len(vmID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.data[vmID])
}

func (s *sharedData) snapshot(vmID string) map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for k, v := range s.data[vmID] {
		out[k] = append([]byte(nil), v.value...)
	}
	return out
}

// sharedQueues is cpp-host's shared_queue.cc: queues named by (vm_id, name) with
// process-wide ids; the most recent registrant receives proxy_on_queue_ready.
type sharedQueues struct {
	mu     sync.Mutex
	nextID uint32
	byName map[[2]string]uint32
	queues map[uint32]*sharedQueue
}

type sharedQueue struct {
	vmID, name string
	items      [][]byte
	owner      *worker
	rootID     uint32
}

func newSharedQueues() *sharedQueues {
	return &sharedQueues{nextID: 1, byName: map[[2]string]uint32{}, queues: map[uint32]*sharedQueue{}}
}

func (q *sharedQueues) register(vmID, name string, owner *worker, rootID uint32) uint32 {
	q.mu.Lock()
	defer q.mu.Unlock()
	k := [2]string{vmID, name}
	id, ok := q.byName[k]
	if !ok {
		id = q.nextID
		q.nextID++
		q.byName[k] = id
		q.queues[id] = &sharedQueue{vmID: vmID, name: name}
	}
	q.queues[id].owner, q.queues[id].rootID = owner, rootID
	return id
}

func (q *sharedQueues) resolve(vmID, name string) (uint32, abi.Status) {
	q.mu.Lock()
	defer q.mu.Unlock()
	id, ok := q.byName[[2]string{vmID, name}]
	if !ok {
		return 0, abi.StatusNotFound
	}
	return id, abi.StatusOK
}

// enqueue appends value and returns the registrant to notify.
func (q *sharedQueues) enqueue(id uint32, value []byte) (*worker, uint32, abi.Status) {
	q.mu.Lock()
	defer q.mu.Unlock()
	sq, ok := q.queues[id]
	if !ok {
		return nil, 0, abi.StatusNotFound
	}
	sq.items = append(sq.items, append([]byte(nil), value...))
	return sq.owner, sq.rootID, abi.StatusOK
}

func (q *sharedQueues) dequeue(id uint32) ([]byte, abi.Status) {
	q.mu.Lock()
	defer q.mu.Unlock()
	sq, ok := q.queues[id]
	if !ok {
		return nil, abi.StatusNotFound
	}
	if len(sq.items) == 0 {
		return nil, abi.StatusEmpty
	}
	v := sq.items[0]
	sq.items = sq.items[1:]
	return v, abi.StatusOK
}
