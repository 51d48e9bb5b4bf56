package filters

import "errors"

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
	var re *ReasonError
	if errors.As(err, &re) {
		return re.Reason, true
	}
	return "", false
}
