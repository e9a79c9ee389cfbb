package cli

import (
	"flag"
	"fmt"
)

func init() {
	var out *string
	register(&command{
		name:    "pack",
		args:    "--annotator CODER --out FILE",
		summary: "write a coder's own project file: their assigned documents, the labels, cues, gazetteer and guidelines (only their own spans when blind)",
		flags: func(fs *flag.FlagSet) {
			out = fs.String("out", "", "the coder's file to write (a new project file; an existing file is never replaced)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			given := false
			fs.Visit(func(f *flag.Flag) { given = given || f.Name == "annotator" })
			if !given {
				return usagef("give --annotator CODER: whose file to pack")
			}
			if *out == "" || *out == "-" {
				return usagef("give --out FILE: a coder's file is a project file, not a stream")
			}
			if err := checkCoderFlag("--annotator", env.Annotator); err != nil {
				return err
			}
			if err := checkOut(env, *out); err != nil {
				return err
			}
			s, err := env.open()
			if err != nil {
				return err
			}
			defer s.Close()
			rep, err := s.Pack(env.Ctx, env.Annotator, env.Annotator, *out)
			if err != nil {
				return err
			}
			blind := ""
			if rep.Blind {
				blind = " (blind: " + rep.Coder + "'s spans only)"
			}
			fmt.Fprintf(env.Stdout, "packed %d documents, %d spans and %d relations for %s into %s%s\n",
				rep.Documents, rep.Spans, rep.Relations, term(rep.Coder), term(rep.Path), blind)
			fmt.Fprintf(env.Stdout, "the coder opens it with: spanbench --db %s (annotator %s); bring it back with: spanbench merge --db %s %s\n",
				term(rep.Path), term(rep.Coder), term(env.DB), term(rep.Path))
			return nil
		},
	})
}
