package config

import (
	"reflect"
	"testing"
)

func TestPath(t *testing.T) {
	tests := []struct {
		got  path
		want string
	}{
		{path(""), ""},
		{path("").key("routes"), "routes"},
		{path("").key("routes").index(2).key("match").key("methods").index(0), "routes[2].match.methods[0]"},
		{path("").key("schemas").key("my key"), `schemas["my key"]`},
		{path("").key("schemas").key("order").key("x-y"), `schemas.order["x-y"]`},
		{path("").key("my key"), `["my key"]`},
		{path("").key(""), `[""]`},
		{path("").key("9a"), `["9a"]`},
		{path("").key("_a9"), `_a9`},
		{path("").key("a\"b\n"), `["a\"b\n"]`},
		{path("").key("grid").index(1).index(2), "grid[1][2]"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("path = %q, want %q", tt.got, tt.want)
		}
	}
}

func TestPathParents(t *testing.T) {
	tests := []struct {
		p    path
		want []path
	}{
		{"", nil},
		{"mode", nil},
		{"routes[1].match.methods[0]", []path{"routes", "routes[1]", "routes[1].match", "routes[1].match.methods"}},
		{`schemas["a.b[c"].x`, []path{"schemas", `schemas["a.b[c"]`}},
		{`schemas["a\"].b"].x`, []path{"schemas", `schemas["a\"].b"]`}},
		{`["x"].y`, []path{`["x"]`}},
	}
	for _, tt := range tests {
		if got := tt.p.parents(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q.parents() = %q, want %q", tt.p, got, tt.want)
		}
	}
}
