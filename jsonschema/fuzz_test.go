package jsonschema

import (
	"encoding/json"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatehouse/jsontree"
)

// docs are the documents FuzzCompile validates against what it compiles.
var fuzzDocs = []string{`null`, `true`, `0`, `-1.5e3`, `"abc"`, `""`, `[]`, `[1,"a",null,[2]]`, `{}`,
	`{"a":1,"b":"x","c":[1,1],"d":{"e":null}}`, `[{"a":1},{"a":1.0}]`}

// FuzzCompile compiles any policy text as a schema: no panic; what compiles
// validates the sample documents, twice with the same answer. Seeds:
// testdata/fuzz/FuzzCompile.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{`{"type":"object","properties":{"a":{"type":"integer","minimum":1}},"required":["a"]}`,
		`{"$defs":{"a":{"$ref":"#/$defs/b"}},"$ref":"#/$defs/a"}`, `{"anyOf":[{"pattern":"^a"},{"format":"uuid"}],"not":{"const":1}}`,
		`{"items":{"$ref":"#"},"prefixItems":[true,false],"contains":{"enum":[1,"a"]},"minContains":0,"uniqueItems":true}`,
		`{"if":{"required":["a"]},"then":{"dependentRequired":{"a":["b"]}},"else":{"propertyNames":{"maxLength":1}}}`,
		`{"$ref":"#/schemas/x/properties/a"}`, `true`, `{"multipleOf":0.01,"exclusiveMaximum":1e2}`} {
		f.Add(s)
	}
	named, _ := jsontree.Parse([]byte(`{"properties":{"a":{"$ref":"#"}},"$defs":{"d":{"minimum":2}}}`))
	resolve := func(name string) (*jsontree.Node, string, bool) { return named, "schemas.x", name == "x" }
	f.Fuzz(func(t *testing.T, in string) {
		node, serr := jsontree.Parse([]byte(in))
		if serr != nil {
			return
		}
		s, err := Compile(node, "schema", resolve)
		if err != nil {
			es, ok := err.(Errors)
			if !ok || len(es) == 0 {
				t.Fatalf("error %T %v", err, err)
			}
			for _, e := range es {
				if e.Msg == "" || e.Unwrap() == nil || strings.Contains(e.Msg, "\n") {
					t.Fatalf("bad entry %#v", e)
				}
			}
			return
		}
		for _, d := range fuzzDocs {
			v1, ok1 := s.Validate([]byte(d))
			v2, ok2 := s.Validate([]byte(d))
			if v1 != v2 || ok1 != ok2 || ok1 && v1 != (Violation{}) || !ok1 && (v1.Keyword == "" || v1.Keyword == "json") {
				t.Fatalf("schema %s doc %s: %+v %v then %+v %v", in, d, v1, ok1, v2, ok2)
			}
		}
	})
}

// genSchema builds a schema from the fuzzer's bytes: each byte picks a
// keyword and the next ones its value, nested schemas recursing. Every schema
// it writes compiles.
type gen struct {
	b     []byte
	depth int
}

func (g *gen) next() int {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return int(c)
}

var genPatterns = []string{"^a", "b$", "^[a-z]+$", "\\d", ".", "^$", "x|y", "é"}
var genValues = []string{`1`, `"a"`, `null`, `true`, `[1,2]`, `{"a":1}`, `0.5`, `""`, `-2`, `1.0`}
var genNames = []string{"a", "b", "c", "", "a/b"}

