package config

import (
	"strings"
	"time"
)

// Identity is the policy's "identity" section: the JWT providers and API-key sets
// that routes can require by name. Names are unique across both lists.
type Identity struct {
	// JWT lists the token issuers Gatehouse verifies.
	JWT []JWTProvider `json:"jwt"`

	// APIKeys lists sets of API keys, stored as SHA-256 hashes.
	APIKeys []APIKeySet `json:"api_keys"`

	// CacheSize bounds the verified-token cache of each VM (entries). Absent
	// means DefaultCacheSize; 0 disables the cache. At most MaxCacheSize.
	CacheSize *int `json:"cache_size"`
}

// Defaults and limits of the identity section.
const (
	DefaultCacheSize   = 1000
	MaxCacheSize       = 100000
	DefaultClockSkew   = 60 * time.Second
	DefaultJWKSRefresh = 10 * time.Minute
	MinJWKSRefresh     = 10 * time.Second
	DefaultJWKSTimeout = 5 * time.Second
	// DefaultAPIKeyIDHeader is the request header that carries the id of the
	// matched API key to the upstream when a set does not name one.
	DefaultAPIKeyIDHeader = "x-api-key-id"
)

// Cache returns the effective verified-token cache size.
func (id *Identity) Cache() int {
	if id == nil || id.CacheSize == nil {
		return DefaultCacheSize
	}
	return *id.CacheSize
}

// JWTProvider is one issuer of JSON Web Tokens and how to verify its tokens.
type JWTProvider struct {
	// Name identifies the provider in routes' identity lists, events and metrics.
	// Required; ^[a-z0-9][a-z0-9_.-]{0,63}$; unique within identity.
	Name string `json:"name" policy:"required"`

	// Issuer is the exact value the iss claim must have. Required.
	Issuer string `json:"issuer" policy:"required"`

	// Audiences: the aud claim (a string or an array) must contain at least one
	// of them. Required, not empty.
	Audiences []string `json:"audiences" policy:"required"`

	// Algorithms is the allowlist of JWS algorithms; tokens with any other alg are
	// refused. Required, not empty; "none" is never accepted.
	Algorithms []Algorithm `json:"algorithms" policy:"required"`

	// JWKS holds the public keys for the asymmetric algorithms. Required unless
	// every algorithm is HS*; not allowed then.
	JWKS *JWKS `json:"jwks"`

	// Secret is the HMAC key of the HS* algorithms, in standard base64, at least
	// as long as the largest HS hash (32, 48 or 64 bytes). Required when an HS
	// algorithm is listed, refused otherwise. It is a credential: keep the policy
	// that holds it in a secret store (a Kubernetes Secret, Vault), not in git.
	Secret string `json:"secret"`

	// SecretKey is Secret, decoded. Filled in by Parse.
	SecretKey []byte `json:"-"`

	// From lists where a token may be found. Absent means the Authorization
	// header with the Bearer scheme ([{header: authorization, prefix: "Bearer "}]).
	// A request with tokens in two places (or twice in one) is refused.
	From []CredentialSource `json:"from"`

	// ClockSkew is the leeway for exp, nbf and iat. Absent means DefaultClockSkew.
	ClockSkew *Duration `json:"clock_skew"`

	// Claims says where roles and scopes are found in the token.
	Claims ClaimPaths `json:"claims"`

	// Forward maps request headers to claims (dotted paths) copied to the
	// upstream; arrays are joined with commas. Incoming copies of these headers
	// are always removed, even on public routes.
	Forward map[string]string `json:"forward"`

	// RequireExp makes a token without exp invalid. Absent means true.
	RequireExp *bool `json:"require_exp"`

	// MaxLifetime, when set, refuses tokens whose exp - iat is larger (and then
	// requires iat). Zero or absent: no limit.
	MaxLifetime Duration `json:"max_lifetime"`

	// Typ, when set, is the typ header the tokens must carry (compared without
	// case, "application/" optional), e.g. "at+jwt" (RFC 9068).
	Typ string `json:"typ"`

	// DropToken removes the token from the request before it goes upstream.
	DropToken bool `json:"drop_token"`
}

