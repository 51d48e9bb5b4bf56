package payload

import (
	"strconv"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/jsonschema"
	"gatehouse/jsontree"
)

// Rules are a route's body rules, compiled. They are immutable and shared by
// the streams of a VM.
type Rules struct {
	maxBytes  int64
	types     []string // allowlist; nil: any type
	required  bool
	forbidden bool
	limits    jsonschema.Limits // the hostile-JSON guards
	// schema checks JSON bodies: the route's schema, or the schema true, which
	// checks the syntax alone.
	schema *jsonschema.Schema
}

// Compile compiles a route's body section; nil for a route without one. The
// section must come from config.Parse (its schema is compiled there).
func Compile(b *config.Body) (*Rules, error) {
	if b == nil {
		return nil, nil
	}
	r := &Rules{maxBytes: b.Limit(), types: b.MediaTypes(), required: b.Required, forbidden: b.Forbidden,
		limits: jsonschema.Limits{Depth: b.Depth(), Keys: b.Keys(), Array: b.Array(), RejectDuplicates: b.RejectDuplicateKeys}}
	if b.Schema != nil && b.Schema.Compiled != nil {
		r.schema = b.Schema.Compiled
		return r, nil
	}
	s, err := jsonschema.Compile(&jsontree.Node{Kind: jsontree.Bool, Bool: true}, "", nil)
	if err != nil {
		return nil, err
	}
	r.schema = s
	return r, nil
}

// Failure is a body or parameter rule a request broke: the reply status, the
// reason code and where (never a value). The zero Failure means none.
type Failure struct {
	Status    int
	Reason    filters.Reason
	Violation filters.Violation
	// Limit is the guard's or max_bytes' limit, for the log; 0 when none.
	Limit int64
}

// Failed reports whether f is a failure.
func (f Failure) Failed() bool { return f.Reason != "" }

// Detail is the failure in words for the event: the violation, and the limit
// it passed ("max_depth 32", "/items/3/qty minimum", "max_bytes 16384").
func (f Failure) Detail() string {
	d := f.Violation.String()
	if f.Limit > 0 {
		d += " " + strconv.FormatInt(f.Limit, 10)
	}
	return d
}

// Deny turns d, the request's decision so far, into the denial for f,
// keeping its route, identity and enforcement. expose puts the violation in
// the reply (the route's expose_errors).
func (f Failure) Deny(d *filters.Decision, expose bool) {
	d.Verdict, d.Status, d.Reason = filters.Deny, f.Status, f.Reason
	d.Detail = f.Detail()
	d.Violation = f.Violation
	d.ExposeViolation = expose && f.Status == 400 && f.Violation.Keyword != ""
	d.ReplyHeaders = nil
}

func fail(status int, reason filters.Reason, pointer, keyword string, limit int64) Failure {
	return Failure{Status: status, Reason: reason, Violation: filters.Violation{Pointer: pointer, Keyword: keyword}, Limit: limit}
}

// The keywords of body failures outside the schema and the guards.
const (
	kwMaxBytes       = "max_bytes"
	kwContentType    = "content_type"
	kwCharset        = "charset"
	kwRequired       = "required"
	kwForbidden      = "forbidden"
	kwUTF8           = "utf8"
	kwContentLength  = "content_length"
	kwJSON           = "json"
	contentTypeField = "content-type"
)

// Checker judges one request body as it arrives: Start at the request
// headers, then Size for every body callback, Write with the new bytes when
// NeedsBytes, and Finish at the end of the stream. Each returns the first
// failure; after one, the request is refused and the checker is done. A
// Checker is reused from stream to stream (Start resets it); its zero value
// is ready.
type Checker struct {
	r        *Rules
	declared int64 // Content-Length; -1 when absent or malformed
	n        int64 // body bytes seen so far
	written  int64 // body bytes given to Write
	json     bool  // the body is JSON: guards, syntax and schema at the end
	text     bool  // the body must be UTF-8
	u        utf8Stream
	buf      []byte // the body so far, when json
	scratch  jsonschema.Scratch
}

// maxKeptBuffer is the body buffer capacity a Checker keeps for the next
// stream; larger buffers are dropped, so one big body does not pin memory.
const maxKeptBuffer = 64 << 10

