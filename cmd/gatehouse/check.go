package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

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
	fmt.Fprintf(stdout, "%s: ok\n", *policyPath)
	return 0
}

// lint lists what is legal but probably not meant, as "path: warning: …".
func lint(pol *config.Policy) []string {
	var out []string
	if pol.Default == config.DefaultAllow {
		out = append(out, "default: warning: allow lets requests that match no route through (meant for a gradual rollout)")
	}
	if pol.Mode == config.ModeReport {
		out = append(out, "mode: warning: report enforces nothing (decisions are only logged and counted)")
	}
	if pol.Response != nil {
		out = append(out, lintRedact("response.redact", pol.Response.Redact)...)
	}
	for i, r := range pol.Routes {
		p := fmt.Sprintf("routes[%d]", i)
		if r.Response != nil {
			out = append(out, lintRedact(p+".response.redact", r.Response.Redact)...)
		}
		if r.Mode != nil && *r.Mode == config.ModeReport && pol.Mode != config.ModeReport {
			out = append(out, p+".mode: warning: report: this route enforces nothing")
		}
		if !r.Public && len(r.Identity) == 0 {
			out = append(out, p+": warning: neither public nor identity: every request is refused (403)")
		}
	}
	return out
}

// lintRedact warns about a redact section that lets unredacted bodies out.
func lintRedact(p string, r *config.Redact) []string {
	if r == nil || r.Disabled || r.OnOverflow != config.OverflowPass {
		return nil
	}
	return []string{p + ".on_overflow: warning: pass sends bodies too large to redact (or compressed) unredacted"}
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
