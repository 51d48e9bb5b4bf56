package authn

import (
	"strings"

	"gatehouse/filters"
	"gatehouse/filters/credential"
)

// Rewrite is how a request must change before it goes upstream.
type Rewrite struct {
	// Remove lists headers to remove; only headers the request has are listed.
	Remove []string
	// Set lists headers to set, replacing any value.
	Set []filters.Header
	// Path is the new :path when a credential was removed from the query; empty
	// when the path is unchanged.
	Path string
}

// Empty reports whether the rewrite changes nothing.
func (w *Rewrite) Empty() bool { return len(w.Remove) == 0 && len(w.Set) == 0 && w.Path == "" }

// Rewrite works out the header changes for req: remove incoming identity
// headers (always), set the principal's forwarded headers (when authenticated),
// and take out a credential that must not reach the upstream.
func (a *Authn) Rewrite(req *filters.Request, p *Principal) Rewrite {
	var w Rewrite
	for _, h := range a.strip {
		if _, ok := req.Header(h); ok {
			w.Remove = append(w.Remove, h)
		}
	}
	if p == nil {
		return w
	}
	w.Set = p.Forward
	if p.drop == nil {
		return w
	}
	_, src, err := p.drop.Extract(req)
	if err != nil {
		return w
	}
	switch src.Kind {
	case credential.Header:
		if !contains(w.Remove, src.Name) {
			w.Remove = append(w.Remove, src.Name)
		}
	case credential.Cookie:
		for _, h := range req.Headers {
			if h.Name == "cookie" {
				rest := withoutPair(h.Value, "; ", ';', src.Name)
				if rest == "" {
					w.Remove = append(w.Remove, "cookie")
				} else {
					w.Set = append(w.Set[:len(w.Set):len(w.Set)], filters.Header{Name: "cookie", Value: rest})
				}
				break
			}
		}
	case credential.Query:
		path, query, _ := strings.Cut(req.Path, "?")
		query, frag, hasFrag := strings.Cut(query, "#")
		path += "?" + withoutPair(query, "&", '&', src.Name)
		path = strings.TrimSuffix(path, "?")
		if hasFrag {
			path += "#" + frag
		}
		w.Path = path
	}
	return w
}

// withoutPair removes every name=value element from a sep-separated list and
// joins the rest with join.
func withoutPair(list, join string, sep byte, name string) string {
	var kept []string
	for _, part := range strings.Split(list, string(sep)) {
		k, _, _ := strings.Cut(strings.TrimSpace(part), "=")
		if k == name || strings.TrimSpace(part) == "" {
			continue
		}
		kept = append(kept, strings.TrimSpace(part))
	}
	return strings.Join(kept, join)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
