package redact

import (
	"strconv"
	"strings"
)

// Start is what to do with a response, decided from its headers.
type Start uint8

const (
	// StartBuffer: hold the body to redact it at its end (the plugin removes
	// Content-Length, since the length changes).
	StartBuffer Start = iota
	// StartNotJSON: not a JSON response; it passes untouched.
	StartNotJSON
	// StartOverflow: the body cannot be redacted (its Content-Length is over
	// MaxBytes, or it is compressed); PassOverflow says whether it passes
	// untouched or is refused.
	StartOverflow
)

// AtHeaders decides on a response from its Content-Type, Content-Encoding and
// Content-Length headers ("" when absent).
func (p *Plan) AtHeaders(contentType, contentEncoding, contentLength string) Start {
	if !IsJSON(contentType) {
		return StartNotJSON
	}
	if contentEncoding != "" && !strings.EqualFold(strings.TrimSpace(contentEncoding), "identity") {
		return StartOverflow
	}
	if contentLength != "" {
		if n, err := strconv.ParseUint(strings.TrimSpace(contentLength), 10, 63); err == nil && n > uint64(p.maxBytes) {
			return StartOverflow
		}
	}
	return StartBuffer
}

// IsJSON reports whether a Content-Type value names JSON: application/json or
// a +json suffix type (application/problem+json), in any case, with or without
// parameters.
func IsJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok || !strings.EqualFold(typ, "application") {
		return false
	}
	return strings.EqualFold(sub, "json") || len(sub) > 5 && strings.EqualFold(sub[len(sub)-5:], "+json")
}
