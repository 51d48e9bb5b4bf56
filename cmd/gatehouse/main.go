// Command gatehouse is the Gatehouse CLI:
//
//	gatehouse run   --policy FILE [--upstream URL] ...  serve the real .wasm behind a local proxy
//	gatehouse check --policy FILE [--openapi SPEC]      validate and lint a policy (JSON or YAML)
//
// Run `gatehouse help` for the flags of each command.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: it gets its arguments and output streams and
// returns the process exit code.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"check": {"validate a policy file", runCheck},
		"run":   {"serve build/gatehouse.wasm behind a local HTTP proxy", runRun},
		"token": {"mint a development JWT from a key file", runToken},
	}
}

func runMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gatehouse: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gatehouse <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, name := range []string{"run", "check", "token"} {
		fmt.Fprintf(w, "  %-6s %s\n", name, commands()[name].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'gatehouse <command> -h' for its flags.")
}
