package jsontree

import (
	"fmt"
	"strings"
	"testing"
)

func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, "line 1, column 1: unexpected end of input"},
		{`{`, "line 1, column 2: unexpected end of input"},
		{`{"a"`, "line 1, column 5: unexpected end of input"},
		{`{"a":`, "line 1, column 6: unexpected end of input"},
		{`{"a":1`, "line 1, column 7: unexpected end of input"},
		{`{"a`, "line 1, column 4: unexpected end of input"},
		{`{"a":"\`, "line 1, column 8: unexpected end of input"},
		{`{"a":"\u12`, "line 1, column 11: unexpected end of input"},
		{`{"a":[`, "line 1, column 7: unexpected end of input"},
		{`{"a":tr`, "line 1, column 8: unexpected end of input"},
		{`{"a":-`, "line 1, column 7: unexpected end of input"},
		{`{} {}`, "line 1, column 4: invalid character '{' after top-level value"},
		{`{}A`, "line 1, column 3: invalid character 'A' after top-level value"},
		{`{"a":1,}`, "line 1, column 8: invalid character '}' looking for beginning of object key string"},
		{`{"a":[1,]}`, "line 1, column 9: invalid character ']' looking for beginning of value"},
		{`{"a":[1 2]}`, "line 1, column 9: invalid character '2' after array element"},
		{`{"a":1 "b":2}`, "line 1, column 8: invalid character '\"' after object key:value pair"},
		{`{"a" 1}`, "line 1, column 6: invalid character '1' after object key"},
		{`{a:1}`, "line 1, column 2: invalid character 'a' looking for beginning of object key string"},
		{`{'a':1}`, "line 1, column 2: invalid character '\\'' looking for beginning of object key string"},
		{`{"a":tru}`, "line 1, column 9: invalid character '}' in literal true (expecting 'e')"},
		{`{"a":nul`, "line 1, column 9: unexpected end of input"},
		{`{"a":NaN}`, "line 1, column 6: invalid character 'N' looking for beginning of value"},
		{`{"a":01}`, "line 1, column 7: invalid character '1' after object key:value pair"},
		{`{"a":-}`, "line 1, column 7: invalid character '}' in numeric literal"},
		{`{"a":1.}`, "line 1, column 8: invalid character '}' in numeric literal"},
		{`{"a":1e}`, "line 1, column 8: invalid character '}' in numeric literal"},
		{`{"a":+1}`, "line 1, column 6: invalid character '+' looking for beginning of value"},
		{`{"a":'x'}`, "line 1, column 6: invalid character '\\'' looking for beginning of value"},
		{"{\"a\":\"x\ty\"}", "line 1, column 8: invalid character '\\t' in string literal"},
		{`{"a":"\x"}`, "line 1, column 8: invalid character 'x' in string escape code"},
		{`{"a":"\u12G4"}`, "line 1, column 11: invalid character 'G' in \\u hexadecimal character escape"},
		{`{"a":"\u+123"}`, "line 1, column 9: invalid character '+' in \\u hexadecimal character escape"},
		{`{"a":"\ud800\u12G4"}`, "line 1, column 17: invalid character 'G' in \\u hexadecimal character escape"},
		{"{\"a\":\"\xff\"}", "line 1, column 7: invalid UTF-8 in string literal"},
		{"\ufeff{}", "line 1, column 1: invalid character '\\ufeff' looking for beginning of value"},
		{"{\x01}", "line 1, column 2: invalid character '\\x01' looking for beginning of object key string"},
		{"{\"a\":\xff}", "line 1, column 6: invalid character '\\xff' looking for beginning of value"},
		{"{// comment\n}", "line 1, column 2: invalid character '/' looking for beginning of object key string"},
		{`{"a":1/*x*/}`, "line 1, column 7: invalid character '/' after object key:value pair"},
		// Lines count \n; columns count characters, not bytes.
		{"{\r\n\"é\": \"ü\",\n  x}", "line 3, column 3: invalid character 'x' looking for beginning of object key string"},
		{"{\"é\": \"ü\" x}", "line 1, column 11: invalid character 'x' after object key:value pair"},
		{strings.Repeat("[", MaxDepth+1), "line 1, column 1001: exceeded maximum nesting depth of 1000"},
		{`{"a":` + strings.Repeat("[", MaxDepth) + `}`, "line 1, column 1005: exceeded maximum nesting depth of 1000"},
	}
	for _, tt := range tests {
		root, err := Parse([]byte(tt.in))
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", tt.in, root)
			continue
		}
		line, col := LineColumn([]byte(tt.in), err.Off)
		if got := fmt.Sprintf("line %d, column %d: %s", line, col, err.Msg); got != tt.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.in, got, tt.want)
		}
		if root != nil {
			t.Errorf("Parse(%q) returned a tree with its error", tt.in)
		}
	}
}

