package payload

import (
	"testing"

	"github.com/gatehouse-dev/gatehouse/jsontree"
)

// shape is what the guards measure, computed from jsontree's parse.
type shape struct {
	depth, keys, array int
	dup                bool
}

func measure(n *jsontree.Node, level int, s *shape) {
	switch n.Kind {
	case jsontree.Array:
		s.depth = max(s.depth, level+1)
		s.array = max(s.array, len(n.Elems))
		for _, e := range n.Elems {
			measure(e, level+1, s)
		}
	case jsontree.Object:
		s.depth = max(s.depth, level+1)
		s.keys = max(s.keys, len(n.Members))
		for _, m := range n.Members {
			s.dup = s.dup || m.Dup
			measure(m.Val, level+1, s)
		}
	}
}

// FuzzGuards checks the scanner against jsontree on valid JSON: each guard
// set at the document's own measure passes, one below fails with its keyword,
// and duplicate names are found exactly when jsontree finds them.
func FuzzGuards(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"\"x,]"}],"c":{}}`, `[[[[]]],[]]`, `{"a":1,"\u0061":2}`, `"x"`,
		`{"k":{"k":{"k":1}},"k2":[{"a":1},{"a":1}]}`, `{"\ud83d\ude00":1,"😀":2}`, `[1, 2 ,3 , {"a" : "b\\"}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var sc scanner
		big := 1 << 30
		root, err := jsontree.Parse(b)
		if err != nil {
			sc.scan(b, guards{depth: 3, keys: 3, array: 3, rejectDup: true}) // must not panic
			return
		}
		var s shape
		measure(root, 0, &s)
		want := ""
		if s.dup {
			want = kwDuplicateKeys
		}
		if got := sc.scan(b, guards{depth: max(s.depth, 1), keys: max(s.keys, 1), array: max(s.array, 1), rejectDup: true}); got != want {
			t.Fatalf("%q at its own measure %+v: %q, want %q", b, s, got, want)
		}
		if s.depth > 0 {
			if got := sc.scan(b, guards{depth: s.depth - 1, keys: big, array: big}); got != kwMaxDepth {
				t.Fatalf("%q depth %d: %q", b, s.depth-1, got)
			}
		}
		if s.keys > 0 {
			if got := sc.scan(b, guards{depth: big, keys: s.keys - 1, array: big}); got != kwMaxKeys {
				t.Fatalf("%q keys %d: %q", b, s.keys-1, got)
			}
		}
		if s.array > 0 {
			if got := sc.scan(b, guards{depth: big, keys: big, array: s.array - 1}); got != kwMaxArray {
				t.Fatalf("%q array %d: %q", b, s.array-1, got)
			}
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
