package e2e

import (
	"fmt"
	"testing"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// TestHTTPSRedirectMatrix: plaintext requests are redirected (GET, HEAD: 308
// to the same host, path and query) or refused (other methods 403; 426 with
// Upgrade when the policy does not redirect); X-Forwarded-Proto counts only
// behind trusted hops; HSTS only on responses to HTTPS requests.
func TestHTTPSRedirectMatrix(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		hosts := map[[2]bool]*wasmhost.Host{} // [redirect, trusted]
		for _, redirect := range []bool{true, false} {
			for _, trusted := range []bool{true, false} {
				hops := 0
				if trusted {
					hops = 1
				}
				hosts[[2]bool{redirect, trusted}] = start(t, gatehouse(t), mode, fmt.Sprintf(`{"client_ip":{"trusted_hops":%d},
					"https":{"require":true,"redirect":%v,"hsts":{"include_subdomains":true}},
					"routes":[{"id":"r","match":{"path":"/r"},"public":true}]}`, hops, redirect))
			}
		}
		n := 0
		for _, redirect := range []bool{true, false} {
			for _, trusted := range []bool{true, false} {
				for _, sch := range []string{"http", "https"} {
					for _, xfp := range []string{"", "https", "http"} {
						for _, method := range []string{"GET", "HEAD", "POST"} {
							name := fmt.Sprintf("redirect=%v/trusted=%v/%s/xfp=%q/%s", redirect, trusted, sch, xfp, method)
							t.Run(name, func(t *testing.T) {
								n++
								rid := fmt.Sprintf("https-%d", n)
								req := scheme(get(method, "/r?q=1&x=%2F", abi.Pair{Key: "x-request-id", Value: rid}), sch)
								if xfp != "" {
									req = with(req, abi.Pair{Key: "x-forwarded-proto", Value: xfp})
								}
								h := hosts[[2]bool{redirect, trusted}]
								resp := send(t, h, req)
								isHTTPS := sch == "https"
								if trusted && xfp != "" {
									isHTTPS = xfp == "https"
								}
								status, reason, loc := 200, "public", ""
								switch {
								case isHTTPS:
								case !redirect:
									status, reason = 426, "https_required"
								case method == "POST":
									status, reason = 403, "https_required"
								default:
									status, reason, loc = 308, "https_redirected", "https://api.example.com/r?q=1&x=%2F"
								}
								gotLoc, _ := resp.Header("location")
								if resp.Status != status || gotLoc != loc {
									t.Fatalf("status %d location %q; want %d %q", resp.Status, gotLoc, status, loc)
								}
								if ev := eventFor(t, h, rid); ev["reason"] != reason {
									t.Fatalf("reason %v, want %s", ev["reason"], reason)
								}
								if status == 308 && len(resp.Body) != 0 {
									t.Errorf("redirect body %q", resp.Body)
								}
								if up, _ := resp.Header("upgrade"); (status == 426) != (up == "TLS/1.2, HTTP/1.1") {
									t.Errorf("upgrade %q on %d", up, status)
								}
								wantHSTS := []string(nil)
								if isHTTPS {
									wantHSTS = []string{"max-age=31536000; includeSubDomains"}
								}
								if got := values(resp.Headers, "strict-transport-security"); fmt.Sprint(got) != fmt.Sprint(wantHSTS) {
									t.Errorf("hsts %q, want %q", got, wantHSTS)
								}
								if (status == 200) != (resp.Upstream != nil) {
									t.Errorf("upstream reached: %v", resp.Upstream != nil)
								}
							})
						}
					}
				}
			}
		}
	})
}

// TestEdgeReportMode: in report mode a plaintext request and a refused
// preflight are logged and counted but pass; an allowed preflight is still
// answered.
func TestEdgeReportMode(t *testing.T) {
	forEachMode(t, func(t *testing.T, mode wasmhost.Mode) {
		h := start(t, gatehouse(t), mode, `{"mode":"report","https":{"require":true,"redirect":true},
			"cors":{"origins":["https://app.example.com"]},
			"routes":[{"id":"r","match":{"path":"/r"},"public":true}]}`)
		tests := []struct {
			name    string
			req     wasmhost.Request
			status  int
			reason  string
			verdict string
		}{
			{"plaintext GET passes", scheme(get("GET", "/r"), "http"), 200, "https_redirected", "deny"},
			{"refused preflight passes", get("OPTIONS", "/r", abi.Pair{Key: "origin", Value: "https://evil.com"},
				abi.Pair{Key: "access-control-request-method", Value: "GET"}), 200, "cors_rejected", "deny"},
			{"allowed preflight answered", get("OPTIONS", "/r", abi.Pair{Key: "origin", Value: "https://app.example.com"},
				abi.Pair{Key: "access-control-request-method", Value: "GET"}), 204, "cors_preflight", "allow"},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rid := fmt.Sprintf("report-%d", i)
				resp := send(t, h, with(tt.req, abi.Pair{Key: "x-request-id", Value: rid}))
				ev := eventFor(t, h, rid)
				if resp.Status != tt.status || ev["reason"] != tt.reason || ev["decision"] != tt.verdict || ev["enforced"] != false {
					t.Fatalf("status %d, event %v", resp.Status, ev)
				}
			})
		}
		if counter(t, h, "gatehouse.requests.reported.https_redirected") != 1 || counter(t, h, "gatehouse.requests.allowed.cors_preflight") != 1 {
			t.Errorf("metrics:\n%s", h.Metrics())
		}
	})
}
