package jwks

import (
	"errors"
	"testing"
	"time"
)

var t0 = time.Unix(1_800_000_000, 0)

func TestRecordRoundTrip(t *testing.T) {
	b := EncodeRecord(t0, []byte(`{"keys":[]}`))
	at, body, err := DecodeRecord(b)
	if err != nil || !at.Equal(t0) || string(body) != `{"keys":[]}` {
		t.Fatalf("%v %q %v", at, body, err)
	}
	for _, bad := range [][]byte{nil, []byte("ghk1"), []byte("xxxx12345678{}")} {
		if _, _, err := DecodeRecord(bad); !errors.Is(err, ErrBadRecord) {
			t.Errorf("DecodeRecord(%q) = %v", bad, err)
		}
	}
	h, until, err := DecodeLease(EncodeLease(7, t0))
	if err != nil || h != 7 || !until.Equal(t0) {
		t.Fatalf("lease %d %v %v", h, until, err)
	}
}

func TestSchedule(t *testing.T) {
	s := &Source{Provider: "corp", Refresh: 10 * time.Minute, Timeout: 5 * time.Second}
	if s.Key() != "gatehouse.jwks.corp" || s.LeaseKey() != "gatehouse.jwks.corp.lease" {
		t.Fatal(s.Key(), s.LeaseKey())
	}
	steps := []struct {
		name string
		do   func(now time.Time)
		at   time.Duration
		due  bool
	}{
		{"no set: due at once", nil, 0, true},
		{"fetch in flight: not due", func(now time.Time) { s.Started(now) }, 0, false},
		{"fetch failed: wait MinRetry", func(time.Time) { s.Finished() }, time.Second, false},
		{"after MinRetry: due again", nil, 2 * time.Second, true},
		{"installed: not due", func(now time.Time) { s.Install(5, now) }, 3 * time.Second, false},
		{"still fresh", nil, 5 * time.Minute, false},
		{"urgent refresh for an unknown kid", func(now time.Time) {
			if !s.Urgent(now) {
				t.Fatal("urgent refused")
			}
		}, 5 * time.Minute, true},
		{"urgent fetch started", func(now time.Time) { s.Started(now) }, 5 * time.Minute, false},
		{"a second urgent within 30s is refused", func(now time.Time) {
			s.Finished()
			if s.Urgent(now) {
				t.Fatal("urgent accepted twice")
			}
		}, 5*time.Minute + 10*time.Second, false},
		{"stale after Refresh", nil, 3*time.Second + 10*time.Minute, true},
		{"another VM holds the lease", func(now time.Time) { s.Busy(now) }, 3*time.Second + 10*time.Minute, false},
	}
	for _, st := range steps {
		now := t0.Add(st.at)
		if st.do != nil {
			st.do(now)
		}
		if got := s.Due(now); got != st.due {
			t.Fatalf("%s: Due = %v, want %v", st.name, got, st.due)
		}
	}
}

func TestLeaseFree(t *testing.T) {
	tests := []struct {
		name  string
		lease []byte
		free  bool
	}{
		{"none", nil, true},
		{"malformed", []byte("x"), true},
		{"expired", EncodeLease(2, t0), true},
		{"ours", EncodeLease(1, t0.Add(time.Minute)), true},
		{"another VM's", EncodeLease(2, t0.Add(time.Second)), false},
	}
	for _, tt := range tests {
		if got := LeaseFree(tt.lease, 1, t0); got != tt.free {
			t.Errorf("%s: LeaseFree = %v", tt.name, got)
		}
	}
}

func TestWaitUntil(t *testing.T) {
	s := &Source{Timeout: 5 * time.Second}
	if got := s.WaitUntil(t0); !got.Equal(t0.Add(6 * time.Second)) {
		t.Fatalf("WaitUntil = %v", got)
	}
}
