package config

// decodeBase64 decodes s as encoding/base64's StdEncoding.DecodeString does,
// and reports whether that succeeds: the standard alphabet with '=' padding
// to a multiple of four characters, '\r' and '\n' ignored wherever they are,
// bits past the last byte ignored. FuzzDecodeBase64 compares it with
// encoding/base64. It is ours because the policy's HMAC secret was the only
// use of encoding/base64 in the .wasm: this function instead of it made the
// module 11 KB smaller.
func decodeBase64(s string) ([]byte, bool) {
	var q [4]byte // the current quantum's values
	n := 0        // characters of q filled
	pad := 0      // '=' seen; only newlines may follow the padding
	out := make([]byte, 0, len(s)/4*3)
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c == '\r' || c == '\n':
			continue
		case pad > 0 && (c != '=' || n+pad == 4):
			return nil, false
		case c == '=':
			if n < 2 {
				return nil, false
			}
			pad++
			continue
		case 'A' <= c && c <= 'Z':
			v = c - 'A'
		case 'a' <= c && c <= 'z':
			v = c - 'a' + 26
		case '0' <= c && c <= '9':
			v = c - '0' + 52
		case c == '+':
			v = 62
		case c == '/':
			v = 63
		default:
			return nil, false
		}
		q[n] = v
		if n++; n == 4 {
			out = append(out, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2, q[2]<<6|q[3])
			n = 0
		}
	}
	switch {
	case pad == 0 && n == 0:
		return out, true
	case n+pad != 4:
		return nil, false
	case n == 2:
		return append(out, q[0]<<2|q[1]>>4), true
	default: // n == 3
		return append(out, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2), true
	}
}
