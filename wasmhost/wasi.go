package wasmhost

import (
	"crypto/rand"
	"encoding/binary"
	"sort"
	"strings"

	"github.com/tetratelabs/wazero/api"

	"gatehouse/abi"
)

// WASI errno values Envoy's host uses.
const (
	errnoSuccess = 0
	errnoBadf    = 8
	errnoFault   = 21
	errnoInval   = 28
	errnoNoent   = 44
	errnoNosys   = 52
	errnoNotsup  = 58
	randomGetMax = 64 << 10
)

// sigTypes parses a compact signature like "iIi>i" (i = i32, I = i64).
func sigTypes(sig string) (params, results []api.ValueType) {
	p, r, _ := strings.Cut(sig, ">")
	conv := func(s string) []api.ValueType {
		out := make([]api.ValueType, 0, len(s))
		for _, c := range s {
			if c == 'I' {
				out = append(out, api.ValueTypeI64)
			} else {
				out = append(out, api.ValueTypeI32)
			}
		}
		return out
	}
	return conv(p), conv(r)
}

type wasiDef struct {
	name string
	sig  string
	fn   func(w *worker, s []uint64) uint32
	old  bool // present in the Envoy ≤ 1.38 set (§3.4)
	// allowed during _initialize: current mode / Envoy ≤ 1.38
	init, initOld bool
}

func nosys(*worker, []uint64) uint32 { return errnoNosys }

