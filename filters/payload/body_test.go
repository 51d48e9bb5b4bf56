package payload

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"gatehouse/config"
	"gatehouse/filters"
)

// rulesFor parses a one-route policy with the given body section and
// compiles the route's rules.
func rulesFor(t testing.TB, body string) *Rules {
	t.Helper()
	pol, err := config.Parse([]byte(`{"schemas":{"item":{"type":"object","required":["qty"],"properties":{"qty":{"type":"integer","minimum":1}}}},
		"routes":[{"id":"r","match":{"path":"/r"},"public":true,"body":` + body + `}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compile(pol.Routes[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// run feeds a body through a Checker as the plugin does: Start, then Size and
// Write per chunk, then Finish. It returns the first failure.
func run(r *Rules, headers map[string]string, chunks []string) Failure {
	req := &filters.Request{}
	for k, v := range headers {
		req.Headers = append(req.Headers, filters.Header{Name: k, Value: v})
	}
	var c Checker
	if f := c.Start(r, req, chunks != nil); f.Failed() {
		return f
	}
	total := 0
	for _, ch := range chunks {
		total += len(ch)
		if f := c.Size(int64(total)); f.Failed() {
			return f
		}
		if c.NeedsBytes() {
			if f := c.Write([]byte(ch)); f.Failed() {
				return f
			}
		}
	}
	return c.Finish()
}

func TestChecker(t *testing.T) {
	json := map[string]string{"content-type": "application/json"}
	tests := []struct {
		name    string
		body    string // the route's body section
		headers map[string]string
		chunks  []string // nil: no body follows the headers
		status  int
		reason  filters.Reason
		detail  string
	}{
		{"valid JSON in one chunk", `{"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{"qty":2}`}, 0, "", ""},
		{"valid JSON in many chunks", `{"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{"q`, `ty"`, `:`, `2}`}, 0, "", ""},
		{"schema violation", `{"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{"qty":0}`}, 400, filters.ReasonBodyInvalid, "/qty minimum"},
		{"schema root violation", `{"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{}`}, 400, filters.ReasonBodyInvalid, "/qty required"},
		{"not JSON", `{}`, json, []string{`hello`}, 400, filters.ReasonBodyInvalid, "json"},
		{"truncated JSON", `{}`, json, []string{`{"a":`}, 400, filters.ReasonBodyInvalid, "json"},
		{"content-length by headers", `{"max_bytes":10}`, map[string]string{"content-length": "11"}, []string{}, 413, filters.ReasonBodyTooLarge, "max_bytes 10"},
		{"content-length at the limit", `{"max_bytes":10}`, map[string]string{"content-length": "10"}, []string{"0123456789"}, 0, "", ""},
		{"streamed past the limit", `{"max_bytes":10}`, nil, []string{"01234", "56789", "x", "never read"}, 413, filters.ReasonBodyTooLarge, "max_bytes 10"},
		{"content-length shorter than the body", `{}`, map[string]string{"content-length": "3"}, []string{"ab", "cd"}, 400, filters.ReasonBodyInvalid, "content_length"},
		{"content-length longer than the body", `{}`, map[string]string{"content-length": "30"}, []string{"ab", "cd"}, 400, filters.ReasonBodyInvalid, "content_length"},
		{"body required, none", `{"required":true}`, nil, nil, 400, filters.ReasonBodyRequired, "required"},
		{"body required, empty", `{"required":true}`, map[string]string{"content-length": "0"}, []string{""}, 400, filters.ReasonBodyRequired, "required"},
		{"body forbidden by content-length", `{"forbidden":true}`, map[string]string{"content-length": "2"}, []string{"ab"}, 400, filters.ReasonBodyForbidden, "forbidden"},
		{"body forbidden, streamed", `{"forbidden":true}`, nil, []string{"", "a"}, 400, filters.ReasonBodyForbidden, "forbidden"},
		{"body forbidden, none", `{"forbidden":true}`, nil, nil, 0, "", ""},
		{"body forbidden, empty", `{"forbidden":true}`, nil, []string{""}, 0, "", ""},
		{"type not listed", `{"content_types":["application/json"]}`, map[string]string{"content-type": "text/plain"}, []string{"x"}, 415, filters.ReasonContentTypeUnsupported, "content_type"},
		{"type absent", `{"content_types":["application/json"]}`, nil, []string{"{}"}, 415, filters.ReasonContentTypeUnsupported, "content_type"},
		{"type absent, no body", `{"content_types":["application/json"]}`, nil, nil, 0, "", ""},
		{"type with charset", `{"content_types":["application/json"]}`, map[string]string{"content-type": `Application/JSON; charset="UTF-8"`}, []string{"{}"}, 0, "", ""},
		{"type with another charset", `{"content_types":["application/json"]}`, map[string]string{"content-type": "application/json;charset=utf-16"}, []string{"{}"}, 415, filters.ReasonContentTypeUnsupported, "charset"},
		{"type malformed", `{"content_types":["application/json"]}`, map[string]string{"content-type": "application/json; charset"}, []string{"{}"}, 415, filters.ReasonContentTypeUnsupported, "content_type"},
		{"malformed type, any type allowed", `{}`, map[string]string{"content-type": "json"}, []string{"\xff"}, 0, "", ""},
		{"malformed content-length is ignored", `{"max_bytes":3}`, map[string]string{"content-length": "+2"}, []string{"ab"}, 0, "", ""},
		{"schema implies JSON", `{"schema":true}`, map[string]string{"content-type": "text/plain"}, []string{"x"}, 415, filters.ReasonContentTypeUnsupported, "content_type"},
		{"+json suffix", `{"content_types":["application/merge-patch+json"]}`, map[string]string{"content-type": "application/merge-patch+json"}, []string{"[1,"}, 400, filters.ReasonBodyInvalid, "json"},
		{"binary is not UTF-8 checked", `{}`, map[string]string{"content-type": "application/octet-stream"}, []string{"\xff\xfe"}, 0, "", ""},
		{"text must be UTF-8", `{}`, map[string]string{"content-type": "text/plain"}, []string{"ok \xff"}, 400, filters.ReasonBodyInvalid, "utf8"},
		{"UTF-8 split across chunks", `{}`, json, []string{"\"\xc3", "\xa9\xe2\x82", "\xac\xf0\x9f", "\x98\x80\""}, 0, "", ""},
		{"UTF-8 cut off at the end", `{}`, map[string]string{"content-type": "text/plain"}, []string{"ab\xe2\x82"}, 400, filters.ReasonBodyInvalid, "utf8"},
		{"overlong UTF-8 across chunks", `{}`, json, []string{"\"\xc0", "\xaf\""}, 400, filters.ReasonBodyInvalid, "utf8"},
		{"max_depth", `{"max_depth":3}`, json, []string{`[[[[]]]]`}, 400, filters.ReasonBodyInvalid, "max_depth 3"},
		{"max_depth at the limit", `{"max_depth":3}`, json, []string{`[{"a":[1]}]`}, 0, "", ""},
		{"max_keys", `{"max_keys":2}`, json, []string{`{"a":1,"b":{"c":1,"d":2},"e":3}`}, 400, filters.ReasonBodyInvalid, "max_keys 2"},
		{"max_keys at the limit", `{"max_keys":2}`, json, []string{`{"a":1,"b":{"c":1,"d":2}}`}, 0, "", ""},
		{"max_array", `{"max_array":3}`, json, []string{`{"a":[1,2,[3,4,5,6]]}`}, 400, filters.ReasonBodyInvalid, "max_array 3"},
		{"commas in strings do not count", `{"max_array":1}`, json, []string{`["a,b,c,[,{"]`}, 0, "", ""},
		{"duplicate keys allowed", `{}`, json, []string{`{"a":1,"a":2}`}, 0, "", ""},
		{"duplicate keys refused", `{"reject_duplicate_keys":true}`, json, []string{`{"a":1,"b":{"a":1},"a":2}`}, 400, filters.ReasonBodyInvalid, "reject_duplicate_keys"},
		{"duplicate keys through escapes", `{"reject_duplicate_keys":true}`, json, []string{`{"a":1,"\u0061":2}`}, 400, filters.ReasonBodyInvalid, "reject_duplicate_keys"},
		{"duplicate keys in nested object", `{"reject_duplicate_keys":true}`, json, []string{`[{"x":1},{"x":1,"y":{"z":1,"z":2}}]`}, 400, filters.ReasonBodyInvalid, "reject_duplicate_keys"},
		{"duplicate among many keys", `{"reject_duplicate_keys":true}`, json, []string{manyKeys(20, "k7")}, 400, filters.ReasonBodyInvalid, "reject_duplicate_keys"},
		{"many distinct keys", `{"reject_duplicate_keys":true}`, json, []string{manyKeys(20, "")}, 0, "", ""},
		{"same key in sibling objects", `{"reject_duplicate_keys":true}`, json, []string{`[{"x":1},{"x":1}]`}, 0, "", ""},
		{"values are not keys", `{"reject_duplicate_keys":true}`, json, []string{`{"a":"a","b":"a"}`}, 0, "", ""},
		// The guards and the schema share one walk; a guard broken anywhere
		// outranks the schema, even one broken after the schema's violation.
		{"guard after a schema violation", `{"max_array":2,"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{"qty":0,"tags":[1,2,3]}`}, 400, filters.ReasonBodyInvalid, "max_array 2"},
		{"schema violation within the guards", `{"max_array":2,"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{"qty":0,"tags":[1,2]}`}, 400, filters.ReasonBodyInvalid, "/qty minimum"},
		{"duplicate schema property", `{"reject_duplicate_keys":true,"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{"qty":1,"q\u0074y":2}`}, 400, filters.ReasonBodyInvalid, "reject_duplicate_keys"},
		{"duplicate name the schema allows", `{"reject_duplicate_keys":true,"schema":{"$ref":"#/schemas/item"}}`, json, []string{`{"qty":1,"note":{"a":1},"note":2}`}, 400, filters.ReasonBodyInvalid, "reject_duplicate_keys"},
		{"guard before a syntax error", `{"max_depth":2}`, json, []string{`[[[1]]] x`}, 400, filters.ReasonBodyInvalid, "max_depth 2"},
		{"syntax error before a guard", `{"max_depth":2}`, json, []string{`[1,}[[[1]]]`}, 400, filters.ReasonBodyInvalid, "json"},
		{"empty body passes", `{}`, json, []string{""}, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := run(rulesFor(t, tt.body), tt.headers, tt.chunks)
			if f.Status != tt.status || f.Reason != tt.reason || f.Detail() != tt.detail {
				t.Fatalf("got %d %s %q, want %d %s %q", f.Status, f.Reason, f.Detail(), tt.status, tt.reason, tt.detail)
			}
		})
	}
}