func (g *gen) schema(b *strings.Builder) {
	g.depth++
	defer func() { g.depth-- }()
	c := g.next()
	if c < 16 || g.depth > 4 {
		b.WriteString([]string{"true", "false"}[c&1])
		return
	}
	b.WriteByte('{')
	n := c % 4
	used := map[int]bool{}
	for i := 0; i < n; i++ {
		k := g.next()
		cat := min(k%32, 29)
		if cat == 29 {
			cat = 3 // both write "properties"
		}
		if used[cat] {
			continue // a keyword appears once
		}
		if len(used) > 0 {
			b.WriteByte(',')
		}
		used[cat] = true
		num := strconv.Itoa(g.next() % 5)
		name := strconv.Quote(genNames[g.next()%len(genNames)])
		val := genValues[g.next()%len(genValues)]
		switch k % 32 {
		case 0:
			b.WriteString(`"type":` + strconv.Quote(typeNames[g.next()%len(typeNames)].name))
		case 1:
			b.WriteString(`"enum":[` + val + `,` + genValues[g.next()%len(genValues)] + `]`)
		case 2:
			b.WriteString(`"const":` + val)
		case 3:
			b.WriteString(`"properties":{` + name + `:`)
			g.schema(b)
			b.WriteString(`}`)
		case 4:
			b.WriteString(`"required":[` + name + `]`)
		case 5:
			b.WriteString(`"additionalProperties":`)
			g.schema(b)
		case 6:
			b.WriteString(`"patternProperties":{` + strconv.Quote(genPatterns[g.next()%len(genPatterns)]) + `:`)
			g.schema(b)
			b.WriteString(`}`)
		case 7:
			b.WriteString(`"propertyNames":`)
			g.schema(b)
		case 8:
			b.WriteString(`"items":`)
			g.schema(b)
		case 9:
			b.WriteString(`"prefixItems":[`)
			g.schema(b)
			b.WriteString(`]`)
		case 10:
			b.WriteString(`"contains":`)
			g.schema(b)
		case 11:
			b.WriteString(`"minContains":` + num + `,"maxContains":` + strconv.Itoa(g.next()%5))
		case 12:
			b.WriteString(`"minItems":` + num)
		case 13:
			b.WriteString(`"maxItems":` + num)
		case 14:
			b.WriteString(`"uniqueItems":true`)
		case 15:
			b.WriteString(`"minLength":` + num + `,"maxLength":` + strconv.Itoa(g.next()%8))
		case 16:
			b.WriteString(`"pattern":` + strconv.Quote(genPatterns[g.next()%len(genPatterns)]))
		case 17:
			b.WriteString(`"minimum":` + val2num(val) + `,"maximum":` + num)
		case 18:
			b.WriteString(`"exclusiveMinimum":` + val2num(val) + `,"exclusiveMaximum":` + num)
		case 19:
			b.WriteString(`"multipleOf":` + []string{"0.5", "2", "0.01", "3", "1e-3"}[g.next()%5])
		case 20:
			b.WriteString(`"minProperties":` + num + `,"maxProperties":` + strconv.Itoa(g.next()%5))
		case 21:
			b.WriteString(`"dependentRequired":{` + name + `:[` + strconv.Quote(genNames[g.next()%len(genNames)]) + `]}`)
		case 22, 23, 24:
			b.WriteString(`"` + []string{"allOf", "anyOf", "oneOf"}[k%32-22] + `":[`)
			g.schema(b)
			b.WriteByte(',')
			g.schema(b)
			b.WriteString(`]`)
		case 25:
			b.WriteString(`"not":`)
			g.schema(b)
		case 26:
			b.WriteString(`"if":`)
			g.schema(b)
			b.WriteString(`,"then":`)
			g.schema(b)
			b.WriteString(`,"else":`)
			g.schema(b)
		case 27:
			b.WriteString(`"format":` + strconv.Quote([]string{"date-time", "date", "email", "uuid", "uri", "ipv4", "ipv6"}[g.next()%7]))
		case 28:
			b.WriteString(`"$defs":{"d` + strconv.Itoa(i) + `":`)
			g.schema(b)
			b.WriteString(`}`)
		default:
			// A ref that consumes input: the root, from inside properties.
			b.WriteString(`"properties":{"r` + strconv.Itoa(i) + `":{"$ref":"#"}}`)
		}
	}
	b.WriteByte('}')
}

func val2num(v string) string {
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "0"
}

