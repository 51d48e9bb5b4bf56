package proxywasm

import (
	"unsafe"

	"gatehouse/abi"
)

// Log writes msg to the host log at level (Envoy: logger "wasm", visible when that
// logger is at the level or lower). It may be called from any callback, and is
// the one host call Envoy also allows during Go init and allocation.
func Log(level abi.LogLevel, msg string) error { return logData(level, stringPtr(msg), len(msg)) }

// LogBytes is Log for a message held in a byte slice (e.g. a reused formatting
// buffer), without converting it to a string.
func LogBytes(level abi.LogLevel, msg []byte) error { return logData(level, bytesPtr(msg), len(msg)) }

func logData(level abi.LogLevel, p unsafe.Pointer, size int) error {
	if level > abi.LogCritical {
		return badArgument("Log", "unknown %s", level)
	}
	n, err := len32("Log", "message", size)
	if err != nil {
		return err
	}
	return proxyLog(level, p, n).Err()
}

// LogLevel returns the host's current log level, so callers can skip building
// messages nobody will see. ABI 0.2.1 only; not provided by proxytest.
func LogLevel() (abi.LogLevel, error) {
	f := acquireFrame()
	st := proxyGetLogLevel(&f.u32)
	level := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, st
	}
	return abi.LogLevel(level), nil
}

// logError logs an internal diagnostic at error level, ignoring failures (there
// is nowhere else to report them). (Out of line: an error path.)
//
//go:noinline
func logError(msg string) { _ = Log(abi.LogError, msg) }
