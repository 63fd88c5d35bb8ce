// Command loket runs the Loket knowledge-base server and its tools.
//
//	loket serve   run the server (help site, APIs, channels)
//	loket lint    check a knowledge base: file:line: message
//	loket index   build the search index and print figures
//	loket search  search a knowledge base from the command line
//	loket eval    measure search quality on a query set
//
// Run "loket help COMMAND" for the flags of a command. Every flag of serve
// can also be set with an environment variable (LOKET_CONTENT, LOKET_DATA,
// LOKET_ADDR, ...): the flag wins when both are given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// env is the process environment, read only here and in the flag defaults.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

var commands = map[string]command{
	"serve":  {"run the server", runServe},
	"lint":   {"check a knowledge base and report problems as file:line: message", runLint},
	"index":  {"build the search index of a knowledge base and print figures", runIndex},
	"search": {"search a knowledge base", runSearch},
	"eval":   {"measure search quality and latency on a query file", runEval},
	"user":   {"manage the agent panel's accounts: add, passwd, disable, enable, list", runUser},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// exitError carries an exit status other than 1 without a message of its own.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// run executes one command and returns the process exit status.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if _, ok := commands[args[1]]; ok {
				return run(ctx, e, []string{args[1], "-h"})
			}
		}
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "loket: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return 2
	}
	err := cmd.run(ctx, e, args[1:])
	var exit exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &exit):
		return exit.code
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(e.stderr, "loket %s: %v\n", args[0], err)
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Loket: knowledge base and self-service deflection server.")
	fmt.Fprintln(w, "\nUsage: loket COMMAND [flags] [arguments]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun \"loket help COMMAND\" for its flags.")
}

// errUsage reports bad flags or arguments; the flag set has printed why.
var errUsage = errors.New("usage")

// newFlags returns a flag set that prints its usage to e.stderr.
func newFlags(e *env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: loket %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// envOr returns the environment variable key, or def when it is unset.
func (e *env) envOr(key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}
