// Package credential finds a credential (a bearer token, an API key) in a request
// from the sources a policy lists: a header with an optional scheme prefix, a
// cookie, or a query parameter. Both filters/jwt and filters/apikey use it.
//
// Build an Extractor once per provider or key set when the policy is compiled;
// Extract runs per request, allocates nothing and never logs the credential.
package credential

import (
	"strings"

	"gatehouse/config"
	"gatehouse/filters"
)

// Sentinel errors of Extract, with their reason codes.
var (
	// ErrMissing: no configured source carries a credential.
	ErrMissing = &filters.ReasonError{Reason: filters.ReasonTokenMissing, Msg: "credential missing"}
	// ErrMultiple: more than one credential was found (two sources, or one header
	// or parameter twice); RFC 6750 §2 allows one method per request.
	ErrMultiple = &filters.ReasonError{Reason: filters.ReasonTokenMalformed, Msg: "more than one credential in the request"}
	// ErrEmpty: a source is present but holds an empty value ("Bearer ").
	ErrEmpty = &filters.ReasonError{Reason: filters.ReasonTokenMalformed, Msg: "empty credential"}
)

// Kind is where a Source reads from.
type Kind uint8

// Source kinds.
const (
	Header Kind = iota
	Cookie
	Query
)

// Source is one place a credential may be found.
type Source struct {
	Kind Kind
	// Name is the lower-case header name, the cookie name or the query parameter.
	Name string
	// Prefix, for headers only, is stripped from the value and must be present;
	// it is matched without case ("Bearer " matches "bearer ").
	Prefix string
}

// Extractor reads the credential of one provider or key set.
type Extractor struct {
	sources []Source
}

// New returns an Extractor over the given sources, which come from a parsed
// policy (config.JWTProvider.Sources, config.APIKeySet.Sources).
func New(sources []config.CredentialSource) *Extractor {
	e := &Extractor{sources: make([]Source, 0, len(sources))}
	for _, s := range sources {
		switch {
		case s.Header != "":
			e.sources = append(e.sources, Source{Kind: Header, Name: s.Header, Prefix: s.Prefix})
		case s.Cookie != "":
			e.sources = append(e.sources, Source{Kind: Cookie, Name: s.Cookie})
		case s.Query != "":
			e.sources = append(e.sources, Source{Kind: Query, Name: s.Query})
		}
	}
	return e
}

// Sources returns the extractor's sources (for the plugin, to remove the
// credential before the upstream when asked). Do not modify the result.
func (e *Extractor) Sources() []Source { return e.sources }

// Extract returns the one credential of req and the source it came from. It
// returns ErrMissing when there is none, ErrMultiple when there are several
// (even if equal), and ErrEmpty for a present but empty one. A header whose value
// does not start with the source's prefix (Basic instead of Bearer) does not
// count as a credential of that source.
func (e *Extractor) Extract(req *filters.Request) (string, Source, error) {
	var found string
	var src Source
	n := 0
	add := func(v string, s Source) {
		n++
		if n == 1 {
			found, src = v, s
		}
	}
	for _, s := range e.sources {
		switch s.Kind {
		case Header:
			for _, h := range req.Headers {
				if h.Name != s.Name {
					continue
				}
				if v, ok := cutPrefixFold(h.Value, s.Prefix); ok {
					add(strings.TrimSpace(v), s)
				}
			}
		case Cookie:
			for _, h := range req.Headers {
				if h.Name == "cookie" {
					forEachPair(h.Value, ';', func(k, v string) {
						if k == s.Name {
							add(v, s)
						}
					})
				}
			}
		case Query:
			if q, ok := query(req.Path); ok {
				forEachPair(q, '&', func(k, v string) {
					if k == s.Name {
						add(v, s)
					}
				})
			}
		}
	}
	switch {
	case n == 0:
		return "", Source{}, ErrMissing
	case n > 1:
		return "", Source{}, ErrMultiple
	case found == "":
		return "", src, ErrEmpty
	}
	return found, src, nil
}

// cutPrefixFold strips prefix from s, comparing ASCII letters without case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	return s[len(prefix):], true
}

// query returns the query string of a :path value, without the fragment.
func query(path string) (string, bool) {
	i := strings.IndexByte(path, '?')
	if i < 0 {
		return "", false
	}
	q := path[i+1:]
	if j := strings.IndexByte(q, '#'); j >= 0 {
		q = q[:j]
	}
	return q, true
}

// forEachPair calls f for each name=value pair of s separated by sep, with
// surrounding spaces trimmed (cookies) and values left as sent: tokens and keys
// need no percent-decoding, and a value that does is refused later as malformed.
func forEachPair(s string, sep byte, f func(k, v string)) {
	for s != "" {
		var part string
		if i := strings.IndexByte(s, sep); i >= 0 {
			part, s = s[:i], s[i+1:]
		} else {
			part, s = s, ""
		}
		k, v, _ := strings.Cut(part, "=")
		f(strings.TrimSpace(k), strings.TrimSpace(v))
	}
}
