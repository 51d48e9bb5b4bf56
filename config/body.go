package config

import (
	"fmt"
	"strings"
)

// Body is a route's body section: what a request body on the route may be.
// A route without one lets any body through unchecked (and its body costs
// nothing); a route with one has its body buffered and judged before the
// request goes on. Zero values are defaults.
type Body struct {
	// MaxBytes caps the body's size (413 beyond it: by Content-Length at the
	// headers, or as soon as a streamed body passes it). Default
	// DefaultMaxBodyBytes, at most MaxBodyBytes.
	MaxBytes *int64 `json:"max_bytes"`
	// ContentTypes is the allowlist of media types ("application/json"), lower
	// case, without parameters; a body of another type (or without
	// Content-Type) is refused with 415. Absent: any type, except that a route
	// with a schema takes application/json only.
	ContentTypes []string `json:"content_types"`
	// Required refuses requests without a body (400 body_required).
	Required bool `json:"required"`
	// Forbidden refuses requests with a body (400 body_forbidden). It takes no
	// other body rule.
	Forbidden bool `json:"forbidden"`
	// MaxDepth, MaxKeys and MaxArray guard against hostile JSON: the nesting
	// depth of arrays and objects, the members of one object and the elements
	// of one array. Defaults DefaultMaxDepth, DefaultMaxKeys, DefaultMaxArray.
	MaxDepth *int `json:"max_depth"`
	MaxKeys  *int `json:"max_keys"`
	MaxArray *int `json:"max_array"`
	// RejectDuplicateKeys refuses JSON objects that have the same member name
	// twice (parsers disagree on which one wins).
	RejectDuplicateKeys bool `json:"reject_duplicate_keys"`
	// Schema is the JSON Schema the body must satisfy: inline, or
	// {"$ref": "#/schemas/<name>"} naming one of the policy's schemas.
	Schema *Schema `json:"schema"`
}

// Body limits: defaults and bounds.
const (
	// DefaultMaxBodyBytes is max_bytes when absent: 1 MiB, Envoy's default
	// per-connection buffer limit (a body over Envoy's limit gets Envoy's own
	// 413 first).
	DefaultMaxBodyBytes = 1 << 20
	// MaxBodyBytes bounds max_bytes: the body is buffered in Envoy and copied
	// into the VM to be judged.
	MaxBodyBytes = 16 << 20
	// DefaultMaxDepth, DefaultMaxKeys and DefaultMaxArray are the hostile-JSON
	// guards' defaults.
	DefaultMaxDepth = 32
	DefaultMaxKeys  = 1000
	DefaultMaxArray = 10000
	// MaxMaxDepth bounds max_depth (the checks walk the body recursively).
	MaxMaxDepth = 128
	// MaxMaxKeys and MaxMaxArray bound max_keys and max_array.
	MaxMaxKeys  = 1_000_000
	MaxMaxArray = 10_000_000
)

// Limit returns the effective max_bytes.
func (b *Body) Limit() int64 {
	if b.MaxBytes == nil {
		return DefaultMaxBodyBytes
	}
	return *b.MaxBytes
}

// Depth, Keys and Array return the effective hostile-JSON guards.
func (b *Body) Depth() int { return orInt(b.MaxDepth, DefaultMaxDepth) }
func (b *Body) Keys() int  { return orInt(b.MaxKeys, DefaultMaxKeys) }
func (b *Body) Array() int { return orInt(b.MaxArray, DefaultMaxArray) }

// MediaTypes returns the effective content-type allowlist: ContentTypes, or
// application/json for a route with a schema, or nil (any type).
func (b *Body) MediaTypes() []string {
	if b.ContentTypes == nil && b.Schema != nil {
		return []string{"application/json"}
	}
	return b.ContentTypes
}

func orInt(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func (b *Body) validate(p path, errs *errorList) {
	if b.Forbidden {
		var others []string
		for _, f := range []struct {
			name string
			set  bool
		}{{"content_types", b.ContentTypes != nil}, {"max_array", b.MaxArray != nil}, {"max_bytes", b.MaxBytes != nil},
			{"max_depth", b.MaxDepth != nil}, {"max_keys", b.MaxKeys != nil},
			{"reject_duplicate_keys", b.RejectDuplicateKeys}, {"required", b.Required}, {"schema", b.Schema != nil}} {
			if f.set {
				others = append(others, f.name)
			}
		}
		if len(others) > 0 {
			errs.add(p.key("forbidden"), ErrInvalid,
				"a forbidden body takes no other body rule (remove "+strings.Join(others, ", ")+")")
		}
	}
	if b.MaxBytes != nil && (*b.MaxBytes <= 0 || *b.MaxBytes > MaxBodyBytes) {
		errs.add(p.key("max_bytes"), ErrInvalid, fmt.Sprintf("must be > 0 and at most %d", MaxBodyBytes))
	}
	checkBound(p.key("max_depth"), b.MaxDepth, MaxMaxDepth, errs)
	checkBound(p.key("max_keys"), b.MaxKeys, MaxMaxKeys, errs)
	checkBound(p.key("max_array"), b.MaxArray, MaxMaxArray, errs)
	if b.ContentTypes != nil && len(b.ContentTypes) == 0 {
		errs.add(p.key("content_types"), ErrInvalid, "must not be empty (omit it to accept any type)")
	}
	json := false
	for i, ct := range b.ContentTypes {
		cp := p.key("content_types").index(i)
		switch {
		case !validMediaType(ct):
			errs.add(cp, ErrInvalid, fmt.Sprintf("invalid media type %q (want type/subtype in lower case, without parameters, e.g. application/json)", ct))
		case containsString(b.ContentTypes[:i], ct):
			errs.add(cp, ErrInvalid, fmt.Sprintf("duplicate media type %q", ct))
		}
		json = json || IsJSONMediaType(ct)
	}
	if b.Schema != nil && b.ContentTypes != nil && !json {
		errs.add(p.key("schema"), ErrInvalid, "a schema needs a JSON media type in content_types (application/json or */*+json)")
	}
}

func checkBound(p path, v *int, max int, errs *errorList) {
	if v != nil && (*v <= 0 || *v > max) {
		errs.add(p, ErrInvalid, fmt.Sprintf("must be > 0 and at most %d", max))
	}
}

// validMediaType reports whether s is type/subtype made of lower-case RFC
// 9110 token characters.
func validMediaType(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	return ok && isMediaToken(typ) && isMediaToken(sub)
}

func isMediaToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// IsJSONMediaType reports whether a lower-case media type (without
// parameters) is JSON: application/json or any */*+json.
func IsJSONMediaType(t string) bool {
	return t == "application/json" || strings.HasSuffix(t, "+json")
}
