package pipeline

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gatehouse/config"
	"gatehouse/filters/route"
)

// routeForSegments and routeForMethods are the alphabets of the generated
// policies and paths: few enough that templates often compete for a path.
var (
	routeForSegments = []string{"a", "b", "{p}", "{r...}"}
	routeForPaths    = []string{"a", "b", "c", "a"}
	routeForMethods  = [][]string{nil, {"GET"}, {"POST"}, {"GET", "POST"}}
	routeForHosts    = []string{"", "", "api.example.com", "*.example.com", "*.api.example.com", "other.test"}
	requestHosts     = []string{"api.example.com", "v2.api.example.com", "example.com", "other.test", "x.example.com"}
)

// policyFrom builds a policy of up to four public routes from fuzz bytes: per
// route, one byte of methods and length, one of host, then a byte per segment.
func policyFrom(data []byte) string {
	type match struct {
		Host    string   `json:"host,omitempty"`
		Methods []string `json:"methods,omitempty"`
		Path    string   `json:"path"`
	}
	type rt struct {
		ID     string `json:"id"`
		Match  match  `json:"match"`
		Public bool   `json:"public"`
	}
	var routes []rt
	for len(data) > 0 && len(routes) < 4 {
		head := data[0]
		host := ""
		if len(data) > 1 {
			host = routeForHosts[int(data[1])%len(routeForHosts)]
			data = data[1:]
		}
		data = data[1:]
		n := int(head>>2) % 4
		var b strings.Builder
		for i := 0; i < n && len(data) > 0; i++ {
			seg := routeForSegments[int(data[0])%len(routeForSegments)]
			data = data[1:]
			b.WriteString("/" + seg)
			if strings.HasSuffix(seg, "...}") {
				break
			}
		}
		path := b.String()
		if path == "" {
			path = "/"
		}
		routes = append(routes, rt{ID: fmt.Sprintf("r%d", len(routes)), Public: true,
			Match: match{Host: host, Methods: routeForMethods[head%4], Path: path}})
	}
	out, _ := json.Marshal(map[string]any{"routes": routes})
	return string(out)
}

// FuzzRouteForAgrees: the filter's route table and config's plain statement of
// the routing rule (Policy.RouteFor, which gatehouse check uses) pick the same
// route, or refuse with the same status and Allow list, for every host, path
// and method.
func FuzzRouteForAgrees(f *testing.F) {
	f.Add([]byte{0x0c, 0, 2, 0x09, 0, 3}, []byte{0, 1}, uint8(0))
	f.Add([]byte{0x08, 2, 1, 0x0d, 0, 1, 0x04, 3}, []byte{0, 1, 2}, uint8(1))
	f.Add([]byte{0x05, 3, 0x0a, 2, 0x0c, 0, 3}, []byte{0}, uint8(2))
	f.Fuzz(func(t *testing.T, policyBytes, pathBytes []byte, methodByte uint8) {
		policy := policyFrom(policyBytes)
		pol, err := config.Parse([]byte(policy))
		if err != nil {
			return // overlapping routes: refused at load, nothing to route
		}
		p, err := Compile(pol)
		if err != nil {
			t.Fatalf("%s: Compile: %v", policy, err)
		}
		var b strings.Builder
		for _, c := range pathBytes[:min(len(pathBytes), 5)] {
			b.WriteString("/" + routeForPaths[int(c)%len(routeForPaths)])
		}
		path := b.String()
		if path == "" {
			path = "/"
		}
		method := []string{"GET", "POST", "PUT"}[methodByte%3]
		host := requestHosts[int(methodByte/3)%len(requestHosts)]
		want, wantAllow := pol.RouteFor(host, method, path)
		got := p.routes.Match(host, method, path, nil)
		switch {
		case want >= 0:
			if got.Outcome != route.Found || got.Route.Index != want {
				t.Fatalf("%s\n%s %s%s: trie %v %+v, RouteFor picks routes[%d]", policy, method, host, path, got.Outcome, got.Route, want)
			}
		case len(wantAllow) > 0:
			allow := make([]string, len(wantAllow))
			for i, m := range wantAllow {
				allow[i] = string(m)
			}
			slices.Sort(allow)
			allow = slices.Compact(allow)
			if got.Outcome != route.MethodNotAllowed || !slices.Equal(got.Allow, allow) {
				t.Fatalf("%s\n%s %s%s: trie %v %v, RouteFor 405 with %v", policy, method, host, path, got.Outcome, got.Allow, allow)
			}
		default:
			if got.Outcome != route.NotFound {
				t.Fatalf("%s\n%s %s%s: trie %v, RouteFor 404", policy, method, host, path, got.Outcome)
			}
		}
	})
}
