package payload

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

// pairs parses a whole query string with nextPair.
func pairs(q string) ([][2]string, error) {
	var out [][2]string
	for q != "" {
		name, value, rest, ok, err := nextPair(q)
		if !ok {
			break
		}
		if err != nil {
			return out, err
		}
		out = append(out, [2]string{name, value})
		q = rest
	}
	return out, nil
}

func TestQueryParser(t *testing.T) {
	tests := []struct {
		q    string
		want [][2]string
		err  bool
	}{
		{"", nil, false},
		{"a=1&b=2", [][2]string{{"a", "1"}, {"b", "2"}}, false},
		{"a=1&&b", [][2]string{{"a", "1"}, {"b", ""}}, false},
		{"a=&=x", [][2]string{{"a", ""}, {"", "x"}}, false},
		{"a=b=c", [][2]string{{"a", "b=c"}}, false},
		{"q=hello+world%21", [][2]string{{"q", "hello world!"}}, false},
		{"%71=%2B%2b+", [][2]string{{"q", "++ "}}, false},
		{"a=1;b=2", [][2]string{{"a", "1;b=2"}}, false},
		{"x=%C3%A9", [][2]string{{"x", "é"}}, false},
		{"a=1&a=2", [][2]string{{"a", "1"}, {"a", "2"}}, false},
		{"a=%", nil, true},
		{"a=%4", nil, true},
		{"a=%zz", nil, true},
		{"a=%ff", nil, true},
		{"a=\xff", nil, true},
		{"%=1", nil, true},
	}
	for _, tt := range tests {
		got, err := pairs(tt.q)
		if (err != nil) != tt.err || (!tt.err && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("%q: %q, %v; want %q (error %v)", tt.q, got, err, tt.want, tt.err)
		}
	}
	for path, want := range map[string]string{"/a?x=1#f": "x=1", "/a": "", "/a?": "", "/a#?x": "", "/a?x?y=1": "x?y=1"} {
		if got := queryOf(path); got != want {
			t.Errorf("queryOf(%q) = %q, want %q", path, got, want)
		}
	}
}

// FuzzQuery checks the strict parser against net/url: whatever it accepts
// (without ';', which net/url refuses) decodes to the same pairs, in order.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"a=1&b=2", "q=hello+world%21", "%71=%2B%2b+", "a=%", "a=1&&b", "x=%C3%A9&x=2", "a;b=c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, err := pairs(q)
		if err != nil || strings.Contains(q, ";") {
			return
		}
		vals, uerr := url.ParseQuery(q)
		if uerr != nil {
			t.Fatalf("%q: we accept %q, net/url refuses: %v", q, got, uerr)
		}
		seen := map[string]int{}
		for _, p := range got {
			i := seen[p[0]]
			seen[p[0]]++
			if i >= len(vals[p[0]]) || vals[p[0]][i] != p[1] {
				t.Fatalf("%q: pair %q, net/url has %q", q, p, vals[p[0]])
			}
		}
		n := 0
		for _, v := range vals {
			n += len(v)
		}
		if n != len(got) {
			t.Fatalf("%q: %d pairs, net/url %d", q, len(got), n)
		}
	})
}

