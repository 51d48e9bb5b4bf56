package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// The types below exercise decoder features that the current Policy does not use
// yet but later policy sections will (maps, pointers, numbers, durations, nesting).

type testDoc struct {
	Small    int8                  `json:"small"`
	Port     uint16                `json:"port"`
	Big      int64                 `json:"big"`
	Ratio    float64               `json:"ratio"`
	Timeout  Duration              `json:"timeout"`
	Refresh  *Duration             `json:"refresh"`
	Grid     [][]string            `json:"grid"`
	Schemas  map[string]testSchema `json:"schemas"`
	Optional *testSchema           `json:"optional"`
	Tags     map[string][]int      `json:"tags"`
	Empty    struct{}              `json:"empty"`
	Computed string                `json:"-"`
	untagged int
}

type testSchema struct {
	Type string `json:"type" policy:"required"`
	Min  int    `json:"min"`
}

func (s *testSchema) validate(p path, errs *errorList) {
	if s.Min < 0 {
		errs.add(p.key("min"), ErrInvalid, "must not be negative")
	}
	if s.Type != "object" && s.Type != "string" {
		errs.add(p.key("type"), ErrInvalid, "unknown type "+`"`+s.Type+`"`)
	}
}

func TestDecodeValid(t *testing.T) {
	in := `{
		"small": -128, "port": 65535, "big": -9223372036854775808, "ratio": 1.5e-3,
		"timeout": "1h30m", "refresh": "250ms",
		"grid": [["a"], [], ["b", "c"]],
		"schemas": {"order": {"type": "object"}, "my key": {"type": "string", "min": 2}},
		"optional": {"type": "string"},
		"tags": {"x": [1, 2]},
		"empty": {}
	}`
	var got testDoc
	if err := parseInto([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	refresh := Duration(250 * time.Millisecond)
	want := testDoc{
		Small: -128, Port: 65535, Big: -1 << 63, Ratio: 1.5e-3,
		Timeout: Duration(90 * time.Minute), Refresh: &refresh,
		Grid:     [][]string{{"a"}, {}, {"b", "c"}},
		Schemas:  map[string]testSchema{"order": {Type: "object"}, "my key": {Type: "string", Min: 2}},
		Optional: &testSchema{Type: "string"},
		Tags:     map[string][]int{"x": {1, 2}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded\n got %+v\nwant %+v", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"int8 range", `{"small":128}`, []string{`small: 128 is out of range (want -128 to 127)`}},
		{"int8 low", `{"small":-129}`, []string{`small: -129 is out of range (want -128 to 127)`}},
		{"uint16 range", `{"port":65536}`, []string{`port: 65536 is out of range (want 0 to 65535)`}},
		{"uint negative", `{"port":-1}`, []string{`port: -1 is out of range (want 0 to 65535)`}},
		{"int64 range", `{"big":9223372036854775808}`, []string{
			`big: 9223372036854775808 is out of range (want -9223372036854775808 to 9223372036854775807)`}},
		{"fraction", `{"port":1.5}`, []string{`port: expected an integer, got 1.5`}},
		{"exponent", `{"small":1e2}`, []string{`small: expected an integer, got 1e2`}},
		{"int type", `{"port":"80"}`, []string{`port: expected an integer, got string`}},
		{"float type", `{"ratio":"x"}`, []string{`ratio: expected a number, got string`}},
		{"float range", `{"ratio":1e400}`, []string{`ratio: 1e400 is out of range`}},
		{"duration syntax", `{"timeout":"10x"}`, []string{
			`timeout: invalid duration "10x" (want a number with a unit, like "10m" or "1h30m")`}},
		{"duration without unit", `{"timeout":"10"}`, []string{
			`timeout: invalid duration "10" (want a number with a unit, like "10m" or "1h30m")`}},
		{"duration negative", `{"refresh":"-1m"}`, []string{`refresh: duration "-1m" must not be negative`}},
		{"duration type", `{"timeout":600}`, []string{`timeout: expected a duration string like "10m", got number`}},
		{"duration pointer null", `{"refresh":null}`, []string{`refresh: expected a duration string like "10m", got null`}},
		{"pointer null", `{"optional":null}`, []string{`optional: expected an object, got null`}},
		{"nested arrays", `{"grid":[["a"],["b",1,[]],"c"]}`, []string{
			`grid[1][1]: expected a string, got number`,
			`grid[1][2]: expected a string, got array`,
			`grid[2]: expected an array, got string`}},
		{"map keys", `{"schemas":{"order":{"type":"array"},"my key":{"min":-1},"x-y":[],"ok":{"type":"object","typ":1}}}`, []string{
			`schemas.order.type: unknown type "array"`,
			`schemas["my key"].min: must not be negative`,
			`schemas["my key"]: missing required field "type"`,
			`schemas["x-y"]: expected an object, got array`,
			`schemas.ok.typ: unknown field (known: min, type)`}},
		{"map duplicate key", `{"schemas":{"a":{"type":"object"},"a":{"type":"object"}}}`, []string{`schemas.a: duplicate key`}},
		{"map value types", `{"tags":{"a b":[1,"2"]}}`, []string{`tags["a b"][1]: expected an integer, got string`}},
		{"struct with no fields", `{"empty":{"x":1}}`, []string{`empty.x: unknown field (this object has no fields)`}},
		{"json dash field is not decoded", `{"Computed":"x","-":1}`, []string{
			`Computed: unknown field (known: big, empty, grid, optional, port, ratio, refresh, schemas, small, tags, timeout)`,
			`["-"]: unknown field (known: big, empty, grid, optional, port, ratio, refresh, schemas, small, tags, timeout)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc testDoc
			checkErrors(t, parseInto([]byte(tt.in), &doc), tt.want)
		})
	}
}

func TestDurationString(t *testing.T) {
	if got := Duration(10 * time.Minute).String(); got != "10m0s" {
		t.Errorf("String() = %q", got)
	}
	var d Duration
	if err := d.decodeString("1m30s"); err != nil || time.Duration(d) != 90*time.Second {
		t.Errorf("decodeString(1m30s) = %v, %v", d, err)
	}
	if err := d.decodeString("0"); err != nil || d != 0 {
		t.Errorf(`decodeString("0") = %v, %v`, d, err)
	}
}

func TestEnumStrings(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{ModeEnforce.String(), "enforce"},
		{ModeReport.String(), "report"},
		{Mode(9).String(), "Mode(9)"},
		{DefaultDeny.String(), "deny"},
		{DefaultAllow.String(), "allow"},
		{Default(9).String(), "Default(9)"},
		{SegmentLiteral.String(), "literal"},
		{SegmentParam.String(), "param"},
		{SegmentRest.String(), "rest"},
		{SegmentKind(9).String(), "SegmentKind(9)"},
	} {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
	var zero Policy
	if zero.Mode != ModeEnforce || zero.Default != DefaultDeny {
		t.Errorf("the zero Policy does not enforce and deny")
	}
}

func TestUnsupportedTypePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "cannot decode into Go type") {
			t.Errorf("recover() = %v", r)
		}
	}()
	var doc struct {
		C chan int `json:"c"`
	}
	_ = parseInto([]byte(`{"c":1}`), &doc)
}

// TestTagValueAgreesWithStructTagGet checks tagValue against reflect's
// StructTag.Get on every field of every struct type the policy decodes into,
// and on tags of other shapes.
func TestTagValueAgreesWithStructTagGet(t *testing.T) {
	tags := []reflect.StructTag{
		``, `json:"a"`, `json:"a,omitempty" policy:"required"`, ` json:"b"  policy:"x"`,
		`json:"" policy:"required"`, `json:"-"`, `policy:"required" json:"c"`,
		`json:"d`, `json:d`, `json :"e"`, `x:"1" json:"f" y:"2"`, `json:"g"policy:"required"`,
	}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			walk(typ.Elem())
		case reflect.Struct:
			for i := 0; i < typ.NumField(); i++ {
				tags = append(tags, typ.Field(i).Tag)
				walk(typ.Field(i).Type)
			}
		}
	}
	walk(reflect.TypeFor[Policy]())
	if len(seen) < 20 {
		t.Fatalf("walked only %d types", len(seen))
	}
	for _, tag := range tags {
		for _, key := range []string{"json", "policy", "x", "y"} {
			if got, want := tagValue(tag, key), tag.Get(key); got != want {
				t.Errorf("tagValue(%q, %q) = %q, Get gives %q", tag, key, got, want)
			}
		}
	}
}
