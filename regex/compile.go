package regex

import (
	"strconv"
	"unicode/utf8"
)

// inst is one instruction of a compiled program. The program starts at 0.
type inst struct {
	op       opcode
	out, alt uint32    // next instruction; opSplit's second branch
	ascii    [2]uint64 // opClass: ASCII members, as a bit set
	ranges   []rune    // opClass: members from U+0080, as lo, hi pairs
}

type opcode uint8

const (
	opClass    opcode = iota // consume one character of the class, go to out
	opSplit                  // go to out and to alt
	opJmp                    // go to out
	opBegin                  // at the start of the input, go to out
	opEnd                    // at the end of the input, go to out
	opWordB                  // at a word boundary, go to out
	opNotWordB               // not at a word boundary, go to out
	opMatch                  // the pattern matched
)

// has reports whether class instruction in matches r.
func (in *inst) has(r rune) bool {
	if r < utf8.RuneSelf {
		return in.ascii[r>>6]&(1<<(r&63)) != 0
	}
	return InRanges(in.ranges, r)
}

// InRanges reports whether r is in the sorted, non-overlapping lo, hi pairs
// rs (inclusive), as a class of this package holds them: a linear scan for a
// few pairs, a binary search for many (\p{L} has hundreds).
func InRanges(rs []rune, r rune) bool {
	if len(rs) <= 16 {
		for i := 0; i+1 < len(rs); i += 2 {
			if r < rs[i] {
				return false
			}
			if r <= rs[i+1] {
				return true
			}
		}
		return false
	}
	lo, hi := 0, len(rs)/2
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case r > rs[2*m+1]:
			lo = m + 1
		case r < rs[2*m]:
			hi = m
		default:
			return true
		}
	}
	return false
}

// compile turns a tree into its program, refusing one of more than
// MaxInstructions instructions before building it.
func compile(tree *Node) ([]inst, error) {
	if measure(tree) > MaxInstructions-1 {
		n := tree
		for {
			var big *Node
			for _, sub := range n.Sub {
				if sub.size > MaxInstructions-1 {
					big = sub
				}
			}
			if big == nil {
				break
			}
			n = big
		}
		return nil, &Error{Offset: n.pos, Msg: "pattern compiles to more than " + strconv.Itoa(MaxInstructions) + " instructions", Unsupported: true}
	}
	c := &compiler{prog: make([]inst, 0, tree.size+1)}
	c.emit(tree)
	c.add(inst{op: opMatch})
	return c.prog, nil
}

// measure sets n.size, and that of every node under it, to the number of
// instructions n compiles to, saturating above MaxInstructions.
func measure(n *Node) int {
	s := 0
	switch n.Op {
	case OpEmpty:
	case OpConcat:
		for _, sub := range n.Sub {
			s += measure(sub)
		}
	case OpAlternate:
		for _, sub := range n.Sub {
			s += measure(sub) + 2
		}
		s -= 2
	case OpRepeat:
		b := measure(n.Sub[0])
		switch {
		case b == 0:
		case n.Max < 0 && n.Min == 0:
			s = b + 2
		case n.Max < 0:
			s = n.Min*b + 1
		default:
			s = n.Min*b + (n.Max-n.Min)*(b+1)
		}
	default:
		s = 1
	}
	n.size = min(s, MaxInstructions+1)
	return n.size
}

type compiler struct {
	prog []inst
}

func (c *compiler) add(in inst) uint32 {
	c.prog = append(c.prog, in)
	return uint32(len(c.prog) - 1)
}

// next is the address of the next instruction to be emitted.
func (c *compiler) next() uint32 { return uint32(len(c.prog)) }

// emit appends the instructions of n; they continue at the instruction
// after them.
func (c *compiler) emit(n *Node) {
	switch n.Op {
	case OpEmpty:
	case OpClass:
		in := inst{op: opClass}
		for i := 0; i+1 < len(n.Class); i += 2 {
			lo, hi := n.Class[i], n.Class[i+1]
			for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
				in.ascii[r>>6] |= 1 << (r & 63)
			}
			if hi >= utf8.RuneSelf {
				in.ranges = append(in.ranges, max(lo, utf8.RuneSelf), hi)
			}
		}
		in.out = c.next() + 1
		c.add(in)
	case OpConcat:
		for _, sub := range n.Sub {
			c.emit(sub)
		}
	case OpAlternate:
		var jumps []uint32
		for i, sub := range n.Sub {
			if i == len(n.Sub)-1 {
				c.emit(sub)
				break
			}
			split := c.add(inst{op: opSplit, out: c.next() + 1})
			c.emit(sub)
			jumps = append(jumps, c.add(inst{op: opJmp}))
			c.prog[split].alt = c.next()
		}
		for _, j := range jumps {
			c.prog[j].out = c.next()
		}
	case OpRepeat:
		c.repeat(n)
	case OpBegin:
		c.add(inst{op: opBegin, out: c.next() + 1})
	case OpEnd:
		c.add(inst{op: opEnd, out: c.next() + 1})
	case OpWordBoundary:
		c.add(inst{op: opWordB, out: c.next() + 1})
	case OpNotWordBoundary:
		c.add(inst{op: opNotWordB, out: c.next() + 1})
	}
}

// repeat emits Sub[0] Min times, then a loop (Max -1) or Max-Min optional
// copies.
func (c *compiler) repeat(n *Node) {
	sub := n.Sub[0]
	if sub.size == 0 {
		return // only the empty string: once is as good as any count
	}
	switch {
	case n.Max < 0 && n.Min == 0:
		split := c.add(inst{op: opSplit, out: c.next() + 1})
		c.emit(sub)
		c.add(inst{op: opJmp, out: split})
		c.prog[split].alt = c.next()
	case n.Max < 0:
		for i := 0; i < n.Min-1; i++ {
			c.emit(sub)
		}
		top := c.next()
		c.emit(sub)
		c.add(inst{op: opSplit, out: top, alt: c.next() + 1})
	default:
		for i := 0; i < n.Min; i++ {
			c.emit(sub)
		}
		var splits []uint32
		for i := n.Min; i < n.Max; i++ {
			splits = append(splits, c.add(inst{op: opSplit, out: c.next() + 1}))
			c.emit(sub)
		}
		for _, s := range splits {
			c.prog[s].alt = c.next()
		}
	}
}
