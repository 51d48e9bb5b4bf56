package config

import (
	"reflect"
	"testing"
)

func TestParsePathTemplate(t *testing.T) {
	lit := func(s string) Segment { return Segment{SegmentLiteral, s} }
	param := func(s string) Segment { return Segment{SegmentParam, s} }
	rest := func(s string) Segment { return Segment{SegmentRest, s} }
	valid := []struct {
		in   string
		want []Segment
	}{
		{"/", nil},
		{"/healthz", []Segment{lit("healthz")}},
		{"/v1/orders/{id}", []Segment{lit("v1"), lit("orders"), param("id")}},
		{"/{a}/{b}/{_c9}", []Segment{param("a"), param("b"), param("_c9")}},
		{"/files/{path...}", []Segment{lit("files"), rest("path")}},
		{"/{all...}", []Segment{rest("all")}},
		{"/a-b.c_d~e/!$&'()*+,;=:@/%2F%c3%A9", []Segment{lit("a-b.c_d~e"), lit("!$&'()*+,;=:@"), lit("%2F%c3%A9")}},
		{"/...", []Segment{lit("...")}},
	}
	for _, tt := range valid {
		got, err := ParsePathTemplate(tt.in)
		if err != nil {
			t.Errorf("ParsePathTemplate(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got.Segments, tt.want) {
			t.Errorf("ParsePathTemplate(%q) = %+v, want %+v", tt.in, got.Segments, tt.want)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("ParsePathTemplate(%q).String() = %q", tt.in, s)
		}
	}

	invalid := []struct{ in, want string }{
		{"", `must start with "/"`},
		{"v1/orders", `must start with "/"`},
		{"*", `must start with "/"`},
		{"/a b", "must not contain whitespace or control characters"},
		{"/a\tb", "must not contain whitespace or control characters"},
		{"/a\u00a0b", "must not contain whitespace or control characters"},
		{"/a\x7f", "must not contain whitespace or control characters"},
		{"/a\xffb", "must be valid UTF-8"},
		{"/a?b=1", `must not contain a query ("?")`},
		{"/a#top", `must not contain a fragment ("#")`},
		{"/a/", `must not end with "/"`},
		{"//a", `must not contain an empty segment ("//")`},
		{"/a//b", `must not contain an empty segment ("//")`},
		{"/a/./b", `must not contain "." or ".." segments`},
		{"/a/..", `must not contain "." or ".." segments`},
		{"/a/x{id}", `invalid segment "x{id}" (a parameter must be a whole segment, like {id})`},
		{"/a/{id}x", `invalid segment "{id}x" (a parameter must be a whole segment, like {id})`},
		{"/a/{id", `invalid segment "{id" (a parameter must be a whole segment, like {id})`},
		{"/a/}", `invalid segment "}" (a parameter must be a whole segment, like {id})`},
		{"/a/{{id}}", `invalid segment "{{id}}" (a parameter must be a whole segment, like {id})`},
		{"/a/{}", `invalid parameter name "" (want ^[a-zA-Z_][a-zA-Z0-9_]*$)`},
		{"/a/{...}", `invalid parameter name "" (want ^[a-zA-Z_][a-zA-Z0-9_]*$)`},
		{"/a/{1d}", `invalid parameter name "1d" (want ^[a-zA-Z_][a-zA-Z0-9_]*$)`},
		{"/a/{order-id}", `invalid parameter name "order-id" (want ^[a-zA-Z_][a-zA-Z0-9_]*$)`},
		{"/a/{é}", `invalid parameter name "é" (want ^[a-zA-Z_][a-zA-Z0-9_]*$)`},
		{"/{id}/{id}", `duplicate parameter "id"`},
		{"/{id}/{id...}", `duplicate parameter "id"`},
		{"/{rest...}/x", `rest parameter "{rest...}" must be the last segment`},
		{"/a|b", `invalid character "|" (percent-encode it)`},
		{"/café", `invalid character "é" (percent-encode it)`},
		{`/a"b`, `invalid character "\"" (percent-encode it)`},
		{"/a%2", `invalid percent-encoding "%2"`},
		{"/a%zz", `invalid percent-encoding "%zz"`},
		{"/a%", `invalid percent-encoding "%"`},
	}
	for _, tt := range invalid {
		_, err := ParsePathTemplate(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParsePathTemplate(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestPathTemplateInPolicy(t *testing.T) {
	pol, err := Parse([]byte(`{"routes":[{"id":"a","match":{"path":"/v1/{id}/{rest...}"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := PathTemplate{Segments: []Segment{{SegmentLiteral, "v1"}, {SegmentParam, "id"}, {SegmentRest, "rest"}}}
	if got := pol.Routes[0].Match.Template; !reflect.DeepEqual(got, want) {
		t.Errorf("Template = %+v, want %+v", got, want)
	}
	_, err = Parse([]byte(`{"routes":[{"id":"a","match":{"path":"/x/{rest...}/y"}}]}`))
	checkErrors(t, err, []string{`routes[0].match.path: rest parameter "{rest...}" must be the last segment`})
}
