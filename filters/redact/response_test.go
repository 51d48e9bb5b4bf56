package redact

import "testing"

func TestIsJSON(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                 true,
		"application/json; charset=utf-8":  true,
		"Application/JSON":                 true,
		" application/problem+json ":       true,
		"application/vnd.api+JSON;v=2":     true,
		"application/+json":                false,
		"application/jsonx":                false,
		"text/json":                        false,
		"text/html":                        false,
		"application/x-ndjson":             false,
		"":                                 false,
		"application":                      false,
		"application/json-patch+json":      true,
		"multipart/form-data; boundary=x":  false,
		"application/octet-stream; x=json": false,
	} {
		if got := IsJSON(ct); got != want {
			t.Errorf("IsJSON(%q) = %v", ct, got)
		}
	}
}

func TestAtHeaders(t *testing.T) {
	p := plan(t, `{"fields":["a"],"max_bytes":100}`)
	tests := []struct {
		ct, ce, cl string
		want       Start
	}{
		{"application/json", "", "", StartBuffer},
		{"application/json", "", "100", StartBuffer},
		{"application/json", "", "101", StartOverflow},
		{"application/json", "", "junk", StartBuffer},
		{"application/json", "identity", "", StartBuffer},
		{"application/json", "gzip", "10", StartOverflow},
		{"text/plain", "gzip", "1000", StartNotJSON},
		{"", "", "", StartNotJSON},
	}
	for _, tt := range tests {
		if got := p.AtHeaders(tt.ct, tt.ce, tt.cl); got != tt.want {
			t.Errorf("AtHeaders(%q, %q, %q) = %d, want %d", tt.ct, tt.ce, tt.cl, got, tt.want)
		}
	}
}
