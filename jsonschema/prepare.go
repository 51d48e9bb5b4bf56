package jsonschema

// prepare sets, on every schema reachable from root, what the validator's
// fast paths need (schema.via, atScales, nb, itemsOnly, record, member, other, reqMask,
// keys). It runs once compiling succeeded and refs are collapsed.
func prepare(root *schema) {
	eachSchema(root, func(s *schema) {
		s.via = viaTable(s)
		prepareNumbers(s)
		s.itemsOnly = s.prefix == nil && s.contains == nil && !s.unique && s.items != nil && s.items.boolean <= 0
		if s.boolean == 0 && s.obj && s.propNames == nil && s.patProps == nil && len(s.names) <= 64 {
			s.record = true
			s.other = s.additional
			if s.other == nil {
				s.other = anything
			}
			s.member = make([]*schema, len(s.names))
			for i := range s.names {
				s.member[i] = s.other
				if s.props != nil && s.props[i] != nil {
					s.member[i] = s.props[i]
				}
			}
			for _, r := range s.required {
				s.reqMask |= 1 << r
			}
			s.keys = newKeyTable(s.names)
		}
	})
}

// prepareNumbers sets s.atScales and s.nb, what number's common case needs.
func prepareNumbers(s *schema) {
	s.atScales = 1<<len(pow10) - 1
	for _, b := range []*bound{s.minimum, s.maximum, s.exMin, s.exMax, s.multipleOf} {
		for k := range pow10 {
			if b != nil && !b.atOK[k] {
				s.atScales &^= 1 << k
			}
		}
	}
	s.nb = newNumBounds(s)
}

// anything is the schema of members no keyword applies to: true.
var anything = &schema{boolean: 1, via: viaTable(&schema{boolean: 1})}

// viaTable returns s's via table (see viaEval).
func viaTable(s *schema) (t [256]uint8) {
	if s.boolean > 0 {
		for c := range t {
			t[c] = viaSkip
		}
		return t
	}
	if s.boolean < 0 || s.hasConst || s.inPlace || s.enum != nil && s.enumStr == nil {
		return t // viaEval everywhere
	}
	allows := func(types uint8) bool { return s.types == 0 || s.types&types != 0 }
	if allows(tString) {
		t['"'] = viaStr // str applies enumStr
	}
	if s.enumStr != nil {
		return t // eval refuses other values
	}
	if allows(tNumber | tInteger) {
		t['-'] = viaNum
		for c := '0'; c <= '9'; c++ {
			t[c] = viaNum
		}
	}
	t['t'], t['f'], t['n'] = viaLit, viaLit, viaLit
	if allows(tBool) {
		t['t'], t['f'] = viaBool, viaBool
	}
	switch {
	case s.obj && allows(tObject):
		t['{'] = viaObj
	case !s.obj && allows(tObject):
		t['{'] = viaSkip
	}
	if !s.arr && allows(tArray) {
		t['['] = viaSkip
	}
	return t
}

// eachSchema calls f on every schema reachable from root, once each.
func eachSchema(root *schema, f func(*schema)) {
	seen := map[*schema]bool{}
	var visit func(s *schema)
	visit = func(s *schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		f(s)
		subschemaSlots(s, func(p **schema) { visit(*p) })
	}
	visit(root)
}
