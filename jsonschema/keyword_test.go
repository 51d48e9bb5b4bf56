package jsonschema

import (
	"strings"
	"testing"

	"gatehouse/jsontree"
)

func mustCompile(t testing.TB, schema string) *Schema {
	t.Helper()
	node, serr := jsontree.Parse([]byte(schema))
	if serr != nil {
		t.Fatalf("schema %s: %v", schema, serr)
	}
	s, err := Compile(node, "schema", nil)
	if err != nil {
		t.Fatalf("schema %s: %v", schema, err)
	}
	return s
}

// vcase is a document and the outcome it must have: ok, or the first
// violation's pointer and keyword ("pointer keyword").
type vcase struct {
	doc  string
	want string // "" for valid, else "pointer keyword"
}

func runCases(t *testing.T, schema string, cases []vcase) {
	t.Helper()
	s := mustCompile(t, schema)
	for _, c := range cases {
		v, ok := s.Validate([]byte(c.doc))
		got := ""
		if !ok {
			got = v.Pointer + " " + v.Keyword
		}
		if got != c.want {
			t.Errorf("schema %s\n doc %s\n got %q, want %q", schema, c.doc, got, c.want)
		}
	}
}

func TestKeywords(t *testing.T) {
	tests := []struct {
		schema string
		cases  []vcase
	}{
		{`true`, []vcase{{`1`, ""}, {`{"a":[]}`, ""}}},
		{`false`, []vcase{{`1`, " false"}, {`{}`, " false"}}},
		{`{}`, []vcase{{`null`, ""}, {` [1, {"a": "b"}] `, ""}}},
		{`{"type":"integer"}`, []vcase{{`1`, ""}, {`1.0`, ""}, {`1e2`, ""}, {`-0`, ""}, {`1.5`, " type"}, {`1.5e1`, ""},
			{`1.05e1`, " type"}, {`"1"`, " type"}, {`null`, " type"}}},
		{`{"type":["string","null"]}`, []vcase{{`"x"`, ""}, {`null`, ""}, {`1`, " type"}, {`false`, " type"}, {`[]`, " type"}, {`{}`, " type"}}},
		{`{"type":"number"}`, []vcase{{`1`, ""}, {`-1.5e-300`, ""}, {`true`, " type"}}},
		{`{"type":"boolean"}`, []vcase{{`true`, ""}, {`false`, ""}, {`0`, " type"}}},
		{`{"type":"object"}`, []vcase{{`{}`, ""}, {`[]`, " type"}}},
		{`{"type":"array"}`, []vcase{{`[]`, ""}, {`{}`, " type"}}},
		{`{"enum":["a","b\n"]}`, []vcase{{`"a"`, ""}, {`"b\n"`, ""}, {`"\u0061"`, ""}, {`"c"`, " enum"}, {`1`, " enum"}}},
		{`{"enum":[1,{"a":[true,null]},"x"]}`, []vcase{{`1.0`, ""}, {`10e-1`, ""}, {`{ "a" : [true, null] }`, ""}, {`"x"`, ""},
			{`{"a":[null,true]}`, " enum"}, {`2`, " enum"}, {`true`, " enum"}}},
		{`{"enum":[]}`, []vcase{{`"a"`, " enum"}, {`1`, " enum"}}},
		{`{"const":{"a":1,"b":[1,2]}}`, []vcase{{`{"b":[1.0,2],"a":1}`, ""}, {`{"a":1,"b":[2,1]}`, " const"},
			{`{"a":1,"b":[1,2],"c":0}`, " const"}, {`{"a":1,"a":2,"b":[1,2]}`, " const"}, {`{"a":2,"a":1,"b":[1,2]}`, ""}}},
		{`{"const":null}`, []vcase{{`null`, ""}, {`0`, " const"}, {`false`, " const"}}},
		{`{"const":"é"}`, []vcase{{`"é"`, ""}, {`"\u00e9"`, ""}, {`"e\u0301"`, " const"}}},
		{`{"properties":{"a":{"type":"string"},"b/c~":{"type":"integer"}}}`, []vcase{{`{"a":"x","b/c~":1,"z":null}`, ""},
			{`{"a":1}`, "/a type"}, {`{"b/c~":"1"}`, "/b~1c~0 type"}, {`{"b\/c\u007e":"1"}`, "/b~1c~0 type"}, {`[1]`, ""}}},
		{`{"required":["a","b"]}`, []vcase{{`{"a":1,"b":2}`, ""}, {`{"a":1}`, "/b required"}, {`{}`, "/a required"}, {`[]`, ""},
			{`"a"`, ""}}},
		{`{"additionalProperties":false,"properties":{"a":true},"patternProperties":{"^x-":true}}`, []vcase{{`{"a":1,"x-y":2}`, ""},
			{`{"a":1,"b":2}`, "/b additionalProperties"}, {`{"y-x":1}`, "/y-x additionalProperties"}}},
		{`{"additionalProperties":{"type":"integer"}}`, []vcase{{`{"a":1}`, ""}, {`{"a":1,"b":"x"}`, "/b type"}}},
		{`{"patternProperties":{"^a":{"minimum":5},"b$":{"maximum":2}}}`, []vcase{{`{"ab":3}`, "/ab minimum"}, {`{"cb":3}`, "/cb maximum"},
			{`{"x":"any"}`, ""}, {`{"ab":5}`, "/ab maximum"}}},
		{`{"propertyNames":{"maxLength":3}}`, []vcase{{`{"abc":1}`, ""}, {`{"abcd":1}`, " propertyNames"}}},
		{`{"propertyNames":false}`, []vcase{{`{}`, ""}, {`{"a":1}`, " propertyNames"}}},
		{`{"propertyNames":{"pattern":"^[a-z]+$"}}`, []vcase{{`{"ab":1}`, ""}, {`{"a\u0042":1}`, " propertyNames"}}},
		{`{"minProperties":1,"maxProperties":2}`, []vcase{{`{"a":1}`, ""}, {`{}`, " minProperties"}, {`{"a":1,"b":2,"c":3}`, " maxProperties"}}},
		{`{"dependentRequired":{"card":["billing"]}}`, []vcase{{`{}`, ""}, {`{"billing":1}`, ""}, {`{"card":1,"billing":1}`, ""},
			{`{"card":1}`, "/billing dependentRequired"}}},
		{`{"items":{"type":"integer"}}`, []vcase{{`[1,2]`, ""}, {`[1,"x"]`, "/1 type"}, {`[]`, ""}, {`{}`, ""}}},
		{`{"items":false,"prefixItems":[{"type":"string"},true]}`, []vcase{{`["a",{}]`, ""}, {`[]`, ""}, {`[1]`, "/0 type"},
			{`["a",1,2]`, "/2 items"}}},
		{`{"prefixItems":[false]}`, []vcase{{`[1]`, "/0 prefixItems"}, {`[]`, ""}}},
		{`{"contains":{"const":1}}`, []vcase{{`[0,1]`, ""}, {`[0]`, " contains"}, {`[]`, " contains"}, {`{}`, ""}}},
		{`{"contains":{"const":1},"minContains":2,"maxContains":3}`, []vcase{{`[1,1]`, ""}, {`[1,0]`, " minContains"},
			{`[1,1,1,1]`, " maxContains"}}},
		{`{"contains":{"const":1},"minContains":0}`, []vcase{{`[]`, ""}, {`[2]`, ""}}},
		{`{"minContains":2}`, []vcase{{`[]`, ""}}},
		{`{"minItems":1,"maxItems":2}`, []vcase{{`[1]`, ""}, {`[]`, " minItems"}, {`[1,2,3]`, " maxItems"}}},
		{`{"uniqueItems":true}`, []vcase{{`[]`, ""}, {`[1,2,"1",[1],{"a":1},{"a":2},true,false,null]`, ""}, {`[1,1.0]`, "/1 uniqueItems"},
			{`[{"a":1,"b":2},{"b":2,"a":1}]`, "/1 uniqueItems"}, {`[[1],[1.00]]`, "/1 uniqueItems"}, {`[0,false]`, ""},
			{`["a","\u0061"]`, "/1 uniqueItems"}, {`[null,null]`, "/1 uniqueItems"}, {`[1,2,3,2]`, "/3 uniqueItems"}}},
		{`{"uniqueItems":false}`, []vcase{{`[1,1]`, ""}}},
		{`{"minLength":2,"maxLength":3}`, []vcase{{`"ab"`, ""}, {`"a"`, " minLength"}, {`"abcd"`, " maxLength"}, {`"éé"`, ""},
			{`"💩"`, " minLength"}, {`"\u00e9\u00e9\u00e9"`, ""}, {`"\ud83d\udca9\ud83d\udca9"`, ""}, {`4`, ""}}},
		{`{"pattern":"^a+\\d$"}`, []vcase{{`"aa1"`, ""}, {`"b1"`, " pattern"}, {`"a\u0031"`, ""}, {`1`, ""}}},
		{`{"pattern":"\\u00e9"}`, []vcase{{`"café"`, ""}, {`"cafe"`, " pattern"}}},
		{`{"pattern":"b"}`, []vcase{{`"abc"`, ""}}}, // unanchored, as in ECMA-262
		{`{"minimum":1.5,"maximum":3}`, []vcase{{`1.5`, ""}, {`3`, ""}, {`1.4999999999999999999`, " minimum"},
			{`3.0000000000000000001`, " maximum"}, {`30e-1`, ""}, {`"x"`, ""}}},
		{`{"exclusiveMinimum":0,"exclusiveMaximum":1e2}`, []vcase{{`1e-400`, ""}, {`0`, " exclusiveMinimum"}, {`-0.0`, " exclusiveMinimum"},
			{`100`, " exclusiveMaximum"}, {`99.999`, ""}}},
		{`{"minimum":-2}`, []vcase{{`-2`, ""}, {`-2.01`, " minimum"}, {`-1`, ""}, {`0`, ""}}},
		{`{"multipleOf":0.01}`, []vcase{{`19.99`, ""}, {`0.07`, ""}, {`1`, ""}, {`0`, ""}, {`19.999`, " multipleOf"},
			{`-0.03`, ""}, {`1e-3`, " multipleOf"}, {`1e300`, ""}}},
		{`{"multipleOf":2}`, []vcase{{`10`, ""}, {`7`, " multipleOf"}, {`4.0`, ""}, {`4.5`, " multipleOf"}, {`1e400`, ""}}},
		{`{"multipleOf":1.5}`, []vcase{{`4.5`, ""}, {`4.6`, " multipleOf"}, {`0`, ""}}},
		{`{"multipleOf":0.0001}`, []vcase{{`0.0075`, ""}, {`0.00751`, " multipleOf"}}},
		{`{"type":"integer","multipleOf":0.123456789}`, []vcase{{`1e308`, " multipleOf"}}},
		{`{"multipleOf":1e-30}`, []vcase{{`1.5`, ""}, {`1e-31`, " multipleOf"}}},
		{`{"multipleOf":12345678901234567890123}`, []vcase{{`24691357802469135780246`, ""}, {`5`, " multipleOf"}}},
		{`{"allOf":[{"type":"integer"},{"minimum":2}]}`, []vcase{{`3`, ""}, {`1`, " minimum"}, {`"x"`, " type"}}},
		{`{"allOf":[true,false]}`, []vcase{{`1`, " allOf"}}},
		{`{"anyOf":[{"type":"integer"},{"minLength":2}]}`, []vcase{{`1`, ""}, {`"ab"`, ""}, {`"a"`, " anyOf"}, {`1.5`, ""}, {`null`, ""}}},
		{`{"properties":{"p":{"anyOf":[{"type":"integer"},{"type":"string"}]}}}`, []vcase{{`{"p":[]}`, "/p anyOf"}}},
		{`{"oneOf":[{"type":"integer"},{"minimum":2}]}`, []vcase{{`1`, ""}, {`2.5`, ""}, {`3`, " oneOf"}, {`1.5`, " oneOf"}}},
		{`{"oneOf":[true,true,false]}`, []vcase{{`1`, " oneOf"}}},
		{`{"oneOf":[{"required":["a"]},{"required":["b"]}]}`, []vcase{{`{"a":1}`, ""}, {`{"b":1}`, ""}, {`{"a":1,"b":1}`, " oneOf"},
			{`{}`, " oneOf"}}},
		{`{"not":{"type":"string"}}`, []vcase{{`1`, ""}, {`"x"`, " not"}}},
		{`{"if":{"minimum":10},"then":{"multipleOf":2},"else":{"maximum":5}}`, []vcase{{`12`, ""}, {`11`, " multipleOf"}, {`4`, ""},
			{`6`, " maximum"}, {`"x"`, ""}}},
		{`{"then":false}`, []vcase{{`1`, ""}}},
		{`{"if":true,"then":false}`, []vcase{{`1`, " then"}}},
		{`{"if":false,"else":false}`, []vcase{{`1`, " else"}}},
		{`{"$defs":{"pos":{"minimum":1}},"properties":{"n":{"$ref":"#/$defs/pos"}}}`, []vcase{{`{"n":1}`, ""}, {`{"n":0}`, "/n minimum"}}},
		{`{"$defs":{"no":false},"$ref":"#/$defs/no"}`, []vcase{{`1`, " $ref"}}},
		{`{"properties":{"next":{"$ref":"#"},"v":{"type":"integer"}}}`, []vcase{{`{"next":{"next":{"v":1}}}`, ""},
			{`{"next":{"next":{"v":"x"}}}`, "/next/next/v type"}}},
		{`{"format":"date"}`, []vcase{{`"2024-02-29"`, ""}, {`"2023-02-29"`, " format"}, {`7`, ""}}},
		{`{"$schema":"https://json-schema.org/draft/2020-12/schema","$comment":"c","title":"t","description":"d","default":1,"examples":[1]}`,
			[]vcase{{`1`, ""}}},
		// Invalid JSON is "json" at the top, whatever the schema says.
		{`{"type":"string"}`, []vcase{{``, " json"}, {`1 2`, " json"}, {`[1,]`, " json"}, {`{"a":1,}`, " json"}, {`"\x"`, " json"},
			{"\"\xff\"", " json"}, {"\"a\tb\"", " json"}, {`01`, " json"}, {`tru`, " json"}, {`{"a" 1}`, " json"}, {`[1 2]`, " json"},
			{`"x" `, ""}, {" \n\"x\"\t", ""}}},
		{`{"properties":{"a":{"type":"integer"}}}`, []vcase{{`{"a":"x",}`, " json"}, {`{"a":1,"b":[}`, " json"}, {`{"a":1`, " json"}}},
		{`{"anyOf":[{"type":"integer"},{"type":"string"}]}`, []vcase{{`[1,}`, " json"}}},
		{`{"not":{"type":"integer"}}`, []vcase{{`[1,}`, " json"}}},
	}
	for _, tt := range tests {
		runCases(t, tt.schema, tt.cases)
	}
}

