// Package jwt verifies JSON Web Tokens (RFC 7519) signed as compact JWS
// (RFC 7515) for Gatehouse's identity control.
//
// It is built from separate pieces, in the style of Envoy's jwt_authn:
//
//   - ParseToken: a strict compact-JWS parser (segments, base64url, header
//     JSON without duplicate keys, alg, kid, typ, crit, b64), run before any
//     cryptography;
//   - KeySet and ParseJWKS: public keys by kid, invalid keys skipped with a
//     reason, compatibility of a key's kty/crv/alg/use with the token's alg;
//   - Provider: one compiled config.JWTProvider; Verify checks the signature
//     with the standard library's crypto (jws.go; only algorithms of the
//     provider's list, only keys that fit them) and the claims with an
//     injected clock;
//   - Claims: the verified payload, with dotted-path lookup and role/scope
//     normalisation;
//   - Cache: a bounded per-VM cache of verified tokens;
//   - Warm: runs each algorithm once at configure time.
//
// Every failure wraps exactly one sentinel error (ErrTokenMalformed, ...), each a
// *filters.ReasonError, so filters.ReasonOf(err) gives the event's reason code;
// the detail after the colon is for the log and never contains the token.
//
// Nothing here reads the clock, starts goroutines or touches files: it runs
// inside the .wasm. It must not import crypto/x509 or net (directly or through
// a library such as go-jose): their package init links WASI file calls that
// Envoy 1.33–1.38 do not provide, and the module would not load there. Compile providers once per policy; per request call
// Provider.Authenticate (or Verify with a token from your own extractor).
package jwt
