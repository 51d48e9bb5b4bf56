package jsonschema

// This file holds the small parsers behind "format": no net, net/netip,
// net/mail, net/url or time (the .wasm's size budget), and no allocation.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// num reads n decimal digits at s[i:] as a number.
func num(s []byte, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range s[i : i+n] {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// isDate checks an RFC 3339 full-date: YYYY-MM-DD, a real day of the
// proleptic Gregorian calendar.
func isDate(s []byte) bool { return len(s) == 10 && dateAt(s) }

func dateAt(s []byte) bool {
	y, ok1 := num(s, 0, 4)
	m, ok2 := num(s, 5, 2)
	d, ok3 := num(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// isDateTime checks an RFC 3339 date-time: full-date "T" partial-time
// time-offset, T and Z in either case, fractional seconds of any length, a
// leap second (:60) only where it falls at 23:59:60 UTC.
func isDateTime(s []byte) bool {
	if len(s) < 20 || !dateAt(s) || s[10] != 'T' && s[10] != 't' {
		return false
	}
	t := s[11:]
	h, ok1 := num(t, 0, 2)
	mi, ok2 := num(t, 3, 2)
	sec, ok3 := num(t, 6, 2)
	if !ok1 || !ok2 || !ok3 || t[2] != ':' || t[5] != ':' || h > 23 || mi > 59 || sec > 60 {
		return false
	}
	i := 8
	if i < len(t) && t[i] == '.' {
		j := i + 1
		for j < len(t) && isDigit(t[j]) {
			j++
		}
		if j == i+1 {
			return false
		}
		i = j
	}
	if i >= len(t) {
		return false
	}
	var offMin int
	switch t[i] {
	case 'Z', 'z':
		if i+1 != len(t) {
			return false
		}
	case '+', '-':
		oh, ok1 := num(t, i+1, 2)
		om, ok2 := num(t, i+4, 2)
		if !ok1 || !ok2 || t[i+3] != ':' || i+6 != len(t) || oh > 23 || om > 59 {
			return false
		}
		offMin = oh*60 + om
		if t[i] == '+' {
			offMin = -offMin
		}
	default:
		return false
	}
	if sec == 60 {
		utc := ((h*60+mi+offMin)%1440 + 1440) % 1440
		return utc == 23*60+59
	}
	return true
}

// isUUID checks the RFC 4122 string form: 8-4-4-4-12 hexadecimal digits, any
// case, any version and variant.
func isUUID(s []byte) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}

// isIPv4 checks a dotted quad: four decimal numbers 0..255 without leading
// zeros.
func isIPv4(s []byte) bool {
	parts, i := 0, 0
	for {
		j := i
		v := 0
		for j < len(s) && isDigit(s[j]) && j-i < 4 {
			v = v*10 + int(s[j]-'0')
			j++
		}
		if j == i || j-i > 3 || v > 255 || s[i] == '0' && j-i > 1 {
			return false
		}
		parts++
		if j == len(s) {
			return parts == 4
		}
		if s[j] != '.' || parts == 4 {
			return false
		}
		i = j + 1
	}
}

// isIPv6 checks the RFC 4291 text forms: eight groups of one to four
// hexadecimal digits, one "::" standing for one or more zero groups, and an
// optional dotted quad in place of the last two groups. Zone identifiers
// ("%eth0") are not addresses and fail.
func isIPv6(s []byte) bool {
	groups, gap := 0, false
	i := 0
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		gap, i = true, 2
		if i == len(s) {
			return true
		}
	}
	for i < len(s) {
		j := i
		for j < len(s) && isHex(s[j]) && j-i <= 4 {
			j++
		}
		if j < len(s) && s[j] == '.' { // embedded IPv4: the rest
			if !isIPv4(s[i:]) {
				return false
			}
			groups += 2
			break
		}
		if j == i || j-i > 4 {
			return false
		}
		groups++
		if j == len(s) {
			break
		}
		if s[j] != ':' {
			return false
		}
		if j+1 < len(s) && s[j+1] == ':' {
			if gap {
				return false
			}
			gap = true
			j++
			if j+1 == len(s) {
				break
			}
		} else if j+1 == len(s) {
			return false // trailing single colon
		}
		i = j + 1
	}
	if gap {
		return groups <= 7
	}
	return groups == 8
}

// isEmail is a pragmatic address check (RFC 5321 mailbox without the rarely
// used parts): a dot-atom local part of at most 64 bytes, "@", and a domain
// that is a host name of letter-digit-hyphen labels (at most 63 bytes each,
// no hyphen at either end, 253 bytes in all) or an address literal
// "[192.0.2.1]" / "[IPv6:2001:db8::1]". Quoted local parts and comments are
// refused.
func isEmail(s []byte) bool {
	at := -1
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '@' {
			at = i
			break
		}
	}
	if at <= 0 || at > 64 || at == len(s)-1 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	prevDot := true
	for _, c := range local {
		if c == '.' {
			if prevDot {
				return false
			}
			prevDot = true
			continue
		}
		if !isAtext(c) {
			return false
		}
		prevDot = false
	}
	if prevDot {
		return false
	}
	if domain[0] == '[' {
		if domain[len(domain)-1] != ']' {
			return false
		}
		lit := domain[1 : len(domain)-1]
		if len(lit) > 5 && string(lit[:5]) == "IPv6:" {
			return isIPv6(lit[5:])
		}
		return isIPv4(lit)
	}
	return isHostname(domain)
}

func isAtext(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) {
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '/', '=', '?', '^', '_', '`', '{', '|', '}', '~':
		return true
	}
	return false
}

