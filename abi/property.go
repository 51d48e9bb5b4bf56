package abi

import "strings"

// PropertyPath joins property path segments with NUL bytes, the form
// proxy_get_property and proxy_set_property expect: PropertyPath("source",
// "address") is "source\x00address". A single dotted segment such as
// "source.address" is not found by Envoy.
func PropertyPath(segments ...string) string { return strings.Join(segments, "\x00") }

// SplitPropertyPath is the inverse of PropertyPath.
func SplitPropertyPath(path string) []string { return strings.Split(path, "\x00") }
