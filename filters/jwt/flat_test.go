package jwt

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// flatSeeds are claim sets the scan reads (true) or leaves to the tree (false).
var flatSeeds = []struct {
	payload string
	flat    bool
}{
	{`{"iss":"https://dev.local/","sub":"alice","aud":"orders-api","exp":1700003600,"nbf":1699999000,"iat":1700000000}`, true},
	{` { "aud" : [ "a" , "b" ] , "scope" : "read write" } `, true},
	{"{\t\n\r}", true},
	{`{}`, true},
	{`{"aud":[]}`, true},
	{`{"x":true,"y":false,"z":null,"n":-0.5e+3,"m":0,"k":1E-2,"l":[1,"a",true,null,-0]}`, true},
	{`{"exp":1.9,"iat":-1.5,"nbf":1234567890123456789}`, true},
	{`{"nbf":12345678901234567890}`, false},
	{`{"aud":["1","2","3","4","5","6","7","8"]}`, true},
	{`{"roles":["1","2","3","4","5","6","7","8","9"]}`, true},
	{`{"aud":["1","2","3","4","5","6","7","8","9"]}`, false}, // more than the stack holds
	{`{"a":1,"a":2}`, false},
	{`{"abxc":1,"acxc":2,"":3}`, true}, // the same shape, different names
	{`{"":1,"":2}`, false},
	{`{"a":1,"b":2,"a":3}`, false},
	{`{"a":{"b":1}}`, true},
	{`{"realm_access":{"roles":["admin","ops"]},"a.b":1,"a":{"b":2},"x":{"y.z":{"w":2},"y":{"z":3}},"e":{}}`, true},
	{`{"a":{"b":{"c":{"d":1}}}}`, true},
	{`{"a":{"b":{"c":{"d":{}}}}}`, false}, // deeper than maxFlatDepth
	{`{"a":{"b":1,"b":2}}`, false},
	{`{"a":{"b":1},"c":{"b":1,"d":{"e":1,"e":1}}}`, false},
	{`{"a":{"b":1}}}`, false},
	{`{"a":{"b":1,}}`, false},
	{`{"a":{"b"}}`, false},
	{`{"a":{"b":1}`, false},
	{`{"a":[[1]]}`, false},
	{`{"a":[{}]}`, false},
	{`{"a":"\u0041"}`, false},
	{`{"a\n":1}`, false},
	{`{"a":"é"}`, false},
	{"{\"a\":\"\x01\"}", false},
	{`{"iss":1}`, false},
	{`{"sub":null}`, false},
	{`{"aud":null}`, false},
	{`{"aud":[1]}`, false},
	{`{"aud":true}`, false},
	{`{"exp":"1"}`, false},
	{`{"exp":1e400}`, false},
	{`{"nbf":[1]}`, false},
	{`{"x":01}`, false},
	{`{"x":-}`, false},
	{`{"x":1.}`, false},
	{`{"x":1e}`, false},
	{`{"x":.1}`, false},
	{`{"x":+1}`, false},
	{`{"x":tru}`, false},
	{`{"x":nul}`, false},
	{`{"x":[1,]}`, false},
	{`{"x":[1 2]}`, false},
	{`{"x":[1`, false},
	{`{"x":1,}`, false},
	{`{"x":1 "y":2}`, false},
	{`{"x" 1}`, false},
	{`{x:1}`, false},
	{`{"x":1}x`, false},
	{`{"x":1}}`, false},
	{`{"x":"1`, false},
	{`{"x":`, false},
	{`{`, false},
	{`[1]`, false},
	{``, false},
	{` `, false},
	{`{"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":0,"11":0,"12":0,"13":0,"14":0,"15":0,"16":0,` +
		`"17":0,"18":0,"19":0,"20":0,"21":0,"22":0,"23":0,"24":0}`, true},
	{`{"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"10":0,"11":0,"12":0,"13":0,"14":0,"15":0,"16":0,` +
		`"17":0,"18":0,"19":0,"20":0,"21":0,"22":0,"23":0,"24":0,"25":0}`, false},
}

// TestFlatClaims checks which claim sets the scan reads, and that parse gives
// exactly what the tree gives (claims, lookups, errors) either way.
func TestFlatClaims(t *testing.T) {
	for _, tt := range flatSeeds {
		var c Claims
		var idx flatIndex
		if got := c.flatClaims(tt.payload, &idx); got != tt.flat {
			t.Errorf("flatClaims(%q) = %v, want %v", tt.payload, got, tt.flat)
		}
		checkFlat(t, tt.payload)
	}
}