// manyKeys is an object with n members k0…k(n-1), plus extra if not "".
func manyKeys(n int, extra string) string {
	var b strings.Builder
	b.WriteString(`{"x\u0031":0`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `,"k%d":%d`, n-i, i)
	}
	if extra != "" {
		fmt.Fprintf(&b, `,"%s":1`, extra)
	}
	b.WriteString(`}`)
	return b.String()
}

func TestCheckerStopsReadingPastTheLimit(t *testing.T) {
	r := rulesFor(t, `{"max_bytes":4}`)
	var c Checker
	if f := c.Start(r, &filters.Request{Headers: []filters.Header{{Name: "content-type", Value: "application/json"}}}, true); f.Failed() {
		t.Fatal(f)
	}
	if f := c.Size(5); f.Reason != filters.ReasonBodyTooLarge {
		t.Fatalf("Size(5) = %+v", f)
	}
	if c.Have() != 0 {
		t.Fatalf("bytes were read: %d", c.Have())
	}
}

func TestCheckerReuseDropsBigBuffers(t *testing.T) {
	r := rulesFor(t, `{"max_bytes":200000}`)
	req := &filters.Request{Headers: []filters.Header{{Name: "content-type", Value: "application/json"}}}
	var c Checker
	c.Start(r, req, true)
	big := `"` + strings.Repeat("a", 100000) + `"`
	c.Size(int64(len(big)))
	c.Write([]byte(big))
	if f := c.Finish(); f.Failed() {
		t.Fatal(f)
	}
	c.Start(r, req, true)
	if cap(c.buf) > maxKeptBuffer {
		t.Fatalf("kept %d bytes", cap(c.buf))
	}
}

