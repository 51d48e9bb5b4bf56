package config

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gatehouse/jsontree"
)

// This file is the strict decoder: it copies a JSON tree into Go values by
// reflection, reporting every mismatch with its path.
//
// Supported Go types: structs, pointers to them, slices, maps with string keys,
// strings, booleans, integers, floats, and any type whose pointer implements
// stringDecoder. Struct fields are decoded only when they have a `json:"name"` tag
// (`json:"-"` and untagged fields are left alone, for values computed during
// validation); `policy:"required"` makes a field mandatory. After a value is decoded,
// its validate method (see validator) is called if its pointer has one, so children
// are validated before their parents.

// stringDecoder is implemented by policy types that are written as a JSON string
// with a syntax of their own (enums, durations). decodeString parses s into the
// receiver; the text of a returned error becomes the message, classed ErrInvalid.
type stringDecoder interface {
	decodeString(s string) error
}

// describer optionally names what a stringDecoder expects, for type errors
// ("expected a duration string like \"10m\", got number"). Without it the message
// says "a string".
type describer interface {
	describe() string
}

// nodeDecoder is implemented by policy types that keep (part of) their JSON as
// the tree itself, such as JSON schemas and enum values of any JSON type.
// decodeNode takes n as it is; a non-empty result names what was expected
// instead ("a string, number or boolean") and becomes a type error.
type nodeDecoder interface {
	decodeNode(n *jsontree.Node) (want string)
}

// validator is implemented by policy types with rules beyond their JSON shape.
// validate is called once the value is decoded, with the value's path; it reports
// problems with errs.add. Values that failed to decode, and their children, are not
// reported twice: errs.add drops errors below a failed path.
type validator interface {
	validate(p path, errs *errorList)
}

type decoder struct {
	errs *errorList
}

// decode decodes n into v (which must be addressable) and then validates it.
func (d *decoder) decode(n *jsontree.Node, v reflect.Value, p path) {
	d.errs.offsets[p] = n.Off
	if !d.decodeValue(n, v, p) {
		return
	}
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if val, ok := v.Addr().Interface().(validator); ok {
		val.validate(p, d.errs)
	}
}

