package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/suggest"
	"spanbench/store"
)

func init() {
	var doc, out, only *string
	var apply *bool
	var minConf *float64
	register(&command{
		name:    "suggest",
		args:    "[--doc ID] --out FILE|- [--apply] [--only quotes,entities,acronyms,claims] [--min-confidence X]",
		summary: "suggest quotes, speakers, entities and claims (native JSONL; --apply saves them)",
		flags: func(fs *flag.FlagSet) {
			doc = fs.String("doc", "", "only this document (default: every document)")
			out = fs.String("out", "", "write the suggestions as native JSONL to FILE, or - for standard output")
			apply = fs.Bool("apply", false, "save the suggestions, with annotator \"suggest\" (one undoable action per document)")
			only = fs.String("only", "", "comma-separated suggesters to run: "+strings.Join(suggest.Sources, ", ")+" (default: all)")
			minConf = fs.Float64("min-confidence", suggest.DefaultMinConfidence, "drop suggestions below this confidence (0..1)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *out == "" && !*apply {
				return usagef("give --out FILE (or --out - for standard output), or --apply to save the suggestions")
			}
			var sources []string
			if *only != "" {
				for _, s := range strings.Split(*only, ",") {
					s = strings.TrimSpace(s)
					if !slices.Contains(suggest.Sources, s) {
						return usagef("unknown suggester %q (known: %s)", s, strings.Join(suggest.Sources, ", "))
					}
					sources = append(sources, s)
				}
			}
			if *minConf < 0 || *minConf > 1 {
				return usagef("--min-confidence %g is not between 0 and 1", *minConf)
			}
			if err := checkOut(env, *out); err != nil {
				return err
			}
			return runSuggest(env, *doc, *out, *apply, sources, *minConf)
		},
	})
}

// words splits a comma-separated list, dropping blank items.
func words(list string) []string {
	var out []string
	for _, w := range strings.Split(list, ",") {
		if strings.TrimSpace(w) != "" {
			out = append(out, w)
		}
	}
	return out
}

func runSuggest(env *Env, doc, out string, apply bool, sources []string, minConf float64) error {
	s, err := env.open()
	if err != nil {
		return err
	}
	defer s.Close()
	f := store.ExportFilter{}
	if doc != "" {
		if _, err := s.DocInfo(env.Ctx, doc); err != nil {
			return err
		}
		f.DocIDs = []string{doc}
	}
	if minConf == 0 {
		minConf = -1 // keep everything
	}
	counts := map[string]int{}
	docs, saved := 0, 0
	opt, err := s.ProjectSuggestOptions(env.Ctx)
	if err != nil {
		return err
	}
	opt.Suggesters, opt.MinConfidence = sources, minConf
	write := func(w io.Writer) error {
		for b, err := range s.Bundles(env.Ctx, f) {
			if err != nil {
				return err
			}
			if opt.Rejected, err = s.RejectedSuggestions(env.Ctx, b.Doc.ID); err != nil {
				return err
			}
			sgs, err := suggest.Run(env.Ctx, b, annot.NewIndex(b.Doc.Text), opt)
			if err != nil {
				return err
			}
			docs++
			for _, sg := range sgs {
				counts[sg.Label]++
			}
			if w != nil {
				if err := format.WriteJSONL(w, suggest.AsBundle(b, sgs)); err != nil {
					return err
				}
			}
			if apply && len(sgs) > 0 {
				res, err := s.AcceptSuggestions(env.Ctx, "suggest", b.Doc.ID, sgs...)
				if err != nil {
					return fmt.Errorf("document %s: nothing of it saved: %w", b.Doc.ID, err)
				}
				saved += len(res.Spans)
			}
		}
		return nil
	}
	if out != "" {
		err = writeOutput(env, out, write)
	} else {
		err = write(nil)
	}
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%d suggestions in %d documents", total(counts), docs)
	if len(counts) > 0 {
		msg += " (" + countList(counts) + ")"
	}
	if apply {
		msg += fmt.Sprintf("; saved %d spans as annotator suggest", saved)
	}
	fmt.Fprintln(env.Stderr, msg)
	return nil
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// countList formats counts as "12 PERSON, 5 QUOTE", largest first.
func countList(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", m[k], k)
	}
	return strings.Join(parts, ", ")
}