// Start begins the check of a request's body at its headers. bodyFollows is
// false when the headers ended the stream. It checks what the headers say:
// Content-Length against max_bytes and a forbidden body, and Content-Type
// against the allowlist when a body follows.
func (c *Checker) Start(r *Rules, req *filters.Request, bodyFollows bool) Failure {
	buf := c.buf[:0]
	if cap(buf) > maxKeptBuffer {
		buf = nil
	}
	*c = Checker{r: r, declared: -1, buf: buf, scratch: c.scratch}
	if v, ok := req.Header("content-length"); ok {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && isDigits(v) {
			c.declared = n
		}
	}
	if c.declared > 0 && r.forbidden {
		return fail(400, filters.ReasonBodyForbidden, "", kwForbidden, 0)
	}
	if c.declared > r.maxBytes {
		return fail(413, filters.ReasonBodyTooLarge, "", kwMaxBytes, r.maxBytes)
	}
	if !bodyFollows || c.declared == 0 || r.forbidden {
		return Failure{}
	}
	ct, ok := req.Header(contentTypeField)
	if !ok {
		if r.types != nil {
			return fail(415, filters.ReasonContentTypeUnsupported, "", kwContentType, 0)
		}
		return Failure{}
	}
	mt, ok := parseMediaType(ct)
	switch {
	case !ok && r.types == nil:
		return Failure{} // any type: a malformed one is judged by size alone
	case !ok:
		return fail(415, filters.ReasonContentTypeUnsupported, "", kwContentType, 0)
	}
	if r.types != nil && !contains(r.types, mt.typ) {
		return fail(415, filters.ReasonContentTypeUnsupported, "", kwContentType, 0)
	}
	c.json, c.text = isJSON(mt.typ), isText(mt.typ)
	if c.text && mt.hasCS && mt.charset != "utf-8" && mt.charset != "us-ascii" {
		return fail(415, filters.ReasonContentTypeUnsupported, "", kwCharset, 0)
	}
	return Failure{}
}

// NeedsBytes reports whether Write must be given the body's bytes; when false,
// Size alone judges the body and the bytes need not be read.
func (c *Checker) NeedsBytes() bool { return c.text }

// Received is the number of body bytes seen so far (Size's last total).
func (c *Checker) Received() int64 { return c.n }

// Have is the number of body bytes given to Write so far: the next Write
// starts at this offset of the body.
func (c *Checker) Have() int64 { return c.written }

// Size records that total body bytes have arrived so far and checks the
// size: over max_bytes is 413 at once (the rest of the body is not awaited),
// any byte on a route that forbids a body is 400, more bytes than the
// Content-Length announced is 400.
func (c *Checker) Size(total int64) Failure {
	if total < c.n {
		total = c.n
	}
	c.n = total
	switch {
	case c.r.forbidden && total > 0:
		return fail(400, filters.ReasonBodyForbidden, "", kwForbidden, 0)
	case total > c.r.maxBytes:
		return fail(413, filters.ReasonBodyTooLarge, "", kwMaxBytes, c.r.maxBytes)
	case c.declared >= 0 && total > c.declared:
		return fail(400, filters.ReasonBodyInvalid, "", kwContentLength, 0)
	}
	return Failure{}
}

// Write checks the next bytes of the body (those from offset Have on): UTF-8
// across chunk boundaries, and for JSON bodies keeps them for Finish. The
// Checker may keep chunk itself (the caller hands it over).
func (c *Checker) Write(chunk []byte) Failure {
	c.written += int64(len(chunk))
	switch {
	case !c.json:
	case len(c.buf) == 0 && cap(c.buf) < len(chunk):
		c.buf = chunk // the first chunk: no copy (a body in one chunk is never copied)
	default:
		c.buf = append(c.buf, chunk...)
	}
	if !c.u.write(chunk) {
		return fail(400, filters.ReasonBodyInvalid, "", kwUTF8, 0)
	}
	return Failure{}
}

// Finish judges the whole body at the end of the stream: present when
// required, as long as its Content-Length said, UTF-8 to the end, and for
// JSON the guards, the syntax and the schema, in one pass over the body
// (jsonschema.Schema.ValidateWithin: a guard broken anywhere outranks the
// schema's keywords).
func (c *Checker) Finish() Failure {
	switch {
	case c.n == 0 && c.r.required:
		return fail(400, filters.ReasonBodyRequired, "", kwRequired, 0)
	case c.declared >= 0 && c.n != c.declared:
		return fail(400, filters.ReasonBodyInvalid, "", kwContentLength, 0)
	case c.n == 0:
		return Failure{}
	case c.text && !c.u.end():
		return fail(400, filters.ReasonBodyInvalid, "", kwUTF8, 0)
	case !c.json:
		return Failure{}
	}
	v, ok := c.r.schema.ValidateWithin(c.buf, c.r.limits, &c.scratch)
	if ok {
		return Failure{}
	}
	limit := int64(0)
	switch lim := c.r.limits; v.Keyword {
	case jsonschema.KeywordMaxDepth:
		limit = int64(lim.Depth)
	case jsonschema.KeywordMaxKeys:
		limit = int64(lim.Keys)
	case jsonschema.KeywordMaxArray:
		limit = int64(lim.Array)
	}
	return fail(400, filters.ReasonBodyInvalid, v.Pointer, v.Keyword, limit)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