// wasiFuncs returns the WASI functions registered in mode, under
// wasi_snapshot_preview1 (the caller registers them under wasi_unstable too).
func wasiFuncs(mode Mode) []*hostFunc {
	defs := []wasiDef{
		{name: "fd_write", sig: "iiii>i", fn: wasiFdWrite, old: true, init: true, initOld: true},
		{name: "fd_read", sig: "iiii>i", fn: nosys, old: true},
		{name: "fd_seek", sig: "iIii>i", fn: func(w *worker, s []uint64) uint32 { w.log(abi.LogError, "wasi_unstable fd_seek"); return 0 }, old: true},
		{name: "fd_close", sig: "i>i", fn: func(w *worker, s []uint64) uint32 { w.log(abi.LogError, "wasi_unstable fd_close"); return 0 }, old: true},
		{name: "fd_fdstat_get", sig: "ii>i", fn: wasiFdstatGet, old: true, init: true, initOld: true},
		{name: "fd_fdstat_set_flags", sig: "ii>i", fn: nosys, old: true, init: true, initOld: true},
		{name: "fd_fdstat_set_rights", sig: "iII>i", fn: nosys, init: true},
		{name: "environ_get", sig: "ii>i", fn: wasiEnvironGet, old: true, init: true, initOld: true},
		{name: "environ_sizes_get", sig: "ii>i", fn: wasiEnvironSizesGet, old: true, init: true, initOld: true},
		{name: "args_get", sig: "ii>i", fn: func(*worker, []uint64) uint32 { return 0 }, old: true, init: true, initOld: true},
		{name: "args_sizes_get", sig: "ii>i", fn: wasiArgsSizesGet, old: true, init: true, initOld: true},
		{name: "clock_time_get", sig: "iIi>i", fn: wasiClockTimeGet, old: true, init: true, initOld: true},
		{name: "clock_res_get", sig: "ii>i", fn: wasiClockResGet, init: true},
		{name: "fd_advise", sig: "iIIi>i", fn: nosys, init: true},
		{name: "fd_allocate", sig: "iII>i", fn: nosys, init: true},
		{name: "fd_datasync", sig: "i>i", fn: nosys, init: true},
		{name: "fd_filestat_get", sig: "ii>i", fn: func(*worker, []uint64) uint32 { return errnoBadf }, init: true},
		{name: "fd_filestat_set_size", sig: "iI>i", fn: nosys, init: true},
		{name: "fd_filestat_set_times", sig: "iIIi>i", fn: nosys, init: true},
		{name: "fd_pread", sig: "iiiIi>i", fn: nosys, init: true},
		{name: "fd_pwrite", sig: "iiiIi>i", fn: nosys, init: true},
		{name: "fd_readdir", sig: "iiiIi>i", fn: nosys, init: true},
		{name: "fd_renumber", sig: "ii>i", fn: nosys, init: true},
		{name: "fd_sync", sig: "i>i", fn: nosys, init: true},
		{name: "fd_tell", sig: "ii>i", fn: nosys, init: true},
		{name: "path_create_directory", sig: "iii>i", fn: nosys, init: true},
		{name: "path_filestat_get", sig: "iiiii>i", fn: func(*worker, []uint64) uint32 { return errnoNoent }, init: true},
		{name: "path_filestat_set_times", sig: "iiiiIIi>i", fn: nosys, init: true},
		{name: "path_link", sig: "iiiiiii>i", fn: nosys, init: true},
		{name: "path_readlink", sig: "iiiiii>i", fn: nosys, init: true},
		{name: "path_remove_directory", sig: "iii>i", fn: nosys, init: true},
		{name: "path_rename", sig: "iiiiii>i", fn: nosys, init: true},
		{name: "path_symlink", sig: "iiiii>i", fn: nosys, init: true},
		{name: "path_unlink_file", sig: "iii>i", fn: nosys, init: true},
		{name: "sock_accept", sig: "iii>i", fn: nosys, init: true},
		{name: "sock_recv", sig: "iiiiii>i", fn: nosys, init: true},
		{name: "sock_send", sig: "iiiii>i", fn: nosys, init: true},
		{name: "sock_shutdown", sig: "ii>i", fn: nosys, init: true},
		{name: "random_get", sig: "ii>i", fn: wasiRandomGet, old: true, init: true, initOld: true},
		{name: "sched_yield", sig: ">i", fn: func(*worker, []uint64) uint32 { return 0 }, old: true},
		{name: "poll_oneoff", sig: "iiii>i", fn: wasiPollOneoff, old: true, init: true},
		{name: "proc_exit", sig: "i>", fn: func(w *worker, s []uint64) uint32 { w.log(abi.LogError, "wasi_unstable proc_exit"); return 0 }, old: true},
		{name: "path_open", sig: "iiiiiIIii>i", fn: func(*worker, []uint64) uint32 { return errnoNoent }, old: true},
		{name: "fd_prestat_get", sig: "ii>i", fn: func(*worker, []uint64) uint32 { return errnoBadf }, old: true, init: true, initOld: true},
		{name: "fd_prestat_dir_name", sig: "iii>i", fn: nosys, old: true, init: true, initOld: true},
	}
	var out []*hostFunc
	for _, d := range defs {
		if mode == ModeEnvoy138 && !d.old {
			continue
		}
		d := d
		params, results := sigTypes(d.sig)
		hf := &hostFunc{module: wasiPreview1, name: d.name, params: params, results: results}
		if len(results) == 1 {
			hf.fn = func(w *worker, s []uint64) { s[0] = uint64(d.fn(w, s)) }
		} else {
			hf.fn = func(w *worker, s []uint64) { d.fn(w, s) }
		}
		if mode == ModeEnvoy138 {
			hf.init = d.initOld
			hf.alloc = d.name == "fd_write" || d.name == "clock_time_get"
		} else {
			hf.init = d.init
			hf.alloc = d.name == "fd_write" || d.name == "clock_time_get" || d.name == "poll_oneoff"
		}
		out = append(out, hf)
	}
	return out
}

// fd_write: fd 1 → info log, fd 2 → error log, trailing newline removed; other
// fds BADF.
func wasiFdWrite(w *worker, s []uint64) uint32 {
	fd, iovs, n, nwritten := u32(s[0]), u32(s[1]), u32(s[2]), u32(s[3])
	var level abi.LogLevel
	switch fd {
	case 1:
		level = abi.LogInfo
	case 2:
		level = abi.LogError
	default:
		return errnoBadf
	}
	var b []byte
	for i := uint32(0); i < n; i++ {
		ptr, ok1 := w.mem.ReadUint32Le(iovs + 8*i)
		l, ok2 := w.mem.ReadUint32Le(iovs + 8*i + 4)
		if !ok1 || !ok2 {
			return errnoFault
		}
		if l == 0 {
			continue
		}
		chunk, ok := w.mem.Read(ptr, l)
		if !ok {
			return errnoFault
		}
		b = append(b, chunk...)
	}
	if len(b) > 0 {
		w.log(level, strings.TrimSuffix(string(b), "\n"))
	}
	if !w.mem.WriteUint32Le(nwritten, uint32(len(b))) {
		return errnoFault
	}
	return errnoSuccess
}

func wasiFdstatGet(w *worker, s []uint64) uint32 {
	fd := u32(s[0])
	if fd != 1 && fd != 2 {
		return errnoBadf
	}
	var b [24]byte
	binary.LittleEndian.PutUint64(b[8:], 64) // fs_rights_base = FD_WRITE
	if !w.mem.Write(u32(s[1]), b[:]) {
		return errnoFault
	}
	return errnoSuccess
}

func (h *Host) envList() []string {
	keys := make([]string, 0, len(h.cfg.Env))
	for k := range h.cfg.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + "=" + h.cfg.Env[k]
	}
	return out
}

func wasiEnvironGet(w *worker, s []uint64) uint32 {
	arr, buf := u32(s[0]), u32(s[1])
	for _, e := range w.h.env {
		if !w.mem.WriteUint32Le(arr, buf) || !w.mem.Write(buf, append([]byte(e), 0)) {
			return errnoFault
		}
		arr += 4
		buf += uint32(len(e) + 1)
	}
	return errnoSuccess
}

func wasiEnvironSizesGet(w *worker, s []uint64) uint32 {
	size := 0
	for _, e := range w.h.env {
		size += len(e) + 1
	}
	if !w.mem.WriteUint32Le(u32(s[0]), uint32(len(w.h.env))) || !w.mem.WriteUint32Le(u32(s[1]), uint32(size)) {
		return errnoFault
	}
	return errnoSuccess
}

func wasiArgsSizesGet(w *worker, s []uint64) uint32 {
	if !w.mem.WriteUint32Le(u32(s[0]), 0) || !w.mem.WriteUint32Le(u32(s[1]), 0) {
		return errnoFault
	}
	return errnoSuccess
}

func wasiClockTimeGet(w *worker, s []uint64) uint32 {
	var v uint64
	now := w.h.clock.Now()
	switch u32(s[0]) {
	case 0:
		v = uint64(now.UnixNano())
	case 1:
		v = uint64(now.Sub(w.h.epoch)) + 1_000_000_000
	default:
		return errnoNotsup
	}
	if !w.mem.WriteUint64Le(u32(s[2]), v) {
		return errnoFault
	}
	return errnoSuccess
}

func wasiClockResGet(w *worker, s []uint64) uint32 {
	if id := u32(s[0]); id > 1 {
		return errnoNotsup
	}
	if !w.mem.WriteUint64Le(u32(s[1]), 1) {
		return errnoFault
	}
	return errnoSuccess
}

func wasiRandomGet(w *worker, s []uint64) uint32 {
	n := u32(s[1])
	if n > randomGetMax {
		return errnoInval
	}
	b := make([]byte, n)
	_, _ = rand.Read(b)
	if !w.mem.Write(u32(s[0]), b) {
		return errnoFault
	}
	return errnoSuccess
}

// poll_oneoff: the current host reports zero events without sleeping; Envoy ≤ 1.38
// returns NOSYS without touching nevents.
func wasiPollOneoff(w *worker, s []uint64) uint32 {
	w.h.polls.Add(1)
	if w.h.cfg.Mode == ModeEnvoy138 {
		return errnoNosys
	}
	if !w.mem.WriteUint32Le(u32(s[3]), 0) {
		return errnoFault
	}
	return errnoSuccess
}
