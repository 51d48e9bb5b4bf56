package config

import (
	"errors"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	e := &Error{Path: "routes[1].id", Msg: "bad"}
	if got := e.Error(); got != "routes[1].id: bad" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{Msg: "empty policy"}).Error(); got != "empty policy" {
		t.Errorf("root Error() = %q", got)
	}
	if (&Error{Msg: "x"}).Unwrap() != nil {
		t.Errorf("Unwrap of an unclassed error is not nil")
	}
	es := Errors{{Path: "a", Msg: "x"}, {Msg: "y"}}
	if got := es.Error(); got != "a: x\ny" {
		t.Errorf("Errors.Error() = %q", got)
	}
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		in   string
		want ErrorClass
	}{
		{``, ErrSyntax},
		{`{`, ErrSyntax},
		{`[]`, ErrType},
		{`{"mode":1}`, ErrType},
		{`{"x":1}`, ErrUnknownField},
		{`{"mode":"report","mode":"report"}`, ErrDuplicateKey},
		{`{"routes":[{"id":"a"}]}`, ErrMissingField},
		{`{"mode":"x"}`, ErrInvalid},
		{`{"routes":[{"id":"a","match":{"path":"x"}}]}`, ErrInvalid},
	}
	all := []ErrorClass{ErrSyntax, ErrType, ErrUnknownField, ErrDuplicateKey, ErrMissingField, ErrInvalid, ErrTooManyErrors}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		errs, ok := err.(Errors)
		if !ok || len(errs) != 1 {
			t.Fatalf("Parse(%q) = %v, want one error", tt.in, err)
		}
		for _, class := range all {
			want := class == tt.want
			if got := errors.Is(errs[0], class); got != want {
				t.Errorf("Parse(%q): errors.Is(*Error, %q) = %v, want %v", tt.in, class, got, want)
			}
			if got := errors.Is(err, class); got != want {
				t.Errorf("Parse(%q): errors.Is(Errors, %q) = %v, want %v", tt.in, class, got, want)
			}
		}
		var e *Error
		if !errors.As(err, &e) || e != errs[0] {
			t.Errorf("errors.As(Errors, *Error) did not find the entry")
		}
	}
}

func TestErrorsMixedClasses(t *testing.T) {
	_, err := Parse([]byte(`{"x":1,"mode":2}`))
	if !errors.Is(err, ErrUnknownField) || !errors.Is(err, ErrType) || errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is on Errors does not see each entry's class: %v", err)
	}
}
