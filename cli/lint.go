package cli

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/store"
)

func init() {
	var doc *string
	register(&command{
		name:    "lint",
		args:    "[--doc ID]",
		summary: "check the annotations (quotes without speaker, bad span edges, ...); exit 1 when any problem",
		flags: func(fs *flag.FlagSet) {
			doc = fs.String("doc", "", "only this document (default: every document)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			f := store.ExportFilter{}
			if *doc != "" {
				if _, err := s.DocInfo(env.Ctx, *doc); err != nil {
					return err
				}
				f.DocIDs = []string{*doc}
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			n, docs := 0, map[string]bool{}
			for b, err := range s.Bundles(env.Ctx, f) {
				if err != nil {
					return err
				}
				for _, fd := range suggest.Lint(b, annot.NewIndex(b.Doc.Text)) {
					if n == 0 {
						fmt.Fprintln(tw, "DOCUMENT\tSPAN\tRULE\tREASON")
					}
					span := fd.SpanID
					if span == "" {
						span = fd.RelationID
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", term(fd.DocID), term(span), fd.Rule, term(fd.Reason))
					n++
					docs[fd.DocID] = true
				}
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if n > 0 {
				return exitError{code: 1, msg: fmt.Sprintf("%d problems in %d documents", n, len(docs))}
			}
			fmt.Fprintln(env.Stderr, "no problems found")
			return nil
		},
	})
}
