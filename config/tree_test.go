package config

import (
	"strings"
	"testing"
)

func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{`, "line 1, column 2: unexpected end of input"},
		{`{"a"`, "line 1, column 5: unexpected end of input"},
		{`{"a":`, "line 1, column 6: unexpected end of input"},
		{`{"a":1`, "line 1, column 7: unexpected end of input"},
		{`{"a`, "line 1, column 4: unexpected end of input"},
		{`{"a":"\`, "line 1, column 8: unexpected end of input"},
		{`{"a":"\u12`, "line 1, column 11: unexpected end of input"},
		{`{} {}`, "line 1, column 4: invalid character '{' after top-level value"},
		{`{"a":1,}`, "line 1, column 8: invalid character '}' looking for beginning of object key string"},
		{`{"a":[1,]}`, "line 1, column 9: invalid character ']' looking for beginning of value"},
		{`{"a":[1 2]}`, "line 1, column 9: invalid character '2' after array element"},
		{`{"a":1 "b":2}`, "line 1, column 8: invalid character '\"' after object key:value pair"},
		{`{a:1}`, "line 1, column 2: invalid character 'a' looking for beginning of object key string"},
		{`{"a":tru}`, "line 1, column 9: invalid character '}' in literal true (expecting 'e')"},
		{`{"a":nul`, "line 1, column 9: unexpected end of input"},
		{`{"a":01}`, "line 1, column 7: invalid character '1' after object key:value pair"},
		{`{"a":-}`, "line 1, column 7: invalid character '}' in numeric literal"},
		{`{"a":1.}`, "line 1, column 8: invalid character '}' in numeric literal"},
		{`{"a":1e}`, "line 1, column 8: invalid character '}' in numeric literal"},
		{`{"a":+1}`, "line 1, column 6: invalid character '+' looking for beginning of value"},
		{`{"a":'x'}`, "line 1, column 6: invalid character '\\'' looking for beginning of value"},
		{"{\"a\":\"x\ty\"}", "line 1, column 8: invalid character '\\t' in string literal"},
		{`{"a":"\x"}`, "line 1, column 8: invalid character 'x' in string escape code"},
		{`{"a":"\u12G4"}`, "line 1, column 11: invalid character 'G' in \\u hexadecimal character escape"},
		{"{\"a\":\"\xff\"}", "line 1, column 7: invalid UTF-8 in string literal"},
		{"\ufeff{}", "line 1, column 1: invalid character '\\ufeff' looking for beginning of value"},
		{"{\x01}", "line 1, column 2: invalid character '\\x01' looking for beginning of object key string"},
		{"{\"a\":\xff}", "line 1, column 6: invalid character '\\xff' looking for beginning of value"},
		{"{// comment\n}", "line 1, column 2: invalid character '/' looking for beginning of object key string"},
		// Lines count \n; columns count characters, not bytes.
		{"{\r\n\"é\": \"ü\",\n  x}", "line 3, column 3: invalid character 'x' looking for beginning of object key string"},
		{"{\"é\": \"ü\" x}", "line 1, column 11: invalid character 'x' after object key:value pair"},
		{strings.Repeat("[", maxDepth+1), "line 1, column 1001: exceeded maximum nesting depth of 1000"},
		{`{"a":` + strings.Repeat("[", maxDepth) + `}`, "line 1, column 1005: exceeded maximum nesting depth of 1000"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		want := "invalid JSON at " + tt.want
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%q):\n got %v\nwant %s", tt.in, err, want)
		}
	}
}

func TestTree(t *testing.T) {
	in := `{"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x\udc00","n":-1.5e+3,"t":true,"f":false,"z":null,"a":[{},[]],"s":0}`
	root, serr := parseTree([]byte(in))
	if serr != nil {
		t.Fatal(serr.msg)
	}
	if root.kind != kindObject || len(root.members) != 7 || root.off != 0 || root.end != len(in) {
		t.Fatalf("root = %+v", root)
	}
	m := root.members
	if got := m[0].val.str; got != "a\"\\/\b\f\n\r\té😀\uFFFDx\uFFFD" {
		t.Errorf("string = %q", got)
	}
	if m[1].val.kind != kindNumber || m[1].val.str != "-1.5e+3" {
		t.Errorf("number = %+v", m[1].val)
	}
	if !m[2].val.boolean || m[3].val.boolean || m[2].val.kind != kindBool || m[4].val.kind != kindNull {
		t.Errorf("literals = %+v %+v %+v", m[2].val, m[3].val, m[4].val)
	}
	if a := m[5].val; a.kind != kindArray || len(a.elems) != 2 || a.elems[0].kind != kindObject || a.elems[1].kind != kindArray {
		t.Errorf("array = %+v", a)
	}
	for i, mem := range m {
		if mem.dup != (i == 6) {
			t.Errorf("member %d (%q) dup = %v", i, mem.key, mem.dup)
		}
		if in[mem.off] != '"' {
			t.Errorf("member %d key offset %d does not point at a quote", i, mem.off)
		}
	}
}

func TestTreeDuplicateKeysInLargeObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 40; i++ {
		b.WriteString(`"k` + string(rune('a'+i%20)) + `":1,`)
	}
	b.WriteString(`"last":1}`)
	root, serr := parseTree([]byte(b.String()))
	if serr != nil {
		t.Fatal(serr.msg)
	}
	for i, m := range root.members {
		if want := i >= 20 && i < 40; m.dup != want {
			t.Errorf("member %d (%q) dup = %v, want %v", i, m.key, m.dup, want)
		}
	}
}
