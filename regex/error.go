package regex

import "strconv"

// Error is a pattern that does not compile: what is wrong and where.
type Error struct {
	// Offset is the byte offset in the pattern of the construct at fault.
	Offset int
	// Msg says what is wrong, naming the construct ("unclosed (",
	// "lookahead (?= is not supported").
	Msg string
	// Unsupported is set when the pattern is valid ECMA-262 that this engine
	// refuses (backreferences, lookaround, \p{...}, counts over MaxRepeat,
	// programs over MaxInstructions, ...), clear when it is not a valid
	// pattern at all.
	Unsupported bool
}

// Error returns the message and the offset: "unclosed ( at offset 3".
func (e *Error) Error() string {
	return e.Msg + " at offset " + strconv.Itoa(e.Offset)
}