func TestDenyKeepsTheDecision(t *testing.T) {
	d := filters.Decision{Reason: filters.ReasonAuthenticated, RouteID: "r", Identity: "corp", Subject: "alice", Enforced: true,
		ReplyHeaders: []filters.Header{{Name: "x", Value: "y"}}}
	f := fail(400, filters.ReasonBodyInvalid, "/items/3/qty", "minimum", 0)
	f.Deny(&d, true)
	want := filters.Decision{Verdict: filters.Deny, Status: 400, Reason: filters.ReasonBodyInvalid, RouteID: "r",
		Identity: "corp", Subject: "alice", Enforced: true, Detail: "/items/3/qty minimum",
		Violation: filters.Violation{Pointer: "/items/3/qty", Keyword: "minimum"}, ExposeViolation: true}
	if d.Verdict != want.Verdict || d.Status != want.Status || d.Reason != want.Reason || d.RouteID != want.RouteID ||
		d.Identity != want.Identity || d.Subject != want.Subject || !d.Enforced || d.Detail != want.Detail ||
		d.Violation != want.Violation || !d.ExposeViolation || d.ReplyHeaders != nil {
		t.Fatalf("%+v", d)
	}
	d2 := filters.Decision{}
	fail(413, filters.ReasonBodyTooLarge, "", "max_bytes", 10).Deny(&d2, true)
	if d2.ExposeViolation || d2.Detail != "max_bytes 10" {
		t.Fatalf("413 %+v", d2)
	}
}

