package jsonschema

import (
	"errors"
	"strings"
	"testing"

	"gatehouse/jsontree"
)

// policyResolver resolves "#/schemas/<name>" in a policy document's top-level
// "schemas" object, as the config package does.
func policyResolver(t testing.TB, policy *jsontree.Node) Resolver {
	return func(name string) (*jsontree.Node, string, bool) {
		for _, m := range policy.Members {
			if m.Key != "schemas" {
				continue
			}
			for _, s := range m.Val.Members {
				if s.Key == name {
					return s.Val, keyPath("schemas", name), true
				}
			}
		}
		return nil, "", false
	}
}

// compilePolicy compiles routes[0].body.schema of a small policy document.
func compilePolicy(t testing.TB, policy string) (*Schema, error) {
	t.Helper()
	root, serr := jsontree.Parse([]byte(policy))
	if serr != nil {
		t.Fatalf("policy %s: %v", policy, serr)
	}
	var node *jsontree.Node
	for _, m := range root.Members {
		if m.Key == "schema" {
			node = m.Val
		}
	}
	if node == nil {
		t.Fatalf("policy %s: no schema member", policy)
	}
	return Compile(node, "routes[0].body.schema", policyResolver(t, root))
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		schema string
		want   []string
		class  ErrorClass
	}{
		{`{"unevaluatedProperties":false}`, []string{`routes[0].body.schema.unevaluatedProperties: unsupported keyword "unevaluatedProperties"`}, ErrUnknownKeyword},
		{`{"properties":{"a":{"typo":1}},"items":{"$id":"x"}}`, []string{
			`routes[0].body.schema.properties.a.typo: unsupported keyword "typo"`,
			`routes[0].body.schema.items["$id"]: unsupported keyword "$id"`}, ErrUnknownKeyword},
		{`{"$defs":{"unused":{"format":"hostname"}}}`, []string{
			`routes[0].body.schema["$defs"].unused.format: must be one of date-time, date, email, uuid, uri, ipv4, ipv6`}, ErrInvalidSchema},
		{`{"type":"float"}`, []string{`routes[0].body.schema.type: must be one of null, boolean, integer, number, string, array, object`}, ErrInvalidSchema},
		{`{"type":["string","string"]}`, []string{`routes[0].body.schema.type[1]: duplicate type "string"`}, ErrInvalidSchema},
		{`{"type":[]}`, []string{`routes[0].body.schema.type: must name at least one type`}, ErrInvalidSchema},
		{`{"minLength":-1,"maxItems":1.5,"minProperties":"2"}`, []string{
			`routes[0].body.schema.minLength: must be a non-negative integer`,
			`routes[0].body.schema.maxItems: must be a non-negative integer`,
			`routes[0].body.schema.minProperties: must be a non-negative integer`}, ErrInvalidSchema},
		{`{"maxLength":2.0}`, nil, ""},
		{`{"minimum":"1","multipleOf":0}`, []string{`routes[0].body.schema.minimum: must be a number`,
			`routes[0].body.schema.multipleOf: must be a number greater than 0`}, ErrInvalidSchema},
		{`{"multipleOf":-1}`, []string{`routes[0].body.schema.multipleOf: must be a number greater than 0`}, ErrInvalidSchema},
		{`{"pattern":"(?=x)"}`, []string{"routes[0].body.schema.pattern: invalid regular expression: lookahead (?= is not supported at offset 0"}, ErrInvalidSchema},
		{`{"patternProperties":{"a(":{}}}`, []string{"routes[0].body.schema.patternProperties[\"a(\"]: invalid regular expression: unclosed ( at offset 1"}, ErrInvalidSchema},
		{`{"pattern":"(a)\\1"}`, []string{"routes[0].body.schema.pattern: invalid regular expression: backreference \\1 is not supported at offset 3"}, ErrInvalidSchema},
		{`{"pattern":1}`, []string{`routes[0].body.schema.pattern: must be a string`}, ErrInvalidSchema},
		{`{"required":["a","a",1]}`, []string{`routes[0].body.schema.required[1]: duplicate name "a"`,
			`routes[0].body.schema.required[2]: must be a string`}, ErrInvalidSchema},
		{`{"required":"a"}`, []string{`routes[0].body.schema.required: must be an array of strings`}, ErrInvalidSchema},
		{`{"properties":[]}`, []string{`routes[0].body.schema.properties: must be an object`}, ErrInvalidSchema},
		{`{"properties":{"a":1}}`, []string{`routes[0].body.schema.properties.a: a schema must be an object or a boolean, got number`}, ErrInvalidSchema},
		{`{"allOf":[]}`, []string{`routes[0].body.schema.allOf: must be a non-empty array of schemas`}, ErrInvalidSchema},
		{`{"anyOf":{}}`, []string{`routes[0].body.schema.anyOf: must be an array of schemas`}, ErrInvalidSchema},
		{`{"prefixItems":[{},"x"]}`, []string{`routes[0].body.schema.prefixItems[1]: a schema must be an object or a boolean, got string`}, ErrInvalidSchema},
		{`{"uniqueItems":1}`, []string{`routes[0].body.schema.uniqueItems: must be a boolean`}, ErrInvalidSchema},
		{`{"enum":"a"}`, []string{`routes[0].body.schema.enum: must be an array`}, ErrInvalidSchema},
		{`{"dependentRequired":{"a":"b"}}`, []string{`routes[0].body.schema.dependentRequired.a: must be an array of strings`}, ErrInvalidSchema},
		{`{"$schema":"http://json-schema.org/draft-07/schema#"}`, []string{`routes[0].body.schema["$schema"]: only "https://json-schema.org/draft/2020-12/schema" is supported`}, ErrInvalidSchema},
		{`{"title":1}`, []string{`routes[0].body.schema.title: must be a string`}, ErrInvalidSchema},
		{`{"type":"string","type":"integer"}`, []string{`routes[0].body.schema.type: duplicate key`}, ErrInvalidSchema},
		{`{"properties":{"a":{},"a":{}}}`, []string{`routes[0].body.schema.properties.a: duplicate key`}, ErrInvalidSchema},
		{`{"$ref":"#/$defs/missing"}`, []string{`routes[0].body.schema["$ref"]: "#/$defs/missing" does not resolve`}, ErrBadRef},
		{`{"$ref":"#/schemas/nope"}`, []string{`routes[0].body.schema["$ref"]: "#/schemas/nope": no schema named "nope" under schemas`}, ErrBadRef},
		{`{"$ref":"other.json#/x"}`, []string{`routes[0].body.schema["$ref"]: "other.json#/x": only refs inside the policy ("#/schemas/<name>", "#/$defs/<name>", "#/...") are supported`}, ErrBadRef},
		{`{"$ref":"#anchor"}`, []string{`routes[0].body.schema["$ref"]: "#anchor" is not a JSON pointer (anchors are not supported)`}, ErrBadRef},
		{`{"$ref":"#/%zz"}`, []string{`routes[0].body.schema["$ref"]: "#/%zz" is not a JSON pointer (anchors are not supported)`}, ErrBadRef},
		{`{"$ref":1}`, []string{`routes[0].body.schema["$ref"]: must be a string`}, ErrInvalidSchema},
		{`{"$ref":"#"}`, []string{`routes[0].body.schema["$ref"]: $ref cycle that does not consume input`}, ErrBadRef},
		{`{"$defs":{"a":{"allOf":[{"$ref":"#/$defs/b"}]},"b":{"not":{"$ref":"#/$defs/a"}}},"properties":{"x":{"$ref":"#/$defs/a"}}}`,
			[]string{`routes[0].body.schema["$defs"].a.allOf[0]["$ref"]: $ref cycle that does not consume input`}, ErrBadRef},
		{`{"$ref":"#/schemas/loop"}`, []string{`schemas.loop["$ref"]: $ref cycle that does not consume input`}, ErrBadRef},
		{`{"$ref":"#/schemas/broken"}`, []string{`schemas.broken.minimum: must be a number`}, ErrInvalidSchema},
		{`7`, []string{`routes[0].body.schema: a schema must be an object or a boolean, got number`}, ErrInvalidSchema},
		// Refs that consume input may loop.
		{`{"properties":{"a":{"$ref":"#"}},"items":{"$ref":"#"}}`, nil, ""},
		{`{"$ref":"#/schemas/order"}`, nil, ""},
		{`{"$ref":"#/schemas/order/properties/qty"}`, nil, ""},
	}
	for _, tt := range tests {
		policy := `{"schemas":{"order":{"properties":{"qty":{"$ref":"#/$defs/n"}},"$defs":{"n":{"minimum":1}}},` +
			`"loop":{"$ref":"#/schemas/loop"},"broken":{"minimum":"x"}},"schema":` + tt.schema + `}`
		_, err := compilePolicy(t, policy)
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.schema, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error, want %q", tt.schema, tt.want)
			continue
		}
		if got := err.Error(); got != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\n got %s\nwant %s", tt.schema, got, strings.Join(tt.want, "\n"))
		}
		if !errors.Is(err, tt.class) {
			t.Errorf("%s: error is not %v", tt.schema, tt.class)
		}
		var es Errors
		if !errors.As(err, &es) || len(es) != len(tt.want) {
			t.Errorf("%s: not an Errors of %d", tt.schema, len(tt.want))
		}
	}
}

