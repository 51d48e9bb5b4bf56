package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *Policy
	}{
		{"empty object gets defaults", `{}`, &Policy{Mode: ModeEnforce, Default: DefaultDeny}},
		{"whitespace around", " \n\t{ }\r\n", &Policy{}},
		{"mode and default", `{"mode":"report","default":"allow"}`, &Policy{Mode: ModeReport, Default: DefaultAllow}},
		{"explicit defaults", `{"mode":"enforce","default":"deny","routes":[]}`, &Policy{Routes: []Route{}}},
		{
			"routes",
			`{
			  "routes": [
			    {"id": "list-orders", "match": {"methods": ["GET", "HEAD"], "path": "/v1/orders"}},
			    {"id": "get-order", "match": {"path": "/v1/orders/{id}", "methods": ["GET"]}},
			    {"id": "files", "match": {"path": "/files/{dir}/{path...}"}},
			    {"id": "health", "match": {"path": "/"}, "public": true},
			    {"public": false, "match": {"path": "/a/b%20c/:x@y"}, "id": "0.x_y-z"}
			  ]
			}`,
			&Policy{Routes: []Route{
				{ID: "list-orders", Match: Match{Methods: []Method{MethodGet, MethodHead}, Path: "/v1/orders",
					Template: PathTemplate{Segments: []Segment{{SegmentLiteral, "v1"}, {SegmentLiteral, "orders"}}}}},
				{ID: "get-order", Match: Match{Methods: []Method{MethodGet}, Path: "/v1/orders/{id}",
					Template: PathTemplate{Segments: []Segment{{SegmentLiteral, "v1"}, {SegmentLiteral, "orders"}, {SegmentParam, "id"}}}}},
				{ID: "files", Match: Match{Path: "/files/{dir}/{path...}",
					Template: PathTemplate{Segments: []Segment{{SegmentLiteral, "files"}, {SegmentParam, "dir"}, {SegmentRest, "path"}}}}},
				{ID: "health", Public: true, Match: Match{Path: "/"}},
				{ID: "0.x_y-z", Match: Match{Path: "/a/b%20c/:x@y",
					Template: PathTemplate{Segments: []Segment{{SegmentLiteral, "a"}, {SegmentLiteral, "b%20c"}, {SegmentLiteral, ":x@y"}}}}},
			}},
		},
		{
			"all methods",
			`{"routes":[{"id":"a","match":{"path":"/","methods":["GET","HEAD","POST","PUT","PATCH","DELETE","OPTIONS"]}}]}`,
			&Policy{Routes: []Route{{ID: "a", Match: Match{Path: "/", Methods: []Method{
				MethodGet, MethodHead, MethodPost, MethodPut, MethodPatch, MethodDelete, MethodOptions}}}}},
		},
		{
			"string escapes",
			`{"routes":[{"id":"\u0061b","match":{"path":"\/x"}}]}`,
			&Policy{Routes: []Route{{ID: "ab", Match: Match{Path: "/x",
				Template: PathTemplate{Segments: []Segment{{SegmentLiteral, "x"}}}}}}},
		},
		{
			"64-character id",
			`{"routes":[{"id":"` + strings.Repeat("a", 64) + `","match":{"path":"/"}}]}`,
			&Policy{Routes: []Route{{ID: strings.Repeat("a", 64), Match: Match{Path: "/"}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// route wraps a match object in a one-route policy.
func route(match string) string {
	return `{"routes":[{"id":"r","match":` + match + `}]}`
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// Syntax.
		{"empty", ``, []string{"empty policy"}},
		{"blank", " \n\t\r ", []string{"empty policy"}},
		{"invalid JSON", "{\n  \"mode\": \"report\",\n  \"x\" 1\n}", []string{
			"invalid JSON at line 3, column 7: invalid character '1' after object key"}},
		{"truncated", `{"mode":`, []string{"invalid JSON at line 1, column 9: unexpected end of input"}},
		{"columns count characters", "{\"é\": \"ü\" x}", []string{
			"invalid JSON at line 1, column 11: invalid character 'x' after object key:value pair"}},
		{"invalid UTF-8", "{\"mode\":\"\xff\"}", []string{"invalid JSON at line 1, column 10: invalid UTF-8 in string literal"}},
		{"too deep", `{"routes":` + strings.Repeat("[", 1000) + `}`, []string{
			"invalid JSON at line 1, column 1010: exceeded maximum nesting depth of 1000"}},
		{"top-level array", `[]`, []string{"expected an object, got array"}},
		{"top-level string", `"x"`, []string{"expected an object, got string"}},
		{"top-level null", `null`, []string{"expected an object, got null"}},

		// Unknown fields and duplicate keys.
		{"unknown root field", `{"mod":"report"}`, []string{`mod: unknown field (known: client_ip, cors, default, https, identity, mode, rate_limits, response, routes, schemas, unmatched_status)`}},
		{"unknown nested field", route(`{"path":"/","metods":["GET"]}`), []string{
			`routes[0].match.metods: unknown field (known: host, methods, path)`}},
		{"unknown route field", `{"routes":[{"id":"a","match":{"path":"/"},"rate_limit":{}}]}`, []string{
			`routes[0].rate_limit: unknown field (known: allow, body, client_ip, expose_errors, id, identity, match, mode, params, public, rate_limits, request_headers, response)`}},
		{"quoted unknown key", `{"my key":1,"a.b":2,"x\ny":3}`, []string{
			`["my key"]: unknown field (known: client_ip, cors, default, https, identity, mode, rate_limits, response, routes, schemas, unmatched_status)`,
			`["a.b"]: unknown field (known: client_ip, cors, default, https, identity, mode, rate_limits, response, routes, schemas, unmatched_status)`,
			`["x\ny"]: unknown field (known: client_ip, cors, default, https, identity, mode, rate_limits, response, routes, schemas, unmatched_status)`}},
		{"quoted nested key", route(`{"path":"/","2x":1}`), []string{
			`routes[0].match["2x"]: unknown field (known: host, methods, path)`}},
		{"duplicate key", `{"mode":"report","mode":"enforce"}`, []string{`mode: duplicate key`}},
		{"duplicate nested key", route(`{"path":"/","path":"/x"}`), []string{`routes[0].match.path: duplicate key`}},
		{"duplicate unknown key", `{"x":1,"x":2}`, []string{
			`x: unknown field (known: client_ip, cors, default, https, identity, mode, rate_limits, response, routes, schemas, unmatched_status)`, `x: duplicate key`}},

		// Types.
		{"mode type", `{"mode":1}`, []string{`mode: expected a string, got number`}},
		{"mode null", `{"mode":null}`, []string{`mode: expected a string, got null`}},
		{"routes type", `{"routes":{}}`, []string{`routes: expected an array, got object`}},
		{"route type", `{"routes":[[]]}`, []string{`routes[0]: expected an object, got array`}},
		{"public type", `{"routes":[{"id":"a","match":{"path":"/"},"public":"yes"}]}`, []string{
			`routes[0].public: expected a boolean, got string`}},
		{"methods type", route(`{"path":"/","methods":"GET"}`), []string{
			`routes[0].match.methods: expected an array, got string`}},
		{"method type", route(`{"path":"/","methods":[true]}`), []string{
			`routes[0].match.methods[0]: expected a string, got boolean`}},
		{"id type does not cascade", `{"routes":[{"id":1,"match":{"path":"/"}},{"id":1,"match":{"path":"/"}}]}`, []string{
			`routes[0].id: expected a string, got number`,
			`routes[1].id: expected a string, got number`}},

		// Required fields.
		{"missing match", `{"routes":[{"id":"a"}]}`, []string{`routes[0]: missing required field "match"`}},
		{"missing id and match", `{"routes":[{}]}`, []string{
			`routes[0]: missing required field "id"`, `routes[0]: missing required field "match"`}},
		{"missing path", route(`{"methods":["GET"]}`), []string{`routes[0].match: missing required field "path"`}},

		// Enums.
		{"unknown mode", `{"mode":"enforcing"}`, []string{`mode: unknown mode "enforcing" (want enforce or report)`}},
		{"unknown default", `{"default":"Deny"}`, []string{`default: unknown default "Deny" (want deny or allow)`}},

		// Routes.
		{"duplicate route id", `{"routes":[
			{"id":"a","match":{"path":"/a"}},
			{"id":"b","match":{"path":"/b"}},
			{"id":"a","match":{"path":"/c"}},
			{"id":"b","match":{"path":"/d"}},
			{"id":"a","match":{"path":"/e"}}]}`, []string{
			`routes[2].id: duplicate route id "a" (first at routes[0].id)`,
			`routes[3].id: duplicate route id "b" (first at routes[1].id)`,
			`routes[4].id: duplicate route id "a" (first at routes[0].id)`}},
		{"invalid route ids", `{"routes":[
			{"id":"","match":{"path":"/"}},
			{"id":"A","match":{"path":"/"}},
			{"id":"-a","match":{"path":"/"}},
			{"id":"a b","match":{"path":"/"}},
			{"id":"` + strings.Repeat("a", 65) + `","match":{"path":"/"}}]}`, []string{
			`routes[0].id: invalid route id "" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`routes[1].id: invalid route id "A" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`routes[2].id: invalid route id "-a" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`routes[3].id: invalid route id "a b" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`routes[4].id: invalid route id "` + strings.Repeat("a", 65) + `" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`}},
		{"invalid ids are not duplicates", `{"routes":[{"id":"A","match":{"path":"/"}},{"id":"A","match":{"path":"/"}}]}`, []string{
			`routes[0].id: invalid route id "A" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`,
			`routes[1].id: invalid route id "A" (want ^[a-z0-9][a-z0-9_.-]{0,63}$)`}},

		// Methods.
		{"overlapping routes", `{"routes":[
			{"id":"a","match":{"path":"/v1/{id}"}},
			{"id":"b","match":{"path":"/v1/{key}","methods":["GET"]}},
			{"id":"c","match":{"path":"/v1/x","methods":["GET"]}},
			{"id":"d","match":{"path":"/v2/{rest...}","methods":["GET","PUT"]}},
			{"id":"e","match":{"path":"/v2/{tail...}","methods":["POST"]}},
			{"id":"f","match":{"path":"/v2/{all...}","methods":["PUT"]}}]}`, []string{
			`routes[1]: matches the same requests as routes[0] (route "a")`,
			`routes[5]: matches the same requests as routes[3] (route "d")`}},
		{"routes of different hosts do not overlap", `{"routes":[
			{"id":"a","match":{"path":"/v1/{id}"}},
			{"id":"b","match":{"path":"/v1/{key}","host":"api.example.com"}},
			{"id":"c","match":{"path":"/v1/{k}","host":"*.example.com"}},
			{"id":"d","match":{"path":"/v1/{x}","host":"API.example.com","methods":["GET"]}}]}`, []string{
			`routes[3]: matches the same requests as routes[1] (route "b")`}},
		{"invalid hosts", `{"routes":[
			{"id":"a","match":{"path":"/a","host":"api.example.com:8443"}},
			{"id":"b","match":{"path":"/b","host":"*"}},
			{"id":"c","match":{"path":"/c","host":"a.*.example.com"}},
			{"id":"d","match":{"path":"/d","host":"-a.example.com"}},
			{"id":"e","match":{"path":"/e","host":"a..example.com"}},
			{"id":"f","match":{"path":"/f","host":"bücher.example"}}]}`, []string{
			`routes[0].match.host: invalid host "api.example.com:8443" (want a DNS name like api.example.com, or *.example.com; no port)`,
			`routes[1].match.host: invalid host "*" (want a DNS name like api.example.com, or *.example.com; no port)`,
			`routes[2].match.host: invalid host "a.*.example.com" (want a DNS name like api.example.com, or *.example.com; no port)`,
			`routes[3].match.host: invalid host "-a.example.com" (want a DNS name like api.example.com, or *.example.com; no port)`,
			`routes[4].match.host: invalid host "a..example.com" (want a DNS name like api.example.com, or *.example.com; no port)`,
			`routes[5].match.host: invalid host "bücher.example" (want a DNS name like api.example.com, or *.example.com; no port)`}},
		{"unknown method", `{"routes":[{"id":"a","match":{"path":"/"}},{"id":"b","match":{"path":"/","methods":["GETT"]}}]}`, []string{
			`routes[1].match.methods[0]: unknown method "GETT"`}},
		{"lowercase method", route(`{"path":"/","methods":["get"]}`), []string{
			`routes[0].match.methods[0]: unknown method "get" (methods are uppercase: "GET")`}},
		{"duplicate method", route(`{"path":"/","methods":["GET","POST","GET"]}`), []string{
			`routes[0].match.methods[2]: duplicate method "GET"`}},
		{"empty methods", route(`{"path":"/","methods":[]}`), []string{
			`routes[0].match.methods: must not be empty (omit it to match any method)`}},

		// Paths (the full syntax is in TestParsePathTemplate).
		{"relative path", route(`{"path":"v1"}`), []string{`routes[0].match.path: must start with "/"`}},
		{"empty path", route(`{"path":""}`), []string{`routes[0].match.path: must start with "/"`}},
		{"query", route(`{"path":"/a?b"}`), []string{`routes[0].match.path: must not contain a query ("?")`}},

		// Many errors, in document order, whichever step found them.
		{"document order", `{
			"routes": [
				{"id": "a", "match": {"path": "x", "methods": ["GETT"]}, "publik": true},
				{"id": "a", "match": {"methods": ["PUT", "PUT"]}},
				{"id": 7, "match": {"path": "/{id}/{id}"}}
			],
			"mode": "enforcing",
			"extra": {}
		}`, []string{
			`routes[0].match.path: must start with "/"`,
			`routes[0].match.methods[0]: unknown method "GETT"`,
			`routes[0].publik: unknown field (known: allow, body, client_ip, expose_errors, id, identity, match, mode, params, public, rate_limits, request_headers, response)`,
			`routes[1].id: duplicate route id "a" (first at routes[0].id)`,
			`routes[1].match.methods[1]: duplicate method "PUT"`,
			`routes[1].match: missing required field "path"`,
			`routes[2].id: expected a string, got number`,
			`routes[2].match.path: duplicate parameter "id"`,
			`mode: unknown mode "enforcing" (want enforce or report)`,
			`extra: unknown field (known: client_ip, cors, default, https, identity, mode, rate_limits, response, routes, schemas, unmatched_status)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, err := Parse([]byte(tt.in))
			if pol != nil {
				t.Errorf("Parse returned a policy with an error: %+v", pol)
			}
			checkErrors(t, err, tt.want)
		})
	}
}

// checkErrors checks that err is an Errors with exactly the messages want, in order.
func checkErrors(t *testing.T, err error, want []string) {
	t.Helper()
	errs, ok := err.(Errors)
	if !ok {
		t.Fatalf("error is %T (%v), want Errors", err, err)
	}
	got := make([]string, len(errs))
	for i, e := range errs {
		got[i] = e.Error()
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
	}
	if err.Error() != strings.Join(want, "\n") {
		t.Errorf("Error() = %q, want the messages joined by newlines", err.Error())
	}
}

func TestTooManyErrors(t *testing.T) {
	in := `{"routes":[` + strings.Repeat(`1,`, MaxErrors+20) + `1]}`
	_, err := Parse([]byte(in))
	errs := err.(Errors)
	if len(errs) != MaxErrors+1 {
		t.Fatalf("got %d errors, want %d", len(errs), MaxErrors+1)
	}
	if got := errs[0].Error(); got != "routes[0]: expected an object, got number" {
		t.Errorf("first error = %q", got)
	}
	if got := errs[MaxErrors-1].Error(); got != "routes[99]: expected an object, got number" {
		t.Errorf("last counted error = %q", got)
	}
	last := errs[MaxErrors]
	if last.Error() != "too many errors" || last.Path != "" {
		t.Errorf("final entry = %+v, want too many errors", last)
	}
	if !errors.Is(last, ErrTooManyErrors) {
		t.Errorf("final entry is not ErrTooManyErrors")
	}

	// Exactly MaxErrors errors: no "too many" entry.
	in = `{"routes":[` + strings.Repeat(`1,`, MaxErrors-1) + `1]}`
	_, err = Parse([]byte(in))
	if n := len(err.(Errors)); n != MaxErrors {
		t.Errorf("got %d errors, want %d", n, MaxErrors)
	}
}

func TestParseDoesNotMutateInput(t *testing.T) {
	in := []byte(`{"routes":[{"id":"a","match":{"path":"/x/{y}"}}]}`)
	orig := string(in)
	p1, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(in) != orig {
		t.Fatal("Parse modified its input")
	}
	p2, _ := Parse(in)
	if !reflect.DeepEqual(p1, p2) || p1 == p2 {
		t.Fatal("Parse is not deterministic or returned a shared policy")
	}
}
