package jwks

import (
	"encoding/binary"
	"errors"
	"time"
)

// ErrBadRecord reports shared data that is not a Record or Lease this package
// wrote (a truncated value, another plugin's data under our key).
var ErrBadRecord = errors.New("jwks: malformed shared record")

const recordMagic = "ghk1"

// EncodeRecord is the shared-data value of a fetched set: a 4-byte magic, the
// fetch time in Unix nanoseconds (8 bytes, little endian), then the JWKS body as
// received.
func EncodeRecord(fetchedAt time.Time, body []byte) []byte {
	b := make([]byte, 0, 12+len(body))
	b = append(b, recordMagic...)
	b = binary.LittleEndian.AppendUint64(b, uint64(fetchedAt.UnixNano()))
	return append(b, body...)
}

// DecodeRecord is the inverse of EncodeRecord. body aliases b.
func DecodeRecord(b []byte) (fetchedAt time.Time, body []byte, err error) {
	if len(b) < 12 || string(b[:4]) != recordMagic {
		return time.Time{}, nil, ErrBadRecord
	}
	return time.Unix(0, int64(binary.LittleEndian.Uint64(b[4:12]))), b[12:], nil
}

const leaseMagic = "ghl1"

// EncodeLease is the shared-data value of a fetch lease: a 4-byte magic, the
// holder's id (8 bytes) and the lease's end in Unix nanoseconds (8 bytes).
func EncodeLease(holder uint64, until time.Time) []byte {
	b := make([]byte, 0, 20)
	b = append(b, leaseMagic...)
	b = binary.LittleEndian.AppendUint64(b, holder)
	return binary.LittleEndian.AppendUint64(b, uint64(until.UnixNano()))
}

// DecodeLease is the inverse of EncodeLease.
func DecodeLease(b []byte) (holder uint64, until time.Time, err error) {
	if len(b) != 20 || string(b[:4]) != leaseMagic {
		return 0, time.Time{}, ErrBadRecord
	}
	return binary.LittleEndian.Uint64(b[4:12]), time.Unix(0, int64(binary.LittleEndian.Uint64(b[12:20]))), nil
}
