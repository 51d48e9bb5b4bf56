package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"gatehouse/config"
)

// fuzzPlans are the redact sections FuzzRedact picks from.
var fuzzPlans = []string{
	`{"fields":["password","a"]}`,
	`{"fields":["*.token","users.#.ssn","a"]}`,
	`{"fields":["#.a","#.#.b","x.*"],"action":"mask"}`,
	`{"fields":["a","b","c","a.b.c"]}`,
	`{"fields":["password","*.*","#.a.#.b"],"action":"mask"}`,
}

// FuzzRedact checks the redactor against encoding/json: a body is accepted
// exactly when it is valid JSON (or deeper than MaxDepth); the output is valid
// JSON; no member a pattern names is left (removed, or masked with Marker);
// members nobody names are all still there; the result is the same on a second
// run with a used Redactor. The seed corpus is in testdata/fuzz/FuzzRedact.
func FuzzRedact(f *testing.F) {
	f.Add(uint8(0), []byte(`{"user":{"password":"x","a":[{"a":1}]},"password":2}`))
	f.Add(uint8(1), []byte(`{"users":[{"ssn":1,"n":2},{"ssn":3}],"s":{"token":"t"},"token":1}`))
	f.Add(uint8(2), []byte(`[{"a":1,"b":2},[{"b":3}],{"x":{"y":1}}]`))
	f.Add(uint8(3), []byte(`{"a":{"b":{"c":1}},"x":{"a":1,"b":2,"c":3,"d":4}}`))
	f.Add(uint8(4), []byte(`{"pass\u0077ord":1,"k":{"p":[{"a":[{"b":1}]}]}}`))
	f.Add(uint8(1), []byte(`{"users":[{"ssn":"0123456789abcdef\"x\\y","n":"long string é 日本 \u00e9 done"}],"s":{"token":"eyJhbGciOiJSUzI1NiJ9.x"},"total":5}`))
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		p := plan(t, fuzzPlans[int(which)%len(fuzzPlans)])
		var r Redactor
		out, n, err := r.Redact(p, body)
		valid := json.Valid(body)
		switch {
		case errors.Is(err, ErrTooDeep):
			if !valid {
				t.Fatalf("invalid body reported too deep")
			}
			return
		case err != nil:
			if valid {
				t.Fatalf("valid body refused: %v", err)
			}
			if !bytes.Equal(out, body) || n != 0 {
				t.Fatalf("invalid body changed")
			}
			return
		case !valid:
			t.Fatalf("invalid body accepted: %q", out)
		}
		if !json.Valid(out) {
			t.Fatalf("output is not valid JSON: %q", out)
		}
		kept, named, masked := check(t, p, out)
		if named != 0 {
			t.Fatalf("%d named members left in %q", named, out)
		}
		inKept, inNamed, inMasked := check(t, p, body)
		if kept != inKept || n != inNamed+inMasked || p.mask && masked != n {
			t.Fatalf("input: %d kept, %d named, %d masked; output: %d kept, %d masked, %d redacted\n%q\n%q",
				inKept, inNamed, inMasked, kept, masked, n, body, out)
		}
		first := string(out)
		out2, n2, err2 := r.Redact(p, append([]byte(nil), body...))
		if string(out2) != first || n2 != n || err2 != nil {
			t.Fatalf("second run differs: %q vs %q", out2, first)
		}
	})
}

// check walks a valid JSON document with encoding/json's tokenizer (which keeps
// duplicate keys) and counts, outside any named member, the members no pattern
// names (kept), the named members (named) and, for a masking plan, the named
// members whose value is Marker (masked, not in named). It is an independent
// reading of the pattern semantics.
func check(t *testing.T, p *Plan, doc []byte) (kept, named, masked int) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	type level struct {
		obj     bool
		key     string
		idx     int
		wantKey bool
	}
	var stack []level
	hidden := -1 // stack depth of a named member whose value is being skipped
	matches := func() bool {
		top := stack[len(stack)-1]
		for _, a := range p.anywhere {
			if top.key == a {
				return true
			}
		}
		for _, segs := range p.paths {
			if len(segs) != len(stack) {
				continue
			}
			ok := true
			for i, s := range segs {
				l := stack[i]
				switch s.Kind {
				case config.FieldName:
					ok = ok && l.obj && l.key == s.Name
				case config.FieldAnyKey:
					ok = ok && l.obj
				case config.FieldEachElement:
					ok = ok && !l.obj
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	// value is called at the start of each value; it reports whether a named
	// member's value starts here.
	value := func(tok json.Token) {
		if len(stack) == 0 || hidden >= 0 {
			return
		}
		top := &stack[len(stack)-1]
		if !top.obj {
			top.idx++
			return
		}
		if !matches() {
			kept++
			return
		}
		if p.mask && tok == "[redacted]" {
			masked++
			return
		}
		named++
		hidden = len(stack)
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return kept, named, masked
		}
		if err != nil {
			t.Fatalf("tokenizing %q: %v", doc, err)
		}
		if len(stack) > 0 && stack[len(stack)-1].obj && stack[len(stack)-1].wantKey {
			if delim, ok := tok.(json.Delim); !ok || delim != '}' {
				stack[len(stack)-1].key = tok.(string)
				stack[len(stack)-1].wantKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			value(tok)
			stack = append(stack, level{obj: tok == json.Delim('{'), wantKey: tok == json.Delim('{'), idx: -1})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if hidden == len(stack) {
				hidden = -1
			}
		default:
			value(tok)
			if hidden == len(stack) {
				hidden = -1
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].wantKey = true
		}
	}
}
