package route

import (
	"slices"
	"testing"
)

func TestHostGroups(t *testing.T) {
	tbl, err := New([]Spec{
		{ID: "any-orders", Segments: []Segment{{LiteralSegment, "orders"}}, Index: 0},
		{ID: "api-orders", Host: "api.example.com", Methods: []string{"GET"}, Segments: []Segment{{LiteralSegment, "orders"}}, Index: 1},
		{ID: "wild-orders", Host: "*.example.com", Methods: []string{"POST"}, Segments: []Segment{{ParamSegment, "x"}}, Index: 2},
		{ID: "deep-wild", Host: "*.eu.example.com", Methods: []string{"POST"}, Segments: []Segment{{LiteralSegment, "orders"}}, Index: 3},
		{ID: "api-only", Host: "api.example.com", Methods: []string{"DELETE"}, Segments: []Segment{{LiteralSegment, "admin"}}, Index: 4},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host, method, path string
		outcome            Outcome
		id                 string
		allow              []string
	}{
		{"api.example.com", "GET", "/orders", Found, "api-orders", nil},
		{"api.example.com", "POST", "/orders", Found, "wild-orders", nil}, // the exact host's route takes GET only
		{"api.example.com", "PUT", "/orders", Found, "any-orders", nil},
		{"shop.example.com", "POST", "/orders", Found, "wild-orders", nil},
		{"shop.eu.example.com", "POST", "/orders", Found, "deep-wild", nil}, // the longer suffix first
		{"example.com", "POST", "/orders", Found, "any-orders", nil},        // *.example.com is not example.com
		{"evil-example.com", "POST", "/orders", Found, "any-orders", nil},
		{"other.test", "GET", "/orders", Found, "any-orders", nil},
		{"api.example.com", "GET", "/admin", MethodNotAllowed, "", []string{"DELETE", "POST"}}, // *.example.com/{x} takes POST
		{"other.test", "DELETE", "/admin", NotFound, "", nil},
		{"shop.example.com", "GET", "/cart", MethodNotAllowed, "", []string{"POST"}},
	}
	for _, tt := range tests {
		t.Run(tt.host+" "+tt.method+" "+tt.path, func(t *testing.T) {
			r := tbl.Match(tt.host, tt.method, tt.path, nil)
			if r.Outcome != tt.outcome || (r.Outcome == Found && r.Route.ID != tt.id) || !slices.Equal(r.Allow, tt.allow) {
				t.Fatalf("got %v %+v %v, want %v %s %v", r.Outcome, r.Route, r.Allow, tt.outcome, tt.id, tt.allow)
			}
		})
	}
}

func TestHostConflictsOnlyWithinAHost(t *testing.T) {
	seg := []Segment{{ParamSegment, "id"}}
	if _, err := New([]Spec{{ID: "a", Host: "a.test", Segments: seg}, {ID: "b", Host: "b.test", Segments: seg}, {ID: "c", Segments: seg}}); err != nil {
		t.Fatalf("routes of different hosts: %v", err)
	}
	_, err := New([]Spec{{ID: "a", Host: "*.test", Segments: seg}, {ID: "b", Host: "*.test", Segments: seg, Index: 1}})
	if err == nil || err.Error() != `route "b" matches the same requests as route "a"` {
		t.Fatalf("same wildcard host: %v", err)
	}
}

func TestHost(t *testing.T) {
	for in, want := range map[string]string{
		"api.example.com": "api.example.com", "API.Example.com:8443": "api.example.com", "[::1]:8080": "[::1]",
		"[::1]": "[::1]", "10.0.0.1:80": "10.0.0.1", "": "",
	} {
		if got := Host(in); got != want {
			t.Errorf("Host(%q) = %q, want %q", in, got, want)
		}
	}
}
