package jsontree

import (
	"strconv"
	"unicode/utf8"
)

// SyntaxError is the first problem Parse found in its input: Msg, worded as
// encoding/json words it, at byte offset Off.
type SyntaxError struct {
	Off int
	Msg string
}

// Error returns the message and the offset, e.g.
// "unexpected end of input at offset 9".
func (e *SyntaxError) Error() string { return e.Msg + " at offset " + strconv.Itoa(e.Off) }

// LineColumn returns the 1-based line and column of byte offset off in data,
// for messages about documents people edit. Lines end at '\n'; columns count
// characters (UTF-8 sequences), not bytes.
func LineColumn(data []byte, off int) (line, col int) {
	off = min(off, len(data))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}
