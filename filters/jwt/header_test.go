package jwt

import "testing"

// TestHeaderFast checks which headers the direct reader takes and what it
// reads; the ones it leaves go to headerTree, whose refusals the ParseToken
// tests cover.
func TestHeaderFast(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want Header
	}{
		{`{"alg":"RS256","kid":"r1","typ":"JWT"}`, true, Header{Alg: "RS256", Kid: "r1", Typ: "JWT"}},
		{` { "typ" : "at+jwt" ,` + "\n\t" + `"alg":"ES256"}` + "\r\n", true, Header{Alg: "ES256", Typ: "at+jwt"}},
		{`{"alg":"HS256","x5t":"abc","cty":"JWT"}`, true, Header{Alg: "HS256"}},
		{`{"alg":"RS256","kid":""}`, true, Header{Alg: "RS256"}},
		{`{"alg":"none"}`, false, Header{}},
		{`{"alg":"NoNe"}`, false, Header{}},
		{`{"kid":"r1"}`, false, Header{}},
		{`{}`, false, Header{}},
		{`{"alg":"RS256","alg":"HS256"}`, false, Header{}},
		{`{"alg":"RS256","kid":1}`, false, Header{}},
		{`{"alg":"RS256","crit":"b64"}`, false, Header{}},
		{`{"alg":"RS256","b64":"true"}`, false, Header{}},
		{`{"alg":"RS\u0032256"}`, false, Header{}},
		{`{"\u0061lg":"none","alg":"RS256"}`, false, Header{}},
		{`{"alg":"RS256"`, false, Header{}},
		{`{"alg":"RS256"}x`, false, Header{}},
		{`{"alg":"RS256",}`, false, Header{}},
		{`{"alg" "RS256"}`, false, Header{}},
		{`["alg","RS256"]`, false, Header{}},
		{"{\"alg\":\"RS\t256\"}", false, Header{}},
		{"{\"alg\":\"RS256\xff\"}", false, Header{}},
		{`{"a":"","b":"","c":"","d":"","e":"","f":"","g":"","alg":"RS256"}`, true, Header{Alg: "RS256"}},
		{`{"a":"","b":"","c":"","d":"","e":"","f":"","g":"","h":"","alg":"RS256"}`, false, Header{}},
	}
	for _, tt := range tests {
		var h Header
		ok := headerFast(tt.in, &h)
		if ok != tt.ok || ok && h != tt.want {
			t.Errorf("headerFast(%q) = %v, %+v; want %v, %+v", tt.in, ok, h, tt.ok, tt.want)
		}
	}
}

// FuzzHeaderFast checks that the direct header reader only takes headers the
// tree reader accepts, and reads them the same. Seeds: f.Add below.
func FuzzHeaderFast(f *testing.F) {
	for _, s := range []string{`{"alg":"RS256","kid":"r1","typ":"JWT"}`, ` {"alg" : "ES256" }`, `{"alg":"none"}`,
		`{"alg":"RS256","alg":"RS256"}`, `{"alg":"RS256","crit":["b64"],"b64":false}`, `{"kid":"\u0041","alg":"PS256"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fast, tree Header
		if !headerFast(s, &fast) {
			return
		}
		if err := headerTree(s, &tree); err != nil {
			t.Fatalf("headerFast took %q, which headerTree refuses: %v", s, err)
		}
		if fast != tree {
			t.Fatalf("%q: headerFast read %+v, headerTree %+v", s, fast, tree)
		}
	})
}
