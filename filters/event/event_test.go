package event

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestAppendJSON(t *testing.T) {
	at := time.Date(2026, 11, 22, 8, 0, 0, 123000000, time.FixedZone("x", 3600))
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{
			name: "deny",
			ev: Event{Time: at, RequestID: "r-1", RouteID: "orders", Decision: "deny", Reason: "route_not_found",
				Status: 404, Enforced: true, ClientIP: "10.0.0.1", Method: "GET", Path: "/v1/x?token=secret#frag"},
			want: `{"time":"2026-11-22T07:00:00.123000Z","event":"gatehouse.decision","request_id":"r-1","route_id":"orders",` +
				`"decision":"deny","reason":"route_not_found","status":404,"enforced":true,"client_ip":"10.0.0.1",` +
				`"method":"GET","path":"/v1/x"}`,
		},
		{
			name: "authenticated, with detail",
			ev: Event{Time: at, RequestID: "r-2", RouteID: "orders", Decision: "allow", Reason: "authenticated",
				Enforced: true, ClientIP: "10.0.0.1", Method: "GET", Path: "/v1/x", Identity: "corp", Subject: "user-1",
				Detail: "checked"},
			want: `{"time":"2026-11-22T07:00:00.123000Z","event":"gatehouse.decision","request_id":"r-2","route_id":"orders",` +
				`"decision":"allow","reason":"authenticated","status":0,"enforced":true,"client_ip":"10.0.0.1",` +
				`"method":"GET","path":"/v1/x","identity":"corp","subject":"user-1","detail":"checked"}`,
		},
		{
			name: "hostile strings are escaped",
			ev:   Event{Time: at, Decision: "allow", Reason: "public", Method: "G\"ET", Path: "/a\n{\"forged\":1}\\\u2028\xff"},
			want: `{"time":"2026-11-22T07:00:00.123000Z","event":"gatehouse.decision","request_id":"","route_id":"",` +
				`"decision":"allow","reason":"public","status":0,"enforced":false,"client_ip":"",` +
				`"method":"G\"ET","path":"/a\u000a{\"forged\":1}\\\u2028\ufffd"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(tt.ev.AppendJSON(nil))
			if got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(got), &m); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
		})
	}
}

func TestLongFieldsAreCapped(t *testing.T) {
	ev := Event{Path: "/" + strings.Repeat("é", 300)}
	line := string(ev.AppendJSON(nil))
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	path := m["path"].(string)
	if !strings.HasSuffix(path, "...") || len(path) > MaxFieldBytes+3 || strings.ContainsRune(path, '\ufffd') {
		t.Fatalf("path not capped cleanly: %d bytes %q", len(path), path[len(path)-10:])
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("r", "/a?b", "\xff\n\"")
	f.Fuzz(func(t *testing.T, id, path, method string) {
		line := (&Event{RequestID: id, Path: path, Method: method}).AppendJSON(nil)
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("%q: not JSON: %v", line, err)
		}
		if strings.ContainsAny(string(line), "\n\r") {
			t.Fatalf("line break in %q", line)
		}
	})
}
