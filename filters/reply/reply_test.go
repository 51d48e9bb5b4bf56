package reply

import (
	"encoding/json"
	"reflect"
	"testing"

	"gatehouse/filters"
)

func TestError(t *testing.T) {
	tests := []struct {
		status   int
		id       string
		extra    []filters.Header
		wantBody string
	}{
		{404, "abc", nil, `{"error":"not_found","request_id":"abc"}`},
		{405, "", []filters.Header{{Name: "allow", Value: "GET, HEAD"}}, `{"error":"method_not_allowed","request_id":""}`},
		{500, `a"b` + "\n", nil, `{"error":"internal_error","request_id":"a\"b\n"}`},
		{418, "x", nil, `{"error":"error","request_id":"x"}`},
	}
	for _, tt := range tests {
		r := Error(tt.status, tt.id, tt.extra...)
		if r.Status != tt.status || string(r.Body) != tt.wantBody {
			t.Errorf("Error(%d, %q) = %d %s, want %s", tt.status, tt.id, r.Status, r.Body, tt.wantBody)
		}
		want := append([]filters.Header{{Name: "content-type", Value: "application/json"},
			{Name: "cache-control", Value: "no-store"}}, tt.extra...)
		if !reflect.DeepEqual(r.Headers, want) {
			t.Errorf("headers = %v, want %v", r.Headers, want)
		}
		if !json.Valid(r.Body) {
			t.Errorf("body %s is not JSON", r.Body)
		}
	}
}

func TestInvalid(t *testing.T) {
	r := Invalid(400, "rid-1", filters.Violation{Pointer: "/a\"b\\c/\x01/é/\xff", Keyword: "minimum"})
	want := `{"error":"bad_request","request_id":"rid-1","pointer":"/a\"b\\c/\u0001/é/` + "\uFFFD" + `","keyword":"minimum"}`
	if r.Status != 400 || string(r.Body) != want {
		t.Fatalf("%d %s\nwant %s", r.Status, r.Body, want)
	}
	var v map[string]string
	if err := json.Unmarshal(r.Body, &v); err != nil || v["pointer"] != "/a\"b\\c/\x01/é/\uFFFD" {
		t.Fatalf("%v %q", err, v)
	}
	if len(r.Headers) != 2 || r.Headers[0].Value != "application/json" {
		t.Fatalf("headers %v", r.Headers)
	}
}