func TestDepth(t *testing.T) {
	deep := func(n int) string {
		b := make([]byte, 0, 2*n)
		for i := 0; i < n; i++ {
			b = append(b, '[')
		}
		for i := 0; i < n; i++ {
			b = append(b, ']')
		}
		return string(b)
	}
	for _, schema := range []string{`{}`, `{"items":{"$ref":"#"}}`, `{"type":"array"}`} {
		runCases(t, schema, []vcase{{deep(MaxDepth), ""}, {deep(MaxDepth + 1), " json"}})
	}
}

func TestViolationIsFirst(t *testing.T) {
	// Document order: the first offending member is reported.
	runCases(t, `{"properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["c"]}`, []vcase{
		{`{"b":"x","a":"y"}`, "/b type"}, {`{"a":"y","b":"x"}`, "/a type"}, {`{"a":1,"b":2}`, "/c required"}})
	runCases(t, `{"items":{"properties":{"qty":{"minimum":1}}}}`, []vcase{{`[{"qty":1},{"qty":2},{"qty":3},{"qty":0}]`, "/3/qty minimum"}})
}

func TestComplexityBound(t *testing.T) {
	// items and contains both apply the root to every element: the work
	// doubles per level of nesting, so deep nesting hits MaxSteps.
	nest := func(n int) string {
		return strings.Repeat("[", n) + strings.Repeat("]", n)
	}
	runCases(t, `{"items":{"$ref":"#"},"contains":{"$ref":"#"},"minContains":0}`, []vcase{
		{nest(5), ""}, {nest(60), " complexity"}, {"[" + nest(60) + ",}", " json"}})
	// not of an exhausted evaluation is not a pass.
	runCases(t, `{"not":{"items":{"$ref":"#"},"contains":{"$ref":"#"},"minContains":0}}`, []vcase{{nest(60), " complexity"}})
	if MaxSteps(1000) != 9024 {
		t.Fatalf("MaxSteps(1000) = %d", MaxSteps(1000))
	}
}
