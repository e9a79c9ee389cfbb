package cli

import (
	"flag"
	"fmt"
	"strings"
)

func init() {
	register(&command{
		name:       "merge",
		args:       "FILE...",
		summary:    "bring coders' files (made by pack) back into the project: documents matched by text, spans kept per annotator, conflicts listed and never overwritten",
		positional: true,
		run: func(env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("give one or more coder's files made by spanbench pack")
			}
			s, err := env.open()
			if err != nil {
				return err
			}
			defer s.Close()
			refused := 0
			for _, f := range fs.Args() {
				rep, err := s.Merge(env.Ctx, env.Annotator, f)
				if err != nil {
					fmt.Fprintf(env.Stderr, "spanbench merge: %s\n", oneLine(err))
					refused++
					continue
				}
				fmt.Fprintf(env.Stdout, "%s (%s): %d documents; spans %d added, %d changed, %d deleted; relations %d added, %d deleted; %d conflicts\n",
					term(rep.File), term(rep.Coder), rep.Documents, rep.Added, rep.Updated, rep.Deleted, rep.Linked, rep.Unlinked, len(rep.Conflicts))
				for _, c := range rep.Conflicts {
					fmt.Fprintf(env.Stdout, "  conflict: %s\n", term(c.String()))
				}
				for _, sk := range rep.Skipped {
					fmt.Fprintf(env.Stdout, "  not merged: %s\n", term(sk))
				}
				if len(rep.Unmatched) > 0 {
					fmt.Fprintf(env.Stdout, "  not in the project (no document with the same text): %s\n", term(strings.Join(rep.Unmatched, "; ")))
				}
			}
			if refused > 0 && fs.NArg() > 1 {
				return exitError{code: 1, msg: fmt.Sprintf("%d of %d files refused; the others were merged", refused, fs.NArg())}
			}
			if refused > 0 {
				return exitError{code: 1}
			}
			return nil
		},
	})
}
