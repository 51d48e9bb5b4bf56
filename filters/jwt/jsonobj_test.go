package jwt

import (
	"reflect"
	"strings"
	"testing"

	"gatehouse/jsontree"
)

// TestDecodeObject covers what this package adds to jsontree: one object,
// the Go values, and duplicate names refused at any depth. The reader itself
// (syntax, messages, agreement with encoding/json) is tested in jsontree.
func TestDecodeObject(t *testing.T) {
	deep := strings.Repeat(`{"a":`, jsontree.MaxDepth) + "1" + strings.Repeat("}", jsontree.MaxDepth)
	tooDeep := strings.Repeat(`[`, jsontree.MaxDepth) + strings.Repeat("]", jsontree.MaxDepth)
	tests := []struct {
		name string
		in   string
		want map[string]any // when err is ""
		err  string         // exact
	}{
		{"empty object", ` { } `, map[string]any{}, ""},
		{"all types", `{"s":"x","n":-1.5e+3,"i":0,"t":true,"f":false,"z":null,"a":[1,"b",[]],"o":{"p":{}}}`,
			map[string]any{"s": "x", "n": Number("-1.5e+3"), "i": Number("0"), "t": true, "f": false, "z": nil,
				"a": []any{Number("1"), "b", []any{}}, "o": map[string]any{"p": map[string]any{}}}, ""},
		{"escapes", `{"e":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800"}`, map[string]any{"e": "\"\\/\b\f\n\r\té😀\uFFFD"}, ""},
		{"keys are exact", `{"a":1,"A":2}`, map[string]any{"a": Number("1"), "A": Number("2")}, ""},
		{"deep", deep, nil, ""},

		{"duplicate key", `{"a":1,"a":2}`, nil, "json: duplicate key 'a' in object"},
		{"nested duplicate key", `{"a":[{"b":1,"b":1}]}`, nil, "json: duplicate key 'b' in object"},
		{"first duplicate in document order", `{"a":{"c":1,"c":2},"a":{"b":1,"b":1}}`, nil, "json: duplicate key 'c' in object"},
		{"duplicate key spelt with an escape", `{"alg":"RS256","\u0061lg":"none"}`, nil, "json: duplicate key 'alg' in object"},
		{"not an object", `[1]`, nil, "not a JSON object"},
		{"empty", ``, nil, "not a JSON object"},
		{"blank", " \n", nil, "not a JSON object"},
		{"byte order mark", "\uFEFF{}", nil, "not a JSON object"},
		{"not UTF-8", "{\"a\":\"\xff\"}", nil, "invalid UTF-8 in string literal at offset 6"},
		{"trailing data", `{} {}`, nil, "invalid character '{' after top-level value at offset 3"},
		{"truncated", `{"a":[`, nil, "unexpected end of input at offset 6"},
		{"trailing comma", `{"a":1,}`, nil, `invalid character '}' looking for beginning of object key string at offset 7`},
		{"too deep", `{"a":` + tooDeep + `}`, nil, "exceeded maximum nesting depth of 1000 at offset 1004"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeObject([]byte(tt.in))
			if errString(err) != tt.err {
				t.Fatalf("err = %q, want %q", errString(err), tt.err)
			}
			if err == nil && tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v\nwant %#v", got, tt.want)
			}
			if err != nil && got != nil {
				t.Fatalf("got %#v with the error", got)
			}
		})
	}
}
