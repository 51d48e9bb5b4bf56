//go:build !wasip1

package proxywasm

import (
	"testing"

	"gatehouse/abi"
)

// fakeHost records the raw host calls made through the native stand-ins and
// answers them with answer (if set).
type fakeHost struct {
	calls  []*nativeCall
	logs   []string // "level: message"
	answer func(c *nativeCall)
}

// newFakeHost installs a fake host and a fresh registry for one test.
func newFakeHost(t *testing.T) *fakeHost {
	t.Helper()
	resetRegistry()
	h := &fakeHost{}
	nativeHost = h.handle
	t.Cleanup(func() {
		nativeHost = nil
		resetRegistry()
	})
	return h
}

func (h *fakeHost) handle(c *nativeCall) {
	h.calls = append(h.calls, c)
	if c.name == "proxy_log" {
		h.logs = append(h.logs, c.args[0].(abi.LogLevel).String()+": "+c.args[1].(string))
	}
	if h.answer != nil {
		h.answer(c)
	}
}

// names lists the non-log calls made.
func (h *fakeHost) names() []string {
	var out []string
	for _, c := range h.calls {
		if c.name != "proxy_log" {
			out = append(out, c.name)
		}
	}
	return out
}

// last returns the last call named name, or nil.
func (h *fakeHost) last(name string) *nativeCall {
	for i := len(h.calls) - 1; i >= 0; i-- {
		if h.calls[i].name == name {
			return h.calls[i]
		}
	}
	return nil
}