// Skew returns the effective clock skew.
func (p *JWTProvider) Skew() time.Duration {
	if p.ClockSkew == nil {
		return DefaultClockSkew
	}
	return time.Duration(*p.ClockSkew)
}

// ExpRequired returns the effective require_exp.
func (p *JWTProvider) ExpRequired() bool { return p.RequireExp == nil || *p.RequireExp }

// Sources returns the effective token sources (From, or the Bearer default).
func (p *JWTProvider) Sources() []CredentialSource {
	if len(p.From) == 0 {
		return []CredentialSource{{Header: "authorization", Prefix: "Bearer "}}
	}
	return p.From
}

// ClaimPaths names the claims that hold roles and scopes, as dotted paths into
// the token's claims ("realm_access.roles"). A claim may be an array of strings
// or one space-delimited string.
type ClaimPaths struct {
	// Roles: absent means "roles".
	Roles string `json:"roles"`
	// Scopes: absent means "scope".
	Scopes string `json:"scopes"`
	// Known declares the other claims (dotted paths, e.g. "tenant" or
	// "org.id") that allow rules may test. A rule's claim must be declared by
	// one of the route's providers — here, as its roles or scopes path, as a
	// forwarded claim, or as a registered claim (iss, sub, aud, exp, nbf, iat,
	// jti) — so a misspelt claim name is a load error, not a rule that never
	// matches. A declared path also declares everything under it.
	Known []string `json:"known"`
}

// RolesPath returns the effective roles path.
func (c ClaimPaths) RolesPath() string {
	if c.Roles == "" {
		return "roles"
	}
	return c.Roles
}

// ScopesPath returns the effective scopes path.
func (c ClaimPaths) ScopesPath() string {
	if c.Scopes == "" {
		return "scope"
	}
	return c.Scopes
}

// JWKS says where a provider's public keys come from: exactly one of Inline and
// Remote.
type JWKS struct {
	Inline *InlineJWKS `json:"inline"`
	Remote *RemoteJWKS `json:"remote"`
}

// InlineJWKS is a JSON Web Key Set written in the policy (RFC 7517 §5).
type InlineJWKS struct {
	Keys []JWK `json:"keys" policy:"required"`
}

// JWK is one public key of an inline JWKS. Only public members are known, so
// private key material in a policy is an "unknown field" error. The filter
// checks the key material itself (filters/jwt) when it compiles the policy.
type JWK struct {
	Kty    string   `json:"kty" policy:"required"`
	Kid    string   `json:"kid,omitempty"`
	Alg    string   `json:"alg,omitempty"`
	Use    string   `json:"use,omitempty"`
	KeyOps []string `json:"key_ops,omitempty"`
	N      string   `json:"n,omitempty"`
	E      string   `json:"e,omitempty"`
	Crv    string   `json:"crv,omitempty"`
	X      string   `json:"x,omitempty"`
	Y      string   `json:"y,omitempty"`
}

// RemoteJWKS is a JWKS fetched over http_call from an Envoy cluster and
// refreshed periodically. A failed or invalid fetch keeps the last good keys.
type RemoteJWKS struct {
	// Cluster is the Envoy cluster that serves the JWKS. Required.
	Cluster string `json:"cluster" policy:"required"`
	// Path is the request path, starting with "/". Required.
	Path string `json:"path" policy:"required"`
	// Refresh is the refresh interval; absent means DefaultJWKSRefresh, at least
	// MinJWKSRefresh.
	Refresh *Duration `json:"refresh"`
	// Timeout bounds one fetch; absent means DefaultJWKSTimeout.
	Timeout *Duration `json:"timeout"`
}

// RefreshInterval returns the effective refresh interval.
func (r *RemoteJWKS) RefreshInterval() time.Duration {
	if r.Refresh == nil {
		return DefaultJWKSRefresh
	}
	return time.Duration(*r.Refresh)
}

