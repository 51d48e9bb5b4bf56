package config

import (
	"time"
)

// Duration is a length of time in the policy, written as a Go duration string:
// "250ms", "60s", "10m", "1h30m". Negative durations are rejected; plain numbers are
// a type error, so a unit is always explicit. Convert with time.Duration(d).
type Duration time.Duration

// String returns d in Go duration syntax, e.g. "10m0s".
func (d Duration) String() string { return time.Duration(d).String() }

func (d *Duration) decodeString(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return errorf(`invalid duration %q (want a number with a unit, like "10m" or "1h30m")`, s)
	}
	if v < 0 {
		return errorf("duration %q must not be negative", s)
	}
	*d = Duration(v)
	return nil
}

func (*Duration) describe() string { return `a duration string like "10m"` }
