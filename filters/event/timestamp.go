package event

import "time"

// appendTimestamp appends t in UTC as RFC 3339 with microseconds
// ("2026-11-22T07:00:00.123456Z"). It is what time.AppendFormat(RFC3339Nano)
// gives at fixed microsecond precision, in a handful of integer operations:
// formatting through the time package costs several times more inside the
// .wasm, where every Go function call is expensive.
func appendTimestamp(dst []byte, t time.Time) []byte {
	return appendFraction(appendSecond(dst, t), t)
}

// appendSecond appends t in UTC to the second: "2026-11-22T07:00:00".
func appendSecond(dst []byte, t time.Time) []byte {
	secs := t.Unix()
	days := secs / 86400
	rem := secs % 86400
	if rem < 0 {
		rem += 86400
		days--
	}
	y, m, d := civil(days)
	dst = append4(dst, y)
	dst = append(dst, '-')
	dst = append2(dst, m)
	dst = append(dst, '-')
	dst = append2(dst, d)
	dst = append(dst, 'T')
	dst = append2(dst, int(rem/3600))
	dst = append(dst, ':')
	dst = append2(dst, int(rem/60%60))
	dst = append(dst, ':')
	return append2(dst, int(rem%60))
}

// appendFraction appends t's microseconds and the zone: ".123456Z".
func appendFraction(dst []byte, t time.Time) []byte {
	us := t.Nanosecond() / 1000
	b := [8]byte{'.', 0, 0, 0, 0, 0, 0, 'Z'}
	for i := 6; i > 0; i-- {
		b[i] = byte('0' + us%10)
		us /= 10
	}
	return append(dst, b[:]...)
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date (Howard
// Hinnant's days_from_civil, inverted).
func civil(days int64) (year, month, day int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = int(doy - (153*mp+2)/5 + 1)
	month = int(mp + 3)
	if month > 12 {
		month -= 12
	}
	year = int(yoe + era*400)
	if month <= 2 {
		year++
	}
	return year, month, day
}

func append2(dst []byte, v int) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }

func append4(dst []byte, v int) []byte {
	if v < 0 || v > 9999 {
		v = 0 // outside RFC 3339; cannot come from a real clock
	}
	return append(dst, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}
