package config

// A small IP address and prefix parser. net/netip would do, but linking it adds
// about 190 KB to the .wasm (it brings the unique package and its runtime
// support), and Gatehouse only needs to parse addresses and test prefixes.

// IP is an IPv4 or IPv6 address. IPv4 addresses (and IPv4-mapped IPv6
// addresses) are stored in the IPv4-mapped form ::ffff:a.b.c.d, so one prefix
// test serves both.
type IP struct {
	b  [16]byte
	v4 bool
}

// Prefix is a CIDR prefix.
type Prefix struct {
	ip   IP
	bits int // prefix length within the 128-bit form
}

var v4InV6 = [12]byte{10: 0xff, 11: 0xff}

// ParseIP parses a dotted-quad IPv4 or an RFC 4291 IPv6 address (no zone).
func ParseIP(s string) (IP, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return parseIPv6(s)
		}
	}
	var ip IP
	if !parseIPv4(s, ip.b[12:]) {
		return IP{}, false
	}
	copy(ip.b[:12], v4InV6[:])
	ip.v4 = true
	return ip, true
}

// parseIPv4 reads a.b.c.d into dst (4 bytes): decimal, no leading zeros.
func parseIPv4(s string, dst []byte) bool {
	n, val, digits := 0, 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || n == 4 {
				return false
			}
			dst[n] = byte(val)
			n, val, digits = n+1, 0, 0
			continue
		}
		c := s[i]
		if c < '0' || c > '9' || (digits == 1 && val == 0) {
			return false
		}
		val = val*10 + int(c-'0')
		digits++
		if val > 255 {
			return false
		}
	}
	return n == 4
}

func parseIPv6(s string) (IP, bool) {
	var ip IP
	ellipsis := -1 // index in ip.b where "::" stands
	i, n := 0, 0   // position in s, bytes written
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		ellipsis, i = 0, 2
		if i == len(s) {
			return ip, true
		}
	}
	for i < len(s) {
		// An embedded IPv4 address in the last 32 bits.
		if rest := s[i:]; n <= 12 && containsDot(rest) && !containsColon(rest) {
			if !parseIPv4(rest, ip.b[n:n+4]) {
				return IP{}, false
			}
			n += 4
			i = len(s)
			break
		}
		val, digits := 0, 0
		for i < len(s) && digits < 5 {
			h := hexVal(s[i])
			if h < 0 {
				break
			}
			val, digits, i = val<<4|h, digits+1, i+1
		}
		if digits == 0 || digits > 4 || n == 16 {
			return IP{}, false
		}
		ip.b[n], ip.b[n+1] = byte(val>>8), byte(val)
		n += 2
		if i == len(s) {
			break
		}
		if s[i] != ':' {
			return IP{}, false
		}
		i++
		if i < len(s) && s[i] == ':' {
			if ellipsis >= 0 {
				return IP{}, false
			}
			ellipsis = n
			i++
			if i == len(s) {
				break
			}
		} else if i == len(s) {
			return IP{}, false // trailing single colon
		}
	}
	if ellipsis >= 0 {
		if n == 16 {
			return IP{}, false
		}
		shift := 16 - n
		copy(ip.b[ellipsis+shift:], ip.b[ellipsis:n])
		for j := ellipsis; j < ellipsis+shift; j++ {
			ip.b[j] = 0
		}
	} else if n != 16 {
		return IP{}, false
	}
	ip.v4 = [12]byte(ip.b[:12]) == v4InV6
	return ip, true
}

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// ParsePrefix parses "addr/bits" (bits up to 32 for IPv4, 128 for IPv6) or a
// single address (a full-length prefix). Host bits set beyond the prefix
// length are an error: they usually mean a typo.
func ParsePrefix(s string) (Prefix, bool) {
	slash := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			slash = i
			break
		}
	}
	addr, bitsText := s, ""
	if slash >= 0 {
		addr, bitsText = s[:slash], s[slash+1:]
	}
	ip, ok := ParseIP(addr)
	if !ok {
		return Prefix{}, false
	}
	max := 128
	if ip.v4 && !containsColon(addr) {
		max = 32
	}
	bits := max
	if slash >= 0 {
		if bitsText == "" || len(bitsText) > 3 || (len(bitsText) > 1 && bitsText[0] == '0') {
			return Prefix{}, false
		}
		bits = 0
		for i := 0; i < len(bitsText); i++ {
			c := bitsText[i]
			if c < '0' || c > '9' {
				return Prefix{}, false
			}
			bits = bits*10 + int(c-'0')
		}
		if bits > max {
			return Prefix{}, false
		}
	}
	if max == 32 {
		bits += 96
	}
	p := Prefix{ip: ip, bits: bits}
	for i := bits; i < 128; i++ {
		if ip.b[i/8]&(0x80>>(i%8)) != 0 {
			return Prefix{}, false
		}
	}
	return p, true
}

func containsColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// Contains reports whether ip is in the prefix.
func (p Prefix) Contains(ip IP) bool {
	full := p.bits / 8
	for i := 0; i < full; i++ {
		if ip.b[i] != p.ip.b[i] {
			return false
		}
	}
	if rem := p.bits % 8; rem != 0 {
		mask := byte(0xff << (8 - rem))
		if ip.b[full]&mask != p.ip.b[full]&mask {
			return false
		}
	}
	return true
}

// Masked returns the address's 16 bytes (IPv4 in the IPv4-mapped form) with
// every bit after the first v4Bits (IPv4) or v6Bits (IPv6) cleared, and
// whether the address is IPv4. Rate limits aggregate clients with it.
func (ip IP) Masked(v4Bits, v6Bits int) ([16]byte, bool) {
	b, bits := ip.b, v6Bits
	if ip.v4 {
		bits = 96 + v4Bits
	}
	for i := bits; i < 128; i++ {
		b[i/8] &^= 0x80 >> (i % 8)
	}
	return b, ip.v4
}