func TestSyntaxErrorText(t *testing.T) {
	_, err := Parse([]byte(`{"keys":[`))
	if want := "unexpected end of input at offset 9"; err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

func TestTree(t *testing.T) {
	in := ` {"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x\udc00\ud800\u0041","n":-1.5e+3,"t":true,"f":false,"z":null,"a":[{},[]],"s":0} `
	root, serr := Parse([]byte(in))
	if serr != nil {
		t.Fatal(serr)
	}
	if root.Kind != Object || len(root.Members) != 7 || root.Off != 1 || root.End != len(in)-1 {
		t.Fatalf("root = %+v", root)
	}
	m := root.Members
	if got := m[0].Val.Str; got != "a\"\\/\b\f\n\r\té😀\uFFFDx\uFFFD\uFFFDA" {
		t.Errorf("string = %q", got)
	}
	if m[1].Val.Kind != Number || m[1].Val.Str != "-1.5e+3" {
		t.Errorf("number = %+v", m[1].Val)
	}
	if !m[2].Val.Bool || m[3].Val.Bool || m[2].Val.Kind != Bool || m[3].Val.Kind != Bool || m[4].Val.Kind != Null {
		t.Errorf("literals = %+v %+v %+v", m[2].Val, m[3].Val, m[4].Val)
	}
	if a := m[5].Val; a.Kind != Array || len(a.Elems) != 2 || a.Elems[0].Kind != Object || a.Elems[1].Kind != Array {
		t.Errorf("array = %+v", a)
	}
	for i, mem := range m {
		if mem.Dup != (i == 6) {
			t.Errorf("member %d (%q) dup = %v", i, mem.Key, mem.Dup)
		}
		if in[mem.Off] != '"' {
			t.Errorf("member %d key offset %d does not point at a quote", i, mem.Off)
		}
		if in[mem.Val.Off-1] != ':' {
			t.Errorf("member %d value offset %d does not follow its key", i, mem.Val.Off)
		}
	}
	if got := in[m[5].Val.Off:m[5].Val.End]; got != `[{},[]]` {
		t.Errorf("array span = %q", got)
	}
}

func TestScalarsAtTopLevel(t *testing.T) {
	for _, tt := range []struct {
		in   string
		kind Kind
		str  string
	}{{` 0 `, Number, "0"}, {`-0.5E-3`, Number, "-0.5E-3"}, {`"x"`, String, "x"}, {`true`, Bool, ""}, {`null`, Null, ""}, {`[]`, Array, ""}} {
		n, err := Parse([]byte(tt.in))
		if err != nil || n.Kind != tt.kind || n.Str != tt.str || tt.in[n.Off:n.End] != strings.TrimSpace(tt.in) {
			t.Errorf("Parse(%q) = %+v, %v", tt.in, n, err)
		}
	}
}

func TestDuplicateKeysInLargeObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 40; i++ {
		b.WriteString(`"k` + string(rune('a'+i%20)) + `":{"x":1,"x":2},`)
	}
	b.WriteString(`"last":1}`)
	root, serr := Parse([]byte(b.String()))
	if serr != nil {
		t.Fatal(serr)
	}
	for i, m := range root.Members {
		if want := i >= 20 && i < 40; m.Dup != want {
			t.Errorf("member %d (%q) dup = %v, want %v", i, m.Key, m.Dup, want)
		}
		if i < 40 && (len(m.Val.Members) != 2 || m.Val.Members[0].Dup || !m.Val.Members[1].Dup) {
			t.Errorf("member %d (%q) value = %+v", i, m.Key, m.Val)
		}
	}
}

