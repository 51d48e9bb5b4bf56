package jwt

import (
	"errors"

	"gatehouse/jsontree"
)

// This file turns token headers, claims and JWKS documents into Go values.
// jsontree reads them (strict RFC 8259, nesting bounded at jsontree.MaxDepth);
// duplicate member names are refused here at any depth: encoding/json keeps
// the last one, which lets two parsers read different claims from one token.
// Values decode as map[string]any, []any, string, bool, nil and Number (the
// literal as written), the shapes encoding/json gives with UseNumber, with
// Number in place of json.Number.

// Number is a JSON number literal as written in the document, what
// json.Number is to encoding/json with UseNumber. It is our own type so that
// the module does not link encoding/json (its package initialisation and
// encoders) for one string type.
type Number string

// decodeObject decodes a JSON object into a map, numbers as Number. It
// refuses what parseObject refuses. Syntax errors are *jsontree.SyntaxError.
func decodeObject(data []byte) (map[string]any, error) {
	root, err := parseObject(data)
	if err != nil {
		return nil, err
	}
	return goValue(root).(map[string]any), nil
}

// parseObject reads exactly one JSON object surrounded by optional whitespace,
// and refuses duplicate member names at any depth (the first in document
// order is named). Token headers and claims are read from the tree directly,
// so a verification builds no maps. Syntax errors are *jsontree.SyntaxError.
func parseObject(data []byte) (*jsontree.Node, error) { return parseObjectString(string(data)) }

// parseObjectString is parseObject of a string, which the tree keeps (and does
// not copy).
func parseObjectString(data string) (*jsontree.Node, error) {
	if i := skipSpace(data, 0); i == len(data) || data[i] != '{' {
		return nil, errors.New("not a JSON object")
	}
	root, serr := jsontree.ParseString(data)
	if serr != nil {
		return nil, serr
	}
	if key, ok := firstDuplicate(root); ok {
		return nil, errorf("json: duplicate key '%s' in object", key)
	}
	return root, nil
}

// firstDuplicate finds the first member name repeated within one object, in
// document order (a member before the members of its value).
func firstDuplicate(n *jsontree.Node) (string, bool) {
	switch n.Kind {
	case jsontree.Array:
		for _, e := range n.Elems {
			if key, ok := firstDuplicate(e); ok {
				return key, true
			}
		}
	case jsontree.Object:
		for _, m := range n.Members {
			if m.Dup {
				return m.Key, true
			}
			if key, ok := firstDuplicate(m.Val); ok {
				return key, true
			}
		}
	}
	return "", false
}

// objectMember returns the value of the member named key of object n, or nil. Names
// are unique: parseObject refused duplicates.
func objectMember(n *jsontree.Node, key string) *jsontree.Node {
	for i := range n.Members {
		if n.Members[i].Key == key {
			return n.Members[i].Val
		}
	}
	return nil
}

// goValue converts n, from a tree parseObject accepted, to the value
// encoding/json (UseNumber) gives, numbers as Number.
func goValue(n *jsontree.Node) any {
	switch n.Kind {
	case jsontree.Bool:
		return n.Bool
	case jsontree.Number:
		return Number(n.Str)
	case jsontree.String:
		return n.Str
	case jsontree.Array:
		list := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			list[i] = goValue(e)
		}
		return list
	case jsontree.Object:
		m := make(map[string]any, len(n.Members))
		for _, mem := range n.Members {
			m[mem.Key] = goValue(mem.Val)
		}
		return m
	}
	return nil
}
