package config

import (
	"strconv"
	"strings"
)

// path is the JSON path of a value in the policy document, already formatted for
// error messages: "" for the document itself, then members and indexes as in
// routes[1].match.methods[0]. Keys that are not identifiers are quoted:
// schemas["my key"].
type path string

// key returns the path of member k of the object at p.
func (p path) key(k string) path {
	if !isIdentifier(k) {
		return p + path("["+strconv.Quote(k)+"]")
	}
	if p == "" {
		return path(k)
	}
	return p + "." + path(k)
}

// index returns the path of element i of the array at p. (Out of line:
// inlined, its conversion and concatenation cost the module about 370 bytes
// at each of its 50 call sites.)
//
//go:noinline
func (p path) index(i int) path {
	return p + path("["+strconv.Itoa(i)+"]")
}

// parents returns the proper prefixes of p that are themselves paths, outermost
// first: routes[1].match → routes, routes[1]. The empty root path is not included.
func (p path) parents() []path {
	var out []path
	s := string(p)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', '[':
			if i > 0 {
				out = append(out, path(s[:i]))
			}
			if s[i] == '[' && i+1 < len(s) && s[i+1] == '"' {
				i = skipQuoted(s, i+1)
			}
		}
	}
	return out
}

// skipQuoted returns the index of the closing quote of the Go-quoted string that
// starts at s[i] (a '"').
func skipQuoted(s string, i int) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(s)
}

// isIdentifier reports whether s can be written bare in a path: an ASCII letter or
// underscore followed by letters, digits and underscores.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// joinNames formats a list of names for messages: "a, b, c".
func joinNames(names []string) string { return strings.Join(names, ", ") }
