package jwt

import (
	"fmt"

	"gatehouse/filters"
	"gatehouse/filters/credential"
)

// The sentinel errors, one per reason code. Errors returned by this package wrap
// exactly one of them with %w; test with errors.Is, or get the code with
// filters.ReasonOf.
var (
	ErrTokenMissing     = credential.ErrMissing
	ErrTokenMalformed   = &filters.ReasonError{Reason: filters.ReasonTokenMalformed, Msg: "token malformed"}
	ErrTokenExpired     = &filters.ReasonError{Reason: filters.ReasonTokenExpired, Msg: "token expired"}
	ErrTokenNotYetValid = &filters.ReasonError{Reason: filters.ReasonTokenNotYetValid, Msg: "token not yet valid"}
	ErrIssuerMismatch   = &filters.ReasonError{Reason: filters.ReasonIssuerMismatch, Msg: "issuer mismatch"}
	ErrAudienceMismatch = &filters.ReasonError{Reason: filters.ReasonAudienceMismatch, Msg: "audience mismatch"}
	ErrAlgNotAllowed    = &filters.ReasonError{Reason: filters.ReasonAlgNotAllowed, Msg: "algorithm not allowed"}
	ErrKidUnknown       = &filters.ReasonError{Reason: filters.ReasonKidUnknown, Msg: "kid unknown"}
	ErrSignatureInvalid = &filters.ReasonError{Reason: filters.ReasonSignatureInvalid, Msg: "signature invalid"}
	ErrJWKSUnavailable  = &filters.ReasonError{Reason: filters.ReasonJWKSUnavailable, Msg: "jwks unavailable"}
)

// errorf is fmt.Errorf out of line. Go 1.26 inlines fmt.Errorf together with
// the errors.New of its no-formatting case, which cost the module about 170
// bytes at each of this package's 51 call sites.
//
//go:noinline
func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }
