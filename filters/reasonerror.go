package filters

// ReasonError is a sentinel error for one class of failure that has a reason
// code. Controls declare one per class (jwt.ErrTokenExpired, ...) and wrap it
// with detail for the log: fmt.Errorf("%w: exp %d is before now", ErrTokenExpired, exp).
// The pipeline recovers the code with ReasonOf. Never put a credential in the
// detail.
type ReasonError struct {
	Reason Reason
	Msg    string
}

// Error returns the message of the failure class.
func (e *ReasonError) Error() string { return e.Msg }

// ReasonOf returns the reason code of the first ReasonError in err's chain, and
// whether there was one.
func ReasonOf(err error) (Reason, bool) {
	if re, ok := As[*ReasonError](err); ok {
		return re.Reason, true
	}
	return "", false
}

// As finds the first error in err's tree that is an E, as errors.As does with
// a target of type *E: it walks the same tree (Unwrap() error and
// Unwrap() []error, depth first) and asks As(any) bool methods too. It is
// errors.AsType of Go 1.26, which go.mod's go 1.25 does not allow yet;
// errors.As checks its target by reflection and linked
// internal/reflectlite's type checks into the module (38 KB).
func As[E error](err error) (E, bool) {
	var target *E // allocated only for an As method
	return as(err, &target)
}

func as[E error](err error, target **E) (E, bool) {
	for err != nil {
		if e, ok := err.(E); ok {
			return e, true
		}
		if x, ok := err.(interface{ As(any) bool }); ok {
			if *target == nil {
				*target = new(E)
			}
			if x.As(*target) {
				return **target, true
			}
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, err := range x.Unwrap() {
				if e, ok := as(err, target); ok {
					return e, true
				}
			}
			err = nil
		default:
			err = nil
		}
	}
	var zero E
	return zero, false
}
