package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/gatehouse-dev/gatehouse/config"
)

// runCheck validates a policy the way the filter will: exit 0 when it loads, else
// exit 1 with each error on its own line as "FILE: json.path: message".
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gatehouse check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policyPath := fs.String("policy", "", "policy `file` (JSON, or YAML for any other extension)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *policyPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: gatehouse check --policy FILE")
		return 2
	}
	data, err := readPolicy(*policyPath)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *policyPath, err)
		return 1
	}
	if _, err := config.Parse(data); err != nil {
		var errs config.Errors
		if errors.As(err, &errs) {
			for _, e := range errs {
				fmt.Fprintf(stderr, "%s: %s\n", *policyPath, e.Error())
			}
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", *policyPath, err)
		}
		return 1
	}
	fmt.Fprintf(stdout, "%s: ok\n", *policyPath)
	return 0
}
