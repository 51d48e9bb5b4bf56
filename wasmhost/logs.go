package wasmhost

import (
	"sync"

	"gatehouse/abi"
)

// LogEntry is one line the plugin logged: through proxy_log, or through WASI
// fd_write on stdout (info) or stderr (error), or a host message about the VM
// (e.g. a trap, at critical level).
type LogEntry struct {
	// Worker is the VM: 0 for the canary, 1..N for workers.
	Worker int
	Level  abi.LogLevel
	// Message is the text without Envoy's "wasm log <name> <root_id> <vm_id>:"
	// prefix and without a trailing newline.
	Message string
	// ContextID is the context the call was made for (0 outside any callback,
	// e.g. during _initialize).
	ContextID uint32
}

type logStore struct {
	mu      sync.Mutex
	entries []LogEntry
}

func (s *logStore) add(h *Host, e LogEntry) {
	s.mu.Lock()
	s.entries = append(s.entries, e)
	s.mu.Unlock()
	if h.cfg.LogSink != nil {
		h.cfg.LogSink(e)
	}
}

func (s *logStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

func (s *logStore) since(mark int) []LogEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]LogEntry(nil), s.entries[mark:]...)
}

// plugin-originated log through worker w.
func (w *worker) log(level abi.LogLevel, msg string) {
	if level < w.h.cfg.LogLevel {
		return
	}
	var id uint32
	if c := w.active(); c != nil {
		id = c.id
	}
	w.h.logs.add(w.h, LogEntry{Worker: w.id, Level: level, Message: msg, ContextID: id})
}
