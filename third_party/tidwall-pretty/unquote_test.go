package pretty

import (
	"bytes"
	"encoding/json"
	"testing"
)

// unquoteSeeds are string literals whose decoding must match encoding/json.
var unquoteSeeds = []string{
	`""`, `"plain"`, `"a\"b"`, `"\\\/\b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`,
	`"\ud83d"`, `"\ude00x"`, `"\ud83d\u0041"`, `"\ud83dx"`, `"\u12"`, `"\x"`, `"a" `, `"a"b`,
	`"unterminated`, `"tab	in"`, "\"\xff\xfe\"", `"é"`, `x`, `"\"`, `"\ud83d\ud83d\ude00"`,
}

func TestUnquoteMatchesEncodingJSON(t *testing.T) {
	for _, s := range unquoteSeeds {
		if got, want := unquote([]byte(s)), unmarshalString(s); !bytes.Equal(got, want) {
			t.Errorf("unquote(%q) = %q, encoding/json gives %q", s, got, want)
		}
	}
}

func FuzzUnquote(f *testing.F) {
	for _, s := range unquoteSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := unquote([]byte(s)), unmarshalString(s); !bytes.Equal(got, want) {
			t.Fatalf("unquote(%q) = %q, encoding/json gives %q", s, got, want)
		}
	})
}

// unmarshalString is what upstream's parsestr did with an escaped string.
func unmarshalString(s string) []byte {
	var str string
	json.Unmarshal([]byte(s), &str)
	return []byte(str)
}
