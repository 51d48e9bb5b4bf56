package e2e

import (
	"bytes"
	"errors"
	"testing"
)

// module assembles a wasm binary from raw sections (id, content).
func module(sections ...[]byte) []byte {
	out := append([]byte(nil), wasmPreamble...)
	for _, s := range sections {
		out = append(out, s[0])
		out = appendU32(out, uint32(len(s)-1))
		out = append(out, s[1:]...)
	}
	return out
}

func section(id byte, content ...byte) []byte { return append([]byte{id}, content...) }

type export struct {
	name string
	kind byte
	idx  uint32
}

func exportSection(exports ...export) []byte {
	b := appendU32([]byte{wasmExportSection}, uint32(len(exports)))
	for _, e := range exports {
		b = appendU32(b, uint32(len(e.name)))
		b = append(b, e.name...)
		b = append(b, e.kind)
		b = appendU32(b, e.idx)
	}
	return b
}

// exportsOf parses the export section of a module; test helper.
func exportsOf(t *testing.T, mod []byte) []export {
	t.Helper()
	pos := len(wasmPreamble)
	for pos < len(mod) {
		id := mod[pos]
		size, n, err := readU32(mod[pos+1:])
		if err != nil {
			t.Fatal(err)
		}
		body := mod[pos+1+n : pos+1+n+int(size)]
		pos += 1 + n + int(size)
		if id != wasmExportSection {
			continue
		}
		count, p, _ := readU32(body)
		var out []export
		for range count {
			l, n, _ := readU32(body[p:])
			p += n
			name := string(body[p : p+int(l)])
			p += int(l)
			kind := body[p]
			p++
			idx, n, _ := readU32(body[p:])
			p += n
			out = append(out, export{name, kind, idx})
		}
		if p != len(body) {
			t.Fatalf("export section has %d trailing bytes", len(body)-p)
		}
		return out
	}
	t.Fatal("no export section")
	return nil
}

func TestAddStartAlias(t *testing.T) {
	typeSec := section(1, 0x01, 0x60, 0x00, 0x00) // one type () -> ()
	custom := section(0, 0x04, 'n', 'a', 'm', 'e', 0xAA, 0xBB)
	// 200 exports make the count and the section size multi-byte LEB128.
	many := []export{{"_initialize", 0, 300}}
	for i := range 199 {
		many = append(many, export{"f" + string(rune('a'+i%26)) + string(rune('a'+i/26)), 0, uint32(i)})
	}
	mod := module(typeSec, exportSection(many...), custom)
	orig := bytes.Clone(mod)
	out, err := AddStartAlias(mod)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mod, orig) {
		t.Fatal("input modified")
	}
	got := exportsOf(t, out)
	if len(got) != 201 || got[200] != (export{"_start", 0, 300}) {
		t.Fatalf("last export = %+v of %d", got[len(got)-1], len(got))
	}
	for i := range many {
		if got[i] != many[i] {
			t.Fatalf("export %d = %+v, want %+v", i, got[i], many[i])
		}
	}
	// Sections before and after are untouched.
	if !bytes.HasPrefix(out, module(typeSec)) || !bytes.HasSuffix(out, module(custom)[len(wasmPreamble):]) {
		t.Error("neighbouring sections changed")
	}
	// Idempotent once the alias exists.
	again, err := AddStartAlias(out)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("second pass: %v, equal %v", err, bytes.Equal(again, out))
	}
}

func TestAddStartAliasErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  []byte
		want string
		is   error
	}{
		{"empty", nil, "wasm: not a version-1 wasm binary", ErrNotWasm},
		{"bad magic", []byte("\x00asn\x01\x00\x00\x00"), "wasm: not a version-1 wasm binary", ErrNotWasm},
		{"no sections", module(), "wasm: no function export named _initialize", ErrNoInitialize},
		{"no initialize", module(exportSection(export{"main", 0, 1})), "export section at offset 8: wasm: no function export named _initialize", ErrNoInitialize},
		{"initialize not a function", module(exportSection(export{"_initialize", 2, 0})), "export section at offset 8: wasm: no function export named _initialize", ErrNoInitialize},
		{"section past end", append(append([]byte(nil), wasmPreamble...), 7, 10, 0), "wasm: malformed binary: section 7 at offset 8: size 10 runs past the end", ErrMalformedWasm},
		{"truncated size", append(append([]byte(nil), wasmPreamble...), 7, 0x80), "wasm: malformed binary: section at offset 8: size: truncated LEB128", ErrMalformedWasm},
		{"size overflows", append(append([]byte(nil), wasmPreamble...), 7, 0xff, 0xff, 0xff, 0xff, 0x7f), "wasm: malformed binary: section at offset 8: size: LEB128 overflows 32 bits", ErrMalformedWasm},
		{"name past section", module(section(7, 1, 9, 'a')), "export section at offset 8: wasm: malformed binary: export 0: name runs past the section", ErrMalformedWasm},
		{"missing kind", module(section(7, 1, 1, 'a')), "export section at offset 8: wasm: malformed binary: export 0: missing kind", ErrMalformedWasm},
		{"trailing bytes", module(append(exportSection(export{"_initialize", 0, 1}), 0)), "export section at offset 8: wasm: malformed binary: 1 bytes after the last export", ErrMalformedWasm},
		{"other _start", module(exportSection(export{"_initialize", 0, 1}, export{"_start", 0, 2})), "export section at offset 8: wasm: malformed binary: _start already exports function 2, _initialize is 1", ErrMalformedWasm},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AddStartAlias(tc.mod)
			if err == nil || err.Error() != tc.want || !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want %q (is %v)", err, tc.want, tc.is)
			}
		})
	}
}

func TestLEB128(t *testing.T) {
	for _, v := range []uint32{0, 1, 127, 128, 300, 16383, 16384, 1<<21 - 1, 1 << 28, 1<<32 - 1} {
		b := appendU32(nil, v)
		got, n, err := readU32(b)
		if err != nil || got != v || n != len(b) {
			t.Errorf("%d: round trip %d, %d bytes of %d, %v", v, got, n, len(b), err)
		}
	}
	// Non-minimal encodings are valid LEB128.
	if v, n, err := readU32([]byte{0x80, 0x80, 0x00}); v != 0 || n != 3 || err != nil {
		t.Errorf("padded zero: %d %d %v", v, n, err)
	}
	if _, _, err := readU32([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}); err == nil || err.Error() != "LEB128 overflows 32 bits" {
		t.Errorf("6-byte encoding: %v", err)
	}
}

func FuzzAddStartAlias(f *testing.F) {
	f.Add(module(exportSection(export{"_initialize", 0, 3}, export{"x", 1, 0})))
	f.Add(module(section(1, 0x01, 0x60, 0x00, 0x00), exportSection(export{"_initialize", 0, 0}, export{"_start", 0, 0})))
	f.Add(append(append([]byte(nil), wasmPreamble...), 7, 0x81, 0x80))
	f.Fuzz(func(t *testing.T, mod []byte) {
		orig := bytes.Clone(mod)
		out, err := AddStartAlias(mod)
		if !bytes.Equal(mod, orig) {
			t.Fatal("input modified")
		}
		if err != nil {
			return
		}
		// A result has exactly one _start, naming _initialize's function, and a
		// second pass leaves it unchanged.
		again, err := AddStartAlias(out)
		if err != nil {
			t.Fatalf("second pass: %v", err)
		}
		if !bytes.Equal(again, out) {
			t.Fatal("second pass changed the module")
		}
	})
}
