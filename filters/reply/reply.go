// Package reply builds the generic error replies Gatehouse sends to clients: the
// right status, a short JSON body with an error word and the request id, and
// nothing that explains why (the reason goes to the security event only).
package reply

import (
	"strconv"
	"unicode/utf8"

	"gatehouse/filters"
)

// Reply is a local response ready to send.
type Reply struct {
	Status  int
	Headers []filters.Header
	Body    []byte
}

// words maps a status to the one word a client sees. Statuses not listed here
// get "error".
var words = map[int]string{
	400: "bad_request",
	401: "unauthorized",
	403: "forbidden",
	404: "not_found",
	405: "method_not_allowed",
	413: "payload_too_large",
	415: "unsupported_media_type",
	426: "upgrade_required",
	429: "too_many_requests",
	500: "internal_error",
	502: "bad_gateway",
	503: "unavailable",
}

// Word is the error word for status, e.g. "forbidden" for 403.
func Word(status int) string {
	if w, ok := words[status]; ok {
		return w
	}
	return "error"
}

// Error builds the generic reply for status. requestID is echoed so a client can
// quote it to support; extra headers (e.g. Allow, WWW-Authenticate) come after
// the fixed ones. The body is {"error":"<word>","request_id":"<id>"}.
func Error(status int, requestID string, extra ...filters.Header) Reply {
	body := make([]byte, 0, 64+len(requestID))
	body = append(body, `{"error":"`...)
	body = append(body, Word(status)...)
	body = append(body, `","request_id":`...)
	body = strconv.AppendQuoteToASCII(body, requestID)
	body = append(body, '}')
	headers := make([]filters.Header, 0, 2+len(extra))
	headers = append(headers,
		filters.Header{Name: "content-type", Value: "application/json"},
		filters.Header{Name: "cache-control", Value: "no-store"})
	headers = append(headers, extra...)
	return Reply{Status: status, Headers: headers, Body: body}
}

// Empty builds a reply without a body for a status that is not an error (a
// 204 CORS preflight answer, a 308 redirect): only the given headers.
func Empty(status int, headers ...filters.Header) Reply {
	return Reply{Status: status, Headers: headers}
}

// Invalid builds the 400 reply of a route with expose_errors: the generic body
// plus the JSON pointer and the keyword of the rule the request broke,
// {"error":"bad_request","request_id":"<id>","pointer":"/items/3/qty","keyword":"minimum"}.
// Pointer and keyword never hold a value of the request.
func Invalid(status int, requestID string, v filters.Violation) Reply {
	r := Error(status, requestID)
	body := r.Body[:len(r.Body)-1]
	body = append(body, `,"pointer":`...)
	body = appendJSONString(body, v.Pointer)
	body = append(body, `,"keyword":`...)
	body = appendJSONString(body, v.Keyword)
	r.Body = append(body, '}')
	return r
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r < 0x20 || r == 0x7f:
			dst = append(dst, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return append(dst, '"')
}