// TestUTF8StreamEverySplit checks every two-way and three-way split of valid
// and invalid texts against utf8.Valid on the whole.
func TestUTF8StreamEverySplit(t *testing.T) {
	texts := []string{"aé€😀z", "\xc3", "a\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80",
		"é\x80", "\xe2\x82\xac\xe2\x82\xac", "\xff", "abc\xf0\x9f\x98\x80\xf0", "\xe2a\x82"}
	for _, s := range texts {
		for i := 0; i <= len(s); i++ {
			for j := i; j <= len(s); j++ {
				var u utf8Stream
				ok := u.write([]byte(s[:i])) && u.write([]byte(s[i:j])) && u.write([]byte(s[j:])) && u.end()
				if ok != utf8.ValidString(s) {
					t.Errorf("%q split at %d,%d: %v, want %v", s, i, j, ok, !ok)
				}
			}
		}
	}
}

func FuzzUTF8Stream(f *testing.F) {
	f.Add([]byte("aé€😀z"), uint8(3), uint8(5))
	f.Add([]byte("\xe2\x82\xac\xff"), uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, i, j uint8) {
		x, y := min(int(i), len(b)), min(int(j), len(b))
		if x > y {
			x, y = y, x
		}
		var u utf8Stream
		ok := u.write(b[:x]) && u.write(b[x:y]) && u.write(b[y:]) && u.end()
		if ok != utf8.Valid(b) {
			t.Fatalf("%q split at %d,%d: %v", b, x, y, ok)
		}
	})
}

// FuzzCheckerChunking checks that how a body is cut into chunks never changes
// the verdict.
func FuzzCheckerChunking(f *testing.F) {
	f.Add([]byte(`{"qty":2,"a":[1,"\u00e9"]}`), uint16(3), uint16(9))
	f.Add([]byte("{\"qty\":\"\xe2\x82\xac\"}"), uint16(9), uint16(10))
	f.Add([]byte(`[[[[[1]]]]]`), uint16(0), uint16(1))
	r := rulesFor(f, `{"max_depth":4,"max_keys":3,"max_array":3,"reject_duplicate_keys":true,"schema":{"$ref":"#/schemas/item"}}`)
	json := map[string]string{"content-type": "application/json"}
	f.Fuzz(func(t *testing.T, b []byte, i, j uint16) {
		x, y := min(int(i), len(b)), min(int(j), len(b))
		if x > y {
			x, y = y, x
		}
		whole := run(r, json, []string{string(b)})
		cut := run(r, json, []string{string(b[:x]), string(b[x:y]), string(b[y:])})
		if whole != cut {
			t.Fatalf("%q: whole %+v, cut at %d,%d %+v", b, whole, x, y, cut)
		}
	})
}
