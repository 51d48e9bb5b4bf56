package filters

import (
	"errors"
	"fmt"
	"testing"
)

type otherError struct{ msg string }

func (e otherError) Error() string { return e.msg }

// asReason claims to be a *ReasonError through an As method.
type asReason struct{}

func (asReason) Error() string { return "as" }
func (asReason) As(target any) bool {
	if p, ok := target.(**ReasonError); ok {
		*p = &ReasonError{Reason: "from-as", Msg: "from As"}
		return true
	}
	return false
}

// TestAsAgreesWithErrorsAs checks As against errors.As on chains, trees
// (errors.Join, several %w), As methods and nil.
func TestAsAgreesWithErrorsAs(t *testing.T) {
	r1 := &ReasonError{Reason: "one", Msg: "first"}
	r2 := &ReasonError{Reason: "two", Msg: "second"}
	cases := []error{
		nil,
		errors.New("plain"),
		r1,
		fmt.Errorf("wrapped: %w", r1),
		fmt.Errorf("twice: %w", fmt.Errorf("once: %w", r2)),
		errors.Join(nil, errors.New("a"), fmt.Errorf("b: %w", r2), r1),
		fmt.Errorf("%w and %w", otherError{"x"}, r1),
		fmt.Errorf("%w", asReason{}),
		errors.Join(otherError{"y"}, asReason{}, r2),
		fmt.Errorf("no wrap: %v", r1),
	}
	for i, err := range cases {
		var want *ReasonError
		wok := errors.As(err, &want)
		got, ok := As[*ReasonError](err)
		if ok != wok || got != want && (got == nil || want == nil || *got != *want) {
			t.Errorf("case %d (%v): As = %v, %v; errors.As = %v, %v", i, err, got, ok, want, wok)
		}
		var wantOther otherError
		wok = errors.As(err, &wantOther)
		gotOther, ok := As[otherError](err)
		if ok != wok || gotOther != wantOther {
			t.Errorf("case %d (%v): As[otherError] = %v, %v; errors.As = %v, %v", i, err, gotOther, ok, wantOther, wok)
		}
		if r, ok := ReasonOf(err); ok != (want != nil) || ok && r != want.Reason {
			t.Errorf("case %d (%v): ReasonOf = %q, %v; errors.As found %v", i, err, r, ok, want)
		}
	}
}