// checkFlat checks parse against parseTree on payload: the same error, the
// same typed claims, and the same value for every top-level claim from both
// Verify's peek and the lookups.
func checkFlat(t *testing.T, payload string) {
	t.Helper()
	var got, want Claims
	var idx flatIndex
	gotErr, wantErr := got.parse(payload, &idx), want.parseTree(payload)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("parse(%q) = %v, tree %v", payload, gotErr, wantErr)
	}
	if gotErr != nil {
		return
	}
	if got.Issuer != want.Issuer || got.Subject != want.Subject || !slices.Equal(got.Audience, want.Audience) ||
		(got.Audience == nil) != (want.Audience == nil) ||
		got.Expiry != want.Expiry || got.NotBefore != want.NotBefore || got.IssuedAt != want.IssuedAt ||
		got.HasExpiry != want.HasExpiry || got.HasNotBefore != want.HasNotBefore || got.HasIssuedAt != want.HasIssuedAt {
		t.Fatalf("parse(%q):\n got %+v\nwant %+v", payload, &got, &want)
	}
	root := want.root.Load()
	paths := []string{"", "absent", "a.b", "aud.x"}
	for _, m := range root.Members {
		paths = append(paths, m.Key, m.Key+".absent")
		for _, n := range m.Val.Members {
			paths = append(paths, m.Key+"."+n.Key)
			for _, o := range n.Val.Members {
				paths = append(paths, m.Key+"."+n.Key+"."+o.Key)
			}
		}
	}
	for _, path := range paths {
		if got.flat() {
			if g, w := idx.stringList(path), want.StringList(path); !reflect.DeepEqual(g, w) {
				t.Fatalf("%q: idx.stringList(%q) = %#v, tree %#v", payload, path, g, w)
			}
			gh, ghok := idx.headerValue(path)
			wh, whok := want.HeaderValue(path)
			if gh != wh || ghok != whok {
				t.Fatalf("%q: idx.headerValue(%q) = %q, %v; tree %q, %v", payload, path, gh, ghok, wh, whok)
			}
		}
		gs, gok := got.Text(path)
		ws, wok := want.Text(path)
		if gs != ws || gok != wok || !slices.Equal(got.StringList(path), want.StringList(path)) {
			t.Fatalf("%q: Text/StringList(%q) differ from the tree", payload, path)
		}
		gh, ghok := got.HeaderValue(path)
		wh, whok := want.HeaderValue(path)
		if gh != wh || ghok != whok {
			t.Fatalf("%q: HeaderValue(%q) = %q, %v; tree %q, %v", payload, path, gh, ghok, wh, whok)
		}
		gv, gok := got.Lookup(path)
		wv, wok := want.Lookup(path)
		if gok != wok || !reflect.DeepEqual(gv, wv) {
			t.Fatalf("%q: Lookup(%q) differs from the tree", payload, path)
		}
	}
}

// TestFlatLazyTree checks the tree of a flat claim set is built only when a
// lookup finds a claim, once, and safely from parallel lookups (go test -race).
func TestFlatLazyTree(t *testing.T) {
	c := new(Claims)
	var idx flatIndex
	if err := c.parse(`{"sub":"alice","roles":["admin","ops"],"scope":"a b"}`, &idx); err != nil {
		t.Fatal(err)
	}
	if c.root.Load() != nil {
		t.Fatal("tree built by parse")
	}
	if got := idx.stringList("roles"); !slices.Equal(got, []string{"admin", "ops"}) {
		t.Fatalf("idx.stringList(roles) = %q", got)
	}
	if _, ok := c.Text("absent"); ok || c.root.Load() != nil {
		t.Fatal("tree built by an absent claim")
	}
	var wg sync.WaitGroup
	var roots [8]any
	for i := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s, ok := c.Text("sub"); s != "alice" || !ok {
				t.Errorf("Text(sub) = %q, %v", s, ok)
			}
			if got := strings.Join(c.StringList("scope"), ","); got != "a,b" {
				t.Errorf("StringList(scope) = %q", got)
			}
			roots[i] = c.root.Load()
		}()
	}
	wg.Wait()
	for _, r := range roots {
		if r != roots[0] || r == nil {
			t.Fatal("lookups built different trees")
		}
	}
}

// FuzzFlatClaims checks parse against the tree on any payload: whatever the
// scan accepts, the tree accepts and reads the same way (checkFlat).
func FuzzFlatClaims(f *testing.F) {
	for _, tt := range flatSeeds {
		f.Add(tt.payload)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		checkFlat(t, payload)
	})
}
