package pipeline

import (
	"fmt"
	"strings"
	"testing"

	"gatehouse/filters"
)

const equivalencePolicy = `{"routes":[
	{"id":"static","match":{"path":"/static/{rest...}"},"public":true},
	{"id":"order","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true},
	{"id":"special","match":{"path":"/v1/orders/special"},"public":true},
	{"id":"admin","match":{"path":"/admin/{rest...}"}}]}`

// respell writes path differently without changing what it means: each bit of
// seed picks a trick (doubled slashes, "./" segments, "x/../" detours,
// percent-encoded unreserved characters).
func respell(path string, seed uint32) string {
	var b strings.Builder
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, seg := range segs {
		bit := func(k uint32) bool { return seed>>((uint32(i)*4+k)%32)&1 == 1 }
		b.WriteByte('/')
		if bit(0) {
			b.WriteByte('/')
		}
		if bit(1) {
			b.WriteString("./")
		}
		if bit(2) && seg != "" {
			b.WriteString("zz/../")
		}
		for j := 0; j < len(seg); j++ {
			c := seg[j]
			if c == '%' && j+2 < len(seg) { // an escape already: keep it whole
				b.WriteString(seg[j : j+3])
				j += 2
				continue
			}
			if bit(3) && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				fmt.Fprintf(&b, "%%%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// FuzzEquivalentSpellings: every spelling of a path gets the decision of the
// path itself — the same reason, route and status — so no spelling reaches a
// route another spelling would not.
func FuzzEquivalentSpellings(f *testing.F) {
	for _, p := range []string{"/static/app.js", "/v1/orders/42", "/v1/orders/special", "/admin/users", "/nowhere"} {
		f.Add(p, uint32(0xdeadbeef))
	}
	p := compileFuzz(f)
	f.Fuzz(func(t *testing.T, path string, seed uint32) {
		base := p.Decide(&filters.Request{Method: "GET", Path: path})
		if base.Reason == filters.ReasonPathRejected {
			return // nothing to respell
		}
		other := respell(path, seed)
		d := p.Decide(&filters.Request{Method: "GET", Path: other})
		if d.Reason != base.Reason || d.RouteID != base.RouteID || d.Status != base.Status {
			t.Fatalf("%q → %s %s %d, but its spelling %q → %s %s %d",
				path, base.Reason, base.RouteID, base.Status, other, d.Reason, d.RouteID, d.Status)
		}
	})
}

func compileFuzz(f *testing.F) *Pipeline {
	p, err := compilePolicy(equivalencePolicy)
	if err != nil {
		f.Fatal(err)
	}
	return p
}
