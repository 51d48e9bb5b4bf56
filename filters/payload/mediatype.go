package payload

import "strings"

// mediaType is a parsed Content-Type: the type/subtype in lower case and the
// charset parameter, if any (lower case, unquoted).
type mediaType struct {
	typ     string
	charset string
	hasCS   bool
}

// parseMediaType parses a Content-Type value (RFC 9110 §8.3): type "/"
// subtype, then parameters separated by ';'. Only the charset parameter is
// read; the others are skipped. ok is false for a value that is not of this
// shape, or that names charset twice.
func parseMediaType(v string) (mediaType, bool) {
	var mt mediaType
	typ, params, _ := strings.Cut(v, ";")
	typ = strings.TrimSpace(typ)
	t, sub, ok := strings.Cut(typ, "/")
	if !ok || !isToken(t) || !isToken(sub) {
		return mt, false
	}
	mt.typ = lowerASCII(typ)
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		p = strings.Trim(p, " \t")
		if p == "" {
			continue
		}
		name, val, ok := strings.Cut(p, "=")
		if !ok || !isToken(name) {
			return mt, false
		}
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = val[1 : len(val)-1]
		}
		if strings.EqualFold(name, "charset") {
			if mt.hasCS {
				return mt, false
			}
			mt.charset, mt.hasCS = lowerASCII(val), true
		}
	}
	return mt, true
}

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// lowerASCII lower-cases ASCII letters, without allocating when s has none.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// isJSON reports whether a lower-case media type is JSON.
func isJSON(t string) bool { return t == "application/json" || strings.HasSuffix(t, "+json") }

// isText reports whether a lower-case media type is text that must be UTF-8
// (its charset, if named, must then be UTF-8 too).
func isText(t string) bool { return isJSON(t) || strings.HasPrefix(t, "text/") }
