package config

import (
	"bytes"
	"fmt"

	"gatehouse/jsontree"
)

// Parse parses and validates a JSON policy. Call it once per configuration (in
// on_configure, or in `gatehouse check`), never per request.
//
// It returns either a valid policy, with defaults applied, or a nil policy and an
// error of type Errors that lists every problem found (up to MaxErrors), in document
// order, each naming the JSON path of the offending value. Each entry wraps one of
// the ErrorClass constants (ErrSyntax, ErrType, ...), for errors.Is.
//
// The input must be a single JSON object (RFC 8259, UTF-8). Empty input is the
// error "empty policy"; invalid JSON is a single error with the line and column of
// the first problem.
func Parse(data []byte) (*Policy, error) {
	var pol Policy
	if err := parseInto(data, &pol); err != nil {
		return nil, err
	}
	return &pol, nil
}

// parseInto parses data into v, a pointer to a policy struct (tests use it with
// their own structs to exercise the decoder).
func parseInto(data []byte, v any) error {
	if len(bytes.TrimLeft(data, " \t\n\r")) == 0 {
		return Errors{{Msg: "empty policy", class: ErrSyntax}}
	}
	root, serr := jsontree.Parse(data)
	if serr != nil {
		line, col := jsontree.LineColumn(data, serr.Off)
		msg := fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, serr.Msg)
		return Errors{{Msg: msg, class: ErrSyntax}}
	}
	errs := newErrorList(len(data))
	decodeDocument(root, v, errs)
	return errs.result()
}
