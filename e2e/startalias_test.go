package e2e

// AddStartAlias, a test helper for hosts that start a module with _start (the
// second host, proxytest). Its own tests are in wasmstart_test.go.

import (
	"bytes"
	"errors"
	"fmt"
)

// Wasm binary layout used by AddStartAlias (WebAssembly core spec §5.5): the
// 8-byte preamble, then sections of (id byte, u32 LEB128 size, content). The
// export section (id 7) is a u32 LEB128 count followed by entries of (name as
// u32 LEB128 length + bytes, kind byte, u32 LEB128 index); kind 0 is a function.
const (
	wasmExportSection = 7
	wasmKindFunc      = 0
)

var wasmPreamble = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// ErrNotWasm, ErrMalformedWasm and ErrNoInitialize classify AddStartAlias
// failures; the returned errors wrap one of them.
var (
	ErrNotWasm       = errors.New("wasm: not a version-1 wasm binary")
	ErrMalformedWasm = errors.New("wasm: malformed binary")
	ErrNoInitialize  = errors.New("wasm: no function export named _initialize")
)

// AddStartAlias returns a copy of the wasm module mod with an extra export
// "_start" naming the same function as "_initialize". Hosts that only know
// commands (proxytest's wazero VM calls _start on instantiation) then run the
// reactor's initialisation. mod itself is not modified. If "_start" already
// names the _initialize function the module is returned as a copy; any other
// existing "_start" is an error. Only the section list and the export section are
// parsed; everything else is copied byte for byte.
func AddStartAlias(mod []byte) ([]byte, error) {
	if len(mod) < len(wasmPreamble) || !bytes.Equal(mod[:len(wasmPreamble)], wasmPreamble) {
		return nil, ErrNotWasm
	}
	pos := len(wasmPreamble)
	for pos < len(mod) {
		start := pos
		id := mod[pos]
		size, n, err := readU32(mod[pos+1:])
		if err != nil {
			return nil, fmt.Errorf("%w: section at offset %d: size: %v", ErrMalformedWasm, start, err)
		}
		body := pos + 1 + n
		if uint64(size) > uint64(len(mod)-body) {
			return nil, fmt.Errorf("%w: section %d at offset %d: size %d runs past the end", ErrMalformedWasm, id, start, size)
		}
		end := body + int(size)
		if id == wasmExportSection {
			section, err := addStartExport(mod[body:end])
			if err != nil {
				return nil, fmt.Errorf("export section at offset %d: %w", start, err)
			}
			out := make([]byte, 0, len(mod)+16)
			out = append(out, mod[:start]...)
			out = append(out, wasmExportSection)
			out = appendU32(out, uint32(len(section)))
			out = append(out, section...)
			out = append(out, mod[end:]...)
			return out, nil
		}
		pos = end
	}
	return nil, ErrNoInitialize
}

// addStartExport re-encodes an export section's content with the alias added.
func addStartExport(sec []byte) ([]byte, error) {
	count, pos, err := readU32(sec)
	if err != nil {
		return nil, fmt.Errorf("%w: export count: %v", ErrMalformedWasm, err)
	}
	initIdx, startIdx := int64(-1), int64(-1)
	for i := uint32(0); i < count; i++ {
		nameLen, n, err := readU32(sec[pos:])
		if err != nil {
			return nil, fmt.Errorf("%w: export %d: name length: %v", ErrMalformedWasm, i, err)
		}
		pos += n
		if uint64(nameLen) > uint64(len(sec)-pos) {
			return nil, fmt.Errorf("%w: export %d: name runs past the section", ErrMalformedWasm, i)
		}
		name := string(sec[pos : pos+int(nameLen)])
		pos += int(nameLen)
		if pos >= len(sec) {
			return nil, fmt.Errorf("%w: export %d: missing kind", ErrMalformedWasm, i)
		}
		kind := sec[pos]
		pos++
		idx, n, err := readU32(sec[pos:])
		if err != nil {
			return nil, fmt.Errorf("%w: export %d: index: %v", ErrMalformedWasm, i, err)
		}
		pos += n
		if kind == wasmKindFunc && name == "_initialize" {
			initIdx = int64(idx)
		}
		if name == "_start" {
			if kind != wasmKindFunc {
				return nil, fmt.Errorf("%w: _start is exported but is not a function", ErrMalformedWasm)
			}
			startIdx = int64(idx)
		}
	}
	if pos != len(sec) {
		return nil, fmt.Errorf("%w: %d bytes after the last export", ErrMalformedWasm, len(sec)-pos)
	}
	if initIdx < 0 {
		return nil, ErrNoInitialize
	}
	if startIdx >= 0 {
		if startIdx != initIdx {
			return nil, fmt.Errorf("%w: _start already exports function %d, _initialize is %d", ErrMalformedWasm, startIdx, initIdx)
		}
		return append([]byte(nil), sec...), nil
	}
	if count == ^uint32(0) {
		return nil, fmt.Errorf("%w: export count at its limit", ErrMalformedWasm)
	}
	_, countLen, _ := readU32(sec)
	out := make([]byte, 0, len(sec)+16)
	out = appendU32(out, count+1)
	out = append(out, sec[countLen:]...)
	out = appendU32(out, uint32(len("_start")))
	out = append(out, "_start"...)
	out = append(out, wasmKindFunc)
	out = appendU32(out, uint32(initIdx))
	return out, nil
}

// readU32 decodes an unsigned LEB128 u32 (at most 5 bytes, no bits above 32) and
// returns it with the number of bytes read.
func readU32(b []byte) (uint32, int, error) {
	var v uint32
	for i := 0; i < 5; i++ {
		if i >= len(b) {
			return 0, 0, errors.New("truncated LEB128")
		}
		c := b[i]
		if i == 4 && c&0xf0 != 0 {
			return 0, 0, errors.New("LEB128 overflows 32 bits")
		}
		v |= uint32(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errors.New("LEB128 longer than 5 bytes")
}

// appendU32 appends v as unsigned LEB128 (minimal length).
func appendU32(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
