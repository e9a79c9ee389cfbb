package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"spanbench/annot"
	"spanbench/store"
)

// namesFlag collects a repeated flag's values.
type namesFlag struct{ names *[]string }

func (f namesFlag) String() string {
	if f.names == nil {
		return ""
	}
	return strings.Join(*f.names, ",")
}

func (f namesFlag) Set(v string) error {
	*f.names = append(*f.names, v)
	return nil
}

func init() {
	var add []string
	register(&command{
		name:    "coders",
		args:    "[--add NAME]...",
		summary: "list the project's coders (those added and the annotators of spans and relations), or add some",
		flags: func(fs *flag.FlagSet) {
			add = nil
			fs.Var(namesFlag{&add}, "add", "add a coder by name (repeat for more)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if len(add) > 0 {
				for _, n := range add {
					if err := checkCoderFlag("--add", n); err != nil {
						return err
					}
				}
				s, err := env.open()
				if err != nil {
					return err
				}
				defer s.Close()
				if err := s.AddCoders(env.Ctx, add); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "added %d coders: %s\n", len(add), term(strings.Join(add, ", ")))
				return nil
			}
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			coders, err := s.Coders(env.Ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "CODER\tADDED\tANNOTATOR")
			for _, c := range coders {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", term(c.Name), yesNo(c.Added), yesNo(c.Annotator))
			}
			return tw.Flush()
		},
	})
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// coderList splits a comma-separated list of coders given in flagName,
// each a valid coder name listed once.
func coderList(flagName, v string) ([]string, error) {
	names := strings.Split(v, ",")
	seen := map[string]bool{}
	for _, n := range names {
		if err := checkCoderFlag(flagName, n); err != nil {
			return nil, err
		}
		if seen[n] {
			return nil, usagef("%s: %q is listed twice", flagName, n)
		}
		seen[n] = true
	}
	return names, nil
}

// checkCoderFlag turns a bad coder name in a flag into a usage error
// naming the flag.
func checkCoderFlag(flagName, name string) error {
	if err := store.CheckCoderName(name); err != nil {
		var bad *annot.Error
		if errors.As(err, &bad) {
			return usagef("%s: %s", flagName, bad.Msg)
		}
		return err
	}
	return nil
}