func TestNamedSchemas(t *testing.T) {
	policy := `{"schemas":{"order":{"type":"object","required":["item","qty"],"additionalProperties":false,
		"properties":{"item":{"type":"string"},"qty":{"$ref":"#/$defs/qty"},"lines":{"items":{"$ref":"#/schemas/line"}}},
		"$defs":{"qty":{"type":"integer","minimum":1}}},
		"line":{"properties":{"sku":{"$ref":"#/$defs/sku"}},"$defs":{"sku":{"pattern":"^[A-Z]{3}-\\d+$"}}}},
		"schema":{"$ref":"#/schemas/order"}}`
	s, err := compilePolicy(t, policy)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []vcase{
		{`{"item":"x","qty":2}`, ""},
		{`{"item":"x","qty":0}`, "/qty minimum"},
		{`{"item":"x"}`, "/qty required"},
		{`{"item":"x","qty":1,"extra":true}`, "/extra additionalProperties"},
		{`{"item":"x","qty":1,"lines":[{"sku":"ABC-1"},{"sku":"abc"}]}`, "/lines/1/sku pattern"},
	} {
		v, ok := s.Validate([]byte(c.doc))
		got := ""
		if !ok {
			got = v.Pointer + " " + v.Keyword
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.doc, got, c.want)
		}
	}
}

func TestNilResolver(t *testing.T) {
	node, _ := jsontree.Parse([]byte(`{"$ref":"#/schemas/x"}`))
	_, err := Compile(node, "s", nil)
	if want := `s["$ref"]: "#/schemas/x": no schema named "x" under schemas`; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}
