package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/jsontree"
)

// FuzzParse checks that Parse never panics, that it returns either a policy or a
// non-empty Errors whose entries all have a one-line message, that it is
// deterministic, and that its JSON reader accepts exactly what encoding/json does
// (except invalid UTF-8 and nesting deeper than jsontree.MaxDepth, which it
// rejects). The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"mode":"report","default":"allow","routes":[{"id":"a","match":{"methods":["GET"],"path":"/v1/{id}/{rest...}"},"public":true}]}`))
	f.Add([]byte(`{"routes":[{"id":"a","match":{"path":"x","metods":[]}},{"id":"a"},{"id":1,"match":{"path":"/{a}/{a}"}}],"mode":"x","mode":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pol, err := Parse(data)
		if (pol == nil) == (err == nil) {
			t.Fatalf("Parse returned policy %v and error %v", pol, err)
		}
		if err != nil {
			errs, ok := err.(Errors)
			if !ok || len(errs) == 0 || len(errs) > MaxErrors+1 {
				t.Fatalf("error is %T with %d entries", err, len(errs))
			}
			for _, e := range errs {
				if e == nil || e.Msg == "" || strings.ContainsAny(e.Error(), "\n\r") || e.Unwrap() == nil {
					t.Fatalf("bad entry %#v", e)
				}
			}
		} else {
			for _, r := range pol.Routes {
				if r.Match.Template.String() != r.Match.Path {
					t.Fatalf("template %q does not render back to path %q", r.Match.Template, r.Match.Path)
				}
			}
		}
		accepted := err == nil || !errors.Is(err, ErrSyntax)
		valid := json.Valid(data)
		if accepted && !valid {
			t.Fatalf("Parse accepted invalid JSON: %v", err)
		}
		deep := bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) > jsontree.MaxDepth
		if !accepted && valid && utf8.Valid(data) && !deep {
			t.Fatalf("Parse rejected valid JSON: %v", err)
		}
		pol2, err2 := Parse(data)
		if !reflect.DeepEqual(pol, pol2) || !reflect.DeepEqual(err, err2) {
			t.Fatalf("Parse is not deterministic:\n%v %v\n%v %v", pol, err, pol2, err2)
		}
	})
}