// FuzzValidate validates random documents against random compiled schemas
// (built by gen from the first input): no panic, the same answer twice,
// "json" exactly when the document is not JSON (jsontree decides), the same
// violation as without the validator's fast paths (prepare), and the answer
// of ref, a tree-walking reference validator. Seeds:
// testdata/fuzz/FuzzValidate.
func FuzzValidate(f *testing.F) {
	f.Add([]byte{200, 3, 1, 0, 0, 0}, []byte(`{"a":1}`))
	f.Add([]byte{201, 22, 0, 0, 0, 40, 17, 3, 0, 6, 0, 16, 14, 0, 0, 0}, []byte(`[1,2,"a",1.0]`))
	f.Add([]byte{199, 24, 2, 1, 0, 50, 0, 0, 0, 0, 0, 0, 51, 2, 0, 0, 0}, []byte(`"a"`))
	f.Add([]byte{202, 26, 0, 0, 0, 17, 0, 0, 0, 0, 0}, []byte(`{"b":[{"a":"x"}],"a":null}`))
	f.Fuzz(func(t *testing.T, gb, doc []byte) {
		g := &gen{b: gb}
		var b strings.Builder
		g.schema(&b)
		node, serr := jsontree.Parse([]byte(b.String()))
		if serr != nil {
			t.Fatalf("generated schema %s: %v", b.String(), serr)
		}
		s, err := Compile(node, "schema", nil)
		if err != nil {
			t.Fatalf("generated schema %s: %v", b.String(), err)
		}
		v1, ok1 := s.Validate(doc)
		v2, ok2 := s.Validate(doc)
		if v1 != v2 || ok1 != ok2 {
			t.Fatalf("schema %s doc %q: %+v %v then %+v %v", b.String(), doc, v1, ok1, v2, ok2)
		}
		general, err := compile(node, "schema", nil, false)
		if err != nil {
			t.Fatal(err)
		}
		if v3, ok3 := general.Validate(doc); v3 != v1 || ok3 != ok1 {
			t.Fatalf("schema %s doc %q: %+v %v, without the fast paths %+v %v", b.String(), doc, v1, ok1, v3, ok3)
		}
		tree, perr := jsontree.Parse(doc)
		if (perr != nil) != (!ok1 && v1.Keyword == "json") {
			t.Fatalf("schema %s doc %q: %+v %v; jsontree: %v", b.String(), doc, v1, ok1, perr)
		}
		if perr == nil && v1.Keyword != "complexity" { // the reference has no bound on work
			if want := refValid(s.root, tree); want != ok1 {
				t.Fatalf("schema %s doc %q: %+v %v; reference validator: %v", b.String(), doc, v1, ok1, want)
			}
		}
	})
}

// FuzzFormats runs the format parsers on any string: no panic, and where the
// standard library has a parser for the same grammar (net/netip for
// addresses, time for dates, net/url as an upper bound for URIs) the same
// answer. Seeds: testdata/fuzz/FuzzFormats.
func FuzzFormats(f *testing.F) {
	for _, s := range []string{"192.168.0.1", "::ffff:1.2.3.4", "1::", "2020-02-29", "1998-12-31T23:59:60Z",
		"a@b.c", "http://[::1]:80/p?q#f", "2eb8aa08-aa98-11ea-b4aa-73b441d16380"} {
		f.Add(s)
	}
	uuidRE := regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for f := formatNone; f <= formatIPv6; f++ {
			f.check(b)
		}
		addr, err := netip.ParseAddr(s)
		if got, want := isIPv4(b), err == nil && addr.Is4(); got != want {
			t.Fatalf("isIPv4(%q) = %v, netip says %v", s, got, want)
		}
		if got, want := isIPv6(b), err == nil && addr.Is6() && addr.Zone() == "" && !strings.Contains(s, "%"); got != want {
			t.Fatalf("isIPv6(%q) = %v, netip says %v (%v)", s, got, want, err)
		}
		_, terr := time.Parse("2006-01-02", s)
		if got, want := isDate(b), terr == nil && len(s) == 10; got != want {
			t.Fatalf("isDate(%q) = %v, time says %v", s, got, terr)
		}
		if isDateTime(b) && !strings.Contains(s, ":60") {
			if _, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s)); err != nil {
				t.Fatalf("isDateTime(%q) but time says %v", s, err)
			}
		}
		if got, want := isUUID(b), uuidRE.MatchString(s); got != want {
			t.Fatalf("isUUID(%q) = %v, want %v", s, got, want)
		}
		if isURI(b) {
			if u, err := url.Parse(s); err != nil || u.Scheme == "" {
				t.Fatalf("isURI(%q) but net/url: %v", s, err)
			}
		}
		var sink any
		if isEmail(b) && json.Unmarshal(quoteJSON(s), &sink) != nil {
			t.Fatalf("isEmail(%q) on something that is not a string", s)
		}
	})
}

