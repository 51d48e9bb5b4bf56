package e2e

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

const policyDeny = `{"default":"deny","routes":[
	{"id":"health","match":{"path":"/healthz","methods":["GET","HEAD"]},"public":true},
	{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true},
	{"id":"admin","match":{"path":"/admin/{rest...}"}}]}`

func TestPolicyAccepted(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, policyDeny)
		// The canary and each of the two workers configure once.
		got := logsContaining(h, "gatehouse: policy loaded")
		want := []string{"gatehouse: policy loaded: 3 routes, default deny, mode enforce"}
		if !reflect.DeepEqual(got, append(append(want, want...), want...)) {
			t.Fatalf("load logs = %q", got)
		}
	})
}

func TestPolicyRejected(t *testing.T) {
	tests := []struct {
		name, policy string
		wantErrs     []string
	}{
		{"unknown method", `{"routes":[{"id":"a","match":{"path":"/a"}},{"id":"b","match":{"path":"/b","methods":["GETT"]}}]}`,
			[]string{`gatehouse: invalid policy: routes[1].match.methods[0]: unknown method "GETT"`}},
		{"every error at once", `{"mode":"enforcing","routes":[{"id":"a","match":{"path":"x","metods":["GET"]}}]}`,
			[]string{
				`gatehouse: invalid policy: mode: unknown mode "enforcing" (want enforce or report)`,
				`gatehouse: invalid policy: routes[0].match.path: must start with "/"`,
				`gatehouse: invalid policy: routes[0].match.metods: unknown field (known: host, methods, path)`,
			}},
		{"empty configuration", ``, []string{`gatehouse: invalid policy: empty policy`}},
		{"not JSON", `{"default": deny}`,
			[]string{`gatehouse: invalid policy: invalid JSON at line 1, column 13: invalid character 'd' looking for beginning of value`}},
		{"overlapping routes", `{"routes":[{"id":"a","match":{"path":"/x/{id}"}},{"id":"b","match":{"path":"/x/{key}"}}]}`,
			[]string{`gatehouse: invalid policy: routes[1]: matches the same requests as routes[0] (route "a")`}},
		{"cors * with credentials", `{"cors":{"origins":["*"],"credentials":true}}`,
			[]string{`gatehouse: invalid policy: cors.origins[0]: "*" cannot be used with credentials: true (list the origins)`}},
		{"claims on a public route", `{"routes":[{"id":"a","match":{"path":"/a"},"public":true,"request_headers":{"set":{"x-t":"{claims.t}"}}}]}`,
			[]string{`gatehouse: invalid policy: routes[0].request_headers.set["x-t"]: a public route has no claims (remove public or the claims placeholder)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
				var logs []string
				_, err := wasmhost.New(context.Background(), gatehouse(t), wasmhost.Config{
					Mode: mode, PluginConfig: []byte(tt.policy),
					LogSink: func(e wasmhost.LogEntry) {
						if e.Level == abi.LogError {
							logs = append(logs, e.Message)
						}
					},
				})
				if err == nil {
					t.Fatal("the policy loaded")
				}
				for _, want := range tt.wantErrs {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("load error does not name %q:\n%v", want, err)
					}
				}
				// The canary rejects the policy, so the error lines are logged once.
				if !reflect.DeepEqual(logs, tt.wantErrs) {
					t.Errorf("error logs = %q, want %q", logs, tt.wantErrs)
				}
			})
		})
	}
}

func TestPassThrough(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{"default":"allow"}`, func(c *wasmhost.Config) {
			c.Upstream = func(ctx context.Context, req *wasmhost.UpstreamRequest) (*wasmhost.UpstreamResponse, error) {
				return &wasmhost.UpstreamResponse{Status: 201, Headers: []abi.Pair{{Key: "x-upstream", Value: "yes"}},
					Body: [][]byte{[]byte(`{"ok":`), []byte(`true}`)}}, nil
			}
		})
		req := get("POST", "/anything?q=1", abi.Pair{Key: "x-custom", Value: "v"})
		req.Body = [][]byte{[]byte("hello "), []byte("world")}
		resp := send(t, h, req)
		if resp.Status != 201 || string(resp.Body) != `{"ok":true}` || resp.LocalReply {
			t.Fatalf("client saw %d %q (local reply %v)", resp.Status, resp.Body, resp.LocalReply)
		}
		if v, _ := resp.Header("x-upstream"); v != "yes" {
			t.Fatalf("response headers %v", resp.Headers)
		}
		up := resp.Upstream
		if up == nil || string(up.Body) != "hello world" {
			t.Fatalf("upstream got %+v", up)
		}
		for key, want := range map[string]string{":method": "POST", ":path": "/anything?q=1", "x-custom": "v"} {
			if v, _ := up.Header(key); v != want {
				t.Errorf("upstream %s = %q, want %q", key, v, want)
			}
		}
		if n := counter(t, h, "gatehouse.requests.allowed.default_allow"); n != 1 {
			t.Fatalf("allowed = %d", n)
		}
	})
}

