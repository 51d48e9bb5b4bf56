package regex

import "unicode/utf8"

// machine is the working memory of one match: the threads at the current
// and the next position, as sparse sets of instruction addresses, and the
// stack of the epsilon closure. Sized by the program, it is reused from
// match to match without allocating.
type machine struct {
	cur, next sparseSet
	stack     []uint32
}

// sparseSet is a set of instruction addresses that clears in constant time
// (Briggs and Torczon): pc is in the set when sparse[pc] indexes dense and
// dense there holds pc.
type sparseSet struct {
	dense  []uint32
	sparse []uint32
}

func newSet(n int) sparseSet {
	return sparseSet{dense: make([]uint32, 0, n), sparse: make([]uint32, n)}
}

func newMachine(n int) *machine {
	// Each instruction added to a set pushes at most two successors.
	return &machine{cur: newSet(n), next: newSet(n), stack: make([]uint32, 0, 2*n+1)}
}

// run reports whether s contains a match of re's program: a Pike VM that
// advances all threads one character at a time, each instruction at most
// once per position, so time is linear in len(s) times the program's length.
func run(re *Regexp, m *machine, s []byte) bool {
	prog := re.prog
	cur, next := &m.cur, &m.next
	cur.dense = cur.dense[:0]
	for i := 0; ; {
		if len(cur.dense) == 0 {
			// No thread in flight: a match can only start here or later.
			if re.anchored && i > 0 {
				return false
			}
			if re.prefix != "" {
				if i = index(s, i, re.prefix); i < 0 {
					return false
				}
			}
		}
		if i == 0 || !re.anchored {
			if add(m, cur, prog, 0, s, i) {
				return true
			}
		}
		if i >= len(s) {
			return false
		}
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = decode(s, i)
		}
		next.dense = next.dense[:0]
		for _, pc := range cur.dense {
			in := &prog[pc]
			if in.op != opClass {
				continue
			}
			if r < utf8.RuneSelf {
				if in.ascii[r>>6]&(1<<(r&63)) == 0 {
					continue
				}
			} else if !in.has(r) {
				continue
			}
			if add(m, next, prog, in.out, s, i+w) {
				return true
			}
		}
		cur, next = next, cur
		i += w
	}
}

// add adds pc and the instructions it reaches without consuming input at
// position i to q, and reports whether that reaches opMatch.
func add(m *machine, q *sparseSet, prog []inst, pc uint32, s []byte, i int) bool {
	stack := append(m.stack[:0], pc)
	for len(stack) > 0 {
		pc = stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if j := q.sparse[pc]; j < uint32(len(q.dense)) && q.dense[j] == pc {
			continue
		}
		q.sparse[pc] = uint32(len(q.dense))
		q.dense = append(q.dense, pc)
		in := &prog[pc]
		switch in.op {
		case opMatch:
			m.stack = stack
			return true
		case opJmp:
			stack = append(stack, in.out)
		case opSplit:
			stack = append(stack, in.alt, in.out)
		case opBegin:
			if i == 0 {
				stack = append(stack, in.out)
			}
		case opEnd:
			if i == len(s) {
				stack = append(stack, in.out)
			}
		case opWordB, opNotWordB:
			b := (i > 0 && isWordByte(s[i-1])) != (i < len(s) && isWordByte(s[i]))
			if b == (in.op == opWordB) {
				stack = append(stack, in.out)
			}
		}
	}
	m.stack = stack
	return false
}

// isWordByte reports whether c is an ECMA-262 word character (\w is ASCII;
// no byte of a multi-byte character is one).
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// index returns the first offset from i where s holds prefix, or -1.
func index(s []byte, i int, prefix string) int {
	c := prefix[0]
	for ; i+len(prefix) <= len(s); i++ {
		if s[i] != c {
			continue
		}
		k := 1
		for k < len(prefix) && s[i+k] == prefix[k] {
			k++
		}
		if k == len(prefix) {
			return i
		}
	}
	return -1
}

// decode decodes the UTF-8 character at s[i] (not ASCII) as
// utf8.DecodeRune does: an invalid or incomplete sequence is U+FFFD, one
// byte long.
func decode(s []byte, i int) (rune, int) {
	c := s[i]
	n := len(s) - i
	const bad = utf8.RuneError
	switch {
	case c < 0xC2:
		return bad, 1
	case c < 0xE0:
		if n < 2 || s[i+1]&0xC0 != 0x80 {
			return bad, 1
		}
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case c < 0xF0:
		lo, hi := byte(0x80), byte(0xBF)
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F // not a surrogate
		}
		if n < 3 || s[i+1] < lo || s[i+1] > hi || s[i+2]&0xC0 != 0x80 {
			return bad, 1
		}
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	case c < 0xF5:
		lo, hi := byte(0x80), byte(0xBF)
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
		if n < 4 || s[i+1] < lo || s[i+1] > hi || s[i+2]&0xC0 != 0x80 || s[i+3]&0xC0 != 0x80 {
			return bad, 1
		}
		return rune(c&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F), 4
	}
	return bad, 1
}
