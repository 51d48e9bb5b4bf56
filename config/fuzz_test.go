package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"gatehouse/jsontree"
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

// FuzzValueTemplate checks that ParseValueTemplate never panics, that a parsed
// template renders back to a string that parses to the same parts, and that no
// part holds a control character.
func FuzzValueTemplate(f *testing.F) {
	for _, s := range []string{"plain", "{claims.tenant}", "t-{claims.a.b}-{route.id}/{params.id}", "{{}}", "{", "}", "{x}", "a\nb", "{claims.{x}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tpl, err := ParseValueTemplate(s)
		if err != nil {
			return
		}
		again, err := ParseValueTemplate(tpl.String())
		if err != nil || !reflect.DeepEqual(again, tpl) {
			t.Fatalf("%q renders as %q, which parses to %+v (%v), not %+v", s, tpl.String(), again, err, tpl)
		}
		for _, p := range tpl.Parts {
			if valueProblem(p.Value) != "" || p.Kind != PartLiteral && p.Value == "" && p.Kind != PartRouteID {
				t.Fatalf("bad part %+v", p)
			}
		}
	})
}

// FuzzOriginPattern checks that ParseOriginPattern never panics and that what it
// accepts renders back to the same string.
func FuzzOriginPattern(f *testing.F) {
	for _, s := range []string{"*", "null", "https://a.example.com", "https://*.example.com:8443", "http://[::1]:8080",
		"https://x.com:443", "https://A.com", "https://x.com/", "http://10.0.0.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOriginPattern(s)
		if err != nil {
			return
		}
		var r string
		switch {
		case o.Any:
			r = "*"
		case o.Null:
			r = "null"
		default:
			r = o.Scheme + "://"
			if o.Wildcard {
				r += "*."
			}
			r += o.Host
			if o.Port != "" {
				r += ":" + o.Port
			}
		}
		if r != s {
			t.Fatalf("%q parsed to %+v, which renders as %q", s, o, r)
		}
	})
}
