package jsonschema

import (
	"testing"

	"gatehouse/jsontree"
)

// TestFastPaths covers what the member and item loops read themselves (see
// prepare): keys matched from the document's bytes (names sharing a first
// byte, longer than eight bytes, escaped, near the document's end), true and
// false, numbers at and beside their bounds, strings found plain or not,
// whitespace around tokens. Each answer is asserted, and must be the one of
// the validator without those paths.
func TestFastPaths(t *testing.T) {
	const schema = `{"type":"object","required":["sku","size","a_long_name_here"],"additionalProperties":false,
		"properties":{"sku":{"type":"string","pattern":"^[A-Z]{3}$","maxLength":3},"size":{"type":"integer","minimum":1,"maximum":9},
		"a_long_name_here":{"type":"boolean"},"price":{"type":"number","exclusiveMinimum":0,"multipleOf":0.01},
		"é":{"type":"string","minLength":2},"s":{"enum":["x","y"]},"n":{"type":"null"},
		"o":{"properties":{"k":{"type":"integer"}}},"l":{"items":{"type":"integer","maximum":5},"maxItems":2}}}`
	base := `"sku":"ABC","size":3,"a_long_name_here":true`
	cases := []vcase{
		{`{` + base + `}`, ""},
		{` { "sku" : "ABC" , "size" : 3 , "a_long_name_here" : false } `, ""},
		{"{\n\t\"sku\":\"ABC\",\r\n\"size\":3,\"a_long_name_here\":false}", ""},
		{`{` + base + `,"price":19.99}`, ""},
		{`{` + base + `,"price":19.999}`, "/price multipleOf"},
		{`{` + base + `,"price":0}`, "/price exclusiveMinimum"},
		{`{` + base + `,"price":-0.01}`, "/price exclusiveMinimum"},
		{`{` + base + `,"price":1e-2}`, ""},
		{`{` + base + `,"price":1.0005e1}`, "/price multipleOf"},
		{`{` + base + `,"price":123456789012345678.01}`, ""},
		{`{` + base + `,"price":01}`, " json"},
		{`{` + base + `,"price":1.}`, " json"},
		{`{` + base + `,"price":-}`, " json"},
		{`{` + base + `,"price":"1"}`, "/price type"},
		{`{"sku":"ABC","size":10,"a_long_name_here":true}`, "/size maximum"},
		{`{"sku":"ABC","size":0,"a_long_name_here":true}`, "/size minimum"},
		{`{"sku":"ABC","size":1.5,"a_long_name_here":true}`, "/size type"},
		{`{"sku":"ABC","size":2.0,"a_long_name_here":true}`, ""},
		{`{"sku":"ABC","size":-3,"a_long_name_here":true}`, "/size minimum"},
		{`{"sku":"ABCD","size":3,"a_long_name_here":true}`, "/sku maxLength"},
		{`{"sku":"abc","size":3,"a_long_name_here":true}`, "/sku pattern"},
		{`{"sku":"A\u0042C","size":3,"a_long_name_here":true}`, ""},
		{`{"\u0073ku":"ABC","size":3,"a_long_name_here":true}`, ""},
		{`{"sku":"ABC","size":3,"a_long_name_here":fals}`, " json"},
		{`{"sku":"ABC","size":3,"a_long_name_here":truex}`, " json"},
		{`{"sku":"ABC","size":3,"a_long_name_here":null}`, "/a_long_name_here type"},
		{`{"sku":"ABC","size":3,"a_long_name_herf":true}`, "/a_long_name_herf additionalProperties"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":"x","n":null,"é":"éé"}`, ""},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"é":"é"}`, "/é minLength"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":"z"}`, "/s enum"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":1}`, "/s enum"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"n":false}`, "/n type"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"o":{"k":1.5}}`, "/o/k type"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"l":[1,5]}`, ""},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"l":[1,6]}`, "/l/1 maximum"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"l":[1,2,3]}`, "/l maxItems"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"l":[1,]}`, " json"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":"x"`, " json"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":"x\u0000"}`, "/s enum"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":"x` + "\x01" + `"}`, " json"},
		{`{"sku":"ABC","size":3}`, "/a_long_name_here required"},
		{`{"size":3,"a_long_name_here":true,"s":"x"}`, "/sku required"},
		{`{"size":3,"a_long_name_here":true,"sk":1}`, "/sk additionalProperties"},
		{`{"s":"y","sku":"ABC","size":3,"a_long_name_here":true}`, ""},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":"x"}`, ""},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s"`, " json"},
		{`{"sku":"ABC","size":3,"a_long_name_here":true,"s":`, " json"},
	}
	runCases(t, schema, cases)
	node, _ := jsontree.Parse([]byte(schema))
	general, err := compile(node, "schema", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	fast := mustCompile(t, schema)
	for _, c := range cases {
		v1, ok1 := fast.Validate([]byte(c.doc))
		v2, ok2 := general.Validate([]byte(c.doc))
		if v1 != v2 || ok1 != ok2 {
			t.Errorf("doc %s: %+v %v, without the fast paths %+v %v", c.doc, v1, ok1, v2, ok2)
		}
	}
}

// TestNotPlain checks the eight-byte string scan against the byte table.
func TestNotPlain(t *testing.T) {
	for _, s := range []string{"abcdefgh", `abc"defg`, `\bcdefgh`, "abcdefg\x1f", "abcdefg\x80", "\x00bcdefgh",
		"é1234567", "abcdefg\x7f", `""""""""`, "\x20\x21\x22\x23\x5b\x5c\x5d\x7e", "abc\x1fd\"\\\xff"} {
		for _, in := range []string{s, "12345678" + s, s + s, "1234567" + s} {
			want := 0
			for want < len(in) && plain[in[want]] {
				want++
			}
			if got := plainEnd([]byte(in), 0); got != want {
				t.Errorf("plainEnd(%q) = %d, want %d", in, got, want)
			}
		}
	}
}
