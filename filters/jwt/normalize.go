package jwt

import (
	"strings"

	"encoding/json"
)

// Lookup returns the claim at a dotted path ("realm_access.roles"), walking
// nested objects, and whether it exists. A claim name that itself contains a dot
// is found when written whole at the top level ("https://example.com/roles" is
// looked up as one name first).
func (c *Claims) Lookup(path string) (any, bool) {
	if v, ok := c.all[path]; ok {
		return v, true
	}
	var cur any = c.all
	for part := range strings.SplitSeq(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// StringList normalises the claim at path to a list of strings: an array of
// strings as is (other entries skipped), a string split on spaces (the OAuth
// scope form, RFC 8693 §4.2). Absent or other types give nil.
func (c *Claims) StringList(path string) []string {
	v, _ := c.Lookup(path)
	switch v := v.(type) {
	case string:
		return strings.Fields(v)
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// HeaderValue renders the claim at path for a forwarded request header: strings
// as is, numbers and booleans in JSON form, arrays of those joined with commas.
// Objects, null, absent claims and values with control characters (which could
// split a header) give "", false.
func (c *Claims) HeaderValue(path string) (string, bool) {
	v, ok := c.Lookup(path)
	if !ok {
		return "", false
	}
	if list, ok := v.([]any); ok {
		parts := make([]string, 0, len(list))
		for _, e := range list {
			s, ok := scalar(e)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return safeHeader(strings.Join(parts, ","))
	}
	s, ok := scalar(v)
	if !ok {
		return "", false
	}
	return safeHeader(s)
}

func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return string(v), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func safeHeader(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return "", false
		}
	}
	return s, true
}
