package jsonschema

import (
	"encoding/binary"
	"math"
	"math/bits"
	"unicode/utf8"
)

// The validator's functions for one kind of value each: the containers'
// loops (object, array) call them directly as the schema's via table says
// (see viaEval), and eval for every value of theirs. Each is small and keeps
// its common case free of calls.

// str checks the string at pos (its opening quote) against s's string
// keywords (enum of strings included); s's type allows strings.
func (v *validator) str(s *schema, pos int) (int, bool) {
	data := v.data
	// Plain ASCII strings are read here, eight bytes at a time; others by
	// scanString.
	end := pos + 1
	for end+8 <= len(data) {
		if m := notPlain(binary.LittleEndian.Uint64(data[end:])); m != 0 {
			end += bits.TrailingZeros64(m) >> 3
			break
		}
		end += 8
	}
	if end+8 > len(data) {
		end = plainEnd(data, end)
	}
	ascii, esc := true, false
	if end >= len(data) || data[end] != '"' { // no else: a jump less inside wasm
		var ok bool
		if end, esc, ok = scanString(data, pos); !ok {
			return pos, v.fail("json")
		}
		ascii = false
		end-- // back on the closing quote
	}
	end++
	if !s.str && s.enumStr == nil {
		return end, true
	}
	str := data[pos+1 : end-1]
	if esc {
		v.buf = decodeString(v.buf[:0], data[pos:end])
		str = v.buf
	}
	// checkString, inlined: a call less per string.
	if s.enumStr != nil && !s.enumStr[string(str)] {
		return pos, v.fail("enum")
	}
	if s.maxLen >= 0 || s.minLen >= 0 {
		n := len(str)
		if !ascii {
			n = utf8.RuneCount(str)
		}
		if s.maxLen >= 0 && n > s.maxLen {
			return pos, v.fail("maxLength")
		}
		if n < s.minLen {
			return pos, v.fail("minLength")
		}
	}
	if p := s.pattern; p != nil && !p.match(str) {
		return pos, v.fail("pattern")
	}
	if s.format != formatNone && !s.format.check(str) {
		return pos, v.fail("format")
	}
	return end, true
}

// number checks the number at pos (a digit or '-') against s's number
// keywords and "integer"; s's type allows numbers. The common case — at most
// 18 digits, no exponent, bounds that exist at the number's scale (see
// bound) — is read and checked here without calls; numberSlow does the rest.
func (v *validator) number(s *schema, pos int) (int, bool) {
	data := v.data
	i := pos
	if data[i] == '-' {
		i++
	}
	start := i
	var m int64
	for i < len(data) && data[i]-'0' < 10 {
		m = m*10 + int64(data[i]-'0')
		i++
	}
	n := i - start
	sc := 0
	if i < len(data) && data[i] == '.' {
		i++
		fs := i
		for i < len(data) && data[i]-'0' < 10 {
			m = m*10 + int64(data[i]-'0')
			i++
		}
		sc = i - fs
		if sc == 0 {
			n = 0 // no digit after the point: numberSlow refuses it
		}
	}
	if n == 0 || n > 1 && data[start] == '0' || n+sc > 18 || i < len(data) && data[i]|0x20 == 'e' ||
		s.atScales&(1<<sc) == 0 {
		return v.numberSlow(s, pos)
	}
	if data[pos] == '-' {
		m = -m
	}
	// Absent bounds hold values no number of 18 digits reaches (see
	// numBounds), so this is one comparison per keyword, none of them taken
	// while the number is good.
	nb := s.nb
	if nb.needInt && m%pow10[sc] != 0 || m < nb.min[sc] || m > nb.max[sc] || m <= nb.exMin[sc] || m >= nb.exMax[sc] ||
		nb.mult[sc] > 1 && uint64(abs(m))%nb.mult[sc] != 0 { // no division by 1 (0.01 at scale 2)
		return pos, v.fail(nb.failed(m, sc))
	}
	return i, true
}

// numBounds are a schema's number keywords at every scale k where they all
// have a fixed form (schema.atScales): mant × 10^-k of a number compares
// with them directly. An absent minimum is math.MinInt64 (exclusive: the
// same), an absent maximum math.MaxInt64, an absent multipleOf 1.
type numBounds struct {
	_                      [0]func() // not comparable: no generated equality function
	needInt                bool      // the type is integer (not number)
	min, max, exMin, exMax [len(pow10)]int64
	mult                   [len(pow10)]uint64
}

func newNumBounds(s *schema) *numBounds {
	nb := &numBounds{needInt: s.types != 0 && s.types&tNumber == 0}
	for k := range pow10 {
		nb.min[k], nb.exMin[k], nb.max[k], nb.exMax[k], nb.mult[k] = math.MinInt64, math.MinInt64, math.MaxInt64, math.MaxInt64, 1
		if s.atScales&(1<<k) == 0 {
			continue
		}
		if s.minimum != nil {
			nb.min[k] = s.minimum.at[k]
		}
		if s.maximum != nil {
			nb.max[k] = s.maximum.at[k]
		}
		if s.exMin != nil {
			nb.exMin[k] = s.exMin.at[k]
		}
		if s.exMax != nil {
			nb.exMax[k] = s.exMax.at[k]
		}
		if s.multipleOf != nil {
			nb.mult[k] = uint64(s.multipleOf.at[k])
		}
	}
	return nb
}

// failed returns the first keyword mant × 10^-sc breaks, in checkNumber's
// order.
func (nb *numBounds) failed(m int64, sc int) string {
	switch {
	case nb.needInt && m%pow10[sc] != 0:
		return "type"
	case m < nb.min[sc]:
		return "minimum"
	case m > nb.max[sc]:
		return "maximum"
	case m <= nb.exMin[sc]:
		return "exclusiveMinimum"
	case m >= nb.exMax[sc]:
		return "exclusiveMaximum"
	}
	return "multipleOf"
}

// numberSlow is number for the other numbers: any literal, exactly.
func (v *validator) numberSlow(s *schema, pos int) (int, bool) {
	data := v.data
	needInt := s.types != 0 && s.types&tNumber == 0
	if !s.num && !needInt {
		end, ok := scanNumber(data, pos)
		if !ok {
			return pos, v.fail("json")
		}
		return end, true
	}
	end, f, fok, ok := scanFixed(data, pos)
	if !ok {
		return pos, v.fail("json")
	}
	if !v.checkNumber(s, data[pos:end], f, fok, needInt) {
		return pos, false
	}
	return end, true
}

// literal checks true, false or null at pos against s's type.
func (v *validator) literal(s *schema, pos int) (int, bool) {
	data := v.data
	var end int
	var ok bool
	switch data[pos] {
	case 't':
		if s.types != 0 && s.types&tBool == 0 {
			return pos, v.fail("type")
		}
		end, ok = literal(data, pos, "true")
	case 'f':
		if s.types != 0 && s.types&tBool == 0 {
			return pos, v.fail("type")
		}
		end, ok = literal(data, pos, "false")
	default:
		if s.types != 0 && s.types&tNull == 0 {
			return pos, v.fail("type")
		}
		end, ok = literal(data, pos, "null")
	}
	if !ok {
		return pos, v.fail("json")
	}
	return end, true
}
