package jwt

import "testing"

// TestClaimText covers the claim readers rules and rate-limit keys use: Text
// for scalars (numbers as written), OneOf for scalars and arrays, and the
// dotted-path walk with a dotted top-level name found first.
func TestClaimText(t *testing.T) {
	c, err := parseClaims([]byte(`{"sub":"alice","n":7.50,"ok":true,"none":null,"tenant":{"id":"acme","tags":["a",1,{"x":1}]},` +
		`"https://example.com/org":"globex","roles":["admin","ops"]}`))
	if err != nil {
		t.Fatal(err)
	}
	texts := []struct {
		path, want string
		ok         bool
	}{
		{"sub", "alice", true}, {"n", "7.50", true}, {"ok", "true", true}, {"tenant.id", "acme", true},
		{"https://example.com/org", "globex", true}, {"none", "", false}, {"tenant", "", false},
		{"roles", "", false}, {"tenant.missing", "", false}, {"sub.x", "", false}, {"", "", false},
	}
	for _, tt := range texts {
		if got, ok := c.Text(tt.path); got != tt.want || ok != tt.ok {
			t.Errorf("Text(%q) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
	oneOf := []struct {
		path   string
		values []string
		want   bool
	}{
		{"sub", []string{"bob", "alice"}, true}, {"sub", []string{"bob"}, false}, {"roles", []string{"ops"}, true},
		{"roles", []string{"root"}, false}, {"tenant.tags", []string{"1"}, true}, {"tenant.tags", []string{"x"}, false},
		{"ok", []string{"true"}, true}, {"none", []string{"null", ""}, false}, {"absent", []string{""}, false},
	}
	for _, tt := range oneOf {
		if got := c.OneOf(tt.path, tt.values); got != tt.want {
			t.Errorf("OneOf(%q, %q) = %v, want %v", tt.path, tt.values, got, tt.want)
		}
	}
}
