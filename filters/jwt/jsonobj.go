package jwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gatehouse-dev/gatehouse/jsontree"
)

// This file turns token headers, claims and JWKS documents into Go values.
// jsontree reads them (strict RFC 8259, nesting bounded at jsontree.MaxDepth);
// duplicate member names are refused here at any depth: encoding/json keeps
// the last one, which lets two parsers read different claims from one token.
// Values decode as map[string]any, []any, string, bool, nil and json.Number
// (the literal as written), the shapes encoding/json gives with UseNumber.

// decodeObject decodes a JSON object into a map, numbers as json.Number. It
// refuses anything but exactly one object surrounded by optional whitespace,
// and duplicate member names at any depth. Syntax errors are
// *jsontree.SyntaxError.
func decodeObject(data []byte) (map[string]any, error) {
	if rest := bytes.TrimLeft(data, " \t\n\r"); len(rest) == 0 || rest[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	root, serr := jsontree.Parse(data)
	if serr != nil {
		return nil, serr
	}
	v, err := goValue(root)
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

// goValue converts n to the value encoding/json (UseNumber) gives, or fails
// at the first duplicate member name in document order.
func goValue(n *jsontree.Node) (any, error) {
	switch n.Kind {
	case jsontree.Bool:
		return n.Bool, nil
	case jsontree.Number:
		return json.Number(n.Str), nil
	case jsontree.String:
		return n.Str, nil
	case jsontree.Array:
		list := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			v, err := goValue(e)
			if err != nil {
				return nil, err
			}
			list[i] = v
		}
		return list, nil
	case jsontree.Object:
		m := make(map[string]any, len(n.Members))
		for _, mem := range n.Members {
			if mem.Dup {
				return nil, fmt.Errorf("json: duplicate key '%s' in object", mem.Key)
			}
			v, err := goValue(mem.Val)
			if err != nil {
				return nil, err
			}
			m[mem.Key] = v
		}
		return m, nil
	}
	return nil, nil
}
