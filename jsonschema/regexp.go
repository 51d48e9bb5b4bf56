package jsonschema

import (
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/gatehouse-dev/gatehouse/jsontree"
)

// regexp compiles the pattern keyword's value.
func (c *compiler) regexp(v *jsontree.Node, p string) *pattern {
	if v.Kind != jsontree.String {
		c.errorf(v, p, ErrInvalidSchema, "must be a string")
		return nil
	}
	return c.compileRegexp(v, p, v.Str)
}

// compileRegexp compiles an ECMA-262 pattern with Go's RE2 engine, once, at
// load. The \uXXXX and \u{X...} escapes of ECMA-262 become RE2's \x{...};
// everything RE2 does not know (lookaround, backreferences) fails to compile
// and is a load error. RATIONALE.md lists the differences that remain.
func (c *compiler) compileRegexp(n *jsontree.Node, p, src string) *pattern {
	expr := translateECMA(src)
	re, err := regexp.Compile(expr)
	if err != nil {
		msg := err.Error()
		if e, ok := err.(*syntax.Error); ok {
			msg = string(e.Code) + " " + strquote(e.Expr)
		}
		c.errorf(n, p, ErrInvalidSchema, "invalid regular expression (RE2): %s", msg)
		return nil
	}
	return &pattern{re: re, simple: compileSimple(expr)}
}

func strquote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return "`" + s + "`"
}

// translateECMA rewrites ECMA-262 \u escapes into RE2's \x{...}.
func translateECMA(p string) string {
	if !strings.Contains(p, `\u`) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] != '\\' || i+1 >= len(p) {
			b.WriteByte(p[i])
			continue
		}
		if p[i+1] == 'u' {
			if i+6 <= len(p) && isHex(p[i+2]) && isHex(p[i+3]) && isHex(p[i+4]) && isHex(p[i+5]) {
				b.WriteString(`\x{` + p[i+2:i+6] + `}`)
				i += 5
				continue
			}
			if i+2 < len(p) && p[i+2] == '{' {
				if j := strings.IndexByte(p[i+2:], '}'); j > 0 {
					b.WriteString(`\x` + p[i+2:i+3+j])
					i += 2 + j
					continue
				}
			}
		}
		b.WriteString(p[i : i+2])
		i++
	}
	return b.String()
}
