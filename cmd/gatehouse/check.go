package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gatehouse/config"
)

// runCheck validates a policy the way the filter will: exit 0 when it loads, else
// exit 1 with each error on its own line as "FILE: json.path: message".
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gatehouse check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policyPath := fs.String("policy", "", "policy `file` (JSON, or YAML for any other extension)")
	specPath := fs.String("openapi", "", "OpenAPI 3.x `file` (JSON or YAML): list operations no route covers and routes it does not know")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *policyPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: gatehouse check --policy FILE [--openapi SPEC]")
		return 2
	}
	data, err := readPolicy(*policyPath)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *policyPath, err)
		return 1
	}
	pol, err := config.Parse(data)
	if err != nil {
		var errs config.Errors
		if errors.As(err, &errs) {
			for _, e := range errs {
				fmt.Fprintf(stderr, "%s: %s%s\n", *policyPath, e.Error(), yamlHint(*policyPath, e))
			}
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", *policyPath, err)
		}
		return 1
	}
	for _, w := range lint(pol) {
		fmt.Fprintf(stderr, "%s: %s\n", *policyPath, w)
	}
	if *specPath != "" {
		ops, err := readOpenAPI(*specPath)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", *specPath, err)
			return 1
		}
		uncovered, unknown := compareOpenAPI(pol, *specPath, ops)
		for _, w := range uncovered {
			fmt.Fprintf(stderr, "%s: %s\n", *specPath, w)
		}
		for _, w := range unknown {
			fmt.Fprintf(stderr, "%s: %s\n", *policyPath, w)
		}
	}
	fmt.Fprintf(stdout, "%s: ok\n", *policyPath)
	return 0
}

// yamlHint explains the classic YAML 1.1 trap: an unquoted key such as n, y, on
// or off is read as a boolean, so a JWK's "n" arrives as the key "false".
func yamlHint(file string, e *config.Error) string {
	if strings.EqualFold(filepath.Ext(file), ".json") || !errors.Is(e, config.ErrUnknownField) {
		return ""
	}
	if strings.HasSuffix(e.Path, ".true") || strings.HasSuffix(e.Path, ".false") {
		return " (YAML reads unquoted keys such as n, y, on and off as booleans: quote them)"
	}
	return ""
}
