package regex

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// Node is one node of a parsed pattern. Groups leave no node of their own
// (nothing is captured), a literal character is a class of one, and an
// alternation of single characters is one class.
type Node struct {
	Op Op
	// Sub holds the parts of an OpConcat or OpAlternate, and the one
	// repeated node of an OpRepeat.
	Sub []*Node
	// Class (OpClass) is the set of code points matched, as sorted,
	// non-overlapping, non-adjacent lo, hi pairs (inclusive). Empty for a
	// class that matches nothing ([]).
	Class []rune
	// Min and Max (OpRepeat) bound the repetitions; Max is -1 when unbounded.
	Min, Max int

	pos  int // byte offset in the pattern (of the quantifier for OpRepeat)
	size int // instructions when compiled (set by compile)
}

// Op is the kind of a Node.
type Op uint8

// The node kinds.
const (
	OpEmpty           Op = iota // matches the empty string
	OpClass                     // one character of Class
	OpConcat                    // Sub in sequence
	OpAlternate                 // one of Sub
	OpRepeat                    // Sub[0], Min to Max times
	OpBegin                     // ^: the start of the input
	OpEnd                       // $: the end of the input
	OpWordBoundary              // \b
	OpNotWordBoundary           // \B
)

// The bounds a pattern must keep.
const (
	// MaxRepeat is the largest count a {n,m} quantifier may give.
	MaxRepeat = 1000
	// MaxNesting is the deepest groups may nest.
	MaxNesting = 250
	// MaxInstructions is the largest program a pattern may compile to
	// (counted repetitions are expanded), so that no policy can make a
	// huge one.
	MaxInstructions = 10000
)

// Parse parses an ECMA-262 pattern (no flags) into its syntax tree. The
// error, if any, is an *Error. Parse does not check MaxInstructions: Compile
// does.
func Parse(pattern string) (tree *Node, err error) {
	p := &parser{src: pattern}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			tree, err = nil, e
		}
	}()
	tree = p.disjunction()
	if p.pos < len(p.src) { // only a ')' stops the top-level disjunction
		p.fail(p.pos, "unmatched )")
	}
	return tree, nil
}

// parser is the state of one Parse. Errors are raised with fail (a panic
// that Parse recovers).
type parser struct {
	src   string
	pos   int
	depth int
	names map[string]bool // the group names so far
}

func (p *parser) fail(pos int, msg string) {
	panic(&Error{Offset: pos, Msg: msg})
}

func (p *parser) unsupported(pos int, msg string) {
	panic(&Error{Offset: pos, Msg: msg, Unsupported: true})
}

// disjunction parses alternatives up to the end or a ')'.
func (p *parser) disjunction() *Node {
	pos := p.pos
	alts := []*Node{p.alternative()}
	for p.pos < len(p.src) && p.src[p.pos] == '|' {
		p.pos++
		alts = append(alts, p.alternative())
	}
	if len(alts) == 1 {
		return alts[0]
	}
	var class []rune
	for _, a := range alts {
		if a.Op != OpClass {
			return &Node{Op: OpAlternate, Sub: alts, pos: pos}
		}
		class = append(class, a.Class...)
	}
	return &Node{Op: OpClass, Class: normalize(class), pos: pos}
}

// alternative parses terms up to the end, a '|' or a ')'.
func (p *parser) alternative() *Node {
	pos := p.pos
	var items []*Node
	for p.pos < len(p.src) && p.src[p.pos] != '|' && p.src[p.pos] != ')' {
		n := p.term()
		if n.Op == OpConcat {
			items = append(items, n.Sub...)
		} else if n.Op != OpEmpty {
			items = append(items, n)
		}
	}
	switch len(items) {
	case 0:
		return &Node{Op: OpEmpty, pos: pos}
	case 1:
		return items[0]
	}
	return &Node{Op: OpConcat, Sub: items, pos: pos}
}

// term parses an assertion, or an atom and its quantifier if any.
func (p *parser) term() *Node {
	start := p.pos
	c := p.src[p.pos]
	var atom *Node
	switch c {
	case '^':
		p.pos++
		return p.noQuantifier(&Node{Op: OpBegin, pos: start})
	case '$':
		p.pos++
		return p.noQuantifier(&Node{Op: OpEnd, pos: start})
	case '\\':
		if p.pos+1 < len(p.src) && (p.src[p.pos+1] == 'b' || p.src[p.pos+1] == 'B') {
			op := OpWordBoundary
			if p.src[p.pos+1] == 'B' {
				op = OpNotWordBoundary
			}
			p.pos += 2
			return p.noQuantifier(&Node{Op: op, pos: start})
		}
		atom = p.escape(false)
	case '(':
		atom = p.group()
	case '[':
		atom = p.class()
	case '.':
		p.pos++
		atom = &Node{Op: OpClass, Class: slices.Clone(classDot), pos: start}
	case '*', '+', '?':
		p.fail(start, "nothing to repeat")
	case '{':
		if _, _, end := p.braces(start); end > 0 {
			p.fail(start, "nothing to repeat")
		}
		p.pos++
		atom = literal('{', start)
	default:
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		p.pos += size
		atom = literal(r, start)
	}
	return p.quantifier(atom)
}

func literal(r rune, pos int) *Node {
	return &Node{Op: OpClass, Class: []rune{r, r}, pos: pos}
}

// noQuantifier refuses a quantifier after an assertion.
func (p *parser) noQuantifier(n *Node) *Node {
	if p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '*', '+', '?':
			p.fail(p.pos, "nothing to repeat")
		case '{':
			if _, _, end := p.braces(p.pos); end > 0 {
				p.fail(p.pos, "nothing to repeat")
			}
		}
	}
	return n
}

// quantifier parses the quantifier after atom, if any, and returns the
// repeated atom. A lazy quantifier (with a trailing ?) matches the same
// strings as the greedy one.
func (p *parser) quantifier(atom *Node) *Node {
	if p.pos >= len(p.src) {
		return atom
	}
	start := p.pos
	min, max := 0, 0
	switch p.src[p.pos] {
	case '*':
		min, max = 0, -1
		p.pos++
	case '+':
		min, max = 1, -1
		p.pos++
	case '?':
		min, max = 0, 1
		p.pos++
	case '{':
		var end int
		min, max, end = p.braces(start)
		if end < 0 {
			return atom // a literal {, read as the next term
		}
		if min > MaxRepeat || max > MaxRepeat {
			p.unsupported(start, "repeat count "+p.src[start:end]+" is over "+strconv.Itoa(MaxRepeat))
		}
		if max >= 0 && max < min {
			p.fail(start, "repeat count "+p.src[start:end]+" has its maximum below its minimum")
		}
		p.pos = end
	default:
		return atom
	}
	if p.pos < len(p.src) && p.src[p.pos] == '?' {
		p.pos++
	}
	switch {
	case min == 1 && max == 1:
		return atom
	case max == 0:
		return &Node{Op: OpEmpty, pos: start}
	}
	return &Node{Op: OpRepeat, Sub: []*Node{atom}, Min: min, Max: max, pos: start}
}

// braces reads a braced quantifier {n}, {n,} or {n,m} at i: its bounds (max
// -1 when unbounded) and the offset after it, or end -1 when the text at i
// is not one (then '{' is a literal, as in ECMA-262 Annex B). Counts
// saturate above MaxRepeat.
func (p *parser) braces(i int) (min, max, end int) {
	s := p.src
	j := i + 1
	min, j, ok := number(s, j)
	if !ok {
		return 0, 0, -1
	}
	max = min
	if j < len(s) && s[j] == ',' {
		j++
		max = -1
		if j < len(s) && s[j] != '}' {
			if max, j, ok = number(s, j); !ok {
				return 0, 0, -1
			}
		}
	}
	if j >= len(s) || s[j] != '}' {
		return 0, 0, -1
	}
	return min, max, j + 1
}

// number reads decimal digits at i, saturating at MaxRepeat+1.
func number(s string, i int) (n, end int, ok bool) {
	start := i
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = min(n*10+int(s[i]-'0'), MaxRepeat+1)
	}
	return n, i, i > start
}

