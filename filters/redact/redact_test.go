package redact

import (
	"errors"
	"strings"
	"testing"

	"gatehouse/config"
)

// plan compiles the policy-wide redact section of a policy with the given
// redact JSON.
func plan(t testing.TB, redactJSON string) *Plan {
	t.Helper()
	pol, err := config.Parse([]byte(`{"response":{"redact":` + redactJSON + `}}`))
	if err != nil {
		t.Fatalf("policy: %v", err)
	}
	return Compile(pol.Response.Redact)
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name, redact, body, want string
		n                        int
	}{
		{"name anywhere", `{"fields":["password"]}`,
			`{"user":{"name":"a","password":"x"},"password":1,"list":[{"password":null}]}`,
			`{"user":{"name":"a"},"list":[{}]}`, 3},
		{"first member removed", `{"fields":["a"]}`, `{"a":1,"b":2}`, `{"b":2}`, 1},
		{"middle member removed", `{"fields":["b"]}`, `{"a":1,"b":2,"c":3}`, `{"a":1,"c":3}`, 1},
		{"last member removed", `{"fields":["c"]}`, `{"a":1,"b":2,"c":3}`, `{"a":1,"b":2}`, 1},
		{"all members removed", `{"fields":["a","b","c"]}`, `{"a":1,"b":2,"c":3}`, `{}`, 3},
		{"leading run removed", `{"fields":["a","b"]}`, `{"a":1,"b":2,"c":3}`, `{"c":3}`, 2},
		{"whitespace kept sane", `{"fields":["a"]}`, "{ \"a\" : 1 ,\n \"b\" : [ 1 , 2 ] }", "{\"b\" : [ 1 , 2 ] }", 1},
		{"duplicate keys both removed", `{"fields":["k"]}`, `{"k":1,"x":0,"k":2}`, `{"x":0}`, 2},
		{"escaped key matches", `{"fields":["password"]}`, `{"pass\u0077ord":"x","p\"w":1}`, `{"p\"w":1}`, 1},
		{"escaped slash key", `{"fields":["a/b"]}`, `{"a\/b":"x"}`, `{}`, 1},
		{"nested container removed whole", `{"fields":["secret"]}`, `{"secret":{"secret":1,"x":[1,{"secret":2}]},"y":true}`, `{"y":true}`, 1},
		{"star path", `{"fields":["*.token"]}`, `{"session":{"token":"t","ttl":3},"token":"root","other":{"x":{"token":1}}}`,
			`{"session":{"ttl":3},"token":"root","other":{"x":{"token":1}}}`, 1},
		{"array path", `{"fields":["users.#.ssn"]}`, `{"users":[{"ssn":"1","n":"a"},{"n":"b"},{"ssn":"2"}],"ssn":"top","x":{"users":[{"ssn":3}]}}`,
			`{"users":[{"n":"a"},{"n":"b"},{}],"ssn":"top","x":{"users":[{"ssn":3}]}}`, 2},
		{"nested arrays", `{"fields":["m.#.#.k"]}`, `{"m":[[{"k":1,"v":1}],[{"k":2},{"v":3}],[]]}`, `{"m":[[{"v":1}],[{},{"v":3}],[]]}`, 2},
		{"root array", `{"fields":["#.id"]}`, `[{"id":1,"a":2},{"id":3},5,"s"]`, `[{"a":2},{},5,"s"]`, 2},
		{"path does not step into arrays without #", `{"fields":["a.b"]}`, `{"a":[{"b":1}],"b":2}`, `{"a":[{"b":1}],"b":2}`, 0},
		{"star at the end", `{"fields":["creds.*"]}`, `{"creds":{"u":1,"p":2},"x":3}`, `{"creds":{},"x":3}`, 2},
		{"escaped dot in name", `{"fields":["a\\.b"]}`, `{"a.b":1,"a":{"b":2}}`, `{"a":{"b":2}}`, 1},
		{"mask", `{"fields":["password","*.token"],"action":"mask"}`, `{"password":{"x":1},"s":{"token":"t","password":"p"},"k":[1]}`,
			`{"password":"[redacted]","s":{"token":"[redacted]","password":"[redacted]"},"k":[1]}`, 3},
		{"nothing to redact", `{"fields":["password"]}`, `{"a":[1,2,{"b":"password"}]}`, `{"a":[1,2,{"b":"password"}]}`, 0},
		{"scalar root", `{"fields":["password"]}`, ` "password" `, ` "password" `, 0},
		{"empty containers", `{"fields":["#.a"]}`, `[{},[],{"a":{}}]`, `[{},[],{}]`, 1},
		// Strings are scanned a word at a time: specials at each offset of
		// a word, and strings ending within the last eight bytes.
		{"long strings", `{"fields":["k"]}`,
			`{"k":"0123456789abcdef\"x\\yz\u00e9","a":"é日本語 long enough ✓","k":"x","b":"12345678","c":"1234567"}`,
			`{"a":"é日本語 long enough ✓","b":"12345678","c":"1234567"}`, 2},
		{"key filter: same length and first byte", `{"fields":["abc","x.#.pq"]}`,
			`{"abd":1,"abc":2,"x":[{"pr":1,"pq":2,"qq":3}],"abcd":4,"":5}`, `{"abd":1,"x":[{"pr":1,"qq":3}],"abcd":4,"":5}`, 2},
		{"key filter: long name", `{"fields":["` + strings.Repeat("n", 70) + `"]}`,
			`{"` + strings.Repeat("n", 69) + `":1,"` + strings.Repeat("n", 70) + `":2,"` + strings.Repeat("n", 71) + `":3}`,
			`{"` + strings.Repeat("n", 69) + `":1,"` + strings.Repeat("n", 71) + `":3}`, 1},
		{"key filter: star under a name", `{"fields":["a.*.b"]}`, `{"a":{"xy":{"b":1,"c":2},"z":[{"b":3}]},"b":4}`,
			`{"a":{"xy":{"c":2},"z":[{"b":3}]},"b":4}`, 1},
		{"values of every kind after keys", `{"fields":["z"]}`, `{"a":-1.5e3,"b":true,"c":false,"d":null,"e":[0],"f":{},"z":[]}`,
			`{"a":-1.5e3,"b":true,"c":false,"d":null,"e":[0],"f":{}}`, 1},
	}
	var r Redactor
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, n, err := r.Redact(plan(t, tt.redact), []byte(tt.body))
			if err != nil || string(out) != tt.want || n != tt.n {
				t.Fatalf("Redact = %s, %d, %v; want %s, %d", out, n, err, tt.want, tt.n)
			}
		})
	}
}

