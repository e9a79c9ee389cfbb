package cli

import (
	"flag"
	"fmt"
	"time"
)

func init() {
	register(&command{
		name:    "check",
		summary: "check the project file for damage and half-applied changes (reads it all; changes nothing)",
		run: func(env *Env, fs *flag.FlagSet) error {
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			start := time.Now()
			problems, err := s.Check(env.Ctx)
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintln(env.Stdout, term(p))
			}
			if len(problems) > 0 {
				return exitError{1, fmt.Sprintf("%d problems in %s; it was not changed — restore it from a backup", len(problems), term(s.Path()))}
			}
			fmt.Fprintf(env.Stdout, "%s: ok (checked in %s)\n", term(s.Path()), time.Since(start).Round(time.Millisecond))
			return nil
		},
	})
}
