package main

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRequestHeadersOneContentLength: the proxy hands the filter exactly one
// content-length, though net/http keeps the client's in the header map too.
func TestRequestHeadersOneContentLength(t *testing.T) {
	body := `{"a":1}`
	r := httptest.NewRequest("POST", "http://api.example.com/v1/orders", strings.NewReader(body))
	r.Header.Set("Content-Length", "7")
	r.Header.Set("Content-Type", "application/json")
	var got []string
	for _, p := range requestHeaders(r) {
		if p.Key == "content-length" {
			got = append(got, p.Value)
		}
	}
	if len(got) != 1 || got[0] != "7" {
		t.Fatalf("content-length values %q, want [7]", got)
	}
}
