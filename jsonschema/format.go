package jsonschema

import "gatehouse/jsontree"

// format is an asserted "format" of strings. Values of other types pass, as
// the specification says.
type format uint8

const (
	formatNone format = iota
	formatDateTime
	formatDate
	formatEmail
	formatUUID
	formatURI
	formatIPv4
	formatIPv6
)

var formatNames = map[string]format{"date-time": formatDateTime, "date": formatDate, "email": formatEmail,
	"uuid": formatUUID, "uri": formatURI, "ipv4": formatIPv4, "ipv6": formatIPv6}

func (c *compiler) format(v *jsontree.Node, p string) format {
	if v.Kind == jsontree.String {
		if f, ok := formatNames[v.Str]; ok {
			return f
		}
	}
	c.errorf(v, p, ErrInvalidSchema, "must be one of date-time, date, email, uuid, uri, ipv4, ipv6")
	return formatNone
}

// check reports whether s has the format.
func (f format) check(s []byte) bool {
	switch f {
	case formatDateTime:
		return isDateTime(s)
	case formatDate:
		return isDate(s)
	case formatEmail:
		return isEmail(s)
	case formatUUID:
		return isUUID(s)
	case formatURI:
		return isURI(s)
	case formatIPv4:
		return isIPv4(s)
	case formatIPv6:
		return isIPv6(s)
	}
	return true
}