// FuzzNumbers checks the int64 fast path of number keywords against the
// exact decimal code: for any two number literals x and b, comparing x with b
// and testing x for a multiple of b give the same answers both ways, and
// scanFixed reads what scanNumber reads. Seeds: testdata/fuzz/FuzzNumbers.
func FuzzNumbers(f *testing.F) {
	for _, s := range [][2]string{{"19.99", "0.01"}, {"-0.0", "1"}, {"123456789012345678", "0.5"}, {"1e3", "7"},
		{"0.0075", "0.0001"}, {"-12.5", "2.5"}, {"3", "3.000"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, x, b string) {
		xb := []byte(x)
		end, ok := scanNumber(xb, 0)
		fend, fx, fok, ok2 := scanFixed(xb, 0)
		if ok != ok2 || ok && end != fend {
			t.Fatalf("scanNumber(%q) = %d %v, scanFixed %d %v", x, end, ok, fend, ok2)
		}
		if !ok || end != len(xb) || !valid([]byte(b)) || b[0] != '-' && (b[0] < '0' || b[0] > '9') {
			return
		}
		if pf, pok := parseFixed(xb); pok != fok || pok && pf != fx {
			t.Fatalf("parseFixed(%q) = %v %v, scanFixed %v %v", x, pf, pok, fx, fok)
		}
		bd := newBound(b)
		xd := parseDecimal(xb)
		want := cmpDecimal(xd, bd.d)
		s := &schema{minimum: bd, maximum: bd}
		v := &validator{}
		okMin, okMax := v.checkNumber(s, xb, fx, fok, false), v.checkNumber(&schema{maximum: bd}, xb, fx, fok, false)
		if okMin != (want >= 0 && want <= 0) || okMax != (want <= 0) {
			t.Fatalf("%s vs %s: decimal says %d, fast path min+max %v, max %v", x, b, want, okMin, okMax)
		}
		// number (the validator's common case) answers as checkNumber,
		// keyword included, for each keyword and type.
		for _, ns := range []*schema{{minimum: bd}, {maximum: bd}, {exMin: bd}, {exMax: bd}, {minimum: bd, exMax: bd},
			{types: tInteger, exMin: bd}, {types: tInteger}} {
			if ns.multipleOf == nil && bd.d.n() > 0 && !bd.d.neg && ns.types == 0 {
				ns.multipleOf = bd
			}
			ns.num = true
			prepareNumbers(ns)
			for _, doc := range [][]byte{xb, append(append([]byte(nil), xb...), ',')} {
				fv, sv := &validator{data: doc}, &validator{data: doc}
				end, ok := fv.number(ns, 0)
				ok2 := sv.checkNumber(ns, xb, fx, fok, ns.types == tInteger)
				if ok != ok2 || ok && end != len(xb) || !ok && fv.kw != sv.kw {
					t.Fatalf("%s against %s (%+v): number %d %v %q, checkNumber %v %q", x, b, ns, end, ok, fv.kw, ok2, sv.kw)
				}
			}
		}
		if bd.d.n() > 0 && !bd.d.neg {
			exact := isMultipleOf(xd, bd.d)
			if got := v.checkNumber(&schema{multipleOf: bd}, xb, fx, fok, false); got != exact && int64(bd.d.n())-bd.d.scale() < 19 {
				t.Fatalf("%s multipleOf %s: decimal %v, fast path %v", x, b, exact, got)
			}
		}
		if got, want := fok && fx.isInteger() || !fok && xd.isInteger(), xd.isInteger(); got != want {
			t.Fatalf("%s isInteger: %v, decimal %v", x, got, want)
		}
	})
}

// valid reports whether data is one JSON value surrounded by whitespace.
func valid(data []byte) bool {
	v := validator{data: data}
	v.limit(Limits{})
	end, ok := v.skip(ws(data, 0), 0)
	return ok && ws(data, end) == len(data)
}
