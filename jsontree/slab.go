package jsontree

// This file hands out the tree's memory: nodes, the members of objects and
// the elements of arrays come from slabs, so one allocation serves many of
// them. Inside the .wasm an allocation costs in proportion to its size (the
// zeroing, and garbage-collector work), so the first slab of each kind is
// sized from a count of the document's structural characters: a token's claim
// set is read with one slab of nodes and one of members, each about as large
// as needed.

// slabs are the parts of the current allocations not handed out yet, and the
// estimated sizes of the first ones (0 once used).
type slabs struct {
	nodes            []Node
	mems             []Member
	elms             []*Node
	estN, estM, estE int
}

// maxSlab bounds every slab, the estimated ones too: a document of commas
// inside one string must not make the parser allocate a node per byte up front.
const maxSlab = 256

// structural classifies bytes for estimate: 1 ',', 2 ':', 3 '{' and '['.
var structural = func() (t [256]uint8) {
	t[','], t[':'], t['{'], t['['] = 1, 2, 3, 3
	return t
}()

// estimate sizes the first slabs from the counts of ',', ':', '{' and '[' in
// text, strings included. Outside strings they give the tree exactly: a node
// for the root, each comma and each non-empty container's first value; a member
// per colon; the rest of the values are array elements. Characters inside
// strings only make the node and member estimates larger (then capped at
// maxSlab); an estimate too small just means one more slab.
func (s *slabs) estimate(text string) {
	var n [4]int
	for i := 0; i < len(text); i++ {
		n[structural[text[i]]]++
	}
	commas, colons, opens := n[1], n[2], n[3]
	s.estN = min(1+commas+opens, maxSlab)
	s.estM = min(colons, maxSlab)
	s.estE = min(max(commas+opens-colons, 0), maxSlab)
}

// slabSize is the size of a later slab: about one node per 16 bytes of input
// left (one member per 24, one element per 16), within [8, maxSlab].
func slabSize(left, per int) int { return min(max(left/per, 8), maxSlab) }

// node returns a node of kind k starting at r.pos.
func (r *reader) node(k Kind) *Node {
	if len(r.nodes) == 0 {
		size := r.estN
		if size == 0 {
			size = slabSize(len(r.text)-r.pos, 16)
		}
		r.nodes, r.estN = make([]Node, size), 0
	}
	n := &r.nodes[0]
	r.nodes = r.nodes[1:]
	n.Kind, n.Off = k, r.pos
	return n
}

// members returns a copy of an object's members, exactly sized (a caller's
// append cannot reach the slab's next lists).
func (r *reader) members(m []Member) []Member {
	if len(r.mems) < len(m) {
		size := r.estM
		if size == 0 {
			size = slabSize(len(r.text)-r.pos, 24)
		}
		r.mems, r.estM = make([]Member, max(size, len(m))), 0
	}
	out := r.mems[:len(m):len(m)]
	r.mems = r.mems[len(m):]
	copy(out, m)
	return out
}

// elems returns a copy of an array's elements, exactly sized.
func (r *reader) elems(e []*Node) []*Node {
	if len(r.elms) < len(e) {
		size := r.estE
		if size == 0 {
			size = slabSize(len(r.text)-r.pos, 16)
		}
		r.elms, r.estE = make([]*Node, max(size, len(e))), 0
	}
	out := r.elms[:len(e):len(e)]
	r.elms = r.elms[len(e):]
	copy(out, e)
	return out
}
