package cli

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strings"

	"spanbench/annot"
	"spanbench/annot/adjudicate"
	"spanbench/store"
)

func init() {
	var doc, key, take *string
	var threshold *int
	var auto, mark, takeAll, drop *bool
	register(&command{
		name:    "adjudicate",
		args:    "[--doc ID] [--threshold K] [--auto] [--key KEY --take CODER|--take-all|--drop] [--mark]",
		summary: "list the coders' disagreements per document, pre-merge what they agree on into gold (--auto), settle one (--key), mark documents adjudicated (--mark)",
		flags: func(fs *flag.FlagSet) {
			doc = fs.String("doc", "", "only this document (id)")
			threshold = fs.Int("threshold", 0, "coders who must agree for the pre-merge (0: all of them)")
			auto = fs.Bool("auto", false, "write the pre-merge as gold: one undoable action per document")
			key = fs.String("key", "", "the disagreement to settle (its KEY in the listing); needs --doc and one of --take, --take-all, --drop")
			take = fs.String("take", "", "with --key: write this coder's version as gold")
			takeAll = fs.Bool("take-all", false, "with --key: write every coder's version as gold")
			drop = fs.Bool("drop", false, "with --key: write nothing and count the disagreement as settled")
			mark = fs.Bool("mark", false, "mark the documents with no disagreement left and nothing to pre-merge adjudicated (document meta adjudicated=yes)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *threshold < 0 {
				return usagef("--threshold must be 0 (all coders) or more, not %d", *threshold)
			}
			n := 0
			for _, b := range []bool{*take != "", *takeAll, *drop} {
				if b {
					n++
				}
			}
			if *key == "" && n > 0 {
				return usagef("--take, --take-all and --drop settle the disagreement --key names")
			}
			if *key != "" && (n != 1 || *doc == "") {
				return usagef("--key needs --doc and exactly one of --take CODER, --take-all, --drop")
			}
			var s *store.Store
			var err error
			if *auto || *mark || *key != "" {
				s, err = env.open()
			} else {
				s, err = env.openRead()
			}
			if err != nil {
				return err
			}
			defer s.Close()
			f := store.AgreeFilter{}
			if *doc != "" {
				if _, err := s.DocInfo(env.Ctx, *doc); err != nil {
					return err
				}
				f.DocIDs = []string{*doc}
			}
			progress := func() ([]store.DocAdjudication, error) {
				return s.AdjudicationProgress(env.Ctx, f, *threshold)
			}
			docs, err := progress()
			if err != nil {
				return err
			}
			if *auto {
				var spans, links, changed int
				for _, d := range docs {
					// The analysis just made; Apply checks every span and
					// link again inside the action's transaction.
					e := d.Analysis.Merge
					if _, err := s.ApplyAdjudication(env.Ctx, env.Annotator, d.ID, store.PreMergeSummary(e), e); err != nil {
						return fmt.Errorf("document %s: %w", d.ID, err)
					}
					if !e.Empty() {
						changed++
					}
					spans += len(e.Create)
					links += len(e.Link)
				}
				fmt.Fprintf(env.Stdout, "Pre-merged %d spans and %d links into gold in %d documents.\n", spans, links, changed)
			}
			if *key != "" {
				if err := decide(env, s, *doc, *key, *take, *takeAll, *threshold); err != nil {
					return err
				}
			}
			if *auto || *key != "" {
				if docs, err = progress(); err != nil {
					return err
				}
			}
			if *mark {
				marked := 0
				for _, d := range docs {
					if d.Adjudicated || d.Left > 0 || d.ToMerge > 0 {
						if *doc != "" && !d.Adjudicated {
							return fmt.Errorf("document %s: %d disagreements left and %d spans or links to pre-merge; not marked adjudicated", d.ID, d.Left, d.ToMerge)
						}
						continue
					}
					if err := s.MarkAdjudicated(env.Ctx, env.Annotator, d.ID, *threshold); err != nil {
						return err
					}
					marked++
				}
				fmt.Fprintf(env.Stdout, "Marked %d documents adjudicated.\n", marked)
				if docs, err = progress(); err != nil {
					return err
				}
			}
			return listDisagreements(env.Stdout, docs)
		},
	})
}

// decide settles one disagreement of document docID.
func decide(env *Env, s *store.Store, docID, key, take string, takeAll bool, threshold int) error {
	a, err := s.Adjudication(env.Ctx, docID, threshold)
	if err != nil {
		return err
	}
	for _, d := range a.Disagreements {
		if d.Key != key {
			continue
		}
		choice, what := adjudicate.Drop, "drop"
		switch {
		case takeAll:
			choice, what = adjudicate.TakeAll, "take every version of"
		case take != "":
			choice, what = adjudicate.Take, "take "+take+"'s version of"
		}
		e, err := a.Decide(d, choice, take)
		if err != nil {
			return usagef("--take: %v", err)
		}
		summary := fmt.Sprintf("adjudicate: %s the %s disagreement at %d-%d", what, d.Kind, d.Start, d.End)
		if _, err := s.ApplyAdjudication(env.Ctx, env.Annotator, docID, summary, e); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Settled %s: %d gold spans, %d gold links written.\n", key, len(e.Create), len(e.Link))
		return nil
	}
	return fmt.Errorf("document %s has no disagreement left with key %q (list them without --key)", docID, key)
}

// listDisagreements prints every document's progress and its
// disagreements left, then the project's.
func listDisagreements(w io.Writer, docs []store.DocAdjudication) error {
	bw := bufio.NewWriter(w)
	left, withLeft, adjudicated := 0, 0, 0
	for _, d := range docs {
		state := ""
		if d.Adjudicated {
			state = ", adjudicated"
			adjudicated++
		}
		fmt.Fprintf(bw, "%s %q (%s): %d disagreements left, %d settled, %d to pre-merge%s\n", term(d.ID), term(d.Title), term(strings.Join(d.Coders, ", ")),
			d.Left, d.Settled, d.ToMerge, state)
		if d.Left > 0 {
			withLeft++
			left += d.Left
		}
		ix := annot.NewIndex(d.Text)
		for _, dis := range d.Analysis.Disagreements {
			var vs []string
			for _, v := range dis.Versions {
				vs = append(vs, strings.Join(v.Coders, ",")+": "+describe(ix, dis, v))
			}
			fmt.Fprintf(bw, "  %s  %-9s  %-6s  %d-%d  %s\n", dis.Key, dis.Kind, dis.Layer, dis.Start, dis.End, term(strings.Join(vs, " | ")))
		}
	}
	fmt.Fprintf(bw, "Project: %d disagreements left in %d documents; %d of %d documents adjudicated.\n", left, withLeft, adjudicated, len(docs))
	return bw.Flush()
}

// describe shows one version: its spans (label, text, attributes) or its
// links' targets.
func describe(ix *annot.Index, d adjudicate.Disagreement, v adjudicate.Version) string {
	spans, prefix := d.Shows(v), ""
	if d.Kind == adjudicate.Link {
		prefix = d.Relation + " -> "
	}
	if len(spans) == 0 {
		return "(nothing)"
	}
	var parts []string
	for _, sp := range spans {
		parts = append(parts, fmt.Sprintf("%s%s %q", prefix, sp.Label, store.SpanText(ix, sp))+adjudicate.AttrWords(sp))
	}
	return strings.Join(parts, "; ")
}
