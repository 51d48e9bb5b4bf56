package jsonschema

import (
	"unicode/utf8"

	"gatehouse/jsontree"
)

// refValid is a reference validator for FuzzValidate: the same compiled
// schema applied to a parsed tree, written as plainly as possible (no
// streaming, no early exits). Object members count as they appear, duplicates
// included, as in the streaming validator.
func refValid(s *schema, n *jsontree.Node) bool {
	if s.boolean != 0 {
		return s.boolean > 0
	}
	if s.types != 0 {
		var t uint8
		switch n.Kind {
		case jsontree.Null:
			t = tNull
		case jsontree.Bool:
			t = tBool
		case jsontree.Number:
			t = tNumber
			if parseDecimal([]byte(n.Str)).isInteger() {
				t |= tInteger
			}
		case jsontree.String:
			t = tString
		case jsontree.Array:
			t = tArray
		case jsontree.Object:
			t = tObject
		}
		if s.types&t == 0 && !(t&tNumber != 0 && s.types&tNumber != 0) {
			return false
		}
	}
	form := string(canonNode(n))
	if s.hasConst && form != string(s.constForm) || s.enum != nil && !s.enum[form] {
		return false
	}
	switch n.Kind {
	case jsontree.String:
		l := utf8.RuneCountInString(n.Str)
		if s.minLen >= 0 && l < s.minLen || s.maxLen >= 0 && l > s.maxLen ||
			s.pattern != nil && !s.pattern.re.MatchString(n.Str) || !s.format.check([]byte(n.Str)) {
			return false
		}
	case jsontree.Number:
		d := parseDecimal([]byte(n.Str)) // the slow path only, unlike the validator
		if s.minimum != nil && cmpDecimal(d, s.minimum.d) < 0 || s.maximum != nil && cmpDecimal(d, s.maximum.d) > 0 ||
			s.exMin != nil && cmpDecimal(d, s.exMin.d) <= 0 || s.exMax != nil && cmpDecimal(d, s.exMax.d) >= 0 ||
			s.multipleOf != nil && !isMultipleOf(d, s.multipleOf.d) {
			return false
		}
	case jsontree.Array:
		if s.minItems >= 0 && len(n.Elems) < s.minItems || s.maxItems >= 0 && len(n.Elems) > s.maxItems {
			return false
		}
		matched := 0
		for i, e := range n.Elems {
			if i < len(s.prefix) {
				if !refValid(s.prefix[i], e) {
					return false
				}
			} else if s.items != nil && !refValid(s.items, e) {
				return false
			}
			if s.contains != nil && refValid(s.contains, e) {
				matched++
			}
			if s.unique {
				for _, o := range n.Elems[:i] {
					if string(canonNode(o)) == string(canonNode(e)) {
						return false
					}
				}
			}
		}
		if s.contains != nil {
			minC := 1
			if s.minContains >= 0 {
				minC = s.minContains
			}
			if matched < minC || s.maxContains >= 0 && matched > s.maxContains {
				return false
			}
		}
	case jsontree.Object:
		if s.minProps >= 0 && len(n.Members) < s.minProps || s.maxProps >= 0 && len(n.Members) > s.maxProps {
			return false
		}
		has := map[string]bool{}
		for _, m := range n.Members {
			has[m.Key] = true
			if s.propNames != nil && !refValid(s.propNames, &jsontree.Node{Kind: jsontree.String, Str: m.Key}) {
				return false
			}
			applied := false
			if i := s.lookup([]byte(m.Key)); i >= 0 && s.props != nil && s.props[i] != nil {
				applied = true
				if !refValid(s.props[i], m.Val) {
					return false
				}
			}
			for _, pp := range s.patProps {
				if pp.re.re.MatchString(m.Key) {
					applied = true
					if !refValid(pp.s, m.Val) {
						return false
					}
				}
			}
			if !applied && s.additional != nil && !refValid(s.additional, m.Val) {
				return false
			}
		}
		for _, r := range s.required {
			if !has[s.names[r]] {
				return false
			}
		}
		for _, d := range s.depReq {
			if has[s.names[d.name]] {
				for _, r := range d.req {
					if !has[s.names[r]] {
						return false
					}
				}
			}
		}
	}
	if s.ref != nil && !refValid(s.ref, n) {
		return false
	}
	for _, sub := range s.allOf {
		if !refValid(sub, n) {
			return false
		}
	}
	if len(s.anyOf) > 0 {
		any := false
		for _, sub := range s.anyOf {
			any = any || refValid(sub, n)
		}
		if !any {
			return false
		}
	}
	if len(s.oneOf) > 0 {
		c := 0
		for _, sub := range s.oneOf {
			if refValid(sub, n) {
				c++
			}
		}
		if c != 1 {
			return false
		}
	}
	if s.not != nil && refValid(s.not, n) {
		return false
	}
	if s.ifS != nil {
		if refValid(s.ifS, n) {
			if s.thenS != nil && !refValid(s.thenS, n) {
				return false
			}
		} else if s.elseS != nil && !refValid(s.elseS, n) {
			return false
		}
	}
	return true
}
