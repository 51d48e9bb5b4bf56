// Package redact removes or masks sensitive fields of JSON response bodies.
//
// Compile turns a policy's redact section into a Plan once per policy; a
// Redactor (one per VM: it keeps its buffers) applies a Plan to a whole body in
// one validating pass, writing the result into a reusable buffer. A body that
// is not valid JSON is left alone (ErrInvalidJSON); one nested deeper than
// MaxDepth is not redacted (ErrTooDeep).
package redact

import (
	"slices"

	"gatehouse/config"
)

// Plan is a compiled redact section. It is immutable and may be shared by the
// streams of a VM.
type Plan struct {
	// anywhere are the one-segment names that match at any depth; any is
	// their key filter.
	anywhere []string
	any      keyFilter
	// paths are the anchored patterns; segKeys[pat][seg] is the key filter
	// of a segment: its name's, all keys for '*', none for '#'.
	paths   [][]config.FieldSegment
	segKeys [][]keyFilter
	// roots are the states at the root value: every anchored pattern at its
	// first segment.
	roots    []state
	mask     bool
	maxBytes int
	pass     bool
	scopes   []string
	roles    []string
}

// state is a position in an anchored pattern: pattern index and segment index.
type state struct {
	pat, seg uint16
}

// Compile turns a parsed redact section into a Plan; nil (and a disabled
// section) gives nil, meaning no redaction.
func Compile(r *config.Redact) *Plan {
	if r == nil || r.Disabled {
		return nil
	}
	p := &Plan{mask: r.Action == config.RedactMask, maxBytes: r.MaxBytes, pass: r.OnOverflow == config.OverflowPass}
	if p.maxBytes <= 0 {
		p.maxBytes = config.DefaultRedactMaxBytes
	}
	for _, fp := range r.Patterns {
		if fp.Anywhere {
			name := fp.Segments[0].Name
			p.anywhere = append(p.anywhere, name)
			p.any = p.any.or(nameFilter(name))
			continue
		}
		p.roots = append(p.roots, state{pat: uint16(len(p.paths))})
		p.paths = append(p.paths, fp.Segments)
		keys := make([]keyFilter, len(fp.Segments))
		for i, seg := range fp.Segments {
			switch seg.Kind {
			case config.FieldName:
				keys[i] = nameFilter(seg.Name)
			case config.FieldAnyKey:
				keys[i] = keyFilter{^uint64(0), ^uint64(0)}
			}
		}
		p.segKeys = append(p.segKeys, keys)
	}
	if r.Unless != nil {
		p.scopes, p.roles = r.Unless.Scopes, r.Unless.Roles
	}
	return p
}

// Keeps reports whether a caller holding these scopes and roles keeps the
// fields (the plan's unless names one of them).
func (p *Plan) Keeps(scopes, roles []string) bool {
	for _, s := range p.scopes {
		if slices.Contains(scopes, s) {
			return true
		}
	}
	for _, r := range p.roles {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// MaxBytes is the largest body the plan redacts.
func (p *Plan) MaxBytes() int { return p.maxBytes }

// PassOverflow reports whether a body too large (or too deep) to redact is
// sent on unredacted; false means it is refused.
func (p *Plan) PassOverflow() bool { return p.pass }

// keyFilter tells most keys that match none of a set of names from the
// ones that may, without comparing them: by their length and first byte.
// lens has bit n set when a name is n bytes long (bit 63: 63 or more), firsts
// bit c&63 for each name's first byte c (an empty name counts as '"', the byte
// after the opening quote of an empty key). A key with escapes is not
// filtered: its raw bytes are not its name.
type keyFilter struct{ lens, firsts uint64 }

func nameFilter(name string) keyFilter {
	first := byte('"')
	if name != "" {
		first = name[0]
	}
	return keyFilter{lenBit(len(name)), firstBit(first)}
}

func (f keyFilter) or(g keyFilter) keyFilter { return keyFilter{f.lens | g.lens, f.firsts | g.firsts} }

// lenBit and firstBit are the bits of keyFilter for a key of n bytes and
// for its first byte c.
func lenBit(n int) uint64    { return 1 << min(n, 63) }
func firstBit(c byte) uint64 { return 1 << (c & 63) }