func init() {
	var replace *bool
	var out, formulas *string
	register(&command{
		name:       "gazetteer",
		positional: true,
		args:       "import [--replace] FILE.csv | export --out FILE|- [--csv-formulas escape|keep]",
		summary:    "import or export the project gazetteer (CSV: text,label)",
		flags: func(fs *flag.FlagSet) {
			replace = fs.Bool("replace", false, "import: replace the whole gazetteer instead of adding to it")
			out = fs.String("out", "", "export: output file, or - for standard output")
			formulas = fs.String("csv-formulas", "escape", "export: escape (a ' before names starting with = + - @ TAB CR, as import reads them) or keep (as they are)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			switch fs.Arg(0) {
			case "import":
				if fs.NArg() != 2 {
					return usagef("give one CSV file to import")
				}
				r, err := os.Open(fs.Arg(1))
				if err != nil {
					return err
				}
				defer r.Close()
				entries, err := suggest.ReadGazetteerCSV(r)
				if err != nil {
					return fmt.Errorf("%s: %w", fs.Arg(1), err)
				}
				s, err := env.open()
				if err != nil {
					return err
				}
				defer s.Close()
				n, err := s.ImportGazetteer(env.Ctx, entries, *replace)
				if err != nil {
					return fmt.Errorf("%s: nothing imported: %w", fs.Arg(1), err)
				}
				fmt.Fprintf(env.Stdout, "imported %d gazetteer entries\n", n)
				return nil
			case "export":
				if *out == "" {
					return usagef("give --out FILE (or --out - for standard output)")
				}
				if err := checkOut(env, *out); err != nil {
					return err
				}
				keep, err := csvFormulas(*formulas)
				if err != nil {
					return err
				}
				s, err := env.open()
				if err != nil {
					return err
				}
				defer s.Close()
				g, err := s.Gazetteer(env.Ctx)
				if err != nil {
					return err
				}
				return writeOutput(env, *out, func(w io.Writer) error { return suggest.WriteGazetteerCSVFormulas(w, g, keep) })
			case "":
				return usagef("give import or export")
			}
			return usagef("unknown gazetteer action %q (import or export)", fs.Arg(0))
		},
	})
	var add, remove, reset *string
	register(&command{
		name:    "cues",
		args:    "[--add WORDS] [--remove WORDS] [--reset WORDS]",
		summary: "show or change the project's cue-verb lexicon",
		flags: func(fs *flag.FlagSet) {
			add = fs.String("add", "", "comma-separated cue words or phrases to add, in base form (opine, point out)")
			remove = fs.String("remove", "", "comma-separated cue words to stop using, built-in ones included")
			reset = fs.String("reset", "", "comma-separated cue words to put back as built in")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			change := *add != "" || *remove != "" || *reset != ""
			open := env.openRead // showing the lexicon needs no write lock
			if change {
				open = env.open
			}
			s, err := open()
			if err != nil {
				return err
			}
			defer s.Close()
			if change {
				if err := s.ChangeCueWords(env.Ctx, words(*add), words(*remove), words(*reset)); err != nil {
					return fmt.Errorf("cue words not changed: %s", msgOf(err))
				}
			}
			lx, err := s.Lexicon(env.Ctx)
			if err != nil {
				return err
			}
			entries := lx.Entries()
			for i, e := range entries {
				entries[i] = term(e)
			}
			fmt.Fprintln(env.Stdout, strings.Join(entries, "\n"))
			return nil
		},
	})
}
