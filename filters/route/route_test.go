package route

import (
	"errors"
	"reflect"
	"testing"
)

func lit(s string) Segment   { return Segment{Kind: LiteralSegment, Value: s} }
func param(s string) Segment { return Segment{Kind: ParamSegment, Value: s} }
func rest(s string) Segment  { return Segment{Kind: RestSegment, Value: s} }

func testTable(t *testing.T) *Table {
	t.Helper()
	tbl, err := New([]Spec{
		{ID: "root", Methods: []string{"GET"}},
		{ID: "list", Methods: []string{"GET", "HEAD"}, Segments: []Segment{lit("v1"), lit("orders")}},
		{ID: "create", Methods: []string{"POST"}, Segments: []Segment{lit("v1"), lit("orders")}},
		{ID: "get", Methods: []string{"GET"}, Segments: []Segment{lit("v1"), lit("orders"), param("id")}},
		{ID: "special", Segments: []Segment{lit("v1"), lit("orders"), lit("special")}},
		{ID: "item", Methods: []string{"GET"}, Segments: []Segment{lit("v1"), lit("orders"), param("id"), lit("items"), param("n")}},
		{ID: "static", Methods: []string{"GET"}, Segments: []Segment{lit("static"), rest("file")}},
		{ID: "slash", Segments: []Segment{lit("dir"), lit("")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func TestMatch(t *testing.T) {
	tbl := testTable(t)
	tests := []struct {
		method, path string
		outcome      Outcome
		id           string
		params       []Param
		allow        []string
	}{
		{"GET", "/", Found, "root", nil, nil},
		{"POST", "/", MethodNotAllowed, "", nil, []string{"GET"}},
		{"GET", "/v1/orders", Found, "list", nil, nil},
		{"POST", "/v1/orders", Found, "create", nil, nil},
		{"DELETE", "/v1/orders", MethodNotAllowed, "", nil, []string{"GET", "HEAD", "POST"}},
		{"GET", "/v1/orders/42", Found, "get", []Param{{Name: "id", Value: "42"}}, nil},
		{"GET", "/v1/orders/special", Found, "special", nil, nil},
		{"PUT", "/v1/orders/special", Found, "special", nil, nil},
		{"GET", "/v1/orders/42/items/7", Found, "item", []Param{{Name: "id", Value: "42"}, {Name: "n", Value: "7"}}, nil},
		{"GET", "/v1/orders/42/items", NotFound, "", nil, nil},
		{"GET", "/v1/orders/", NotFound, "", nil, nil},
		{"GET", "/v1/orders//items/7", NotFound, "", nil, nil},
		{"GET", "/static", NotFound, "", nil, nil},
		{"GET", "/static/", NotFound, "", nil, nil},
		{"GET", "/static/a", Found, "static", []Param{{Name: "file", Value: "a"}}, nil},
		{"GET", "/static/css/a.css", Found, "static", []Param{{Name: "file", Value: "css/a.css"}}, nil},
		{"GET", "/dir/", Found, "slash", nil, nil},
		{"GET", "/dir", NotFound, "", nil, nil},
		{"GET", "/v2", NotFound, "", nil, nil},
		{"GET", "", NotFound, "", nil, nil},
		{"GET", "v1/orders", NotFound, "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := tbl.Match("", tt.method, tt.path, nil)
			if len(r.Params) == 0 {
				r.Params = nil
			}
			if r.Outcome != tt.outcome {
				t.Fatalf("outcome = %d, want %d", r.Outcome, tt.outcome)
			}
			id := ""
			if r.Route != nil {
				id = r.Route.ID
			}
			if id != tt.id || !reflect.DeepEqual(r.Params, tt.params) || !reflect.DeepEqual(r.Allow, tt.allow) {
				t.Fatalf("got route %q params %v allow %v, want %q %v %v", id, r.Params, r.Allow, tt.id, tt.params, tt.allow)
			}
		})
	}
}

func TestConflicts(t *testing.T) {
	tests := []struct {
		name  string
		specs []Spec
		want  string
	}{
		{"same literal path, all methods", []Spec{{ID: "a", Segments: []Segment{lit("x")}}, {ID: "b", Index: 1, Segments: []Segment{lit("x")}}},
			`route "b" matches the same requests as route "a"`},
		{"params with other names", []Spec{
			{ID: "a", Methods: []string{"GET"}, Segments: []Segment{param("id")}},
			{ID: "b", Methods: []string{"PUT", "GET"}, Segments: []Segment{param("key")}}},
			`route "b" matches the same requests as route "a"`},
		{"disjoint methods", []Spec{
			{ID: "a", Methods: []string{"GET"}, Segments: []Segment{param("id")}},
			{ID: "b", Methods: []string{"PUT"}, Segments: []Segment{param("id")}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.specs)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ce *ConflictError
			if !errors.As(err, &ce) || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestMatchDoesNotAllocateWithAParamsBuffer(t *testing.T) {
	tbl := testTable(t)
	params := make([]Param, 0, 4)
	if n := testing.AllocsPerRun(100, func() {
		tbl.Match("", "GET", "/v1/orders", params)
		tbl.Match("", "GET", "/v1/orders/42/items/7", params)
	}); n != 0 {
		t.Fatalf("Match allocates %v times", n)
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("GET", "/v1/orders/1/items/2")
	f.Add("PUT", "//static/")
	f.Fuzz(func(t *testing.T, method, path string) {
		tbl := testTable(t)
		a, b := tbl.Match("", method, path, nil), tbl.Match("", method, path, nil)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("two answers for %s %q", method, path)
		}
		if a.Outcome == Found && a.Route == nil {
			t.Fatal("found without route")
		}
	})
}