// group parses a group at '(' and returns its contents.
func (p *parser) group() *Node {
	start := p.pos
	s := p.src
	p.pos++
	if p.pos < len(s) && s[p.pos] == '?' {
		rest := s[p.pos:]
		switch {
		case hasPrefix(rest, "?:"):
			p.pos += 2
		case hasPrefix(rest, "?="):
			p.unsupported(start, "lookahead (?= is not supported")
		case hasPrefix(rest, "?!"):
			p.unsupported(start, "negative lookahead (?! is not supported")
		case hasPrefix(rest, "?<="):
			p.unsupported(start, "lookbehind (?<= is not supported")
		case hasPrefix(rest, "?<!"):
			p.unsupported(start, "negative lookbehind (?<! is not supported")
		case hasPrefix(rest, "?<"):
			p.groupName(start)
		case len(rest) > 1 && (rest[1] == 'i' || rest[1] == 'm' || rest[1] == 's' || rest[1] == '-'):
			p.unsupported(start, "modifiers "+s[start:p.pos+2]+" are not supported")
		default:
			end := p.pos + 1
			if len(rest) > 1 {
				_, size := utf8.DecodeRuneInString(rest[1:])
				end += size
			}
			p.fail(start, "invalid group "+s[start:end])
		}
	}
	p.depth++
	if p.depth > MaxNesting {
		p.unsupported(start, "groups nested more than "+strconv.Itoa(MaxNesting)+" deep")
	}
	n := p.disjunction()
	p.depth--
	if p.pos >= len(s) {
		p.fail(start, "unclosed (")
	}
	p.pos++ // ')'
	return n
}

// groupName reads the name of (?<name> and checks it is an identifier not
// used before. The name is dropped: nothing is captured.
func (p *parser) groupName(start int) {
	s := p.src
	i := p.pos + 2
	j := i
	for j < len(s) && s[j] != '>' {
		c := s[j]
		ok := c == '$' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf ||
			j > i && '0' <= c && c <= '9'
		if !ok {
			break
		}
		j++
	}
	if j >= len(s) || s[j] != '>' || j == i {
		p.fail(start, "invalid group name")
	}
	name := s[i:j]
	if p.names[name] {
		p.fail(start, "duplicate group name "+name)
	}
	if p.names == nil {
		p.names = map[string]bool{}
	}
	p.names[name] = true
	p.pos = j + 1
}

func hasPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && s[:len(prefix)] == prefix
}

// class parses a character class at '['.
func (p *parser) class() *Node {
	start := p.pos
	s := p.src
	p.pos++
	negated := false
	if p.pos < len(s) && s[p.pos] == '^' {
		negated = true
		p.pos++
	}
	var set []rune
	for {
		if p.pos >= len(s) {
			p.fail(start, "unclosed [")
		}
		if s[p.pos] == ']' {
			p.pos++
			break
		}
		loPos := p.pos
		lo, loSet := p.classAtom()
		if p.pos+1 < len(s) && s[p.pos] == '-' && s[p.pos+1] != ']' {
			p.pos++
			hi, hiSet := p.classAtom()
			if loSet != nil || hiSet != nil {
				p.unsupported(loPos, "a range bounded by a class escape ("+s[loPos:p.pos]+") is not supported")
			}
			if lo > hi {
				p.fail(loPos, "bad range "+s[loPos:p.pos])
			}
			set = append(set, lo, hi)
			continue
		}
		if loSet != nil {
			set = append(set, loSet...)
		} else {
			set = append(set, lo, lo)
		}
	}
	set = normalize(set)
	if negated {
		set = negate(set)
	}
	return &Node{Op: OpClass, Class: set, pos: start}
}

// classAtom reads one character of a class, or a class escape (\d ...) as
// its set.
func (p *parser) classAtom() (rune, []rune) {
	if p.src[p.pos] != '\\' {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		p.pos += size
		return r, nil
	}
	if p.pos+1 < len(p.src) {
		switch p.src[p.pos+1] {
		case 'b':
			p.pos += 2
			return '\b', nil
		case 'B':
			p.fail(p.pos, `\B is not valid in a class`)
		case '-':
			p.pos += 2
			return '-', nil
		}
	}
	n := p.escape(true)
	if len(n.Class) == 2 && n.Class[0] == n.Class[1] {
		return n.Class[0], nil
	}
	return 0, n.Class
}