// FetchTimeout returns the effective fetch timeout.
func (r *RemoteJWKS) FetchTimeout() time.Duration {
	if r.Timeout == nil {
		return DefaultJWKSTimeout
	}
	return time.Duration(*r.Timeout)
}

// CredentialSource is one place a credential may be read from: exactly one of
// Header (with an optional Prefix, matched without case), Cookie and Query.
type CredentialSource struct {
	Header string `json:"header"`
	Prefix string `json:"prefix"`
	Cookie string `json:"cookie"`
	Query  string `json:"query"`
}

// String describes the source for messages: header authorization, cookie
// session, query access_token.
func (s CredentialSource) String() string {
	switch {
	case s.Header != "":
		return "header " + s.Header
	case s.Cookie != "":
		return "cookie " + s.Cookie
	case s.Query != "":
		return "query " + s.Query
	}
	return "nothing"
}

// APIKeySet is a named set of API keys read from one or more sources.
type APIKeySet struct {
	// Name identifies the set in routes' identity lists. Required, unique within
	// identity, same syntax as route ids.
	Name string `json:"name" policy:"required"`

	// From lists where the key may be found: headers or query parameters.
	// Absent means [{header: x-api-key}].
	From []CredentialSource `json:"from"`

	// Keys are the accepted keys. Required, not empty.
	Keys []APIKey `json:"keys" policy:"required"`

	// ForwardID is the request header that carries the matched key's id to the
	// upstream (never the key). Absent means DefaultAPIKeyIDHeader. Incoming
	// copies are always removed.
	ForwardID string `json:"forward_id"`
}

// Sources returns the effective key sources.
func (s *APIKeySet) Sources() []CredentialSource {
	if len(s.From) == 0 {
		return []CredentialSource{{Header: "x-api-key"}}
	}
	return s.From
}

// IDHeader returns the effective forward_id header.
func (s *APIKeySet) IDHeader() string {
	if s.ForwardID == "" {
		return DefaultAPIKeyIDHeader
	}
	return s.ForwardID
}

// APIKey is one accepted key, stored only as the SHA-256 of its bytes.
type APIKey struct {
	// ID names the key in events and in the forwarded header. Required, unique in
	// its set, same syntax as route ids.
	ID string `json:"id" policy:"required"`
	// SHA256 is the hex SHA-256 of the key (64 hex digits). Required, unique.
	SHA256 string `json:"sha256" policy:"required"`
	// Roles are granted to requests that present this key.
	Roles []string `json:"roles"`
}

// Algorithm is a JWS algorithm name (RFC 7518), as listed in algorithms.
type Algorithm string

// The algorithms a provider may allow.
const (
	RS256 Algorithm = "RS256"
	RS384 Algorithm = "RS384"
	RS512 Algorithm = "RS512"
	PS256 Algorithm = "PS256"
	PS384 Algorithm = "PS384"
	PS512 Algorithm = "PS512"
	ES256 Algorithm = "ES256"
	ES384 Algorithm = "ES384"
	ES512 Algorithm = "ES512"
	EdDSA Algorithm = "EdDSA"
	HS256 Algorithm = "HS256"
	HS384 Algorithm = "HS384"
	HS512 Algorithm = "HS512"
)

// Algorithms lists every algorithm a policy may name, in documentation order.
func Algorithms() []Algorithm {
	return []Algorithm{RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, HS256, HS384, HS512}
}

// Symmetric reports whether a is an HMAC algorithm (verified with the
// provider's secret rather than a JWKS).
func (a Algorithm) Symmetric() bool { return a == HS256 || a == HS384 || a == HS512 }

func (a *Algorithm) decodeString(s string) error {
	if strings.EqualFold(s, "none") {
		return errorf(`algorithm %q is never accepted`, s)
	}
	for _, k := range Algorithms() {
		if string(k) == s {
			*a = k
			return nil
		}
	}
	names := make([]string, 0, 13)
	for _, k := range Algorithms() {
		names = append(names, string(k))
	}
	return errorf("unknown algorithm %q (want one of %s)", s, joinNames(names))
}
