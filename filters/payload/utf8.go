package payload

import "unicode/utf8"

// utf8Stream checks that a byte stream fed in chunks is UTF-8, with characters
// split across chunk boundaries. The zero value is ready for a new stream.
type utf8Stream struct {
	_    [0]func()         // not comparable: no generated equality function
	pend [utf8.UTFMax]byte // the start of a character the last chunk cut off
	n    int
}

// write checks the next chunk and reports whether the stream is still valid.
func (u *utf8Stream) write(b []byte) bool {
	if u.n > 0 {
		need := runeLen(u.pend[0])
		for u.n < need && len(b) > 0 {
			u.pend[u.n] = b[0]
			u.n++
			b = b[1:]
		}
		if u.n < need {
			return true // still incomplete; checked once complete or at the end
		}
		if !utf8.Valid(u.pend[:u.n]) {
			return false
		}
		u.n = 0
	}
	body := b
	// A character cut off at the end: a lead byte in the last three bytes
	// whose sequence is longer than what follows it.
	for i := len(b) - 1; i >= 0 && i >= len(b)-(utf8.UTFMax-1); i-- {
		c := b[i]
		if c < 0x80 {
			break
		}
		if c >= 0xC0 {
			if need := runeLen(c); need > len(b)-i {
				body = b[:i]
				u.n = copy(u.pend[:], b[i:])
			}
			break
		}
	}
	return utf8.Valid(body)
}

// end reports whether the stream ended on a character boundary.
func (u *utf8Stream) end() bool { return u.n == 0 }

// runeLen is the length of the UTF-8 sequence a lead byte announces; 1 for
// bytes that cannot lead one (utf8.Valid then refuses them).
func runeLen(c byte) int {
	switch {
	case c >= 0xC0 && c < 0xE0:
		return 2
	case c >= 0xE0 && c < 0xF0:
		return 3
	case c >= 0xF0 && c < 0xF8:
		return 4
	}
	return 1
}
