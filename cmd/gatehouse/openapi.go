package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"gatehouse/config"
)

// openAPIMethods are the operation keys of an OpenAPI 3.x path item, in the
// order findings are listed.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openAPIDoc is the part of an OpenAPI 3.x document that says which operations
// exist.
type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Servers []struct {
		URL       string `json:"url"`
		Variables map[string]struct {
			Default string `json:"default"`
		} `json:"variables"`
	} `json:"servers"`
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

// operation is one method on one path of the spec, with the path as a client
// sends it (the first server's base path included) and the first server's
// host (lower case; empty when the spec names none).
type operation struct {
	method, host, path string
}

// readOpenAPI reads an OpenAPI 3.x document (JSON, or YAML for any other
// extension) and lists its operations, sorted by path then method.
func readOpenAPI(file string) ([]operation, error) {
	data, err := readPolicy(file)
	if err != nil {
		return nil, err
	}
	var doc openAPIDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not an OpenAPI document: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		if doc.OpenAPI == "" {
			return nil, fmt.Errorf("not an OpenAPI 3.x document (no openapi field)")
		}
		return nil, fmt.Errorf("not an OpenAPI 3.x document (openapi: %q)", doc.OpenAPI)
	}
	base, host := "", ""
	if len(doc.Servers) > 0 {
		s := doc.Servers[0].URL
		for name, v := range doc.Servers[0].Variables {
			s = strings.ReplaceAll(s, "{"+name+"}", v.Default)
		}
		u, err := url.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("servers[0].url: %v", err)
		}
		base, host = strings.TrimSuffix(u.Path, "/"), strings.ToLower(u.Hostname())
	}
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var ops []operation
	for _, p := range paths {
		for _, m := range openAPIMethods {
			if _, ok := doc.Paths[p][m]; ok {
				ops = append(ops, operation{method: strings.ToUpper(m), host: host, path: base + p})
			}
		}
	}
	return ops, nil
}

// compareOpenAPI finds the spec's operations that no route covers (as
// "METHOD path: warning: …") and the routes that cover none of its operations
// (as "routes[i]: warning: …"). An operation is covered by the route a request
// to it would reach, with a fresh segment (equal to no literal of the policy)
// for each path parameter.
func compareOpenAPI(pol *config.Policy, spec string, ops []operation) (uncovered, unknown []string) {
	fresh := freshSegment(pol)
	used := make([]bool, len(pol.Routes))
	for _, op := range ops {
		path := witnessOf(op.path, fresh)
		if i, _ := pol.RouteFor(op.host, op.method, path); i >= 0 {
			used[i] = true
			continue
		}
		uncovered = append(uncovered, fmt.Sprintf("%s %s: warning: no route covers this operation", op.method, op.path))
	}
	for i, r := range pol.Routes {
		if !used[i] {
			unknown = append(unknown, fmt.Sprintf("routes[%d]: warning: %s %s (%s) is no operation of %s",
				i, methodList(r.Match.Methods), r.Match.Path, r.ID, spec))
		}
	}
	return uncovered, unknown
}

// witnessOf turns an OpenAPI path template into a request path: every segment
// with a {parameter} in it becomes fresh.
func witnessOf(template, fresh string) string {
	segs := strings.Split(template, "/")
	for i, s := range segs {
		if strings.Contains(s, "{") {
			segs[i] = fresh
		}
	}
	return strings.Join(segs, "/")
}

// methodList writes a route's methods for a message: "GET,POST", or "*" for all.
func methodList(ms []config.Method) string {
	if len(ms) == 0 {
		return "*"
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = string(m)
	}
	return strings.Join(parts, ",")
}
