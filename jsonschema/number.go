package jsonschema

import (
	"math"
	"math/bits"
	"strconv"
)

// decimal is a JSON number held exactly, as the digits of its literal:
// value = ±0.D × 10^exp, where D = a ++ b (two slices of the literal: the
// digits before and after the point), with no leading or trailing zeros. Zero
// has no digits. Parsing allocates nothing; comparisons are exact for any
// literal (no float rounding), which is what minimum and friends need at the
// boundaries and what multipleOf needs for decimals such as 0.01.
type decimal struct {
	neg  bool
	a, b []byte
	exp  int64
}

// maxExp saturates exponents: a literal such as 1e99999999999999999999 must
// not overflow, and nothing in a schema or body can tell the difference.
const maxExp = 1 << 40

// parseDecimal reads a number literal that is already known to be valid JSON.
func parseDecimal(lit []byte) decimal {
	var d decimal
	i := 0
	if i < len(lit) && lit[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	for i < len(lit) && lit[i] >= '0' && lit[i] <= '9' {
		i++
	}
	d.a = lit[start:i]
	if i < len(lit) && lit[i] == '.' {
		i++
		fs := i
		for i < len(lit) && lit[i] >= '0' && lit[i] <= '9' {
			i++
		}
		d.b = lit[fs:i]
	}
	var e int64
	if i < len(lit) && (lit[i] == 'e' || lit[i] == 'E') {
		i++
		eneg := false
		if i < len(lit) && (lit[i] == '+' || lit[i] == '-') {
			eneg = lit[i] == '-'
			i++
		}
		for ; i < len(lit); i++ {
			if e < maxExp {
				e = e*10 + int64(lit[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
	}
	d.exp = e + int64(len(d.a))
	// Strip leading zeros (from a, then b, moving the point).
	for len(d.a) > 0 && d.a[0] == '0' {
		d.a = d.a[1:]
		d.exp--
	}
	if len(d.a) == 0 {
		for len(d.b) > 0 && d.b[0] == '0' {
			d.b = d.b[1:]
			d.exp--
		}
	}
	// Strip trailing zeros (from b, then a).
	for len(d.b) > 0 && d.b[len(d.b)-1] == '0' {
		d.b = d.b[:len(d.b)-1]
	}
	if len(d.b) == 0 {
		for len(d.a) > 0 && d.a[len(d.a)-1] == '0' {
			d.a = d.a[:len(d.a)-1]
		}
	}
	if d.n() == 0 {
		return decimal{}
	}
	return d
}

// n is the number of significant digits (0 for zero).
func (d decimal) n() int { return len(d.a) + len(d.b) }

// at returns significant digit i (0-based) as a value 0..9.
func (d decimal) at(i int) byte {
	if i < len(d.a) {
		return d.a[i] - '0'
	}
	return d.b[i-len(d.a)] - '0'
}

// cmpDecimal returns -1, 0 or 1 as x is less than, equal to or greater than y.
func cmpDecimal(x, y decimal) int {
	xz, yz := x.n() == 0, y.n() == 0
	switch {
	case xz && yz:
		return 0
	case xz:
		if y.neg {
			return 1
		}
		return -1
	case yz:
		if x.neg {
			return -1
		}
		return 1
	case x.neg != y.neg:
		if x.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(x, y)
	if x.neg {
		return -c
	}
	return c
}

func cmpMagnitude(x, y decimal) int {
	if x.exp != y.exp {
		if x.exp < y.exp {
			return -1
		}
		return 1
	}
	for i := 0; i < x.n() || i < y.n(); i++ {
		var dx, dy byte
		if i < x.n() {
			dx = x.at(i)
		}
		if i < y.n() {
			dy = y.at(i)
		}
		if dx != dy {
			if dx < dy {
				return -1
			}
			return 1
		}
	}
	return 0
}

// isInteger reports whether d has no fractional part (1.0 and 1e2 are
// integers, as JSON Schema counts them).
func (d decimal) isInteger() bool { return d.n() == 0 || d.exp >= int64(d.n()) }

// scale is the power of ten of the last significant digit: d = ±D × 10^scale
// with D the digits read as an integer.
func (d decimal) scale() int64 { return d.exp - int64(d.n()) }

// isMultipleOf reports whether x is an integer multiple of m (m > 0). With
// both written as integers times a common power of ten, x = X·10^e and
// m = M·10^e, it computes X mod M exactly when M fits in 64 bits (always, for
// divisors written with at most 19 significant digits and a scale within 19
// of the dividend's); beyond that it falls back to float division with a
// relative tolerance of 1e-9.
func isMultipleOf(x, m decimal) bool {
	if x.n() == 0 {
		return true
	}
	e := min(x.scale(), m.scale())
	mShift := m.scale() - e // zeros appended to M's digits
	var mod uint64
	if int64(m.n())+mShift <= 19 {
		mod = 0
		for i := 0; i < m.n(); i++ {
			mod = mod*10 + uint64(m.at(i))
		}
		for k := int64(0); k < mShift; k++ {
			mod *= 10
		}
		if mod == 0 {
			return false
		}
		// X mod M, digit by digit, then the shift 10^(x.scale-e) as a power mod M.
		var r uint64
		for i := 0; i < x.n(); i++ {
			r = mulAddMod(r, 10, uint64(x.at(i)), mod)
		}
		r = mulMod(r, powMod(10, x.scale()-e, mod), mod)
		return r == 0
	}
	fx, _ := strconv.ParseFloat(x.String(), 64)
	fm, _ := strconv.ParseFloat(m.String(), 64)
	q := fx / fm
	if math.IsInf(q, 0) || math.IsNaN(q) {
		return false
	}
	r := math.Round(q)
	return r != 0 && math.Abs(q-r) <= 1e-9*math.Abs(q)
}

func mulMod(a, b, m uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return bits.Rem64(hi, lo, m)
}

func mulAddMod(a, b, c, m uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	lo, carry := bits.Add64(lo, c, 0)
	return bits.Rem64(hi+carry, lo, m)
}

func powMod(base uint64, exp int64, m uint64) uint64 {
	r := uint64(1) % m
	base %= m
	for exp > 0 {
		if exp&1 == 1 {
			r = mulMod(r, base, m)
		}
		base = mulMod(base, base, m)
		exp >>= 1
	}
	return r
}

// String returns d in a canonical form, e.g. "-0.125e3" for -125 ("0" for
// zero); equal values have equal strings.
func (d decimal) String() string {
	return string(d.appendCanon(nil))
}

func (d decimal) appendCanon(dst []byte) []byte {
	if d.n() == 0 {
		return append(dst, '0')
	}
	if d.neg {
		dst = append(dst, '-')
	}
	dst = append(dst, "0."...)
	dst = append(dst, d.a...)
	dst = append(dst, d.b...)
	dst = append(dst, 'e')
	return strconv.AppendInt(dst, d.exp, 10)
}

// asInt returns d as an int and true when it is a non-negative integer;
// values above math.MaxInt32 saturate there (no body is that long).
func (d decimal) asInt() (int, bool) {
	if d.neg && d.n() > 0 || !d.isInteger() {
		return 0, false
	}
	if d.exp > 10 {
		return math.MaxInt32, true
	}
	v := int64(0)
	for i := int64(0); i < d.exp; i++ {
		var dig byte
		if i < int64(d.n()) {
			dig = d.at(int(i))
		}
		v = v*10 + int64(dig)
	}
	return int(min(v, math.MaxInt32)), true
}
