package jsonschema

import (
	"sort"
	"strconv"

	"gatehouse/jsontree"
)

// This file gives JSON values a canonical byte form for equality (enum,
// const, uniqueItems): equal JSON values — 1 and 1.0, objects whatever their
// key order — have equal forms, different ones different forms. Strings are
// length-prefixed, numbers use decimal's exact form, object members are
// sorted by key; of duplicate keys the last one counts, as in encoding/json.

type member struct{ key, val []byte }

func appendCanonString(dst, s []byte) []byte {
	dst = append(dst, 's')
	dst = strconv.AppendInt(dst, int64(len(s)), 10)
	dst = append(dst, ':')
	return append(dst, s...)
}

func appendCanonNumber(dst, lit []byte) []byte {
	dst = append(dst, 'd')
	dst = parseDecimal(lit).appendCanon(dst)
	return append(dst, ';')
}

func appendCanonMembers(dst []byte, ms []member) []byte {
	sort.SliceStable(ms, func(i, j int) bool { return compareBytes(ms[i].key, ms[j].key) < 0 })
	dst = append(dst, '{')
	for i, m := range ms {
		if i+1 < len(ms) && string(ms[i+1].key) == string(m.key) {
			continue // a later duplicate wins
		}
		dst = appendCanonString(dst, m.key)
		dst = append(dst, m.val...)
	}
	return append(dst, '}')
}

func compareBytes(a, b []byte) int {
	switch {
	case string(a) < string(b):
		return -1
	case string(a) > string(b):
		return 1
	}
	return 0
}

// canonNode returns the canonical form of a policy value.
func canonNode(n *jsontree.Node) []byte { return appendCanonNode(nil, n) }

func appendCanonNode(dst []byte, n *jsontree.Node) []byte {
	switch n.Kind {
	case jsontree.Null:
		return append(dst, 'n')
	case jsontree.Bool:
		if n.Bool {
			return append(dst, 't')
		}
		return append(dst, 'f')
	case jsontree.Number:
		return appendCanonNumber(dst, []byte(n.Str))
	case jsontree.String:
		return appendCanonString(dst, []byte(n.Str))
	case jsontree.Array:
		dst = append(dst, '[')
		for _, e := range n.Elems {
			dst = appendCanonNode(dst, e)
		}
		return append(dst, ']')
	}
	ms := make([]member, len(n.Members))
	for i, m := range n.Members {
		ms[i] = member{[]byte(m.Key), canonNode(m.Val)}
	}
	return appendCanonMembers(dst, ms)
}

// appendCanonAt appends the canonical form of the value at data[pos:], which
// is known to be valid JSON (the caller scanned it), and returns its end.
func appendCanonAt(dst, data []byte, pos int) ([]byte, int) {
	switch c := data[pos]; {
	case c == '"':
		end, _, _ := scanString(data, pos)
		var buf [64]byte
		return appendCanonString(dst, decodeString(buf[:0], data[pos:end])), end
	case c == '-' || '0' <= c && c <= '9':
		end, _ := scanNumber(data, pos)
		return appendCanonNumber(dst, data[pos:end]), end
	case c == 't':
		return append(dst, 't'), pos + 4
	case c == 'f':
		return append(dst, 'f'), pos + 5
	case c == 'n':
		return append(dst, 'n'), pos + 4
	case c == '[':
		dst = append(dst, '[')
		i := ws(data, pos+1)
		for data[i] != ']' {
			dst, i = appendCanonAt(dst, data, i)
			i = ws(data, i)
			if data[i] == ',' {
				i = ws(data, i+1)
			}
		}
		return append(dst, ']'), i + 1
	}
	var ms []member
	i := ws(data, pos+1)
	for data[i] != '}' {
		kend, _, _ := scanString(data, i)
		key := decodeString(nil, data[i:kend])
		i = ws(data, kend)
		i = ws(data, i+1) // ':'
		var val []byte
		val, i = appendCanonAt(nil, data, i)
		ms = append(ms, member{key, val})
		i = ws(data, i)
		if data[i] == ',' {
			i = ws(data, i+1)
		}
	}
	return appendCanonMembers(dst, ms), i + 1
}
