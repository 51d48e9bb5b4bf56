// Package authn decides who a request is, for the routes that require it: it
// composes the policy's JWT providers (filters/jwt) and API-key sets
// (filters/apikey), compiled once per policy, into per-route requirements, and
// works out the request-header changes that identity implies: incoming copies of
// identity headers are always removed (public routes included, so no client can
// spoof them), API keys never reach the upstream, and a token is dropped when its
// provider says so.
//
// Authn is compiled on configure and holds the VM's verified-token cache, so it
// is mutable: use one per VM (the plugin's root context), never concurrently.
package authn

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/apikey"
	"gatehouse/filters/credential"
	"gatehouse/filters/jwt"
)

// Principal is who a request authenticated as.
type Principal struct {
	// Identity is the name of the JWT provider or API-key set that accepted the
	// credential.
	Identity string
	// Subject is the token's sub claim, or the API key's id.
	Subject string
	// Roles and Scopes are normalised from the token, or the key's roles.
	Roles, Scopes []string
	// Claims are the verified token's claims; nil for API keys.
	Claims *jwt.Claims
	// Forward are the request headers to set upstream: forwarded claims, or the
	// API key's id.
	Forward []filters.Header

	// drop is the extractor whose credential must not reach the upstream (an
	// API key always; a token when its provider says drop_token), or nil.
	drop *credential.Extractor
}

// Authn is the compiled identity section of a policy.
type Authn struct {
	providers []*jwt.Provider
	keySets   []*apikey.Set
	cache     *jwt.Cache
	// strip lists every header that carries identity upstream (forwarded claims,
	// API-key id headers, API-key headers): removed from every request.
	strip []string
}

// Compile builds the identity section. Errors name the JSON path of the
// offending provider or key set. A nil section compiles to an Authn with no
// identities, whose Requirement of no names never authenticates anyone.
func Compile(id *config.Identity) (*Authn, error) {
	a := &Authn{}
	if id == nil {
		return a, nil
	}
	var errs config.Errors
	var algs []config.Algorithm
	for i := range id.JWT {
		p, err := jwt.Compile(&id.JWT[i])
		if err != nil {
			errs = append(errs, &config.Error{Path: "identity.jwt[" + strconv.Itoa(i) + "]", Msg: err.Error()})
			continue
		}
		a.providers = append(a.providers, p)
		a.strip = append(a.strip, p.ForwardHeaders()...)
		for _, alg := range p.Algorithms() {
			if !slices.Contains(algs, alg) {
				algs = append(algs, alg)
			}
		}
	}
	for i := range id.APIKeys {
		s, err := apikey.Compile(&id.APIKeys[i])
		if err != nil {
			errs = append(errs, &config.Error{Path: "identity.api_keys[" + strconv.Itoa(i) + "]", Msg: err.Error()})
			continue
		}
		a.keySets = append(a.keySets, s)
		a.strip = append(a.strip, s.IDHeader())
		for _, src := range s.Extractor().Sources() {
			if src.Kind == credential.Header {
				a.strip = append(a.strip, src.Name)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.Slice(a.strip, func(i, j int) bool { return a.strip[i] < a.strip[j] })
	a.strip = slices.Compact(a.strip)
	// Pay Go's lazy crypto set-up now, not on the first real request.
	if err := jwt.Warm(algs); err != nil {
		return nil, fmt.Errorf("authn: warming %v: %w", algs, err)
	}
	a.cache = jwt.NewCache(id.Cache())
	return a, nil
}

// Providers returns the JWT providers (the plugin fetches the remote JWKS of
// those whose Remote is set). Do not modify the result.
func (a *Authn) Providers() []*jwt.Provider { return a.providers }

// Remote reports whether name is a JWT provider whose keys come from a remote
// JWKS.
func (a *Authn) Remote(name string) bool {
	for _, p := range a.providers {
		if p.Name() == name {
			return p.Remote() != nil
		}
	}
	return false
}

// Requirement returns what a route that lists names requires: any one of those
// identities. Names were checked by config.Parse; an unknown name panics, as it
// means a policy that did not come from Parse.
func (a *Authn) Requirement(names []string) *Requirement {
	r := &Requirement{authn: a}
	for _, n := range names {
		found := false
		for _, p := range a.providers {
			if p.Name() == n {
				r.providers = append(r.providers, p)
				found = true
			}
		}
		for _, s := range a.keySets {
			if s.Name() == n {
				r.keySets = append(r.keySets, s)
				found = true
			}
		}
		if !found {
			panic("authn: unknown identity " + strconv.Quote(n))
		}
	}
	return r
}

// Requirement is a route's accepted identities.
type Requirement struct {
	authn     *Authn
	providers []*jwt.Provider
	keySets   []*apikey.Set
}

// Bearer reports whether the route accepts a JWT, so a 401 carries a Bearer
// challenge (RFC 6750).
func (r *Requirement) Bearer() bool { return len(r.providers) > 0 }

// Authenticate tries the route's identities in policy order and returns the
// first that accepts the request. When none does, the error is the most
// telling failure: the first from an identity that found a credential (an
// expired token says more than a missing API key), else the missing-credential
// error. Errors wrap a filters.ReasonError; their text never holds a credential.
func (r *Requirement) Authenticate(req *filters.Request, now time.Time) (*Principal, error) {
	var firstErr error
	note := func(identity string, err error) {
		if firstErr == nil || (isMissing(firstErr) && !isMissing(err)) {
			firstErr = &Failure{Identity: identity, Err: err}
		}
	}
	for _, p := range r.providers {
		id, err := p.Authenticate(req, r.authn.cache, now)
		if err == nil {
			pr := &Principal{Identity: id.Provider, Subject: id.Subject, Roles: id.Roles, Scopes: id.Scopes,
				Claims: id.Claims, Forward: id.Forward}
			if p.DropToken() {
				pr.drop = p.Extractor()
			}
			return pr, nil
		}
		note(p.Name(), err)
	}
	for _, s := range r.keySets {
		k, err := s.Authenticate(req)
		if err == nil {
			return &Principal{Identity: s.Name(), Subject: k.ID, Roles: k.Roles,
				Forward: []filters.Header{{Name: s.IDHeader(), Value: k.ID}}, drop: s.Extractor()}, nil
		}
		note(s.Name(), err)
	}
	if firstErr == nil {
		firstErr = credential.ErrMissing
	}
	return nil, firstErr
}

// Failure is the error of Authenticate: the identity whose failure it reports,
// and that failure (which wraps a filters.ReasonError).
type Failure struct {
	Identity string
	Err      error
}

func (f *Failure) Error() string { return f.Identity + ": " + f.Err.Error() }

// Unwrap returns the identity's own error.
func (f *Failure) Unwrap() error { return f.Err }

func isMissing(err error) bool {
	r, _ := filters.ReasonOf(err)
	return r == filters.ReasonTokenMissing
}
