package jsonschema

import "math"

// fixed is the fast path of number checks: a literal with at most 18 digits
// and no exponent, held as mant × 10^-scale in an int64. Bodies are mostly
// such numbers ("12", "19.99"); comparing and dividing them in 64-bit integer
// arithmetic spares the digit-by-digit decimal code, which is slow in wasm
// (math/bits' 128-bit division is emulated there). Whatever does not fit
// falls back to decimal, so results are exact either way.
type fixed struct {
	mant  int64
	scale int
}

var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// scanFixed is scanNumber and parseFixed in one function (a call less per
// number, which counts in wasm): it reads the number at pos and returns its
// end, ok=false if it is not valid JSON, and its fixed form when fok.
func scanFixed(data []byte, pos int) (end int, f fixed, fok, ok bool) {
	i := pos
	neg := i < len(data) && data[i] == '-'
	if neg {
		i++
	}
	start := i
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		f.mant = f.mant*10 + int64(data[i]-'0')
		i++
	}
	n := i - start
	if n == 0 || n > 1 && data[start] == '0' {
		if n == 0 {
			return i, f, false, false
		}
		return start + 1, f, false, true // "01": the number ends after the 0; what follows is an error for the caller
	}
	if i < len(data) && data[i] == '.' {
		i++
		fs := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			f.mant = f.mant*10 + int64(data[i]-'0')
			i++
		}
		if i == fs {
			return i, f, false, false
		}
		f.scale = i - fs
		n += f.scale
	}
	fok = n <= 18
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		fok = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		es := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		if i == es {
			return i, f, false, false
		}
	}
	if !fok {
		return i, fixed{}, false, true
	}
	if neg {
		f.mant = -f.mant
	}
	return i, f, true, true
}

// parseFixed reads a valid JSON number literal, if it fits.
func parseFixed(lit []byte) (fixed, bool) {
	var f fixed
	neg, frac, n := false, false, 0
	for i, c := range lit {
		switch {
		case '0' <= c && c <= '9':
			if n == 18 {
				return fixed{}, false
			}
			f.mant = f.mant*10 + int64(c-'0')
			n++
			if frac {
				f.scale++
			}
		case c == '.':
			frac = true
		case c == '-' && i == 0:
			neg = true
		default: // an exponent
			return fixed{}, false
		}
	}
	if neg {
		f.mant = -f.mant
	}
	return f, true
}

func (f fixed) isInteger() bool {
	if f.scale == 0 {
		return true
	}
	m := f.mant
	if m < 0 {
		m = -m
	}
	return uint64(m)%uint64(pow10[f.scale]) == 0
}

// align returns a and b scaled to the same power of ten, or ok=false on
// overflow.
func align(a, b fixed) (x, y int64, ok bool) {
	if a.scale == b.scale {
		return a.mant, b.mant, true
	}
	if a.scale > b.scale {
		y, x, ok = align(b, a)
		return x, y, ok
	}
	p := pow10[b.scale-a.scale]
	if a.mant > math.MaxInt64/p || a.mant < math.MinInt64/p {
		return 0, 0, false
	}
	return a.mant * p, b.mant, true
}

// cmpFixed compares a and b; ok=false when they do not align.
func cmpFixed(a, b fixed) (int, bool) {
	x, y, ok := align(a, b)
	switch {
	case !ok:
		return 0, false
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// bound is a number of the schema (minimum, multipleOf, ...) in both forms,
// and in the fixed form at every scale at or above its own (at[k], when
// atOK[k]), so a body's number compares with one integer comparison.
type bound struct {
	d     decimal
	f     fixed
	fixed bool // f holds the value
	at    [len(pow10)]int64
	atOK  [len(pow10)]bool
}

func newBound(lit string) *bound {
	b := &bound{d: parseDecimal([]byte(lit))}
	b.f, b.fixed = parseFixed([]byte(lit))
	if b.fixed {
		for k := b.f.scale; k < len(pow10); k++ {
			p := pow10[k-b.f.scale]
			if b.f.mant <= math.MaxInt64/p && b.f.mant >= math.MinInt64/p {
				b.at[k], b.atOK[k] = b.f.mant*p, true
			}
		}
	}
	return b
}

// cmpBound compares the number literal lit (f when fok) with b, when f is
// not at a scale b has.
func cmpBound(lit []byte, f fixed, fok bool, b *bound) int {
	if fok && b.fixed {
		if c, ok := cmpFixed(f, b.f); ok {
			return c
		}
	}
	return cmpDecimal(parseDecimal(lit), b.d)
}

// multipleOfBound reports whether lit (f when fok) is a multiple of b (> 0),
// when f is not at a scale b has.
func multipleOfBound(lit []byte, f fixed, fok bool, b *bound) bool {
	if fok && b.fixed {
		if x, m, ok := align(f, b.f); ok && m > 0 {
			return x%m == 0
		}
	}
	return isMultipleOf(parseDecimal(lit), b.d)
}

func abs(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}
