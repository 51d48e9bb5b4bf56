package ratelimit

import (
	"errors"
	"fmt"
)

// A slot's record: the owner's key hash and the bucket's theoretical arrival
// time (GCRA), both little-endian 64-bit. The bucket is a token bucket of
// `burst` tokens refilled one per `interval`: tat is the time at which it would
// be full again; it holds (burst·interval − (tat − now)) / interval tokens, and
// tat ≤ now means full (idle).
const recordLen = 16

func encodeRecord(dst *[recordLen]byte, owner uint64, tat int64) []byte {
	for i := 0; i < 8; i++ {
		dst[i] = byte(owner >> (8 * i))
		dst[8+i] = byte(uint64(tat) >> (8 * i))
	}
	return dst[:]
}

// decodeRecord reads a record; ok is false for a malformed value, which the
// caller treats as an idle slot (and overwrites through CAS).
func decodeRecord(b []byte) (owner uint64, tat int64, ok bool) {
	if len(b) != recordLen {
		return 0, 0, false
	}
	var o, t uint64
	for i := 7; i >= 0; i-- {
		o = o<<8 | uint64(b[i])
		t = t<<8 | uint64(b[8+i])
	}
	return o, int64(t), true
}

// maxAttempts bounds the compare-and-swap retries of one bucket update.
const maxAttempts = 8

// bucket is the arithmetic of one limit.
type bucket struct {
	interval  int64 // ns per token: ceil(per / count), so rounding only ever makes the limit stricter
	tolerance int64 // burst · interval: how far ahead of now tat may run
}

// take is the outcome of one attempt to take a token.
type take struct {
	allowed bool
	// remaining is the whole tokens left after the request (0 when refused).
	remaining int64
	// next is how long until the bucket has one more whole token than
	// remaining (for a refused request: until it can admit one), in ns.
	next int64
}

// decide applies GCRA to a bucket whose theoretical arrival time is tat, at
// now; it returns the outcome and the new tat (unchanged when refused).
func (b bucket) decide(tat, now int64) (take, int64) {
	if tat < now {
		tat = now
	}
	if tat-now > b.tolerance {
		// Beyond what any update writes: the clock went back, or the burst
		// shrank with a new policy. Count the bucket as empty, not as
		// blocked until then.
		tat = now + b.tolerance
	}
	newTat := tat + b.interval
	debt := newTat - now
	if debt > b.tolerance {
		return take{next: debt - b.tolerance}, tat
	}
	left := b.tolerance - debt
	next := b.interval - left%b.interval
	return take{allowed: true, remaining: left / b.interval, next: next}, newTat
}

// takeToken runs the CAS loop on slot key for the key hash owner at now; buf
// is scratch for the record written (a local array would escape to the heap
// through the Store interface: one allocation per request).
func (b bucket) takeToken(s Store, key string, owner uint64, now int64, buf *[recordLen]byte) (take, error) {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		val, cas, err := s.Get(key)
		var slotOwner uint64
		var tat int64
		switch {
		case errors.Is(err, ErrNotFound):
			// Not prepared (see Limits.Prepare): create it; a missing key is
			// written whatever cas says.
			cas, slotOwner, tat = 0, owner, now
		case err != nil:
			return take{}, fmt.Errorf("%w: %w", ErrStore, err)
		default:
			var ok bool
			if slotOwner, tat, ok = decodeRecord(val); !ok {
				slotOwner, tat = owner, now
			}
		}
		if slotOwner != owner && tat <= now {
			slotOwner = owner // an idle bucket: take the slot over, losing nothing
		}
		t, newTat := b.decide(tat, now)
		if !t.allowed {
			return t, nil
		}
		err = s.Set(key, encodeRecord(buf, slotOwner, newTat), cas)
		if err == nil {
			return t, nil
		}
		if !errors.Is(err, ErrCASMismatch) {
			return take{}, fmt.Errorf("%w: %w", ErrStore, err)
		}
	}
	return take{}, ErrContention
}

// giveBack returns a token taken from slot key (when a later limit refused the
// request). Best effort: a failure leaves the bucket stricter, never looser.
func (b bucket) giveBack(s Store, key string, now int64) {
	var buf [recordLen]byte
	for attempt := 0; attempt < maxAttempts; attempt++ {
		val, cas, err := s.Get(key)
		if err != nil {
			return
		}
		owner, tat, ok := decodeRecord(val)
		if !ok || tat <= now {
			return
		}
		tat -= b.interval
		if tat < now {
			tat = now
		}
		if err := s.Set(key, encodeRecord(&buf, owner, tat), cas); !errors.Is(err, ErrCASMismatch) {
			return
		}
	}
}
