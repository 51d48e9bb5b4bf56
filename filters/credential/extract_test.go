package credential

import (
	"testing"

	"gatehouse/config"
	"gatehouse/filters"
)

func TestExtract(t *testing.T) {
	e := New([]config.CredentialSource{{Header: "authorization", Prefix: "Bearer "}, {Header: "x-token"},
		{Cookie: "session"}, {Query: "access_token"}})
	h := func(name, value string) filters.Header { return filters.Header{Name: name, Value: value} }
	tests := []struct {
		name    string
		path    string
		headers []filters.Header
		want    string
		kind    Kind
		err     error
	}{
		{"bearer", "/", []filters.Header{h("authorization", "Bearer abc")}, "abc", Header, nil},
		{"bearer any case", "/", []filters.Header{h("authorization", "bEARER  abc ")}, "abc", Header, nil},
		{"other scheme is not ours", "/", []filters.Header{h("authorization", "Basic abc")}, "", 0, ErrMissing},
		{"plain header", "/", []filters.Header{h("x-token", "t")}, "t", Header, nil},
		{"cookie", "/", []filters.Header{h("cookie", "a=1; session=tok ; b=2")}, "tok", Cookie, nil},
		{"cookie name must match exactly", "/", []filters.Header{h("cookie", "xsession=tok; Session=x")}, "", 0, ErrMissing},
		{"query", "/p?x=1&access_token=q#f", nil, "q", Query, nil},
		{"query without value", "/p?access_token", nil, "", Query, ErrEmpty},
		{"path is not query", "/access_token=x", nil, "", 0, ErrMissing},
		{"nothing", "/", []filters.Header{h("accept", "*/*")}, "", 0, ErrMissing},
		{"empty bearer", "/", []filters.Header{h("authorization", "Bearer ")}, "", Header, ErrEmpty},
		{"two headers", "/", []filters.Header{h("authorization", "Bearer a"), h("authorization", "Bearer a")}, "", 0, ErrMultiple},
		{"header and cookie", "/", []filters.Header{h("authorization", "Bearer a"), h("cookie", "session=b")}, "", 0, ErrMultiple},
		{"header and query", "/?access_token=a", []filters.Header{h("x-token", "a")}, "", 0, ErrMultiple},
		{"cookie twice", "/", []filters.Header{h("cookie", "session=a"), h("cookie", "session=b")}, "", 0, ErrMultiple},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, src, err := e.Extract(&filters.Request{Path: tt.path, Headers: tt.headers})
			if got != tt.want || err != tt.err || (err == nil && src.Kind != tt.kind) {
				t.Fatalf("Extract = %q, %+v, %v; want %q, kind %d, %v", got, src, err, tt.want, tt.kind, tt.err)
			}
		})
	}
	if n := len(e.Sources()); n != 4 {
		t.Errorf("Sources: %d", n)
	}
}
