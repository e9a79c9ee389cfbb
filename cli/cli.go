// Package cli is Spanbench's command line: headless subcommands over annot
// and store, the same operations the window offers. Run returns the exit
// status: 0 ok, 1 failure (one line on stderr), 2 usage error.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"spanbench/annot"
	"spanbench/store"
)

// Version is Spanbench's version (annot.Version).
const Version = annot.Version

// Env is what a command runs with: its arguments' outputs and the project.
type Env struct {
	Stdout, Stderr io.Writer
	Ctx            context.Context
	DB             string // project file path (--db)
	Annotator      string // name written into the edit log (--annotator)
}

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis of positional arguments and flags
	summary string
	// positional says the command takes arguments besides its flags;
	// without it, any argument is a usage error.
	positional bool
	// flags declares the command's own flags on fs.
	flags func(fs *flag.FlagSet)
	// run does the work; returned errors print as one line with exit 1,
	// usageError with exit 2.
	run func(env *Env, fs *flag.FlagSet) error
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// usageError is a mistake in how the command was called (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// DefaultDB is the project file used without --db:
// <user config dir>/spanbench/workbench.db.
func DefaultDB() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "spanbench", "workbench.db")
}

// Run runs the command line args (without the program name). With no
// subcommand, only --db, it calls openWindow on the project path; a nil
// openWindow prints the help instead.
func Run(args []string, stdout, stderr io.Writer, openWindow func(db string) error) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" {
		fs := flag.NewFlagSet("spanbench", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		db := fs.String("db", DefaultDB(), "")
		if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
			fmt.Fprintf(stderr, "spanbench: %s\n", oneLine(firstNonNil(err, fmt.Errorf("unexpected argument %q", fs.Arg(0)))))
			help(stderr)
			return 2
		}
		if openWindow == nil {
			help(stdout)
			return 0
		}
		if err := openWindow(*db); err != nil {
			fmt.Fprintf(stderr, "spanbench: %s\n", oneLine(err))
			return 1
		}
		return 0
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				commandHelp(stdout, c)
				return 0
			}
		}
		help(stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "spanbench: unknown command %q\n", name)
		help(stderr)
		return 2
	}
	env := &Env{Stdout: stdout, Stderr: stderr, Ctx: context.Background()}
	fs := flag.NewFlagSet("spanbench "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&env.DB, "db", DefaultDB(), "project file")
	fs.StringVar(&env.Annotator, "annotator", annot.DefaultAnnotator(), "name recorded in the edit log")
	if c.flags != nil {
		c.flags(fs)
	}
	if err := parseInterspersed(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandHelp(stdout, c)
			return 0
		}
		fmt.Fprintf(stderr, "spanbench %s: %s\n", name, oneLine(err))
		commandHelp(stderr, c)
		return 2
	}
	if !c.positional && fs.NArg() > 0 {
		fmt.Fprintf(stderr, "spanbench %s: unexpected argument %q\n", name, fs.Arg(0))
		commandHelp(stderr, c)
		return 2
	}
	if err := c.run(env, fs); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "spanbench %s: %s\n", name, term(ue.msg))
			commandHelp(stderr, c)
			return 2
		}
		var ee exitError
		if errors.As(err, &ee) {
			if ee.msg != "" {
				fmt.Fprintf(stderr, "spanbench %s: %s\n", name, term(ee.msg))
			}
			return ee.code
		}
		fmt.Fprintf(stderr, "spanbench %s: %s\n", name, oneLine(err))
		return 1
	}
	return 0
}

// exitError ends a command with a given status and an optional message,
// for commands whose failure is a finding (lint exits 1 when it finds any).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// parseInterspersed parses flags anywhere among the arguments, so
// "import a.txt --db p.db" works like "import --db p.db a.txt". A lone "--"
// ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

func firstNonNil(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// oneLine keeps an error message to one line, safe for a terminal (term):
// a message may quote a title, a label or a file name.
func oneLine(err error) string {
	return term(annot.OneLine(err.Error()))
}

func help(w io.Writer) {
	fmt.Fprintf(w, `Spanbench %s: an annotation workbench for quotes, claims and entities in news text.

Usage:
  spanbench [--db PATH]            open the workbench window on a project
  spanbench COMMAND [flags] ...    run a command without the window

Commands:
`, Version)
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, `
Every command takes --db PATH (default %s) and --annotator NAME.
A project file that does not exist yet is created empty.
Run "spanbench help COMMAND" for a command's flags.
`, DefaultDB())
}

func commandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: spanbench %s %s\n  %s\n\nFlags:\n", c.name, c.args, c.summary)
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.String("db", DefaultDB(), "project file")
	fs.String("annotator", annot.DefaultAnnotator(), "name recorded in the edit log")
	if c.flags != nil {
		c.flags(fs)
	}
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// openRead opens the project of a command that changes nothing (list,
// check, export, lint, labels and cues without changes): read-only, never
// created or migrated; a missing or empty file is an error.
func (env *Env) openRead() (*store.Store, error) {
	return store.OpenReadOnly(env.DB)
}

// open opens the command's project, creating it empty when missing.
func (env *Env) open() (*store.Store, error) {
	return store.Open(env.DB)
}
