package event

import (
	"testing"
	"time"
)

func TestAppendTimestampMatchesTimePackage(t *testing.T) {
	cases := []time.Time{
		time.Unix(0, 0),
		time.Date(2026, 11, 22, 7, 0, 0, 123456789, time.UTC),
		time.Date(2000, 2, 29, 23, 59, 59, 999999999, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 1000, time.UTC),
		time.Date(2100, 3, 1, 0, 0, 0, 0, time.FixedZone("x", -5*3600)),
		time.Date(1600, 1, 1, 12, 30, 0, 500000, time.UTC),
	}
	for _, at := range cases {
		want := at.UTC().Format("2006-01-02T15:04:05.000000Z")
		if got := string(appendTimestamp(nil, at)); got != want {
			t.Errorf("appendTimestamp(%v) = %s, want %s", at, got, want)
		}
	}
}

func FuzzAppendTimestamp(f *testing.F) {
	f.Add(int64(1795330800), int64(123456789))
	f.Fuzz(func(t *testing.T, sec, nsec int64) {
		sec %= 253402300800 // stay within years 0000..9999
		if sec < -62135596800 {
			sec = -62135596800
		}
		at := time.Unix(sec, nsec%1e9)
		if at.UTC().Year() < 0 || at.UTC().Year() > 9999 {
			return
		}
		want := at.UTC().Format("2006-01-02T15:04:05.000000Z")
		if got := string(appendTimestamp(nil, at)); got != want {
			t.Fatalf("appendTimestamp(%v) = %s, want %s", at, got, want)
		}
	})
}
