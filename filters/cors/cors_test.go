package cors

import (
	"reflect"
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

func compile(t testing.TB, section string) *Policy {
	t.Helper()
	pol, err := config.Parse([]byte(`{"cors":` + section + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return Compile(pol.CORS)
}

func TestAllowed(t *testing.T) {
	p := compile(t, `{"origins":["https://app.example.com","https://*.example.org","http://localhost:3000","http://[::1]:8080"]}`)
	tests := []struct {
		origin string
		want   bool
	}{
		{"https://app.example.com", true},
		{"HTTPS://App.Example.COM", true},
		{"http://app.example.com", false},
		{"https://app.example.com:443", false},
		{"https://app.example.com:8443", false},
		{"https://app.example.com.evil.com", false},
		{"https://evilapp.example.com", false},
		{"https://app.example.com/", false},
		{"https://user@app.example.com", false},
		{"https://a.example.org", true},
		{"https://a.b.example.org", true},
		{"https://example.org", false},
		{"https://.example.org", false},
		{"https://a..example.org", false},
		{"https://evilexample.org", false},
		{"https://example.org.evil.com", false},
		{"http://a.example.org", false},
		{"http://localhost:3000", true},
		{"http://localhost", false},
		{"http://[::1]:8080", true},
		{"null", false},
		{"", false},
		{"*", false},
	}
	for _, tt := range tests {
		if got := p.Allowed(tt.origin); got != tt.want {
			t.Errorf("Allowed(%q) = %v", tt.origin, got)
		}
	}
	if !compile(t, `{"origins":["null"]}`).Allowed("null") {
		t.Error("listed null refused")
	}
	star := compile(t, `{"origins":["*"]}`)
	if !star.Allowed("https://anything.example") || star.Allowed("null") || star.Allowed("ftp://x") {
		t.Error("* matches wrongly")
	}
}

func hdr(pairs ...string) []filters.Header {
	var out []filters.Header
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, filters.Header{Name: pairs[i], Value: pairs[i+1]})
	}
	return out
}

func TestPreflight(t *testing.T) {
	p := compile(t, `{"origins":["https://app.example.com"],"methods":["GET","PUT"],"headers":["authorization","x-tenant"],
		"max_age":"10m","credentials":true,"expose_headers":["x-request-id"]}`)
	tests := []struct {
		name    string
		headers []filters.Header
		ok      bool
		why     string
	}{
		{"allowed", hdr("origin", "https://app.example.com", "access-control-request-method", "PUT",
			"access-control-request-headers", "Authorization, X-Tenant"), true, ""},
		{"no headers requested", hdr("origin", "https://app.example.com", "access-control-request-method", "GET"), true, ""},
		{"origin refused", hdr("origin", "https://evil.com", "access-control-request-method", "GET"), false, "origin not allowed"},
		{"method refused", hdr("origin", "https://app.example.com", "access-control-request-method", "DELETE"), false, "method not allowed"},
		{"header refused", hdr("origin", "https://app.example.com", "access-control-request-method", "GET",
			"access-control-request-headers", "x-tenant,x-admin"), false, "header not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &filters.Request{Method: "OPTIONS", Headers: tt.headers}
			if _, pre := IsPreflight(req); !pre {
				t.Fatal("not a preflight")
			}
			ok, hs, why := p.Preflight(req)
			if ok != tt.ok || why != tt.why {
				t.Fatalf("Preflight = %v %q", ok, why)
			}
			if !ok {
				if hs != nil {
					t.Fatalf("headers on a refusal: %v", hs)
				}
				return
			}
			want := hdr("access-control-allow-origin", "https://app.example.com", "access-control-allow-methods", "GET, PUT",
				"access-control-allow-headers", "authorization, x-tenant", "access-control-allow-credentials", "true",
				"access-control-max-age", "600", "vary", "Origin")
			if !reflect.DeepEqual(hs, want) {
				t.Fatalf("headers %v", hs)
			}
		})
	}
	for _, req := range []*filters.Request{
		{Method: "OPTIONS", Headers: hdr("origin", "https://app.example.com")},
		{Method: "OPTIONS", Headers: hdr("access-control-request-method", "GET")},
		{Method: "GET", Headers: hdr("origin", "https://app.example.com", "access-control-request-method", "GET")},
	} {
		if _, pre := IsPreflight(req); pre {
			t.Errorf("%v is not a preflight", req)
		}
	}
}

func TestActual(t *testing.T) {
	p := compile(t, `{"origins":["https://app.example.com"],"credentials":true,"expose_headers":["x-request-id","x-total"]}`)
	got := p.Actual(&filters.Request{Headers: hdr("origin", "https://app.example.com")}, hdr("vary", "Origin"))
	want := hdr("vary", "Origin", "access-control-allow-origin", "https://app.example.com", "access-control-allow-credentials", "true",
		"access-control-expose-headers", "x-request-id, x-total")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("allowed: %v", got)
	}
	for _, hs := range [][]filters.Header{hdr("origin", "https://evil.com"), nil} {
		if got := p.Actual(&filters.Request{Headers: hs}, nil); got != nil {
			t.Fatalf("refused or absent origin: %v", got)
		}
	}
}

// FuzzAllowed checks the matcher against a plain restatement of the rules:
// an origin is allowed by an exact entry only when it is that entry (case
// aside), and by a wildcard entry only when it ends in "." + the domain with
// the same scheme and port; never for hosts that merely contain the domain.
func FuzzAllowed(f *testing.F) {
	for _, s := range []string{"https://app.example.com", "https://a.b.example.org", "https://example.org.evil.com",
		"https://evilexample.org", "HTTPS://A.EXAMPLE.ORG", "http://[::1]:8080", "null", "https://.example.org"} {
		f.Add(s)
	}
	p := compile(f, `{"origins":["https://app.example.com","https://*.example.org","http://[::1]:8080"]}`)
	f.Fuzz(func(t *testing.T, origin string) {
		got := p.Allowed(origin)
		o, ok := ParseOrigin(origin)
		if !ok {
			if got {
				t.Fatalf("%q allowed without parsing", origin)
			}
			return
		}
		want := o == Origin{"https", "app.example.com", ""} || o == Origin{"http", "[::1]", "8080"} ||
			o.Scheme == "https" && o.Port == "" && len(o.Host) > len(".example.org") &&
				o.Host[len(o.Host)-len(".example.org"):] == ".example.org" && validHost(o.Host)
		if got != want {
			t.Fatalf("Allowed(%q) = %v, parsed %+v", origin, got, o)
		}
	})
}
