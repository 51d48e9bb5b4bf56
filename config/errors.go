package config

import (
	"fmt"
	"sort"
	"strings"
)

// ErrorClass is the class of a policy error. The constants of this type are the
// sentinels that every *Error wraps, so callers can test for a class with errors.Is:
//
//	if errors.Is(err, config.ErrUnknownField) { ... }
//
// errors.Is works both on a single *Error and on the Errors returned by Parse (it is
// true when any entry has the class).
type ErrorClass string

// Error returns the class name.
func (c ErrorClass) Error() string { return string(c) }

// The error classes.
const (
	// ErrSyntax: the input is empty or is not valid JSON. Such an error is always
	// the only one, with an empty path.
	ErrSyntax ErrorClass = "config: syntax error"
	// ErrType: a JSON value has the wrong type (a number where a string is
	// expected, null anywhere) or a number does not fit its field.
	ErrType ErrorClass = "config: wrong type"
	// ErrUnknownField: an object has a member that the policy does not define.
	ErrUnknownField ErrorClass = "config: unknown field"
	// ErrDuplicateKey: an object has the same key twice.
	ErrDuplicateKey ErrorClass = "config: duplicate key"
	// ErrMissingField: a required member is absent.
	ErrMissingField ErrorClass = "config: missing required field"
	// ErrInvalid: a value has the right JSON type but breaks a policy rule
	// (unknown enum value, malformed path template, duplicate route id, ...).
	ErrInvalid ErrorClass = "config: invalid value"
	// ErrTooManyErrors: the last entry of an Errors that was cut at MaxErrors.
	ErrTooManyErrors ErrorClass = "config: too many errors"
)

// MaxErrors is the number of errors Parse reports at most; when there are more,
// the first MaxErrors (in document order) are followed by one "too many errors"
// entry.
const MaxErrors = 100

// Error is one problem in a policy: the JSON path of the offending value and what
// is wrong with it. Path uses the form routes[1].match.methods[0]; map keys that are
// not identifiers are quoted, as in schemas["my key"]; the path is empty for errors
// about the whole document (syntax errors, a top-level value that is not an object).
type Error struct {
	Path string // JSON path of the offending value; empty for the document itself
	Msg  string // what is wrong, one line, without the path

	class ErrorClass
}

// Error returns "path: msg", or just msg when the path is empty.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Unwrap returns the error's class (one of the Err* constants), or nil.
func (e *Error) Unwrap() error {
	if e.class == "" {
		return nil
	}
	return e.class
}

// Errors is the error Parse returns: every problem found, in document order, never
// empty. Range over it to report problems one by one.
type Errors []*Error

// Error returns the messages of all entries, one per line.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the entries, so errors.Is and errors.As look into each of them.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// errorList collects the errors of one Parse call. Errors may be added in any order;
// result sorts them by their position in the document.
//
// The decoder adds its errors with the byte offset of the offending value (addAt)
// and records the offset of every value it decodes, so validation methods, which see
// only Go values and paths, can add errors by path (add) and still land in document
// order. A path whose value failed to decode (or is a missing required field) is
// marked failed: validation errors at or below it are dropped, so one mistake is
// reported once, not again as a consequence.
type errorList struct {
	entries []entry
	offsets map[path]int  // document offset of every decoded value
	failed  map[path]bool // values that could not be decoded
	end     int           // offset used for paths with no known position
}

type entry struct {
	err *Error
	off int
}

func newErrorList(docLen int) *errorList {
	return &errorList{offsets: map[path]int{}, failed: map[path]bool{}, end: docLen}
}

// addAt records a decoding error at document offset off. (Out of line: its
// allocation and append, inlined into the decoder's call sites, cost the
// module 6.5 KB.)
//
//go:noinline
func (l *errorList) addAt(off int, p path, class ErrorClass, msg string) {
	l.entries = append(l.entries, entry{&Error{Path: string(p), Msg: msg, class: class}, off})
}

// fail records a decoding error at off and marks p as failed.
func (l *errorList) fail(off int, p path, class ErrorClass, msg string) {
	l.addAt(off, p, class, msg)
	l.failed[p] = true
}

// add records a validation error about the value at p, unless p or one of its
// parents failed to decode. Validation methods call it.
func (l *errorList) add(p path, class ErrorClass, msg string) {
	if l.failed[p] {
		return
	}
	for _, q := range p.parents() {
		if l.failed[q] {
			return
		}
	}
	l.entries = append(l.entries, entry{&Error{Path: string(p), Msg: msg, class: class}, l.offset(p)})
}

// offset returns the document offset of the value at p, or of its nearest decoded
// parent.
func (l *errorList) offset(p path) int {
	if off, ok := l.offsets[p]; ok {
		return off
	}
	ps := p.parents()
	for i := len(ps) - 1; i >= 0; i-- {
		if off, ok := l.offsets[ps[i]]; ok {
			return off
		}
	}
	return l.end
}

// result returns the collected errors in document order, cut at MaxErrors, or nil
// when there are none.
func (l *errorList) result() error {
	if len(l.entries) == 0 {
		return nil
	}
	sort.SliceStable(l.entries, func(i, j int) bool { return l.entries[i].off < l.entries[j].off })
	n := min(len(l.entries), MaxErrors)
	errs := make(Errors, 0, n+1)
	for _, e := range l.entries[:n] {
		errs = append(errs, e.err)
	}
	if len(l.entries) > MaxErrors {
		errs = append(errs, &Error{Msg: "too many errors", class: ErrTooManyErrors})
	}
	return errs
}

// errorf is fmt.Errorf out of line. Go 1.26 inlines fmt.Errorf together with
// the errors.New of its no-formatting case, which cost the module about 170
// bytes at each call site.
//
//go:noinline
func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }
