package jwt

import (
	"strings"

	"gatehouse/config"
	"gatehouse/jsontree"
)

// parseHeader decodes and checks the protected header. The common shape takes
// a direct reader (headerFast); every other header, and every refusal, goes
// through the JSON tree (headerTree).
func parseHeader(data string, h *Header) error {
	if headerFast(data, h) {
		return nil
	}
	*h = Header{}
	return headerTree(data, h)
}

// headerFast reads the header shape real tokens use — one object of distinct
// members whose names and values are plain strings (printable ASCII without
// escapes), alg among them and not "none", neither crit nor b64 — and reports
// whether it could. It accepts only headers headerTree accepts, with the same
// result (FuzzHeaderFast checks it); anything else — other value types,
// escapes, duplicates, more than 8 members, a syntax error — is left to
// headerTree, which words the refusal. h is unspecified when it returns false.
func headerFast(s string, h *Header) bool {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	var names [8]string
	n := 0
	alg, hasAlg := "", false
	i = skipSpace(s, i+1)
	for {
		key, next, ok := plainJSONString(s, i)
		if !ok {
			return false
		}
		i = skipSpace(s, next)
		if i >= len(s) || s[i] != ':' {
			return false
		}
		val, next, ok := plainJSONString(s, skipSpace(s, i+1))
		if !ok || n == len(names) {
			return false
		}
		for _, seen := range names[:n] {
			if seen == key {
				return false
			}
		}
		names[n] = key
		n++
		switch key {
		case "alg":
			alg, hasAlg = val, true
		case "kid":
			h.Kid = val
		case "typ":
			h.Typ = val
		case "crit", "b64":
			return false
		}
		i = skipSpace(s, next)
		if i < len(s) && s[i] == ',' {
			i = skipSpace(s, i+1)
			continue
		}
		if i >= len(s) || s[i] != '}' {
			return false
		}
		break
	}
	if skipSpace(s, i+1) != len(s) || !hasAlg || strings.EqualFold(alg, "none") {
		return false
	}
	h.Alg = config.Algorithm(alg)
	return true
}

// skipSpace returns the offset of the first byte of s at or after i that is not
// JSON whitespace.
func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// plainJSONString reads the JSON string at s[i] if it is plain (printable
// ASCII without escapes, so its value is its text): the value and the offset
// past its closing quote.
func plainJSONString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	j := i + 1
	for j < len(s) && plainByte[s[j]] {
		j++
	}
	if j >= len(s) || s[j] != '"' {
		return "", 0, false
	}
	return s[i+1 : j], j + 1, true
}

// plainByte marks the bytes a plain JSON string holds: printable ASCII but '"'
// and '\\' (jsontree's fast path passes over the same).
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// headerTree reads the header through the JSON tree and checks it.
func headerTree(data string, h *Header) error {
	root, err := parseObjectString(data)
	if err != nil {
		return errorf("%w: header: %v", ErrTokenMalformed, err)
	}
	alg := objectMember(root, "alg")
	switch {
	case alg == nil || alg.Kind != jsontree.String:
		return errorf("%w: header has no alg string", ErrTokenMalformed)
	case strings.EqualFold(alg.Str, "none"):
		return errorf("%w: alg %q is never accepted", ErrAlgNotAllowed, alg.Str)
	}
	h.Alg = config.Algorithm(alg.Str)
	for _, name := range [2]string{"kid", "typ"} {
		v := objectMember(root, name)
		if v == nil {
			continue
		}
		if v.Kind != jsontree.String {
			return errorf("%w: header %s is not a string", ErrTokenMalformed, name)
		}
		if name == "kid" {
			h.Kid = v.Str
		} else {
			h.Typ = v.Str
		}
	}
	if crit := objectMember(root, "crit"); crit != nil {
		if crit.Kind != jsontree.Array || len(crit.Elems) == 0 {
			return errorf("%w: header crit must be a non-empty array", ErrTokenMalformed)
		}
		name := ""
		if first := crit.Elems[0]; first.Kind == jsontree.String {
			name = first.Str
		}
		return errorf("%w: critical header extension %q is not supported", ErrTokenMalformed, name)
	}
	if b64 := objectMember(root, "b64"); b64 != nil && (b64.Kind != jsontree.Bool || !b64.Bool) {
		return errorf("%w: unencoded payloads (b64 other than true) are not accepted", ErrTokenMalformed)
	}
	return nil
}