// decodeValue decodes n into v and reports whether n had the right JSON type (the
// value may still contain errors deeper down).
func (d *decoder) decodeValue(n *jsontree.Node, v reflect.Value, p path) bool {
	if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
		if want := nd.decodeNode(n); want != "" {
			return d.typeError(n, p, want)
		}
		return true
	}
	if sd, ok := v.Addr().Interface().(stringDecoder); ok {
		if n.Kind != jsontree.String {
			want := "a string"
			if ds, ok := sd.(describer); ok {
				want = ds.describe()
			}
			return d.typeError(n, p, want)
		}
		if err := sd.decodeString(n.Str); err != nil {
			d.errs.fail(n.Off, p, ErrInvalid, err.Error())
		}
		return true
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Kind == jsontree.Null {
			return d.typeError(n, p, expectedFor(v.Type().Elem()))
		}
		elem := reflect.New(v.Type().Elem())
		if !d.decodeValue(n, elem.Elem(), p) {
			return false
		}
		v.Set(elem)
		return true
	case reflect.Struct:
		if n.Kind != jsontree.Object {
			return d.typeError(n, p, "an object")
		}
		d.decodeStruct(n, v, p)
	case reflect.Map:
		if n.Kind != jsontree.Object {
			return d.typeError(n, p, "an object")
		}
		d.decodeMap(n, v, p)
	case reflect.Slice:
		if n.Kind != jsontree.Array {
			return d.typeError(n, p, "an array")
		}
		s := reflect.MakeSlice(v.Type(), len(n.Elems), len(n.Elems))
		for i, e := range n.Elems {
			d.decode(e, s.Index(i), p.index(i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != jsontree.String {
			return d.typeError(n, p, "a string")
		}
		v.SetString(n.Str)
	case reflect.Bool:
		if n.Kind != jsontree.Bool {
			return d.typeError(n, p, "a boolean")
		}
		v.SetBool(n.Bool)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.Kind != jsontree.Number || !isIntegerLiteral(n.Str) {
			return d.typeError(n, p, "an integer")
		}
		i, err := strconv.ParseInt(n.Str, 10, v.Type().Bits())
		if err != nil || v.OverflowInt(i) {
			bits := uint(v.Type().Bits())
			lo, hi := -int64(1)<<(bits-1), int64(1)<<(bits-1)-1
			d.errs.fail(n.Off, p, ErrType, fmt.Sprintf("%s is out of range (want %d to %d)", n.Str, lo, hi))
			return true
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Kind != jsontree.Number || !isIntegerLiteral(n.Str) {
			return d.typeError(n, p, "an integer")
		}
		u, err := strconv.ParseUint(n.Str, 10, v.Type().Bits())
		if err != nil || v.OverflowUint(u) {
			hi := uint64(1)<<(v.Type().Bits()-1)<<1 - 1
			d.errs.fail(n.Off, p, ErrType, fmt.Sprintf("%s is out of range (want 0 to %d)", n.Str, hi))
			return true
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		if n.Kind != jsontree.Number {
			return d.typeError(n, p, "a number")
		}
		f, err := strconv.ParseFloat(n.Str, v.Type().Bits())
		if err != nil {
			d.errs.fail(n.Off, p, ErrType, fmt.Sprintf("%s is out of range", n.Str))
			return true
		}
		v.SetFloat(f)
	default:
		// A policy type uses a Go type this decoder does not support: a programming
		// error that any test parsing that field finds.
		panic("config: cannot decode into Go type " + v.Type().String())
	}
	return true
}

// typeError reports that n is not of the expected type; it always returns false.
func (d *decoder) typeError(n *jsontree.Node, p path, want string) bool {
	got := n.Kind.String()
	if n.Kind == jsontree.Number && want == "an integer" {
		got = n.Str
	}
	d.errs.fail(n.Off, p, ErrType, "expected "+want+", got "+got)
	return false
}

// expectedFor names the JSON shape of Go type t for type errors.
func expectedFor(t reflect.Type) string {
	if ds, ok := reflect.New(t).Interface().(describer); ok {
		return ds.describe()
	}
	if _, ok := reflect.New(t).Interface().(stringDecoder); ok {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return expectedFor(t.Elem())
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "an integer"
}

// isIntegerLiteral reports whether a JSON number literal has no fraction or
// exponent.
func isIntegerLiteral(s string) bool { return !strings.ContainsAny(s, ".eE") }

// field describes one decodable struct field.
type field struct {
	_        [0]func() // not comparable: no generated equality function
	name     string    // JSON name
	index    int
	required bool
}

// structFields lists the decodable fields of struct type t in declaration order,
// and their names sorted, for "unknown field" messages.
func structFields(t reflect.Type) (fields []field, known string) {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(tagValue(f.Tag, "json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		fields = append(fields, field{name: name, index: i, required: tagValue(f.Tag, "policy") == "required"})
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	return fields, joinNames(names)
}

// tagValue is tag.Get(key) for the policy types' tags, whose values hold no
// backslash escapes: reflect's StructTag.Get unquotes values with
// strconv.Unquote, which linked 10 KB into the module for nothing. A tag
// value with a backslash is a programming error that any test parsing the
// type finds.
func tagValue(tag reflect.StructTag, key string) string {
	for tag != "" {
		i := 0
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		tag = tag[i:]
		i = 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' && tag[i] != 0x7f {
			i++
		}
		if i == 0 || i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			break
		}
		name := string(tag[:i])
		tag = tag[i+2:]
		i = strings.IndexByte(string(tag), '"')
		if i < 0 {
			break
		}
		value := string(tag[:i])
		if strings.IndexByte(value, '\\') >= 0 {
			panic("config: struct tag value with an escape: " + value)
		}
		if name == key {
			return value
		}
		tag = tag[i+1:]
	}
	return ""
}

func (d *decoder) decodeStruct(n *jsontree.Node, v reflect.Value, p path) {
	fields, known := structFields(v.Type())
	seen := make([]bool, len(fields))
	for _, m := range n.Members {
		if m.Dup {
			d.errs.addAt(m.Off, p.key(m.Key), ErrDuplicateKey, "duplicate key")
			continue
		}
		i := slices.IndexFunc(fields, func(f field) bool { return f.name == m.Key })
		if i < 0 {
			msg := "unknown field (known: " + known + ")"
			if known == "" {
				msg = "unknown field (this object has no fields)"
			}
			d.errs.addAt(m.Off, p.key(m.Key), ErrUnknownField, msg)
			continue
		}
		seen[i] = true
		d.decode(m.Val, v.Field(fields[i].index), p.key(m.Key))
	}
	for i, f := range fields {
		if f.required && !seen[i] {
			// Reported at the closing brace, where a reader notices the absence.
			d.errs.addAt(n.End-1, p, ErrMissingField, fmt.Sprintf("missing required field %q", f.name))
			d.errs.failed[p.key(f.name)] = true
		}
	}
}

func (d *decoder) decodeMap(n *jsontree.Node, v reflect.Value, p path) {
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		panic("config: cannot decode into Go type " + t.String() + " (map keys must be strings)")
	}
	m := reflect.MakeMapWithSize(t, len(n.Members))
	for _, mem := range n.Members {
		if mem.Dup {
			d.errs.addAt(mem.Off, p.key(mem.Key), ErrDuplicateKey, "duplicate key")
			continue
		}
		val := reflect.New(t.Elem()).Elem()
		d.decode(mem.Val, val, p.key(mem.Key))
		// The key is set with SetString, not converted with Value.Convert, which
		// links reflect's conversions (60 KB of the module).
		key := reflect.New(t.Key()).Elem()
		key.SetString(mem.Key)
		m.SetMapIndex(key, val)
	}
	v.Set(m)
}

// decodeDocument decodes a whole document tree into v, a pointer to a struct.
func decodeDocument(root *jsontree.Node, v any, errs *errorList) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic(errors.New("config: decodeDocument needs a non-nil pointer"))
	}
	d := decoder{errs: errs}
	d.decode(root, rv.Elem(), "")
}
