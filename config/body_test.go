package config

import (
	"errors"
	"reflect"
	"testing"

	"gatehouse/jsontree"
)

// parseErrors parses a policy and returns its error messages.
func parseErrors(t *testing.T, policy string) []string {
	t.Helper()
	_, err := Parse([]byte(policy))
	var errs Errors
	if err != nil && !errors.As(err, &errs) {
		t.Fatalf("error of type %T: %v", err, err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	return got
}

func TestPayloadErrors(t *testing.T) {
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"max_bytes zero", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"max_bytes":0}}]}`,
			[]string{`routes[0].body.max_bytes: must be > 0 and at most 16777216`}},
		{"max_bytes too big", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"max_bytes":16777217}}]}`,
			[]string{`routes[0].body.max_bytes: must be > 0 and at most 16777216`}},
		{"guards", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"max_depth":129,"max_keys":-1,"max_array":0}}]}`,
			[]string{`routes[0].body.max_array: must be > 0 and at most 10000000`,
				`routes[0].body.max_depth: must be > 0 and at most 128`,
				`routes[0].body.max_keys: must be > 0 and at most 1000000`}},
		{"forbidden with other rules", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"forbidden":true,"max_bytes":10,"required":true}}]}`,
			[]string{`routes[0].body.forbidden: a forbidden body takes no other body rule (remove max_bytes, required)`}},
		{"content types", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"content_types":["application/json","Application/JSON","text/plain; charset=utf-8","application/json","json"]}}]}`,
			[]string{`routes[0].body.content_types[1]: invalid media type "Application/JSON" (want type/subtype in lower case, without parameters, e.g. application/json)`,
				`routes[0].body.content_types[2]: invalid media type "text/plain; charset=utf-8" (want type/subtype in lower case, without parameters, e.g. application/json)`,
				`routes[0].body.content_types[3]: duplicate media type "application/json"`,
				`routes[0].body.content_types[4]: invalid media type "json" (want type/subtype in lower case, without parameters, e.g. application/json)`}},
		{"empty content types", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"content_types":[]}}]}`,
			[]string{`routes[0].body.content_types: must not be empty (omit it to accept any type)`}},
		{"schema without a JSON type", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"content_types":["text/plain"],"schema":{"type":"string"}}}]}`,
			[]string{`routes[0].body.schema: a schema needs a JSON media type in content_types (application/json or */*+json)`}},
		{"unknown body field", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"max_size":1}}]}`,
			[]string{`routes[0].body.max_size: unknown field (known: content_types, forbidden, max_array, max_bytes, max_depth, max_keys, reject_duplicate_keys, required, schema)`}},
		{"schema keyword typo", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"schema":{"type":"object","properties":{"qty":{"type":"integer","minimu":1}}}}}]}`,
			[]string{`routes[0].body.schema.properties.qty.minimu: unsupported keyword "minimu"`}},
		{"schema not an object", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"schema":"order"}}]}`,
			[]string{`routes[0].body.schema: expected a schema (an object or a boolean), got string`}},
		{"named schema error reported once", `{"schemas":{"order":{"type":"objekt"}},"routes":[
			{"id":"a","match":{"path":"/a"},"body":{"schema":{"$ref":"#/schemas/order"}}},
			{"id":"b","match":{"path":"/b"},"body":{"schema":{"$ref":"#/schemas/order"}}}]}`,
			nil}, // filled below from the engine's message
		{"unknown named schema", `{"routes":[{"id":"a","match":{"path":"/a"},"body":{"schema":{"$ref":"#/schemas/nope"}}}]}`,
			[]string{`routes[0].body.schema["$ref"]: "#/schemas/nope": no schema named "nope" under schemas`}},
		{"schema name", `{"schemas":{"Order":{}}}`,
			[]string{`schemas.Order: invalid schema name "Order" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`}},
		{"param types and bounds", `{"routes":[{"id":"a","match":{"path":"/a/{id}"},"params":{
			"query":{"q":{"type":"text"},"n":{"type":"integer","minimum":5,"maximum":1,"pattern":"x","enum":[1,"2",1.5,1]},
			         "s":{"minimum":1,"min_length":3,"max_length":2,"pattern":"(","enum":[]},
			         "t":{"pattern":"a(?=b)"},"u":{"pattern":"[\\p{L}-z]"}},
			"path":{"id":{"type":"integer","required":true},"other":{}},
			"unknown_query":"deny"}}]}`,
			[]string{
				`routes[0].params.query.n.enum[1]: string value 2 is not of the parameter's type (integer)`,
				`routes[0].params.query.n.enum[2]: number value 1.5 is not of the parameter's type (integer)`,
				`routes[0].params.query.n.enum[3]: duplicate enum value`,
				`routes[0].params.query.n.maximum: must not be less than minimum`,
				`routes[0].params.query.n.pattern: applies to string parameters only`,
				`routes[0].params.query.q.type: unknown type "text" (want string, integer, number or boolean)`,
				`routes[0].params.query.s.enum: must not be empty`,
				`routes[0].params.query.s.max_length: must not be less than min_length`,
				`routes[0].params.query.s.minimum: applies to integer and number parameters only`,
				`routes[0].params.query.s.pattern: invalid regular expression: unclosed ( at offset 0`,
				`routes[0].params.query.t.pattern: invalid regular expression: lookahead (?= is not supported at offset 1`,
				`routes[0].params.query.u.pattern: invalid regular expression: a range bounded by a class escape (\p{L}-z) is not supported at offset 1`,
				`routes[0].params.path.id.required: path parameters are always present (remove required)`,
				`routes[0].params.path.other: "other" is not a parameter of the route's path "/a/{id}"`,
				`routes[0].params.unknown_query: unknown value "deny" (want allow or reject)`,
			}},
		{"enum of objects", `{"routes":[{"id":"a","match":{"path":"/a"},"params":{"query":{"q":{"enum":[{}]}}}}]}`,
			[]string{`routes[0].params.query.q.enum[0]: expected a string, number or boolean, got object`}},
		{"expose_errors type", `{"routes":[{"id":"a","match":{"path":"/a"},"expose_errors":"yes"}]}`,
			[]string{`routes[0].expose_errors: expected a boolean, got string`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseErrors(t, tt.policy)
			if tt.want == nil {
				if len(got) != 1 || got[0][:len("schemas.order.type")] != "schemas.order.type" {
					t.Fatalf("errors: %q (want one, at schemas.order.type)", got)
				}
				return
			}
			if !reflect.DeepEqual(sorted(got), sorted(tt.want)) {
				t.Fatalf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestPayloadParses(t *testing.T) {
	pol, err := Parse([]byte(`{"schemas":{"order":{"type":"object","required":["qty"]}},"routes":[
		{"id":"create","match":{"path":"/orders","methods":["POST"]},"public":true,"expose_errors":true,
		 "body":{"max_bytes":16384,"required":true,"reject_duplicate_keys":true,"max_depth":8,"schema":{"$ref":"#/schemas/order"}},
		 "params":{"query":{"dry_run":{"type":"boolean"},"limit":{"type":"integer","minimum":1,"maximum":100,"required":true,"enum":[10,50,100]}},
		           "unknown_query":"reject"}},
		{"id":"get","match":{"path":"/orders/{id}"},"public":true,"body":{"forbidden":true},
		 "params":{"path":{"id":{"pattern":"^[0-9a-f-]{36}$","min_length":36,"max_length":36}}}},
		{"id":"upload","match":{"path":"/upload"},"public":true,"body":{"content_types":["application/octet-stream","application/merge-patch+json"]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	create := pol.Routes[0]
	b := create.Body
	if b.Limit() != 16384 || !b.Required || !b.RejectDuplicateKeys || b.Depth() != 8 || b.Keys() != DefaultMaxKeys ||
		b.Array() != DefaultMaxArray || b.Schema.Compiled == nil || !reflect.DeepEqual(b.MediaTypes(), []string{"application/json"}) {
		t.Fatalf("body %+v", b)
	}
	if !create.ExposeErrors || create.Params.UnknownQuery != UnknownQueryReject {
		t.Fatalf("route %+v", create)
	}
	limit := create.Params.Query["limit"]
	if limit.Type != ParamInteger || *limit.Minimum != 1 || *limit.Maximum != 100 || !limit.Required ||
		!reflect.DeepEqual(limit.Enum, []Scalar{{jsontree.Number, "10"}, {jsontree.Number, "50"}, {jsontree.Number, "100"}}) {
		t.Fatalf("limit %+v", limit)
	}
	if pol.Schemas["order"].Compiled == nil {
		t.Fatal("named schema not compiled")
	}
	id := pol.Routes[1].Params.Path["id"]
	if id.Regexp == nil || id.Regexp.String() != "^[0-9a-f-]{36}$" || !pol.Routes[1].Body.Forbidden {
		t.Fatalf("get %+v", pol.Routes[1])
	}
	up := pol.Routes[2].Body
	if up.Limit() != DefaultMaxBodyBytes || len(up.MediaTypes()) != 2 || !IsJSONMediaType(up.MediaTypes()[1]) {
		t.Fatalf("upload %+v", up)
	}
}