func TestRedactInvalid(t *testing.T) {
	p := plan(t, `{"fields":["a"]}`)
	deep := strings.Repeat(`{"x":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1)
	tests := []struct {
		name, body string
		want       error
	}{
		{"empty", ``, ErrInvalidJSON},
		{"truncated", `{"a":1,"b":[1,2`, ErrInvalidJSON},
		{"trailing comma", `{"a":1,}`, ErrInvalidJSON},
		{"trailing data", `{"a":1} x`, ErrInvalidJSON},
		{"two values", `{} {}`, ErrInvalidJSON},
		{"bad escape", `{"a\x":1}`, ErrInvalidJSON},
		{"control char", "{\"a\":\"\x01\"}", ErrInvalidJSON},
		{"bad number", `{"a":01}`, ErrInvalidJSON},
		{"bad number exp", `{"a":1e}`, ErrInvalidJSON},
		{"bad literal", `{"a":tru}`, ErrInvalidJSON},
		{"key not string", `{a:1}`, ErrInvalidJSON},
		{"mismatched close", `{"a":[1}`, ErrInvalidJSON},
		{"short unicode", `{"a\u12":1}`, ErrInvalidJSON},
		{"control char in a long string", "{\"b\":\"0123456789\x1f\"}", ErrInvalidJSON},
		{"control char at a word's end", "{\"b\":\"0123456\x7f\x00\"}", ErrInvalidJSON},
		{"unterminated long string", `{"b":"0123456789abcdef`, ErrInvalidJSON},
		{"bad escape in a long string", `{"b":"0123456789\q"}`, ErrInvalidJSON},
		{"value missing", `{"b":}`, ErrInvalidJSON},
		{"truncated after colon", `{"b":`, ErrInvalidJSON},
		{"bad literal after key", `{"b":nul}`, ErrInvalidJSON},
		{"lone minus", `{"b":-}`, ErrInvalidJSON},
		{"too deep", deep, ErrTooDeep},
	}
	var r Redactor
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, n, err := r.Redact(p, []byte(tt.body))
			if !errors.Is(err, tt.want) || string(out) != tt.body || n != 0 {
				t.Fatalf("Redact = %.40q, %d, %v; want the body unchanged and %v", out, n, err, tt.want)
			}
		})
	}
	// As deep as allowed still works.
	ok := strings.Repeat(`{"a":0,"x":`, MaxDepth-1) + `{"a":1}` + strings.Repeat("}", MaxDepth-1)
	if _, n, err := r.Redact(p, []byte(ok)); err != nil || n != MaxDepth {
		t.Fatalf("deep body: %d, %v", n, err)
	}
}

func TestKeeps(t *testing.T) {
	p := plan(t, `{"fields":["a"],"unless":{"scopes":["pii:read"],"roles":["admin","hr"]}}`)
	tests := []struct {
		scopes, roles []string
		want          bool
	}{
		{nil, nil, false},
		{[]string{"orders:read"}, []string{"user"}, false},
		{[]string{"orders:read", "pii:read"}, nil, true},
		{nil, []string{"hr"}, true},
	}
	for _, tt := range tests {
		if got := p.Keeps(tt.scopes, tt.roles); got != tt.want {
			t.Errorf("Keeps(%v, %v) = %v", tt.scopes, tt.roles, got)
		}
	}
	if plan(t, `{"fields":["a"]}`).Keeps([]string{"x"}, []string{"y"}) {
		t.Error("a plan without unless keeps fields")
	}
	if Compile(nil) != nil || Compile(&config.Redact{Disabled: true}) != nil {
		t.Error("Compile of nothing or disabled is not nil")
	}
}

// TestRedactReuse checks that the Redactor's buffers do not leak between bodies.
func TestRedactReuse(t *testing.T) {
	p := plan(t, `{"fields":["a"]}`)
	var r Redactor
	first, _, _ := r.Redact(p, []byte(`{"a":1,"b":"`+strings.Repeat("x", 100)+`"}`))
	if !strings.HasPrefix(string(first), `{"b":"xxx`) {
		t.Fatalf("first: %s", first)
	}
	out, _, _ := r.Redact(p, []byte(`{"b":2,"a":1}`))
	if string(out) != `{"b":2}` {
		t.Fatalf("second: %s", out)
	}
}

func TestShrink(t *testing.T) {
	p := plan(t, `{"fields":["a"]}`)
	var r Redactor
	big := []byte(`{"a":1,"b":"` + strings.Repeat("x", keepBytes) + `"}`)
	if _, n, err := r.Redact(p, big); n != 1 || err != nil {
		t.Fatal(n, err)
	}
	r.Shrink()
	if r.out != nil {
		t.Fatalf("kept %d bytes", cap(r.out))
	}
	r.Redact(p, []byte(`{"a":1}`))
	r.Shrink()
	if r.out == nil {
		t.Fatal("dropped a small buffer")
	}
}
