package jwt

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// stdDecode decodes data with encoding/json (UseNumber), the reference for
// what decodeObject accepts.
func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errTrailing
	}
	return v, nil
}

var errTrailing = jsonTestError("trailing data")

type jsonTestError string

func (e jsonTestError) Error() string { return string(e) }

func TestDecodeObject(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxJSONDepth) + "1" + strings.Repeat("}", maxJSONDepth)
	tooDeep := strings.Repeat(`[`, maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	tests := []struct {
		name string
		in   string
		want any    // when err is ""
		err  string // exact
	}{
		{"empty object", ` { } `, map[string]any{}, ""},
		{"all types", `{"s":"x","n":-1.5e+3,"i":0,"t":true,"f":false,"z":null,"a":[1,"b",[]],"o":{"p":{}}}`,
			map[string]any{"s": "x", "n": json.Number("-1.5e+3"), "i": json.Number("0"), "t": true, "f": false, "z": nil,
				"a": []any{json.Number("1"), "b", []any{}}, "o": map[string]any{"p": map[string]any{}}}, ""},
		{"escapes", `{"e":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, map[string]any{"e": "\"\\/\b\f\n\r\té😀"}, ""},
		{"lone high surrogate", `{"e":"\ud800x"}`, map[string]any{"e": "\uFFFDx"}, ""},
		{"lone low surrogate", `{"e":"\udc00"}`, map[string]any{"e": "\uFFFD"}, ""},
		{"high surrogate then escape", `{"e":"\ud800\u0041"}`, map[string]any{"e": "\uFFFDA"}, ""},
		{"keys are exact", `{"a":1,"A":2}`, map[string]any{"a": json.Number("1"), "A": json.Number("2")}, ""},
		{"deep", deep, nil, ""},

		{"duplicate key", `{"a":1,"a":2}`, nil, "json: duplicate key 'a' in object"},
		{"nested duplicate key", `{"a":[{"b":1,"b":1}]}`, nil, "json: duplicate key 'b' in object"},
		{"duplicate key spelt with an escape", `{"alg":"RS256","\u0061lg":"none"}`, nil, "json: duplicate key 'alg' in object"},
		{"not an object", `[1]`, nil, "not a JSON object"},
		{"empty", ``, nil, "not a JSON object"},
		{"byte order mark", "\uFEFF{}", nil, "not a JSON object"},
		{"not UTF-8", "{\"a\":\"\xff\"}", nil, "not UTF-8"},
		{"trailing data", `{} {}`, nil, "data after the JSON object"},
		{"truncated", `{"a":[`, nil, "unexpected EOF"},
		{"truncated string", `{"a":"x`, nil, "unexpected EOF"},
		{"truncated escape", `{"a":"\u00`, nil, "unexpected EOF"},
		{"truncated literal", `{"a":tr`, nil, "unexpected EOF"},
		{"trailing comma", `{"a":1,}`, nil, `invalid character '}' looking for beginning of object key string at offset 7`},
		{"trailing comma in array", `{"a":[1,]}`, nil, `invalid character ']' looking for beginning of value at offset 8`},
		{"single quotes", `{'a':1}`, nil, `invalid character '\'' looking for beginning of object key string at offset 1`},
		{"comment", `{"a":1/*x*/}`, nil, `invalid character '/' after object key:value pair at offset 6`},
		{"missing colon", `{"a" 1}`, nil, `invalid character '1' after object key at offset 5`},
		{"missing comma", `{"a":[1 2]}`, nil, `invalid character '2' after array element at offset 8`},
		{"leading zero", `{"a":01}`, nil, `invalid character '1' after object key:value pair at offset 6`},
		{"plus sign", `{"a":+1}`, nil, `invalid character '+' looking for beginning of value at offset 5`},
		{"bare minus", `{"a":-}`, nil, `invalid character '}' in numeric literal at offset 6`},
		{"no fraction digits", `{"a":1.}`, nil, `invalid character '}' after decimal point in numeric literal at offset 7`},
		{"no exponent digits", `{"a":1e}`, nil, `invalid character '}' in exponent of numeric literal at offset 7`},
		{"NaN", `{"a":NaN}`, nil, `invalid character 'N' looking for beginning of value at offset 5`},
		{"bad literal", `{"a":nul}`, nil, `invalid character '}' in literal null at offset 8`},
		{"control character in string", "{\"a\":\"x\ty\"}", nil, `invalid character '\t' in string literal at offset 7`},
		{"bad escape", `{"a":"\x"}`, nil, `invalid character 'x' in string escape code at offset 7`},
		{"bad unicode escape", `{"a":"\u12g4"}`, nil, `invalid \u escape at offset 6`},
		{"signed unicode escape", `{"a":"\u+123"}`, nil, `invalid \u escape at offset 6`},
		{"too deep", `{"a":` + tooDeep + `}`, nil, "nested deeper than 1000 at offset 1004"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeObject([]byte(tt.in))
			if errString(err) != tt.err {
				t.Fatalf("err = %q, want %q", errString(err), tt.err)
			}
			if err != nil {
				return
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v\nwant %#v", got, tt.want)
			}
			std, err := stdDecode([]byte(tt.in))
			if err != nil || !reflect.DeepEqual(any(got), std) {
				t.Fatalf("encoding/json disagrees: %#v, %v", std, err)
			}
		})
	}
}

// FuzzDecodeObject checks decodeObject against encoding/json: what it accepts,
// encoding/json decodes to the same value; what it refuses that encoding/json
// accepts is a duplicate key, invalid UTF-8 (which encoding/json replaces),
// excessive depth or not an object.
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":"\u00e9"}],"c":-0.5e-3}`, `{"a":1,"a":2}`, `{"x":"\ud800"}`, `[]`, `{"a":01}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := decodeObject([]byte(in))
		std, stdErr := stdDecode([]byte(in))
		if err == nil {
			if stdErr != nil || !reflect.DeepEqual(any(got), std) {
				t.Fatalf("accepted %q: %#v; encoding/json: %#v, %v", in, got, std, stdErr)
			}
			return
		}
		if stdErr != nil {
			return
		}
		msg := err.Error()
		_, isObject := std.(map[string]any)
		explained := strings.HasPrefix(msg, "json: duplicate key") || !utf8.ValidString(in) ||
			strings.HasPrefix(msg, "nested deeper") || (!isObject && msg == "not a JSON object")
		if !explained {
			t.Fatalf("refused %q (%v), encoding/json accepts it as %#v", in, err, std)
		}
	})
}
