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

	"github.com/gatehouse-dev/gatehouse/config"
)

// Plan is a compiled redact section. It is immutable and may be shared by the
// streams of a VM.
type Plan struct {
	// anywhere are the one-segment names that match at any depth; anyLens
	// has bit n set when one of them is n bytes long (n < 64), or bit 63 for
	// the longer ones: most keys are told apart by their length alone.
	anywhere []string
	anyLens  uint64
	// paths are the anchored patterns.
	paths [][]config.FieldSegment
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
			p.anyLens |= lenBit(len(name))
			continue
		}
		p.roots = append(p.roots, state{pat: uint16(len(p.paths))})
		p.paths = append(p.paths, fp.Segments)
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

// lenBit is the bit of Plan.anyLens for a key of n bytes.
func lenBit(n int) uint64 { return 1 << min(n, 63) }
