package jsonschema

import (
	"testing"
)

func TestFormats(t *testing.T) {
	tests := []struct {
		format string
		good   []string
		bad    []string
	}{
		{"date-time", []string{"1963-06-19T08:30:06.283185Z", "1963-06-19T08:30:06Z", "1937-01-01T12:00:27.87+00:20",
			"1990-12-31T15:59:50.123-08:00", "1998-12-31T23:59:60Z", "1998-12-31T15:59:60.123-08:00", "1963-06-19t08:30:06.283185z",
			"2024-02-29T00:00:00+23:59"},
			[]string{"1998-12-31T23:59:61Z", "1998-12-31T23:58:60Z", "1998-12-31T22:59:60Z", "1998-12-31T23:59:60+01:00",
				"1990-02-31T15:59:59.123-08:00", "1990-12-31T15:59:59-24:00", "1963-06-19T08:30:06.Z", "1963-06-19T08:30:06",
				"06/19/1963 08:30:06 PST", "2013-350T01:01:01", "1963-6-19T08:30:06.283185Z", "1963-06-19T08:30:06.283185Z ",
				"1963-06-19 08:30:06Z", "1963-06-1\u09ea T00:00:00Z", "1963-06-19T24:00:00Z", "1963-06-19T08:60:00Z", "1963-06-19T08:30:06+0100",
				"", "2020-13-01T00:00:00Z"}},
		{"date", []string{"1963-06-19", "2020-01-31", "2020-02-29", "2000-02-29", "0000-01-01", "9999-12-31"},
			[]string{"2020-01-32", "2021-02-29", "1900-02-29", "2020-04-31", "2020-00-01", "2020-13-01", "06/19/1963", "2013-350",
				"1998-1-20", "1998-01-1", "1998-13-01", "2020-01-01T00:00:00Z", "1963-06-1\u09ea", "20230328", "2023-W01", ""}},
		{"email", []string{"joe.bloggs@example.com", "te~st@example.com", "~test@example.com", "test~@example.com",
			"te.s.t@example.com", "joe.bloggs@[127.0.0.1]", "joe.bloggs@[IPv6:::1]", "a+b@x", "user@sub.example-host.org"},
			[]string{"2962", ".test@example.com", "test.@example.com", "te..st@example.com", "joe.bloggs@[127.0.0.300]",
				"joe.bloggs@[IPv6:1::2::3]", "@example.com", "user@", "user@-example.com", "user@example-.com", "user@exa_mple.com",
				"\"joe bloggs\"@example.com", "a b@example.com", "user@example..com", "user@[127.0.0.1", ""}},
		{"uuid", []string{"2EB8AA08-AA98-11EA-B4AA-73B441D16380", "2eb8aa08-aa98-11ea-b4aa-73b441d16380",
			"2eb8aa08-AA98-11ea-B4Aa-73B441D16380", "00000000-0000-0000-0000-000000000000", "98d80576-482e-427f-8434-7f86890ab222",
			"99c17cbb-656f-564a-940f-1a4568f03487", "99c17cbb-656f-f64a-940f-1a4568f03487"},
			[]string{"2eb8aa08-aa98-11ea-b4aa-73b441d1638", "2eb8aa08-aa98-11ea-73b441d16380", "2eb8aa08-aa98-11ea-b4ga-73b441d16380",
				"2eb8aa08aa9811eab4aa73b441d16380", "2eb8aa08aa98-11ea-b4aa73b441d16380", "2eb8-aa08-aa98-11eab4aa73b441d16380",
				"2eb8aa08aa9811eab4aa73b441d16380----", "98d80576-482e-427f-8434-7f86890ab22g", "{98d80576-482e-427f-8434-7f86890ab222}", ""}},
		{"uri", []string{"http://foo.bar/?baz=qux#quux", "http://foo.com/blah_(wikipedia)_blah#cite-1", "http://foo.bar/?q=Test%20URL-encoded%20stuff",
			"http://xn--nw2a.xn--j6w193g/", "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", "http://223.255.255.254",
			"ftp://ftp.is.co.za/rfc/rfc1808.txt", "http://www.ietf.org/rfc/rfc2396.txt", "ldap://[2001:db8::7]/c=GB?objectClass?one",
			"mailto:John.Doe@example.com", "news:comp.infosystems.www.servers.unix", "tel:+1-816-555-1212", "telnet://192.0.2.16:80/",
			"urn:oasis:names:specification:docbook:dtd:xml:4.1.2", "https://example.com:8443", "http://[v1.fe]/", "a:", "x-y.z+1:opaque"},
			[]string{"//foo.bar/?baz=qux#quux", "/abc", "\\\\WINDOWS\\fileshare", "abc", "http:// shouldfail.com", ":// should fail",
				"bar,baz:foo", "http://example.com/a b", "http://example.com/%zz", "http://[::1/", "http://[1::2::3]/", "http://host:8x/",
				"http://example.com/#a#b", "1http://x", "http://ex\u00e4mple.com/", "http://example.com/\"quoted\"", "http://[v1]/", ""}},
		{"ipv4", []string{"192.168.0.1", "0.0.0.0", "255.255.255.255", "87.10.0.1", "10.0.0.0"},
			[]string{"127.0.0.0.1", "256.256.256.256", "127.0", "0x7f000001", "2130706433", "087.10.0.1", "192.168.1.0/24",
				"1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4 ", "\u09e8.\u09e8.\u09e8.\u09e8", "1.2.3.00", "1.2.3.1000", ""}},
		{"ipv6", []string{"::1", "::", "::abef", "1::", "1:2:3:4:5:6:7:8", "1:d6::42", "1::d6:192.168.0.1", "::ffff:192.168.0.1",
			"fe80::1:2", "2001:db8::7", "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "1:2:3:4:5:6:1.2.3.4", "1::8", "a:b:c:d:e:f:0::",
			"0:0:0:0:0:0:0:0"},
			[]string{"12345::", "::abcef", "1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1", "::laptop", ":2:3:4:5:6:7:8", "1:2:3:4:5:6:7:",
				"1:2:3:4:5:6:7", "1::2::3", "1:::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "fe80::1%eth0", "::ffff:192.168.0.256",
				"::ffff:192.168.0.01", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::", "::1.2.3.4:5", ":", "1:", " ::1", "100:100:100:100:100:100:255.255.255.255.255",
				"\u09ea::", "", "1::2:"}},
	}
	for _, tt := range tests {
		s := mustCompile(t, `{"format":"`+tt.format+`"}`)
		for _, g := range tt.good {
			if v, ok := s.Validate(quoteJSON(g)); !ok {
				t.Errorf("%s: %q refused (%+v)", tt.format, g, v)
			}
		}
		for _, b := range tt.bad {
			if v, ok := s.Validate(quoteJSON(b)); ok || v != (Violation{Keyword: "format"}) {
				t.Errorf("%s: %q: got %+v %v, want a format violation", tt.format, b, v, ok)
			}
		}
		// Only strings have formats.
		for _, other := range []string{`12`, `null`, `[]`, `{}`, `true`} {
			if _, ok := s.Validate([]byte(other)); !ok {
				t.Errorf("%s: %s refused", tt.format, other)
			}
		}
	}
}

// quoteJSON writes s as a JSON string with every non-ASCII or special
// character escaped, so the tests also go through escape decoding.
func quoteJSON(s string) []byte {
	b := []byte{'"'}
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r >= 0x7f {
			b = append(b, '\\', 'u')
			const hex = "0123456789abcdef"
			b = append(b, hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
			continue
		}
		b = append(b, byte(r))
	}
	return append(b, '"')
}
