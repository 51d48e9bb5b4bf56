package jsonschema

import (
	"testing"

	"gatehouse/jsontree"
)

// acceptAll are schemas every document passes, each reaching the limits
// through other code: skipping, the record loop of object and items, the
// general object and array loops, and keywords that go on after a failure.
var acceptAll = []string{
	`true`,
	`{"properties":{"a":{"$ref":"#"},"k":{"$ref":"#"},"c":{"$ref":"#"}},"items":{"$ref":"#"}}`,
	`{"patternProperties":{"^k":{"$ref":"#"}},"prefixItems":[{"$ref":"#"}],"items":{"$ref":"#"},"contains":{"not":{}},"minContains":0}`,
	`{"anyOf":[{"not":{}},{"properties":{"a":{"$ref":"#"}},"items":{"$ref":"#"}}],"not":{"type":"object","required":["zz"]},"if":{"type":"object","required":["zz"]},"else":true}`,
}

func TestValidateWithin(t *testing.T) {
	limits := Limits{Depth: 3, Keys: 2, Array: 3, RejectDuplicates: true}
	cases := []struct {
		schema, doc string
		lim         Limits
		want        string // "" for valid, else "pointer keyword"
	}{
		{`true`, `{"a":[1,2,3],"b":{"c":[]}}`, limits, ""},
		{`true`, `[[[[]]]]`, limits, " max_depth"},
		{`true`, `[[[]]]`, limits, ""},
		{`true`, `{"a":1,"b":2,"c":3}`, limits, " max_keys"},
		{`true`, `[1,2,3,4]`, limits, " max_array"},
		{`true`, `{"a":1,"a":2}`, limits, " reject_duplicate_keys"},
		{`true`, `{"a":1,"\u0061":2}`, limits, " reject_duplicate_keys"},
		{`true`, `{"a":1,"a":2}`, Limits{}, ""},
		{`true`, `{"a":{"b":1},"b":{"b":2}}`, limits, ""},
		// A limit anywhere outranks the schema, even after its violation.
		{`{"properties":{"a":{"type":"string"}}}`, `{"a":1,"b":[1,2,3,4]}`, limits, " max_array"},
		{`{"properties":{"a":{"type":"string"}}}`, `{"a":1,"b":[1,2,3]}`, limits, "/a type"},
		// Known names found twice in the record loop, escaped or not.
		{`{"properties":{"qty":{"type":"integer"}}}`, `{"qty":1,"qty":2}`, limits, " reject_duplicate_keys"},
		{`{"properties":{"qty":{"type":"integer"}}}`, `{"qty":1,"q\u0074y":2}`, limits, " reject_duplicate_keys"},
		{`{"properties":{"qty":{"type":"integer"}}}`, `{"qty":1,"x":2,"x":3}`, Limits{RejectDuplicates: true}, " reject_duplicate_keys"},
		// Without the limit the record loop lets names repeat, and checks each.
		{`{"properties":{"qty":{"type":"integer"}}}`, `{"qty":1,"qty":2,"x":1,"x":2}`, Limits{}, ""},
		{`{"properties":{"qty":{"type":"integer"}}}`, `{"qty":1,"qty":"2"}`, Limits{Depth: 3}, "/qty type"},
		// A closed object (its own names only) finds a repeat by counting.
		{`{"properties":{"a":{},"b":{}},"additionalProperties":false}`, `{"a":1,"b":2,"a":3}`, Limits{RejectDuplicates: true}, " reject_duplicate_keys"},
		{`{"properties":{"a":{},"b":{}},"additionalProperties":false}`, `{"a":1,"\u0061":2}`, limits, " reject_duplicate_keys"},
		{`{"properties":{"a":{},"b":{}},"additionalProperties":false}`, `{"b":1,"a":2}`, limits, ""},
		{`{"properties":{"a":{},"b":{}},"additionalProperties":false}`, `{"a":1,"a":2}`, Limits{}, ""},
		{`{"properties":{"a":{},"b":{}},"additionalProperties":false}`, `{"a":1,"x":2}`, limits, "/x additionalProperties"},
		{`{"items":{"properties":{"a":{}},"additionalProperties":false}}`, `[{"a":1},{"a":1},{"a":[{"a":1,"a":1}]}]`, Limits{RejectDuplicates: true}, " reject_duplicate_keys"},
		// A failed anyOf branch leaves no names behind.
		{`{"properties":{"a":{"anyOf":[{"properties":{"b":false}},true]}}}`, `{"a":{"b":1},"b":2}`, limits, ""},
		// Syntax before a limit is "json"; without limits, MaxDepth is.
		{`true`, `[1,}[[[[[[`, limits, " json"},
		{`true`, deep(MaxDepth + 1), Limits{}, " json"},
		{`true`, deep(MaxDepth), Limits{}, ""},
		{`true`, deep(MaxDepth), Limits{Depth: 5}, " max_depth"},
	}
	var scratch Scratch // shared by every case: what one leaves must not affect the next
	for _, c := range cases {
		s := mustCompile(t, c.schema)
		v, ok := s.ValidateWithin([]byte(c.doc), c.lim, &scratch)
		got := ""
		if !ok {
			got = v.Pointer + " " + v.Keyword
		}
		if got != c.want {
			t.Errorf("%s on %.60s with %+v: %q, want %q", c.schema, c.doc, c.lim, got, c.want)
		}
	}
}

