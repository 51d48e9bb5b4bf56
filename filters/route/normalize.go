package route

import (
	"errors"
	"strconv"
	"strings"
)

// ErrPathRejected is the class of errors of Normalize: a request path that could
// mean different things to Gatehouse and to the upstream, so it is refused
// rather than guessed at.
var ErrPathRejected = errors.New("path rejected")

// pathError is a rejected path with the reason in words (never the whole path).
type pathError struct{ why string }

func (e *pathError) Error() string { return "path rejected: " + e.why }
func (e *pathError) Unwrap() error { return ErrPathRejected }

// Normalize turns the path part of a :path value (query and fragment already cut
// off) into the one form routes are matched on, and which is then forwarded, so
// what was authorised is what the upstream routes on:
//
//   - percent-encoded unreserved characters (A-Z a-z 0-9 - . _ ~) are decoded;
//     other escapes are kept, with upper-case hex;
//   - an encoded slash (%2F), backslash (%5C) or NUL (%00), a malformed escape,
//     a raw backslash, control character, space, non-ASCII byte or ';' (path
//     parameters, which some servers strip) rejects the path;
//   - runs of slashes become one;
//   - "." segments are dropped and ".." removes the segment before it; a ".."
//     that would climb above the root rejects the path.
//
// A trailing slash is kept. Normalize does not allocate when the path is
// already normal.
func Normalize(path string) (string, error) {
	if path == "" || path[0] != '/' {
		return "", &pathError{"does not start with /"}
	}
	if isNormal(path) {
		return path, nil
	}
	var b strings.Builder
	b.Grow(len(path))
	var segs []int // start offsets in b of the kept segments, for ".."
	for i := 0; i < len(path); {
		// path[i] is a '/': skip the run of slashes, then read one segment.
		for i < len(path) && path[i] == '/' {
			i++
		}
		start := b.Len()
		b.WriteByte('/')
		seg := start + 1
		for i < len(path) && path[i] != '/' {
			c := path[i]
			switch {
			case c == '%':
				if i+2 >= len(path) {
					return "", &pathError{"malformed percent-encoding"}
				}
				v, err := strconv.ParseUint(path[i+1:i+3], 16, 8)
				if err != nil || path[i+1] == '+' {
					return "", &pathError{"malformed percent-encoding"}
				}
				d := byte(v)
				switch {
				case d == '/' || d == '\\' || d == 0:
					return "", &pathError{"encoded slash, backslash or NUL"}
				case unreserved(d):
					b.WriteByte(d)
				default:
					b.WriteByte('%')
					b.WriteByte(upperHex[d>>4])
					b.WriteByte(upperHex[d&0xf])
				}
				i += 3
			case !pathChar(c):
				return "", &pathError{"character not allowed in a path"}
			default:
				b.WriteByte(c)
				i++
			}
		}
		s := b.String()[seg:]
		switch s {
		case ".":
			truncate(&b, start)
			if i >= len(path) {
				b.WriteByte('/') // "/a/." means "/a/"
			}
		case "..":
			if len(segs) == 0 {
				return "", &pathError{"climbs above the root"}
			}
			prev := segs[len(segs)-1]
			segs = segs[:len(segs)-1]
			truncate(&b, prev)
			if i >= len(path) {
				b.WriteByte('/')
			}
		default:
			if i < len(path) || s != "" {
				segs = append(segs, start)
			}
		}
	}
	out := b.String()
	if out == "" {
		out = "/"
	}
	return out, nil
}

// truncate cuts b back to n bytes.
func truncate(b *strings.Builder, n int) {
	s := b.String()[:n]
	b.Reset()
	b.WriteString(s)
}

// isNormal reports whether path needs no change: only allowed characters, no
// '%', no empty, "." or ".." segments.
func isNormal(path string) bool {
	segStart := 0
	for i := 0; i <= len(path); i++ {
		if i == len(path) || path[i] == '/' {
			seg := path[segStart:i]
			if i > 0 && (seg == "." || seg == "..") {
				return false
			}
			if i < len(path) && i > 0 && i == segStart {
				return false // "//"
			}
			segStart = i + 1
			continue
		}
		if c := path[i]; c == '%' || !pathChar(c) {
			return false
		}
	}
	return true
}

// pathChar reports whether c may appear raw in a path segment: RFC 3986 pchar
// without ';' (and without '%', which is handled by the caller).
func pathChar(c byte) bool { return byteClass[c]&classPathChar != 0 }

// unreserved reports whether c is an RFC 3986 unreserved character.
func unreserved(c byte) bool { return byteClass[c]&classUnreserved != 0 }

// byteClass holds the classes of every byte, so a character test is one load:
// inside the .wasm each branch of a Go function is a jump through the
// function's dispatch table, and the per-character tests of a request path
// ran several times slower as chains of comparisons.
var byteClass = func() (t [256]uint8) {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for _, c := range []byte(alnum + "-._~") {
		t[c] |= classUnreserved
	}
	for _, c := range []byte(alnum + "-._~!$&'()*+,=:@") {
		t[c] |= classPathChar
	}
	return t
}()

// The classes of byteClass.
const (
	classPathChar   = 1 << iota // pchar without ';' and '%'
	classUnreserved             // unreserved (RFC 3986 §2.3)
)

const upperHex = "0123456789ABCDEF"
