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
	v, ok := parseDuration(s)
	if !ok {
		return errorf(`invalid duration %q (want a number with a unit, like "10m" or "1h30m")`, s)
	}
	if v < 0 {
		return errorf("duration %q must not be negative", s)
	}
	*d = Duration(v)
	return nil
}

func (*Duration) describe() string { return `a duration string like "10m"` }

// parseDuration is time.ParseDuration without its error values: the same
// syntax ([-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ or "0", units ns, us, µs, μs, ms, s,
// m, h), the same arithmetic and the same overflow checks, and ok is whether
// ParseDuration succeeds (FuzzParseDuration compares them). The policy only
// needs the value; ParseDuration's error type, quoting and unit map cost the
// module 10 KB.
func parseDuration(s string) (time.Duration, bool) {
	var d uint64
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "0" {
		return 0, true
	}
	if s == "" {
		return 0, false
	}
	for s != "" {
		if !(s[0] == '.' || '0' <= s[0] && s[0] <= '9') {
			return 0, false
		}
		// The integer part: [0-9]*, refused on overflow.
		var v uint64
		i := 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			if v > 1<<63/10 {
				return 0, false
			}
			if v = v*10 + uint64(s[i]-'0'); v > 1<<63 {
				return 0, false
			}
		}
		pre := i > 0
		s = s[i:]
		// The fraction: (\.[0-9]*)?, whose digits past uint64 precision are
		// skipped.
		var f uint64
		scale := 1.0
		post := false
		if s != "" && s[0] == '.' {
			s = s[1:]
			overflow := false
			i = 0
			for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
				if overflow {
					continue
				}
				if f > (1<<63-1)/10 {
					overflow = true
					continue
				}
				y := f*10 + uint64(s[i]-'0')
				if y > 1<<63 {
					overflow = true
					continue
				}
				f = y
				scale *= 10
			}
			post = i > 0
			s = s[i:]
		}
		if !pre && !post {
			return 0, false
		}
		i = 0
		for ; i < len(s); i++ {
			if c := s[i]; c == '.' || '0' <= c && c <= '9' {
				break
			}
		}
		var unit uint64
		switch s[:i] {
		case "ns":
			unit = uint64(time.Nanosecond)
		case "us", "\u00b5s", "\u03bcs":
			unit = uint64(time.Microsecond)
		case "ms":
			unit = uint64(time.Millisecond)
		case "s":
			unit = uint64(time.Second)
		case "m":
			unit = uint64(time.Minute)
		case "h":
			unit = uint64(time.Hour)
		default: // missing or unknown
			return 0, false
		}
		s = s[i:]
		if v > 1<<63/unit {
			return 0, false
		}
		v *= unit
		if f > 0 {
			v += uint64(float64(f) * (float64(unit) / scale))
			if v > 1<<63 {
				return 0, false
			}
		}
		if d += v; d > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return -time.Duration(d), true
	}
	if d > 1<<63-1 {
		return 0, false
	}
	return time.Duration(d), true
}