func deep(n int) string {
	b := make([]byte, 0, 2*n)
	for range n {
		b = append(b, '[')
	}
	for range n {
		b = append(b, ']')
	}
	return string(b)
}

// shape is what the limits measure, computed from jsontree's parse.
type shape struct {
	depth, keys, array int
	dup                bool
}

func measure(n *jsontree.Node, level int, s *shape) {
	switch n.Kind {
	case jsontree.Array:
		s.depth = max(s.depth, level+1)
		s.array = max(s.array, len(n.Elems))
		for _, e := range n.Elems {
			measure(e, level+1, s)
		}
	case jsontree.Object:
		s.depth = max(s.depth, level+1)
		s.keys = max(s.keys, len(n.Members))
		for _, m := range n.Members {
			s.dup = s.dup || m.Dup
			measure(m.Val, level+1, s)
		}
	}
}

// FuzzLimits checks the limits against jsontree on valid JSON, through every
// schema of acceptAll: each limit set at the document's own measure passes,
// one below fails with its keyword, and duplicate names are found exactly
// when jsontree finds them. Invalid JSON is "json" or a limit, never valid.
func FuzzLimits(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"\"x,]"}],"c":{}}`, `[[[[]]],[]]`, `{"a":1,"\u0061":2}`, `"x"`,
		`{"k":{"k":{"k":1}},"k2":[{"a":1},{"a":1}]}`, `{"\ud83d\ude00":1,"😀":2}`, `[1, 2 ,3 , {"a" : "b\\"}]`,
		`{"a":{"a":1,"a":2}}`, `{"kx":1,"ky":[{"a":[]},{"a":[],"c":3,"c":4}]}`} {
		f.Add([]byte(s))
	}
	var schemas []*Schema
	for _, src := range acceptAll {
		schemas = append(schemas, mustCompile(f, src))
	}
	var scratch Scratch
	f.Fuzz(func(t *testing.T, b []byte) {
		root, perr := jsontree.Parse(b)
		for i, s := range schemas {
			check := func(lim Limits, want string) {
				t.Helper()
				v, ok := s.ValidateWithin(b, lim, nil)
				got := ""
				if !ok {
					got = v.Keyword
				}
				if got != want {
					t.Fatalf("%q, schema %d, %+v: %q, want %q", b, i, lim, got, want)
				}
			}
			if perr != nil {
				v, ok := s.ValidateWithin(b, Limits{Depth: 3, Keys: 3, Array: 3, RejectDuplicates: true}, &scratch)
				if ok || v.Keyword != "json" && v.Keyword != KeywordMaxDepth && v.Keyword != KeywordMaxKeys &&
					v.Keyword != KeywordMaxArray && v.Keyword != KeywordDuplicateKeys {
					t.Fatalf("%q is not JSON, schema %d: %v %+v", b, i, ok, v)
				}
				continue
			}
			var m shape
			measure(root, 0, &m)
			want := ""
			if m.dup {
				want = KeywordDuplicateKeys
			}
			check(Limits{Depth: max(m.depth, 1), Keys: max(m.keys, 1), Array: max(m.array, 1), RejectDuplicates: true}, want)
			check(Limits{}, "")
			if m.depth > 1 {
				check(Limits{Depth: m.depth - 1}, KeywordMaxDepth)
			}
			if m.keys > 1 {
				check(Limits{Keys: m.keys - 1}, KeywordMaxKeys)
			}
			if m.array > 1 {
				check(Limits{Array: m.array - 1}, KeywordMaxArray)
			}
		}
	})
}