func TestMaxDepth(t *testing.T) {
	deep := strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth)
	if _, err := Parse([]byte(deep)); err != nil {
		t.Fatalf("nesting of exactly MaxDepth: %v", err)
	}
}

func TestKindString(t *testing.T) {
	want := []string{"null", "boolean", "number", "string", "array", "object", "kind(6)"}
	for k, w := range want {
		if got := Kind(k).String(); got != w {
			t.Errorf("Kind(%d) = %q, want %q", k, got, w)
		}
	}
}

// TestParseString checks that ParseString reads what Parse reads, and that the
// lists handed out from one slab stay apart: appending to one never reaches
// the next.
func TestParseString(t *testing.T) {
	in := `{"a":[1,2],"b":{"c":true,"d":null},"e":["x"],"f":{"g":"h"}}`
	root, err := ParseString(in)
	if err != nil {
		t.Fatal(err)
	}
	fromBytes, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(dump(root)), fmt.Sprint(dump(fromBytes)); got != want {
		t.Fatalf("ParseString = %s, Parse = %s", got, want)
	}
	a, b, e, f := root.Members[0].Val, root.Members[1].Val, root.Members[2].Val, root.Members[3].Val
	_ = append(a.Elems, &Node{Kind: Null})
	_ = append(b.Members, Member{Key: "z"})
	if e.Elems[0].Str != "x" || f.Members[0].Key != "g" || len(root.Members) != 4 || cap(root.Members) != 4 {
		t.Fatalf("an append reached a neighbouring list: %s", dump(root))
	}
}

// TestParseManyNodes parses documents larger than the first arena, in nodes,
// members and elements, so the later slabs are used.
func TestParseManyNodes(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"list":[`)
	for i := 0; i < 300; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"k%d":%d,"s":"v","t":[true,false]}`, i, i)
	}
	b.WriteString(`]}`)
	root, err := ParseString(b.String())
	if err != nil {
		t.Fatal(err)
	}
	list := root.Members[0].Val.Elems
	if len(list) != 300 {
		t.Fatalf("%d elements", len(list))
	}
	for i, e := range list {
		if len(e.Members) != 3 || e.Members[0].Key != fmt.Sprintf("k%d", i) || e.Members[0].Val.Str != fmt.Sprint(i) ||
			e.Members[2].Val.Elems[1].Kind != Bool || e.Members[2].Val.Elems[1].Bool {
			t.Fatalf("element %d = %s", i, dump(e))
		}
	}
}

// dump renders a tree compactly, offsets included, for comparisons.
func dump(n *Node) string {
	var b strings.Builder
	var walk func(*Node)
	walk = func(n *Node) {
		fmt.Fprintf(&b, "%s@%d-%d", n.Kind, n.Off, n.End)
		switch n.Kind {
		case Bool:
			fmt.Fprint(&b, n.Bool)
		case Number, String:
			fmt.Fprintf(&b, "%q", n.Str)
		case Array:
			b.WriteByte('[')
			for _, e := range n.Elems {
				walk(e)
				b.WriteByte(' ')
			}
			b.WriteByte(']')
		case Object:
			b.WriteByte('{')
			for _, m := range n.Members {
				fmt.Fprintf(&b, "%q@%d dup=%v:", m.Key, m.Off, m.Dup)
				walk(m.Val)
				b.WriteByte(' ')
			}
			b.WriteByte('}')
		}
	}
	walk(n)
	return b.String()
}
