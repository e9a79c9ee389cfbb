package cli

import (
	"flag"
	"fmt"
	"io"

	"spanbench/annot/format"
	"spanbench/store"
)

func init() {
	var out, fmtName *string
	register(&command{
		name:    "export",
		args:    "--format jsonl --out FILE|-",
		summary: "export the project's documents and annotations",
		flags: func(fs *flag.FlagSet) {
			fmtName = fs.String("format", "jsonl", "output format")
			out = fs.String("out", "", "output file, or - for standard output")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *out == "" {
				return usagef("give --out FILE (or --out - for standard output)")
			}
			if *fmtName != "jsonl" {
				return usagef("unknown export format %q (known: jsonl)", *fmtName)
			}
			s, err := env.open()
			if err != nil {
				return err
			}
			defer s.Close()
			n := 0
			err = writeOutput(env, *out, func(w io.Writer) error {
				for b, err := range s.Bundles(env.Ctx, store.ExportFilter{}) {
					if err != nil {
						return err
					}
					if err := format.WriteJSONL(w, b); err != nil {
						return err
					}
					n++
				}
				return nil
			})
			if err != nil {
				return err
			}
			if *out != "-" {
				fmt.Fprintf(env.Stderr, "exported %d documents to %s\n", n, *out)
			}
			return nil
		},
	})
}