func TestLocalReplies(t *testing.T) {
	tests := []struct {
		name, method, path string
		status             int
		body               string
		headers            map[string]string
		reason             string
		routeID            string
	}{
		{"unmatched path", "GET", "/nope?token=secret", 404, `{"error":"not_found","request_id":"rid-1"}`,
			map[string]string{"content-type": "application/json", "cache-control": "no-store"}, "route_not_found", ""},
		{"other method", "DELETE", "/v1/orders/7", 405, `{"error":"method_not_allowed","request_id":"rid-1"}`,
			map[string]string{"allow": "GET"}, "method_not_allowed", ""},
		{"route without allow rule", "GET", "/admin/users", 403, `{"error":"forbidden","request_id":"rid-1"}`,
			nil, "no_allow_rule", "admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
				h := start(t, gatehouse(t), mode, policyDeny)
				resp := send(t, h, get(tt.method, tt.path, abi.Pair{Key: "x-request-id", Value: "rid-1"}))
				if resp.Status != tt.status || string(resp.Body) != tt.body || !resp.LocalReply || resp.Upstream != nil {
					t.Fatalf("client saw %d %s (local %v, upstream %v)", resp.Status, resp.Body, resp.LocalReply, resp.Upstream)
				}
				for k, want := range tt.headers {
					if v, _ := resp.Header(k); v != want {
						t.Errorf("header %s = %q, want %q", k, v, want)
					}
				}
				if resp.Details != "gatehouse_"+tt.reason {
					t.Errorf("details = %q", resp.Details)
				}
				ev := onlyEvent(t, h)
				want := map[string]any{"event": "gatehouse.decision", "request_id": "rid-1", "route_id": tt.routeID,
					"decision": "deny", "reason": tt.reason, "status": float64(tt.status), "enforced": true,
					"client_ip": "203.0.113.7", "method": tt.method, "path": strings.Split(tt.path, "?")[0]}
				delete(ev, "time")
				if !reflect.DeepEqual(ev, want) {
					t.Errorf("event = %v\nwant    %v", ev, want)
				}
				if counter(t, h, "gatehouse.requests.denied."+tt.reason) != 1 || counter(t, h, "gatehouse.requests.reported."+tt.reason) != 0 {
					t.Errorf("metrics:\n%s", h.Metrics())
				}
			})
		})
	}
}

func TestReportModeLetsDenialsThrough(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{"mode":"report","routes":[{"id":"a","match":{"path":"/a"},"public":true}]}`)
		resp := send(t, h, get("GET", "/b"))
		if resp.Status != 200 || resp.Upstream == nil {
			t.Fatalf("report mode blocked: %d", resp.Status)
		}
		ev := onlyEvent(t, h)
		if ev["decision"] != "deny" || ev["enforced"] != false || ev["reason"] != "route_not_found" {
			t.Fatalf("event = %v", ev)
		}
		if counter(t, h, "gatehouse.requests.reported.route_not_found") != 1 ||
			counter(t, h, "gatehouse.requests.denied.route_not_found") != 0 {
			t.Fatalf("metrics:\n%s", h.Metrics())
		}
	})
}

func TestPanicBecomes500AndVMKeepsServing(t *testing.T) {
	for _, phase := range []string{"request", "response"} {
		t.Run(phase, func(t *testing.T) {
			forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
				h := start(t, gatehouseWithHooks(t), mode, `{"default":"allow"}`, func(c *wasmhost.Config) { c.Workers = 1 })
				resp := send(t, h, get("GET", "/x", abi.Pair{Key: "x-gatehouse-test-panic", Value: phase},
					abi.Pair{Key: "x-request-id", Value: "rid-p"}))
				if resp.Status != 500 || string(resp.Body) != `{"error":"internal_error","request_id":"rid-p"}` {
					t.Fatalf("client saw %d %s", resp.Status, resp.Body)
				}
				if phase == "request" && resp.Upstream != nil {
					t.Fatal("a request that panicked reached the upstream")
				}
				if got := logsContaining(h, "panic in proxy_on_"+phase+"_headers"); len(got) != 1 {
					t.Fatalf("panic log lines: %q", got)
				}
				for i := 0; i < 3; i++ {
					if resp := send(t, h, get("GET", "/x")); resp.Status != 200 {
						t.Fatalf("after the panic: %d %s", resp.Status, resp.Body)
					}
				}
				if err := h.Failed(1); err != nil {
					t.Fatalf("worker failed: %v", err)
				}
			})
		})
	}
}

// onlyEvent returns the single security event h logged, decoded.
func onlyEvent(t *testing.T, h *wasmhost.Host) map[string]any {
	t.Helper()
	lines := logsContaining(h, `"event":"gatehouse.decision"`)
	if len(lines) != 1 {
		t.Fatalf("want one event, got %q", lines)
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &ev); err != nil {
		t.Fatalf("event %q: %v", lines[0], err)
	}
	return ev
}

func TestRouteReportModeAndUnmatchedStatus(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{"unmatched_status":403,"routes":[
			{"id":"trial","match":{"path":"/trial"},"mode":"report"},
			{"id":"locked","match":{"path":"/locked"}}]}`)
		if resp := send(t, h, get("GET", "/trial")); resp.Status != 200 || resp.Upstream == nil {
			t.Fatalf("report-mode route blocked: %d", resp.Status)
		}
		if resp := send(t, h, get("GET", "/locked")); resp.Status != 403 {
			t.Fatalf("enforced route: %d", resp.Status)
		}
		if resp := send(t, h, get("GET", "/nowhere")); resp.Status != 403 || string(resp.Body) == "" {
			t.Fatalf("unmatched: %d %s", resp.Status, resp.Body)
		}
		if counter(t, h, "gatehouse.requests.reported.no_allow_rule") != 1 ||
			counter(t, h, "gatehouse.requests.denied.no_allow_rule") != 1 ||
			counter(t, h, "gatehouse.requests.denied.route_not_found") != 1 {
			t.Fatalf("metrics:\n%s", h.Metrics())
		}
	})
}
