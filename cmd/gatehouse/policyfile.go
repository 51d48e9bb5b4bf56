package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"
)

// readPolicy reads a policy file and returns it as JSON, the form the filter
// receives from Envoy. Files ending in .json are passed through unchanged (so
// duplicate keys and other strictness checks see the original); anything else
// is read as YAML, whose syntax errors name the line.
func readPolicy(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return data, nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return data, nil // config reports the empty policy
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "error converting YAML to JSON: "))
	}
	return js, nil
}
