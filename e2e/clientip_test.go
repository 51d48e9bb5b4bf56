package e2e

import (
	"strconv"
	"testing"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// TestClientIPRules: the client address comes from the peer or from
// X-Forwarded-For behind the configured trusted hops, and allow/deny lists
// apply policy-wide and per route.
func TestClientIPRules(t *testing.T) {
	tests := []struct {
		name, hops, path, peer string
		xff                    []string
		status                 int
		clientIP               string
	}{
		{"no proxy: peer allowed", "0", "/pub", "10.1.2.3:5000", nil, 200, "10.1.2.3"},
		{"no proxy: a spoofed XFF is ignored", "0", "/pub", "192.0.2.1:5000", []string{"10.1.2.3"}, 403, "192.0.2.1"},
		{"no proxy: denied prefix", "0", "/pub", "10.6.6.6:5000", nil, 403, "10.6.6.6"},
		{"one proxy: the address it saw", "1", "/pub", "172.16.0.1:5000", []string{"6.6.6.6, 10.1.2.3"}, 200, "10.1.2.3"},
		{"one proxy: client outside the allow list", "1", "/pub", "172.16.0.1:5000", []string{"198.51.100.7"}, 403, "198.51.100.7"},
		{"two proxies", "2", "/pub", "172.16.0.1:5000", []string{"10.1.2.3, 172.16.0.9"}, 200, "10.1.2.3"},
		{"two proxies, header too short: the peer", "2", "/pub", "172.16.0.1:5000", []string{"10.1.2.3"}, 403, "172.16.0.1"},
		{"IPv6 client", "1", "/pub", "[::1]:5000", []string{"2001:db8::5"}, 200, "2001:db8::5"},
		{"route deny list", "0", "/internal", "10.1.2.3:5000", nil, 403, "10.1.2.3"},
		{"route allows another", "0", "/internal", "10.9.9.9:5000", nil, 200, "10.9.9.9"},
	}
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			hosts := map[string]*wasmhost.Host{}
			for _, hops := range []string{"0", "1", "2"} {
				hosts[hops] = start(t, gatehouse(t), mode, `{"client_ip":{"trusted_hops":`+hops+`,
					"allow":["10.0.0.0/8","2001:db8::/32"],"deny":["10.6.6.0/24"]},
					"routes":[{"id":"pub","match":{"path":"/pub"},"public":true},
					{"id":"internal","match":{"path":"/internal"},"public":true,"client_ip":{"deny":["10.1.0.0/16"]}}]}`)
			}
			for i, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					h := hosts[tt.hops]
					rid := "ip-" + strconv.Itoa(i)
					req := get("GET", tt.path, abi.Pair{Key: "x-request-id", Value: rid})
					for _, v := range tt.xff {
						req.Headers = append(req.Headers, abi.Pair{Key: "x-forwarded-for", Value: v})
					}
					req.SourceAddress = tt.peer
					resp := send(t, h, req)
					ev := eventFor(t, h, rid)
					if resp.Status != tt.status || ev["client_ip"] != tt.clientIP {
						t.Fatalf("status %d, client_ip %v; want %d, %s", resp.Status, ev["client_ip"], tt.status, tt.clientIP)
					}
					if tt.status == 403 && ev["reason"] != "ip_denied" {
						t.Fatalf("reason %v", ev["reason"])
					}
				})
			}
		})
	}
}
