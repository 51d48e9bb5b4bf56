package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// This file checks the reader against encoding/json, the reference for what
// JSON is: TestAgainstEncodingJSON on chosen inputs, FuzzParse on any.

// stdDecode decodes data with encoding/json (UseNumber).
func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

// matches reports whether n holds what encoding/json decoded as v. Of
// duplicate keys, encoding/json keeps the last member.
func matches(n *Node, v any) bool {
	switch n.Kind {
	case Null:
		return v == nil
	case Bool:
		b, ok := v.(bool)
		return ok && b == n.Bool
	case Number:
		num, ok := v.(json.Number)
		return ok && string(num) == n.Str
	case String:
		s, ok := v.(string)
		return ok && s == n.Str
	case Array:
		list, ok := v.([]any)
		if !ok || len(list) != len(n.Elems) {
			return false
		}
		for i, e := range n.Elems {
			if !matches(e, list[i]) {
				return false
			}
		}
		return true
	case Object:
		obj, ok := v.(map[string]any)
		if !ok {
			return false
		}
		last := make(map[string]*Node, len(n.Members))
		for _, m := range n.Members {
			last[m.Key] = m.Val
		}
		if len(last) != len(obj) {
			return false
		}
		for k, val := range last {
			if got, ok := obj[k]; !ok || !matches(val, got) {
				return false
			}
		}
		return true
	}
	return false
}

// checkSpans checks that every node's [Off, End) is a JSON value on its own,
// that member offsets point at a quote and that Dup marks repeated keys.
func checkSpans(t *testing.T, data []byte, n *Node) {
	t.Helper()
	if n.Off < 0 || n.End > len(data) || n.Off >= n.End || !json.Valid(data[n.Off:n.End]) {
		t.Fatalf("%s span [%d, %d) of %q is not a value", n.Kind, n.Off, n.End, data)
	}
	for _, e := range n.Elems {
		checkSpans(t, data, e)
	}
	seen := map[string]bool{}
	for _, m := range n.Members {
		if data[m.Off] != '"' || m.Off >= m.Val.Off || m.Dup != seen[m.Key] {
			t.Fatalf("member %q at %d (dup %v) of %q", m.Key, m.Off, m.Dup, data)
		}
		seen[m.Key] = true
		checkSpans(t, data, m.Val)
	}
}

func TestAgainstEncodingJSON(t *testing.T) {
	for _, in := range []string{
		` { } `,
		`{"s":"x","n":-1.5e+3,"i":0,"t":true,"f":false,"z":null,"a":[1,"b",[]],"o":{"p":{}}}`,
		`{"e":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`,
		`{"e":"\ud800x"}`,
		`{"e":"\udc00"}`,
		`{"e":"\ud800\u0041"}`,
		`{"e":"\ud800\ud800\udc00"}`,
		`{"é":"ü€😀"}`,
		`{"a":1,"A":2}`,
		`{"a":1,"a":{"b":2,"b":[3]}}`,
		`[1, 2.5e-3, -0, 1E+2, "x", null, true, false, [], {}]`,
		"\t\r\n\"top-level string\" ",
		`-0.0`,
		strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth),
	} {
		root, err := Parse([]byte(in))
		if err != nil {
			t.Errorf("Parse(%.40q): %v", in, err)
			continue
		}
		checkSpans(t, []byte(in), root)
		std, stdErr := stdDecode([]byte(in))
		if stdErr != nil || !matches(root, std) {
			t.Errorf("Parse(%.40q): encoding/json disagrees: %#v, %v", in, std, stdErr)
		}
	}
}

// FuzzParse checks Parse against encoding/json: what it accepts, encoding/json
// decodes to the same values (spans, key offsets and Dup are checked too);
// what it refuses that encoding/json accepts is invalid UTF-8 (which
// encoding/json replaces) or nesting deeper than MaxDepth. Seeds:
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":"\u00e9"}],"c":-0.5e-3}`, `{"a":1,"a":2}`, `{"x":"\ud800"}`, `[]`, `{"a":01}`, `"\ud83d\ude00"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		data := []byte(in)
		root, err := Parse(data)
		std, stdErr := stdDecode(data)
		if err == nil {
			checkSpans(t, data, root)
			if stdErr != nil || !matches(root, std) {
				t.Fatalf("accepted %q; encoding/json: %#v, %v", in, std, stdErr)
			}
			return
		}
		if root != nil || err.Off < 0 || err.Off > len(data) || err.Msg == "" {
			t.Fatalf("Parse(%q) = %v, %#v", in, root, err)
		}
		if stdErr == nil && utf8.Valid(data) && !strings.HasPrefix(err.Msg, "exceeded maximum nesting depth") {
			t.Fatalf("refused %q (%v), encoding/json accepts it as %#v", in, err, std)
		}
	})
}
