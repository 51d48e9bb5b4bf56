package config

import (
	"testing"
	"time"
)

var durationSeeds = []string{
	"", "0", "+0", "-0", "00", "0s", "1", "1s", "-1s", "+1s", "1.5h", ".5s", "5.s", ".s", "-.s", "1h30m", "1h30m15.5s",
	"250ms", "10us", "10µs", "10μs", "7ns", "1m1", "1x", "1sm", "1e3s", "1 s", " 1s", "1s ", "2562047h47m16.854775807s",
	"2562047h47m16.854775808s", "-2562047h47m16.854775808s", "-2562047h47m16.854775809s", "9223372036854775807ns",
	"9223372036854775808ns", "-9223372036854775808ns", "18446744073709551616ns", "0.000000000000000000001h",
	"1.00000000000000000000000000001s", "3.333333333333333333333h", "1h-1s", "1..5s", "--1s", "1S", "1H", "μs", "1µ",
	"0.9223372036854775807s", "922337203685477580.8ns", "1.0000000000000000000001ns",
}

// TestParseDurationAgreesWithTime checks parseDuration against
// time.ParseDuration on the seeds; FuzzParseDuration goes further.
func TestParseDurationAgreesWithTime(t *testing.T) {
	for _, s := range durationSeeds {
		checkParseDuration(t, s)
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range durationSeeds {
		f.Add(s)
	}
	f.Fuzz(checkParseDuration)
}

func checkParseDuration(t *testing.T, s string) {
	want, err := time.ParseDuration(s)
	got, ok := parseDuration(s)
	if ok != (err == nil) || ok && got != want {
		t.Fatalf("parseDuration(%q) = %v, %v; time.ParseDuration: %v, %v", s, got, ok, want, err)
	}
}
