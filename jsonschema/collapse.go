package jsonschema

// onlyRef reports whether s is an object schema whose only assertion is its
// $ref ({"$ref": "#/$defs/line"}, with annotations or $defs at most).
func (s *schema) onlyRef() bool {
	return s.boolean == 0 && s.ref != nil && s.types == 0 && !s.hasConst && s.enum == nil && !s.num && !s.str &&
		!s.arr && !s.obj && s.allOf == nil && s.anyOf == nil && s.oneOf == nil && s.not == nil && s.ifS == nil
}

// alias follows s through schemas that are only a $ref to the schema that
// does the checking.
func alias(s *schema) *schema {
	for i := 0; s != nil && s.onlyRef() && i < 64; i++ {
		s = s.ref
	}
	return s
}

// collapseRefs points every keyword of every schema reachable from root past
// schemas that are only a $ref, once compiling succeeded (so refs do not
// cycle among themselves): validating then skips a call per such ref, which
// counts in wasm. A false schema reached through such a ref reports the
// keyword that applied the ref (items, properties, ...) instead of "$ref".
func collapseRefs(root *schema) {
	seen := map[*schema]bool{}
	var visit func(s *schema)
	visit = func(s *schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		subschemaSlots(s, func(p **schema) {
			*p = alias(*p)
			visit(*p)
		})
	}
	visit(root)
}

// subschemaSlots calls f with the address of every subschema slot of s, nil
// slots included, in a fixed order.
func subschemaSlots(s *schema, f func(p **schema)) {
	for _, p := range [...]**schema{&s.items, &s.contains, &s.additional, &s.propNames, &s.not,
		&s.ifS, &s.thenS, &s.elseS, &s.ref} {
		f(p)
	}
	for _, l := range [...][]*schema{s.prefix, s.props, s.allOf, s.anyOf, s.oneOf} {
		for i := range l {
			f(&l[i])
		}
	}
	for i := range s.patProps {
		f(&s.patProps[i].s)
	}
}
