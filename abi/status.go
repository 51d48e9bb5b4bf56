package abi

import "strconv"

// Status is the i32 result of every proxy_* host function (WasmResult in Envoy).
// A Status other than StatusOK is an error; compare with errors.Is or ==.
type Status uint32

// The statuses Envoy's host returns (proxy_wasm_common.h).
const (
	StatusOK                   Status = 0
	StatusNotFound             Status = 1
	StatusBadArgument          Status = 2
	StatusSerializationFailure Status = 3
	StatusParseFailure         Status = 4
	StatusBadExpression        Status = 5
	StatusInvalidMemoryAccess  Status = 6
	StatusEmpty                Status = 7
	StatusCasMismatch          Status = 8
	StatusResultMismatch       Status = 9
	StatusInternalFailure      Status = 10
	StatusBrokenConnection     Status = 11
	StatusUnimplemented        Status = 12
)

var statusNames = [...]string{
	StatusOK:                   "ok",
	StatusNotFound:             "not found",
	StatusBadArgument:          "bad argument",
	StatusSerializationFailure: "serialization failure",
	StatusParseFailure:         "parse failure",
	StatusBadExpression:        "bad expression",
	StatusInvalidMemoryAccess:  "invalid memory access",
	StatusEmpty:                "empty",
	StatusCasMismatch:          "cas mismatch",
	StatusResultMismatch:       "result mismatch",
	StatusInternalFailure:      "internal failure",
	StatusBrokenConnection:     "broken connection",
	StatusUnimplemented:        "unimplemented",
}

// String names the status in lower case, e.g. "not found".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status " + strconv.FormatUint(uint64(s), 10)
}

// Error makes a non-OK Status usable as an error: "proxy-wasm: not found".
func (s Status) Error() string { return "proxy-wasm: " + s.String() }

// Err returns nil for StatusOK and the status itself otherwise. Statuses below 256
// convert to an interface without allocating, so Err is cheap on hot paths.
func (s Status) Err() error {
	if s == StatusOK {
		return nil
	}
	return s
}
