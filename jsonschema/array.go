package jsonschema

// array checks the array at pos against s's array keywords.
func (v *validator) array(s *schema, pos, depth int) (int, bool) {
	if depth >= v.maxDepth {
		return pos, v.tooDeep()
	}
	if s.itemsOnly {
		return v.items(s, pos, depth)
	}
	data := v.data
	var forms map[string]bool // uniqueItems: canonical forms of the elements so far
	if s.unique {
		forms = map[string]bool{}
	}
	n, matched, most := 0, 0, most(s.maxItems, v.maxArray)
	i := ws(data, pos+1)
	if i < len(data) && data[i] == ']' {
		i++
	} else {
		for {
			var end int
			var ok bool
			switch {
			case n < len(s.prefix):
				end, ok = v.eval(s.prefix[n], i, depth+1, "prefixItems")
			case s.items != nil && s.items.boolean <= 0:
				// The items' kinds with a function of their own (see
				// object's loop), then the others.
				it := s.items
				c := byte(0)
				if i < len(data) {
					c = data[i]
				}
				switch it.via[c] {
				case viaObj:
					if v.steps--; v.steps < 0 {
						v.steps = -1
						return i, false
					}
					end, ok = v.object(it, i, depth+1)
				case viaStr:
					if v.steps--; v.steps < 0 {
						v.steps = -1
						return i, false
					}
					end, ok = v.str(it, i)
				case viaNum:
					if v.steps--; v.steps < 0 {
						v.steps = -1
						return i, false
					}
					end, ok = v.number(it, i)
				default:
					end, ok = v.eval(it, i, depth+1, "items")
				}
			default:
				if end, ok = v.skip(i, depth+1); !ok {
					return i, v.fail("json")
				}
			}
			if !ok {
				return i, v.in(n, segIndex)
			}
			if s.contains != nil {
				names, arena := len(v.names), len(v.arena)
				if _, ok := v.eval(s.contains, i, depth+1, "contains"); ok {
					matched++
				}
				v.names, v.arena = v.names[:names], v.arena[:arena] // a failure left them
			}
			if forms != nil {
				form, _ := appendCanonAt(nil, data, i)
				if forms[string(form)] {
					v.fail("uniqueItems")
					return i, v.in(n, segIndex)
				}
				forms[string(form)] = true
			}
			if n++; n > most {
				return pos, v.tooManyItems(s, n)
			}
			if i = end; i < len(data) && data[i] <= ' ' {
				i = wsCall(data, i)
			}
			if i < len(data) && data[i] == ',' {
				if i++; i < len(data) && data[i] <= ' ' {
					i = wsCall(data, i)
				}
				continue
			}
			if i < len(data) && data[i] == ']' {
				i++
				break
			}
			return i, v.fail("json")
		}
	}
	if n < s.minItems {
		return pos, v.fail("minItems")
	}
	if s.contains != nil {
		switch {
		case s.minContains < 0 && matched == 0:
			return pos, v.fail("contains")
		case matched < s.minContains:
			return pos, v.fail("minContains")
		case s.maxContains >= 0 && matched > s.maxContains:
			return pos, v.fail("maxContains")
		}
	}
	return i, true
}

// items is array for arrays whose only keywords are items, minItems and
// maxItems: a smaller loop (see object's).
func (v *validator) items(s *schema, pos, depth int) (int, bool) {
	data := v.data
	it := s.items
	n, most := 0, most(s.maxItems, v.maxArray)
	i := pos + 1
	if i < len(data) && data[i] <= ' ' {
		i = wsCall(data, i)
	}
	if i < len(data) && data[i] == ']' {
		i++
	} else {
		for {
			c := byte(0)
			if i < len(data) {
				c = data[i]
			}
			var end int
			var ok bool
			if a := it.via[c]; a == viaObj {
				if v.steps--; v.steps < 0 {
					v.steps = -1
					return i, false
				}
				end, ok = v.object(it, i, depth+1)
			} else if a == viaStr {
				if v.steps--; v.steps < 0 {
					v.steps = -1
					return i, false
				}
				end, ok = v.str(it, i)
			} else if a == viaNum {
				if v.steps--; v.steps < 0 {
					v.steps = -1
					return i, false
				}
				end, ok = v.number(it, i)
			} else {
				end, ok = v.eval(it, i, depth+1, "items")
			}
			if !ok {
				return i, v.in(n, segIndex)
			}
			if n++; n > most {
				return pos, v.tooManyItems(s, n)
			}
			if i = end; i < len(data) && data[i] <= ' ' {
				i = wsCall(data, i)
			}
			if i < len(data) && data[i] == ',' {
				if i++; i < len(data) && data[i] <= ' ' {
					i = wsCall(data, i)
				}
				continue
			}
			if i < len(data) && data[i] == ']' {
				i++
				break
			}
			return i, v.fail("json")
		}
	}
	if n < s.minItems {
		return pos, v.fail("minItems")
	}
	return i, true
}
