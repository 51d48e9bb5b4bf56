package config

import (
	"fmt"
	"strconv"
	"time"
)

// HTTPS is the top-level https section: whether plaintext requests are
// refused or redirected, and the Strict-Transport-Security header.
//
// A request counts as HTTPS when its :scheme is https, or, behind trusted
// proxies (client_ip.trusted_hops > 0), when the last X-Forwarded-Proto value
// (the one the nearest trusted proxy set or appended) is https.
type HTTPS struct {
	// Require refuses plaintext requests: GET and HEAD are redirected (308) when
	// Redirect is set; every other request gets 403 with Redirect, or 426
	// (Upgrade Required) without.
	Require bool `json:"require"`
	// Redirect answers plaintext GET and HEAD requests with 308 to the same
	// host, path and query over https. Needs Require.
	Redirect bool `json:"redirect"`
	// HSTS configures Strict-Transport-Security, sent on responses to HTTPS
	// requests. Absent: the header is sent (with the defaults below) when the
	// response header preset is api.
	HSTS *HSTS `json:"hsts"`
}

// HSTS is the Strict-Transport-Security header (RFC 6797).
type HSTS struct {
	// MaxAge is how long browsers remember to use HTTPS only, in whole seconds.
	// Absent: one year (31536000s). "0s" tells browsers to forget.
	MaxAge *Duration `json:"max_age"`
	// IncludeSubdomains adds includeSubDomains.
	IncludeSubdomains bool `json:"include_subdomains"`
	// Preload adds preload (the browsers' preload lists require
	// include_subdomains and a max_age of at least a year).
	Preload bool `json:"preload"`
}

// DefaultHSTSMaxAge is the max-age of HSTS when none is given: one year.
const DefaultHSTSMaxAge = 365 * 24 * time.Hour

// Value renders the header value, e.g. "max-age=31536000; includeSubDomains".
// A nil HSTS renders the default.
func (h *HSTS) Value() string {
	age := DefaultHSTSMaxAge
	if h != nil && h.MaxAge != nil {
		age = time.Duration(*h.MaxAge)
	}
	v := "max-age=" + strconv.FormatInt(int64(age/time.Second), 10)
	if h != nil && h.IncludeSubdomains {
		v += "; includeSubDomains"
	}
	if h != nil && h.Preload {
		v += "; preload"
	}
	return v
}

func (h *HTTPS) validate(p path, errs *errorList) {
	if h.Redirect && !h.Require {
		errs.add(p.key("redirect"), ErrInvalid, "needs require: true (redirect is how plaintext requests are refused)")
	}
}

func (h *HSTS) validate(p path, errs *errorList) {
	if h.MaxAge != nil && time.Duration(*h.MaxAge)%time.Second != 0 {
		errs.add(p.key("max_age"), ErrInvalid, fmt.Sprintf("%s is not a whole number of seconds", *h.MaxAge))
	}
	if h.Preload {
		if !h.IncludeSubdomains {
			errs.add(p.key("preload"), ErrInvalid, "needs include_subdomains: true (a preload-list requirement)")
		}
		if h.MaxAge != nil && time.Duration(*h.MaxAge) < DefaultHSTSMaxAge {
			errs.add(p.key("preload"), ErrInvalid, "needs a max_age of at least 8760h (a preload-list requirement)")
		}
	}
}
