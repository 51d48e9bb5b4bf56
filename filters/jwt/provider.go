package jwt

import (
	"slices"
	"sort"
	"strings"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/credential"
)

// maxSignatureStack is the largest signature Verify decodes on its stack: an
// RSA-4096 one (MaxRSAKeyBits); ES and EdDSA signatures are smaller.
const maxSignatureStack = MaxRSAKeyBits / 8

// maxCandidates bounds the keys tried for a token without kid, so a large JWKS
// cannot multiply the cost of a bad token.
const maxCandidates = 4

// Provider is one compiled JWT provider of the policy. Compile it on configure;
// it is then read-only except for SetKeys, which the plugin calls when a remote
// JWKS arrives (the VM is single-threaded, so no locking).
type Provider struct {
	name      string
	algs      []config.Algorithm
	secret    []byte
	rules     Rules
	typ       string
	maxBytes  int
	extractor *credential.Extractor
	roles     string
	scopes    string
	forward   []forwardRule
	dropToken bool
	remote    *config.RemoteJWKS

	keys *KeySet
	gen  uint32 // bumped by SetKeys; cache entries of older generations miss
}

type forwardRule struct{ header, claim string }

// Identity is who a verified token says the caller is. The cache shares it
// between requests: treat it as read-only.
type Identity struct {
	// Provider is the provider's policy name.
	Provider string
	// Subject is the sub claim.
	Subject string
	// Roles and Scopes are normalised from the provider's claim paths.
	Roles, Scopes []string
	// Forward are the request headers to add upstream (policy forward), sorted by
	// name; claims that are absent or not representable are left out.
	Forward []filters.Header
	// Claims are all verified claims.
	Claims *Claims
}

// Compile builds a Provider from a parsed policy provider. Inline JWKS keys are
// checked here (an unusable key is an error); a remote JWKS starts empty, and
// requests get ErrJWKSUnavailable until SetKeys.
func Compile(cfg *config.JWTProvider) (*Provider, error) {
	p := &Provider{
		name:   cfg.Name,
		algs:   slices.Clone(cfg.Algorithms),
		secret: cfg.SecretKey,
		rules: Rules{Issuer: cfg.Issuer, Audiences: slices.Clone(cfg.Audiences), Skew: cfg.Skew(),
			RequireExp: cfg.ExpRequired(), MaxLifetime: time.Duration(cfg.MaxLifetime)},
		typ:       normaliseTyp(cfg.Typ),
		maxBytes:  DefaultMaxTokenBytes,
		extractor: credential.New(cfg.Sources()),
		roles:     cfg.Claims.RolesPath(),
		scopes:    cfg.Claims.ScopesPath(),
		dropToken: cfg.DropToken,
	}
	for h, c := range cfg.Forward {
		p.forward = append(p.forward, forwardRule{h, c})
	}
	sort.Slice(p.forward, func(i, j int) bool { return p.forward[i].header < p.forward[j].header }) // the shared sort: no instantiation per shape in the .wasm
	if cfg.JWKS != nil {
		p.remote = cfg.JWKS.Remote
		if cfg.JWKS.Inline != nil {
			ks, err := NewKeySet(cfg.JWKS.Inline.Keys)
			if err != nil {
				return nil, errorf("jwks.inline.%v", err)
			}
			p.keys = ks
		}
	}
	for _, a := range p.algs {
		if a.Symmetric() && len(p.secret) == 0 {
			return nil, errorf("algorithm %s needs a secret", a)
		}
	}
	return p, nil
}

// Name returns the provider's policy name.
func (p *Provider) Name() string { return p.name }

// Algorithms returns the allowlist (for Warm). Do not modify the result.
func (p *Provider) Algorithms() []config.Algorithm { return p.algs }

// Remote returns the remote JWKS settings, or nil for inline/HS-only providers.
func (p *Provider) Remote() *config.RemoteJWKS { return p.remote }

// Extractor returns the provider's token extractor.
func (p *Provider) Extractor() *credential.Extractor { return p.extractor }

// DropToken reports whether the token must be removed before the upstream.
func (p *Provider) DropToken() bool { return p.dropToken }

// ForwardHeaders returns the headers this provider forwards; the plugin strips
// incoming copies of them on every request, public routes included.
func (p *Provider) ForwardHeaders() []string {
	out := make([]string, len(p.forward))
	for i, f := range p.forward {
		out[i] = f.header
	}
	return out
}

// SetKeys replaces the provider's key set (a successful JWKS fetch). A nil or
// empty set is ignored, so a bad fetch keeps the last good keys. Cached tokens
// verified with the previous set are verified again on their next use.
func (p *Provider) SetKeys(ks *KeySet) {
	if ks.Len() == 0 {
		return
	}
	p.keys = ks
	p.gen++
}

// Keys returns the current key set (nil before the first SetKeys of a remote
// provider).
func (p *Provider) Keys() *KeySet { return p.keys }

// Authenticate finds the provider's token in req and verifies it, through the
// cache when one is given (nil: no cache). A cache hit re-checks the time
// claims at now. Route requirements (roles, scopes) are the caller's.
func (p *Provider) Authenticate(req *filters.Request, cache *Cache, now time.Time) (*Identity, error) {
	raw, _, err := p.extractor.Extract(req)
	if err != nil {
		return nil, err
	}
	if id, ok := cache.Get(raw, p); ok {
		if err := id.Claims.ValidateTime(&p.rules, now); err != nil {
			return nil, err
		}
		return id, nil
	}
	id, err := p.Verify(raw, now)
	if err != nil {
		return nil, err
	}
	cache.Put(raw, p, id)
	return id, nil
}

// Verify checks a raw token completely: structure (ParseToken), alg against the
// allowlist, typ, the key (kid lookup and compatibility, or the secret for HS),
// the signature (verifySignature, standard library only), then the claims at
// now.
func (p *Provider) Verify(raw string, now time.Time) (*Identity, error) {
	var sigBuf [maxSignatureStack]byte
	tok, sig, err := parseToken(raw, p.maxBytes, sigBuf[:])
	if err != nil {
		return nil, err
	}
	alg := tok.header.Alg
	if !slices.Contains(p.algs, alg) {
		return nil, errorf("%w: alg %q is not in the provider's algorithms", ErrAlgNotAllowed, truncate(string(alg)))
	}
	if p.typ != "" && normaliseTyp(tok.header.Typ) != p.typ {
		return nil, errorf("%w: typ %q (want %q)", ErrTokenMalformed, truncate(tok.header.Typ), p.typ)
	}
	var buf [maxCandidates]Key
	var keys []Key
	if !alg.Symmetric() {
		if keys, err = p.keys.lookup(tok.header.Kid, alg, buf[:0]); err != nil {
			return nil, err
		}
	}
	if err := verifyAny(alg, tok.input, sig, keys, p.secret); err != nil {
		return nil, err
	}
	v := new(verified)
	var idx flatIndex
	if err := v.claims.parse(tok.payload, &idx); err != nil {
		return nil, err
	}
	if err := v.claims.Validate(&p.rules, now); err != nil {
		return nil, err
	}
	p.fill(&v.id, &v.claims, &idx)
	return &v.id, nil
}

// verified is the one allocation of a verified token's identity and claims.
type verified struct {
	id     Identity
	claims Claims
}

// fill sets id from verified claims, read from the members parse recorded in
// idx when the claim set was flat (no tree to build).
func (p *Provider) fill(id *Identity, c *Claims, idx *flatIndex) {
	*id = Identity{Provider: p.name, Subject: c.Subject, Claims: c}
	if c.flat() {
		id.Roles, id.Scopes = idx.stringList(p.roles), idx.stringList(p.scopes)
		for _, f := range p.forward {
			if v, ok := idx.headerValue(f.claim); ok {
				id.Forward = append(id.Forward, filters.Header{Name: f.header, Value: v})
			}
		}
		return
	}
	id.Roles, id.Scopes = c.StringList(p.roles), c.StringList(p.scopes)
	for _, f := range p.forward {
		if v, ok := c.HeaderValue(f.claim); ok {
			id.Forward = append(id.Forward, filters.Header{Name: f.header, Value: v})
		}
	}
}

// normaliseTyp lowers a typ value and drops an "application/" prefix (RFC 7515
// §4.1.9).
func normaliseTyp(t string) string {
	t = strings.ToLower(t)
	return strings.TrimPrefix(t, "application/")
}
