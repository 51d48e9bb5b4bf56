package config

import (
	"errors"
	"reflect"
	"testing"
)

func TestRedactErrors(t *testing.T) {
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"fields missing", `{"response":{"redact":{}}}`, []string{
			`response.redact.fields: is required (or disabled: true on a route)`}},
		{"fields empty and bad values", `{"response":{"redact":{"fields":[],"action":"drop","max_bytes":0,"on_overflow":"truncate"}}}`, []string{
			`response.redact.fields: must not be empty`,
			`response.redact.action: unknown action "drop" (want remove or mask)`,
			`response.redact.on_overflow: unknown on_overflow "truncate" (want refuse or pass)`}},
		{"max bytes", `{"response":{"redact":{"fields":["a"],"max_bytes":16777217}}}`, []string{
			`response.redact.max_bytes: must be between 1 and 16777216`}},
		{"negative max bytes", `{"response":{"redact":{"fields":["a"],"max_bytes":-1}}}`, []string{
			`response.redact.max_bytes: must be between 1 and 16777216`}},
		{"patterns", `{"response":{"redact":{"fields":["", "a..b", "*", "#", "a.#", "to*en", "a\\x", "ok", "ok", "x.*.y", "a\\.b"]}}}`, []string{
			`response.redact.fields[0]: invalid field pattern "": empty`,
			`response.redact.fields[1]: invalid field pattern "a..b": empty segment`,
			`response.redact.fields[2]: invalid field pattern "*": a lone * or # would redact the whole body`,
			`response.redact.fields[3]: invalid field pattern "#": a lone * or # would redact the whole body`,
			`response.redact.fields[4]: invalid field pattern "a.#": ends with #: name the field to redact in the elements (e.g. items.#.secret)`,
			`response.redact.fields[5]: invalid field pattern "to*en": * and # stand alone in a segment (escape them with \ in a name)`,
			`response.redact.fields[6]: invalid field pattern "a\\x": \ escapes only '.', '*', '#' and '\'`,
			`response.redact.fields[8]: duplicate pattern "ok" (first at response.redact.fields[7])`}},
		{"unless", `{"response":{"redact":{"fields":["a"],"unless":{}}}}`, []string{
			`response.redact.unless: names no scopes and no roles`}},
		{"unless lists", `{"response":{"redact":{"fields":["a"],"unless":{"scopes":[],"roles":["", "x"]}}}}`, []string{
			`response.redact.unless.scopes: must not be empty`,
			`response.redact.unless.roles[0]: must not be empty`}},
		{"unknown field", `{"response":{"redact":{"fields":["a"],"feilds":["b"]}}}`, []string{
			`response.redact.feilds: unknown field (known: action, disabled, fields, max_bytes, on_overflow, unless)`}},
		{"disabled policy-wide", `{"response":{"redact":{"disabled":true}}}`, []string{
			`response.redact.disabled: is for routes: omit the policy-wide redact instead`}},
		{"disabled with fields", `{"routes":[{"id":"a","match":{"path":"/a"},"public":true,"response":{"redact":{"disabled":true,"fields":["x"]}}}]}`, []string{
			`routes[0].response.redact.disabled: disabled: true takes no other field`}},
		{"route pattern", `{"routes":[{"id":"a","match":{"path":"/a"},"public":true,"response":{"redact":{"fields":["a."]}}}]}`, []string{
			`routes[0].response.redact.fields[0]: invalid field pattern "a.": empty segment`}},
		{"too many fields", `{"response":{"redact":{"fields":["a0","a1","a2","a3","a4","a5","a6","a7","a8","a9","b0","b1","b2","b3","b4","b5","b6","b7","b8","b9","c0","c1","c2","c3","c4","c5","c6","c7","c8","c9","d0","d1","d2","d3","d4","d5","d6","d7","d8","d9","e0","e1","e2","e3","e4","e5","e6","e7","e8","e9","f0","f1","f2","f3","f4","f5","f6","f7","f8","f9","g0","g1","g2","g3","g4"]}}}`, []string{
			`response.redact.fields: has 65 patterns (at most 64)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.policy))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("err = %v", err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestRedactParsed(t *testing.T) {
	pol, err := Parse([]byte(`{"response":{"redact":{"fields":["password","users.#.ssn","*.tok\\.en"],
		"unless":{"roles":["admin"]},"action":"mask","on_overflow":"pass"}},
		"routes":[{"id":"a","match":{"path":"/a"},"public":true,"response":{"redact":{"disabled":true}}},
		{"id":"b","match":{"path":"/b"},"public":true,"response":{"redact":{"fields":["x"],"max_bytes":100}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := pol.Response.Redact
	want := []FieldPattern{
		{Segments: []FieldSegment{{Kind: FieldName, Name: "password"}}, Anywhere: true},
		{Segments: []FieldSegment{{Kind: FieldName, Name: "users"}, {Kind: FieldEachElement}, {Kind: FieldName, Name: "ssn"}}},
		{Segments: []FieldSegment{{Kind: FieldAnyKey}, {Kind: FieldName, Name: "tok.en"}}},
	}
	if !reflect.DeepEqual(r.Patterns, want) || r.Action != RedactMask || r.OnOverflow != OverflowPass ||
		r.MaxBytes != DefaultRedactMaxBytes || !reflect.DeepEqual(r.Unless.Roles, []string{"admin"}) {
		t.Fatalf("%+v", r)
	}
	if got := render(r.Patterns[2]); got != `*.tok\.en` {
		t.Fatalf("render = %q", got)
	}
	if !pol.Routes[0].Response.Redact.Disabled || pol.Routes[1].Response.Redact.MaxBytes != 100 ||
		pol.Routes[1].Response.Redact.OnOverflow != OverflowRefuse || pol.Routes[1].Response.Redact.Action != RedactRemove {
		t.Fatalf("routes: %+v %+v", pol.Routes[0].Response.Redact, pol.Routes[1].Response.Redact)
	}
}