// escape parses an escape at '\' (other than \b and \B) and returns its
// class.
func (p *parser) escape(inClass bool) *Node {
	start := p.pos
	s := p.src
	if p.pos+1 >= len(s) {
		p.fail(start, `\ at end of pattern`)
	}
	c := s[p.pos+1]
	p.pos += 2
	set := func(class []rune, negated bool) *Node {
		class = slices.Clone(class)
		if negated {
			class = negate(class)
		}
		return &Node{Op: OpClass, Class: class, pos: start}
	}
	switch c {
	case 'd', 'D':
		return set(classDigit, c == 'D')
	case 'w', 'W':
		return set(classWord, c == 'W')
	case 's', 'S':
		return set(classSpace, c == 'S')
	case 't':
		return literal('\t', start)
	case 'n':
		return literal('\n', start)
	case 'v':
		return literal('\v', start)
	case 'f':
		return literal('\f', start)
	case 'r':
		return literal('\r', start)
	case '0':
		if p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
			p.unsupported(start, "octal escape "+s[start:p.pos+1]+" is not supported")
		}
		return literal(0, start)
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		_, end, _ := number(s, start+1)
		if inClass {
			p.unsupported(start, "octal escape "+s[start:end]+" is not supported")
		}
		p.unsupported(start, "backreference "+s[start:end]+" is not supported")
	case 'k':
		p.unsupported(start, `backreference \k is not supported`)
	case 'p', 'P':
		return set(p.property(start), c == 'P')
	case 'c':
		if p.pos < len(s) && ('a' <= s[p.pos] && s[p.pos] <= 'z' || 'A' <= s[p.pos] && s[p.pos] <= 'Z') {
			p.pos++
			return literal(rune(s[p.pos-1]%32), start)
		}
		p.fail(start, `\c must be followed by a letter`)
	case 'x':
		if r, ok := hex(s, p.pos, 2); ok {
			p.pos += 2
			return literal(r, start)
		}
		p.fail(start, `\x must be followed by two hex digits`)
	case 'u':
		return literal(p.unicodeEscape(start), start)
	default:
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			p.fail(start, `unknown escape \`+string(c))
		}
		// An identity escape: the character itself.
		r, size := utf8.DecodeRuneInString(s[start+1:])
		p.pos = start + 1 + size
		return literal(r, start)
	}
	panic("unreachable")
}

// property reads the name of \p{...} (p.pos is after the p) and returns its
// class. Only the general category Letter is known (\p{L}, \p{Letter}):
// the other properties would need Unicode tables this package avoids.
func (p *parser) property(start int) []rune {
	s := p.src
	if p.pos >= len(s) || s[p.pos] != '{' {
		p.fail(start, s[start:p.pos]+" must be followed by {name}")
	}
	end := p.pos + 1
	for end < len(s) && s[end] != '}' {
		end++
	}
	if end >= len(s) {
		p.fail(start, s[start:p.pos]+" must be followed by {name}")
	}
	name := s[p.pos+1 : end]
	if name != "L" && name != "Letter" {
		p.unsupported(start, "Unicode property "+s[start:end+1]+" is not supported (only \\p{L} and \\p{Letter} are)")
	}
	p.pos = end + 1
	return letters()
}

// unicodeEscape reads the code point of \uXXXX (a surrogate pair written as
// two such escapes is one code point) or \u{X...}; p.pos is after the u.
func (p *parser) unicodeEscape(start int) rune {
	s := p.src
	if p.pos < len(s) && s[p.pos] == '{' {
		j := p.pos + 1
		r := rune(0)
		for j < len(s) && isHex(s[j]) {
			r = min(r*16+rune(unhex(s[j])), maxRune+1)
			j++
		}
		if j == p.pos+1 || j >= len(s) || s[j] != '}' {
			p.fail(start, `\u{ must hold hex digits and a }`)
		}
		if r > maxRune {
			p.fail(start, s[start:j+1]+" is beyond U+10FFFF")
		}
		p.pos = j + 1
		return r
	}
	r, ok := hex(s, p.pos, 4)
	if !ok {
		p.fail(start, `\u must be followed by four hex digits or {code point}`)
	}
	p.pos += 4
	if 0xD800 <= r && r <= 0xDBFF && hasPrefix(s[p.pos:], `\u`) {
		if lo, ok := hex(s, p.pos+2, 4); ok && 0xDC00 <= lo && lo <= 0xDFFF {
			p.pos += 6
			return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
		}
	}
	return r
}

// hex reads n hex digits at i.
func hex(s string, i, n int) (rune, bool) {
	if i+n > len(s) {
		return 0, false
	}
	r := rune(0)
	for _, c := range []byte(s[i : i+n]) {
		if !isHex(c) {
			return 0, false
		}
		r = r*16 + rune(unhex(c))
	}
	return r, true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