// isHostname checks letter-digit-hyphen labels separated by dots.
func isHostname(s []byte) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c == '-') {
				return false
			}
			continue
		}
		n := i - start
		if n == 0 || n > 63 || s[start] == '-' || s[i-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}

// isURI checks an RFC 3986 URI (absolute, with a scheme): scheme ":"
// hier-part ["?" query] ["#" fragment], every character allowed where it
// stands, percent escapes well formed, and an authority's host a valid
// IP-literal, IPv4 address or reg-name, its port digits.
func isURI(s []byte) bool {
	// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
	i := 0
	for i < len(s) && s[i] != ':' {
		c := s[i]
		alpha := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !alpha && (i == 0 || !isDigit(c) && c != '+' && c != '-' && c != '.') {
			return false
		}
		i++
	}
	if i == 0 || i == len(s) {
		return false
	}
	rest := s[i+1:]
	if frag := indexByte(rest, '#'); frag >= 0 {
		if !uriChars(rest[frag+1:], "/?:@") {
			return false
		}
		rest = rest[:frag]
	}
	if q := indexByte(rest, '?'); q >= 0 {
		if !uriChars(rest[q+1:], "/?:@") {
			return false
		}
		rest = rest[:q]
	}
	if len(rest) >= 2 && rest[0] == '/' && rest[1] == '/' {
		auth := rest[2:]
		path := []byte(nil)
		if sl := indexByte(auth, '/'); sl >= 0 {
			auth, path = auth[:sl], auth[sl:]
		}
		return isAuthority(auth) && uriChars(path, "/:@")
	}
	return uriChars(rest, "/:@")
}

func indexByte(s []byte, c byte) int {
	for i, b := range s {
		if b == c {
			return i
		}
	}
	return -1
}

// uriChars reports whether s holds only unreserved characters, sub-delims,
// percent escapes and the extra characters given.
func uriChars(s []byte, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c):
		case c == '-' || c == '.' || c == '_' || c == '~':
		case c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=':
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		default:
			if indexByte([]byte(extra), c) < 0 {
				return false
			}
		}
	}
	return true
}

// isAuthority checks [userinfo "@"] host [":" port].
func isAuthority(a []byte) bool {
	if at := lastIndexByte(a, '@'); at >= 0 {
		if !uriChars(a[:at], ":") {
			return false
		}
		a = a[at+1:]
	}
	if len(a) > 0 && a[0] == '[' {
		end := indexByte(a, ']')
		if end < 0 {
			return false
		}
		lit := a[1:end]
		if len(lit) > 0 && (lit[0] == 'v' || lit[0] == 'V') { // IPvFuture
			dot := indexByte(lit, '.')
			if dot < 2 || dot == len(lit)-1 {
				return false
			}
			for _, c := range lit[1:dot] {
				if !isHex(c) {
					return false
				}
			}
			if !uriChars(lit[dot+1:], ":") {
				return false
			}
		} else if !isIPv6(lit) {
			return false
		}
		a = a[end+1:]
		if len(a) == 0 {
			return true
		}
		if a[0] != ':' {
			return false
		}
		return allDigits(a[1:])
	}
	if c := lastIndexByte(a, ':'); c >= 0 {
		if !allDigits(a[c+1:]) {
			return false
		}
		a = a[:c]
	}
	return uriChars(a, "") // reg-name (IPv4 addresses are reg-names too)
}

func lastIndexByte(s []byte, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func allDigits(s []byte) bool {
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return true
}