func paramRules(t *testing.T, params string) *ParamRules {
	t.Helper()
	pol, err := config.Parse([]byte(`{"routes":[{"id":"r","match":{"path":"/r/{id}/{rest...}"},"public":true,"params":` + params + `}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return CompileParams(pol.Routes[0].Params)
}

func TestParams(t *testing.T) {
	const rules = `{"query":{
		"limit":{"type":"integer","minimum":1,"maximum":100,"required":true},
		"page":{"type":"integer","enum":[1,2,3]},
		"ratio":{"type":"number","minimum":0,"maximum":1},
		"flag":{"type":"boolean"},
		"only_true":{"type":"boolean","enum":[true]},
		"sort":{"enum":["asc","desc"]},
		"name":{"min_length":2,"max_length":4,"pattern":"^[a-zé]+$"},
		"a/b~":{},
		"greeting":{"pattern":"^\\p{L}+\\s\\d$"}},
		"path":{"id":{"type":"integer","minimum":1},"rest":{"pattern":"^[a-z/]+$"}}}`
	pr := paramRules(t, rules)
	reject := paramRules(t, `{"query":{"limit":{"type":"integer"}},"unknown_query":"reject"}`)
	tests := []struct {
		name    string
		pr      *ParamRules
		path    string
		params  []filters.Param
		pointer string
		keyword string
	}{
		{"valid", pr, "/r?limit=10&page=2&ratio=0.5&flag=false&sort=asc&name=ab%C3%A9&other=x", nil, "", ""},
		{"required missing", pr, "/r?page=1", nil, "/query/limit", "required"},
		{"integer type", pr, "/r?limit=1.5", nil, "/query/limit", "type"},
		{"integer with plus", pr, "/r?limit=%2B5", nil, "/query/limit", "type"},
		{"integer too big for 64 bits", pr, "/r?limit=99999999999999999999", nil, "/query/limit", "type"},
		{"integer empty", pr, "/r?limit=", nil, "/query/limit", "type"},
		{"minimum", pr, "/r?limit=0", nil, "/query/limit", "minimum"},
		{"maximum", pr, "/r?limit=101", nil, "/query/limit", "maximum"},
		{"integer enum", pr, "/r?limit=5&page=4", nil, "/query/page", "enum"},
		{"number type", pr, "/r?limit=5&ratio=NaN", nil, "/query/ratio", "type"},
		{"number hex", pr, "/r?limit=5&ratio=0x1p-2", nil, "/query/ratio", "type"},
		{"number exponent", pr, "/r?limit=5&ratio=5e-1", nil, "", ""},
		{"number maximum", pr, "/r?limit=5&ratio=1.01", nil, "/query/ratio", "maximum"},
		{"boolean type", pr, "/r?limit=5&flag=1", nil, "/query/flag", "type"},
		{"boolean enum", pr, "/r?limit=5&only_true=false", nil, "/query/only_true", "enum"},
		{"string enum", pr, "/r?limit=5&sort=up", nil, "/query/sort", "enum"},
		{"min_length in characters", pr, "/r?limit=5&name=%C3%A9", nil, "/query/name", "min_length"},
		{"max_length", pr, "/r?limit=5&name=abcde", nil, "/query/name", "max_length"},
		{"pattern", pr, "/r?limit=5&name=ab1", nil, "/query/name", "pattern"},
		{"ECMA-262 pattern: \\p{L} and \\s take non-ASCII", pr, "/r?limit=5&greeting=h%C3%A9llo%C2%A01", nil, "", ""},
		{"ECMA-262 pattern: \\s takes U+3000", pr, "/r?limit=5&greeting=ab%E3%80%801", nil, "", ""},
		{"ECMA-262 pattern: no match", pr, "/r?limit=5&greeting=ab_1", nil, "/query/greeting", "pattern"},
		{"repeated", pr, "/r?limit=5&limit=6", nil, "/query/limit", "repeated"},
		{"malformed escape", pr, "/r?limit=5&x=%zz", nil, "/query", "encoding"},
		{"escaped name in pointer", pr, "/r?limit=5&a%2Fb~=x", nil, "", ""},
		{"unknown allowed", pr, "/r?limit=5&zzz=1", nil, "", ""},
		{"unknown refused", reject, "/r?limit=5&zzz=1", nil, "/query/zzz", "unknown"},
		{"unknown name escaped", reject, "/r?a/b=1", nil, "/query/a~1b", "unknown"},
		{"no query", reject, "/r", nil, "", ""},
		{"path integer", pr, "/r?limit=1", []filters.Param{{Name: "id", Value: "x"}}, "/path/id", "type"},
		{"path minimum", pr, "/r?limit=1", []filters.Param{{Name: "id", Value: "0"}}, "/path/id", "minimum"},
		{"path rest", pr, "/r?limit=1", []filters.Param{{Name: "id", Value: "7"}, {Name: "rest", Value: "a/b%2Fc"}}, "", ""},
		{"path pattern", pr, "/r?limit=1", []filters.Param{{Name: "id", Value: "7"}, {Name: "rest", Value: "a/B"}}, "/path/rest", "pattern"},
		{"path escape", pr, "/r?limit=1", []filters.Param{{Name: "id", Value: "%4"}}, "/path/id", "encoding"},
		{"path before query", pr, "/r", []filters.Param{{Name: "id", Value: "0"}}, "/path/id", "minimum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.pr.Check(&filters.Request{Path: tt.path, Params: tt.params})
			if f.Violation.Pointer != tt.pointer || f.Violation.Keyword != tt.keyword {
				t.Fatalf("got %q %q, want %q %q", f.Violation.Pointer, f.Violation.Keyword, tt.pointer, tt.keyword)
			}
			if tt.keyword != "" && (f.Status != 400 || f.Reason != filters.ReasonParamInvalid) {
				t.Fatalf("got %d %s", f.Status, f.Reason)
			}
		})
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "-0": true, "12.5e+3": true, "1E9": true, "01": false, "1.": false,
		".5": false, "+1": false, "1e": false, "Inf": false, "": false, "-": false, "0x10": false, "1_000": false} {
		if isNumber(s) != want {
			t.Errorf("isNumber(%q) = %v", s, !want)
		}
	}
}

func TestMediaType(t *testing.T) {
	tests := []struct {
		in, typ, charset string
		ok               bool
	}{
		{"application/json", "application/json", "", true},
		{" Application/JSON ; Charset=UTF-8 ", "application/json", "utf-8", true},
		{`text/plain; format=flowed; charset="us-ascii"`, "text/plain", "us-ascii", true},
		{"application/json;", "application/json", "", true},
		{"application/json; charset=utf-8; charset=utf-16", "", "", false},
		{"application", "", "", false},
		{"application/json; =x", "", "", false},
		{"app lication/json", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		mt, ok := parseMediaType(tt.in)
		if ok != tt.ok || ok && (mt.typ != tt.typ || mt.charset != tt.charset) {
			t.Errorf("%q: %+v %v", tt.in, mt, ok)
		}
	}
}

// FuzzMediaType checks the Content-Type parser: what it accepts has a lower-case
// type/subtype of tokens, and writing it back parses to the same.
func FuzzMediaType(f *testing.F) {
	for _, s := range []string{"application/json", ` Text/Plain ; charset="UTF-8"; a=b`, "a/b;charset=x;charset=y", "a/b; =", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		mt, ok := parseMediaType(v)
		if !ok {
			return
		}
		typ, sub, found := strings.Cut(mt.typ, "/")
		if !found || !isToken(typ) || !isToken(sub) || lowerASCII(mt.typ) != mt.typ {
			t.Fatalf("%q: type %q", v, mt.typ)
		}
		again := mt.typ
		if mt.hasCS {
			if strings.ContainsAny(mt.charset, ";\"") {
				return // a quoted charset with separators: not written back bare
			}
			again += "; charset=" + mt.charset
		}
		if mt2, ok := parseMediaType(again); !ok || mt2 != mt {
			t.Fatalf("%q → %+v; %q → %+v %v", v, mt, again, mt2, ok)
		}
	})
}
