package e2e

import (
	"encoding/json"
	"regexp"
	"strconv"
	"testing"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// TestEventsInSequence sends one VM requests whose decisions repeat and
// alternate, so the plugin's event formatter writes lines from its kept
// outcomes and timestamps as well as fresh ones, and checks every line.
func TestEventsInSequence(t *testing.T) {
	stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	steps := []struct {
		method, path    string
		route, decision string
		reason          string
		status          float64
	}{
		{"GET", "/a", "a", "allow", "public", 0},
		{"GET", "/a", "a", "allow", "public", 0},
		{"GET", "/b?x=1", "b", "allow", "public", 0},
		{"GET", "/nope", "", "deny", "route_not_found", 404},
		{"GET", "/a", "a", "allow", "public", 0},
		{"DELETE", "/a", "", "deny", "method_not_allowed", 405},
		{"GET", "/nope", "", "deny", "route_not_found", 404},
		{"GET", "/b", "b", "allow", "public", 0},
	}
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{"routes":[{"id":"a","match":{"path":"/a","methods":["GET"]},"public":true},
			{"id":"b","match":{"path":"/b"},"public":true}]}`)
		for i, st := range steps {
			req := get(st.method, st.path, abi.Pair{Key: "x-request-id", Value: "rid-" + strconv.Itoa(i)})
			req.Worker = 1
			send(t, h, req)
		}
		lines := logsContaining(h, `"event":"gatehouse.decision"`)
		if len(lines) != len(steps) {
			t.Fatalf("%d events for %d requests: %q", len(lines), len(steps), lines)
		}
		for i, st := range steps {
			var ev map[string]any
			if err := json.Unmarshal([]byte(lines[i]), &ev); err != nil {
				t.Fatalf("event %d is not JSON: %v: %s", i, err, lines[i])
			}
			if s, _ := ev["time"].(string); !stamp.MatchString(s) {
				t.Errorf("event %d: time %q", i, ev["time"])
			}
			delete(ev, "time")
			want := map[string]any{"event": "gatehouse.decision", "request_id": "rid-" + strconv.Itoa(i),
				"route_id": st.route, "decision": st.decision, "reason": st.reason, "status": st.status,
				"enforced": true, "client_ip": "203.0.113.7", "method": st.method, "path": st.path}
			if i == 2 {
				want["path"] = "/b"
			}
			if len(ev) != len(want) {
				t.Errorf("event %d: %v\nwant %v", i, ev, want)
				continue
			}
			for k, v := range want {
				if ev[k] != v {
					t.Errorf("event %d: %s = %v, want %v (%s)", i, k, ev[k], v, lines[i])
				}
			}
		}
	})
}
