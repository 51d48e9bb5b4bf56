package https

import (
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

func TestIsHTTPS(t *testing.T) {
	tests := []struct {
		name   string
		hops   int
		scheme string
		xfp    []string
		want   bool
	}{
		{"https scheme", 0, "https", nil, true},
		{"http scheme", 0, "http", nil, false},
		{"untrusted XFP ignored", 0, "http", []string{"https"}, false},
		{"untrusted XFP cannot downgrade", 0, "https", []string{"http"}, true},
		{"trusted XFP https", 1, "http", []string{"https"}, true},
		{"trusted XFP http", 1, "https", []string{"http"}, false},
		{"trusted XFP case and spaces", 1, "http", []string{" HTTPS "}, true},
		{"trusted: the last entry counts", 1, "http", []string{"http, https"}, true},
		{"trusted: a spoofed first entry does not", 1, "http", []string{"https, http"}, false},
		{"trusted: the last header counts", 2, "http", []string{"http", "https"}, true},
		{"trusted without XFP: the scheme", 1, "https", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compile(&config.HTTPS{Require: true}, &config.ClientIP{TrustedHops: tt.hops})
			req := &filters.Request{Scheme: tt.scheme}
			for _, v := range tt.xfp {
				req.Headers = append(req.Headers, filters.Header{Name: "x-forwarded-proto", Value: v})
			}
			if got := r.IsHTTPS(req); got != tt.want {
				t.Fatalf("IsHTTPS = %v", got)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name              string
		require, redirect bool
		https             bool
		method, authority string
		path, raw         string
		v                 Verdict
		status            int
		loc               string
	}{
		{"https passes", true, true, true, "POST", "api.example.com", "/a", "", Pass, 0, ""},
		{"not required", false, false, false, "GET", "api.example.com", "/a", "", Pass, 0, ""},
		{"GET redirected", true, true, false, "GET", "api.example.com", "/a?x=1&y=2", "", Redirect, 308, "https://api.example.com/a?x=1&y=2"},
		{"HEAD redirected", true, true, false, "HEAD", "api.example.com:80", "/a", "", Redirect, 308, "https://api.example.com/a"},
		{"other port kept", true, true, false, "GET", "api.example.com:8080", "/a", "", Redirect, 308, "https://api.example.com:8080/a"},
		{"path as sent", true, true, false, "GET", "h", "/b", "/a/../b?q", Redirect, 308, "https://h/a/../b?q"},
		{"IPv6 host", true, true, false, "GET", "[::1]:80", "/", "", Redirect, 308, "https://[::1]/"},
		{"POST refused", true, true, false, "POST", "h", "/a", "", Refuse, 403, ""},
		{"DELETE refused", true, true, false, "DELETE", "h", "/a", "", Refuse, 403, ""},
		{"no redirect: 426", true, false, false, "GET", "h", "/a", "", Refuse, 426, ""},
		{"no redirect: 426 for POST", true, false, false, "POST", "h", "/a", "", Refuse, 426, ""},
		{"user info in authority", true, true, false, "GET", "evil.com@h", "/a", "", Refuse, 403, ""},
		{"slash in authority", true, true, false, "GET", "evil.com/x", "/a", "", Refuse, 403, ""},
		{"empty authority", true, true, false, "GET", "", "/a", "", Refuse, 403, ""},
		{"scheme-relative path", true, true, false, "GET", "h", "//evil.com/a", "", Refuse, 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compile(&config.HTTPS{Require: tt.require, Redirect: tt.redirect}, nil)
			req := &filters.Request{Method: tt.method, Authority: tt.authority, Path: tt.path, RawPath: tt.raw}
			v, status, loc := r.Check(req, tt.https)
			if v != tt.v || status != tt.status || loc != tt.loc {
				t.Fatalf("Check = %v %d %q", v, status, loc)
			}
		})
	}
}

// FuzzLocation checks that a Location is only ever https://<the authority
// without :80><the path>, with no bytes that could end the header.
func FuzzLocation(f *testing.F) {
	f.Add("api.example.com", "/a?b")
	f.Add("[::1]:80", "/")
	f.Add("a@b", "//x")
	f.Fuzz(func(t *testing.T, authority, path string) {
		loc, ok := Location(authority, path)
		if !ok {
			return
		}
		host := authority
		if len(host) > 3 && host[len(host)-3:] == ":80" {
			host = host[:len(host)-3]
		}
		if loc != "https://"+host+path {
			t.Fatalf("Location(%q, %q) = %q", authority, path, loc)
		}
		for i := 0; i < len(loc); i++ {
			if loc[i] <= ' ' || loc[i] >= 0x7f {
				t.Fatalf("Location(%q, %q) = %q", authority, path, loc)
			}
		}
		for i := 0; i < len(host); i++ {
			if c := host[i]; c == '@' || c == '/' || c == '\\' || c == '?' || c == '#' {
				t.Fatalf("Location(%q, %q): host part %q", authority, path, host)
			}
		}
	})
}
