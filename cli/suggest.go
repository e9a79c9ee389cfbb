package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/suggest"
	"spanbench/edit"
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

// progressEvery is the least time between two progress lines of a
// suggest run; tests set it to 0 for a line after every document.
var progressEvery = 2 * time.Second

func runSuggest(env *Env, doc, out string, apply bool, sources []string, minConf float64) error {
	s, err := env.open()
	if err != nil {
		return err
	}
	defer s.Close()
	run := store.SuggestRun{Apply: apply}
	run.Accept = func(ctx context.Context, b annot.Bundle, sgs []suggest.Suggestion) (store.Result, error) {
		return edit.AcceptSuggestions(ctx, s, store.SuggestAnnotator, b, sgs...)
	}
	if doc != "" {
		if _, err := s.DocInfo(env.Ctx, doc); err != nil {
			return err
		}
		run.DocIDs = []string{doc}
	}
	if minConf == 0 {
		minConf = -1 // keep everything
	}
	if run.Options, err = s.ProjectSuggestOptions(env.Ctx); err != nil {
		return err
	}
	run.Options.Suggesters, run.Options.MinConfidence = sources, minConf
	counts := map[string]int{}
	docs, saved := 0, 0
	start := time.Now()
	last := start
	write := func(w io.Writer) error {
		run.Each = func(done, all int, d store.DocSuggestions) error {
			docs++
			for _, sg := range d.Suggestions {
				counts[sg.Label]++
			}
			saved += len(d.Saved.Spans)
			if w != nil {
				if err := format.WriteJSONL(w, suggest.AsBundle(d.Bundle, d.Suggestions)); err != nil {
					return err
				}
			}
			if now := time.Now(); done < all && now.Sub(last) >= progressEvery {
				last = now
				line := fmt.Sprintf("suggest: %d/%d documents, %d suggestions", done, all, total(counts))
				if apply {
					line += fmt.Sprintf(", %d spans saved", saved)
				}
				fmt.Fprintf(env.Stderr, "%s (%s)\n", line, now.Sub(start).Round(time.Second))
			}
			return nil
		}
		return s.SuggestAll(env.Ctx, run)
	}
	if out != "" {
		err = writeOutput(env, out, write)
	} else {
		err = write(nil)
	}
	if err != nil {
		if apply && docs > 0 {
			return fmt.Errorf("%w (the %d documents before it are done; run again to go on)", err, docs)
		}
		return err
	}
	msg := fmt.Sprintf("%d suggestions in %d documents", total(counts), docs)
	if len(counts) > 0 {
		msg += " (" + countList(counts) + ")"
	}
	if apply {
		msg += fmt.Sprintf("; saved %d spans as annotator %s", saved, store.SuggestAnnotator)
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
		args:       "import [--replace] FILE.csv | export --out FILE|- [--csv-formulas escape]",
		summary:    "import or export the project gazetteer (CSV: text,label)",
		flags: func(fs *flag.FlagSet) {
			replace = fs.Bool("replace", false, "import: replace the whole gazetteer instead of adding to it")
			out = fs.String("out", "", "export: output file, or - for standard output")
			formulas = fs.String("csv-formulas", "escape", "export: always escape (a ' before names starting with = + - @ TAB CR, or with ' before one, which import removes); keep is refused, as import could not read such names back")
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
				if keep {
					// gazetteer import removes the ' of an escaped cell: a name
					// that really starts with '= would come back as =.
					return usagef("--csv-formulas keep: a gazetteer export always escapes formula cells, so that gazetteer import reads every name back as it was")
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
				return writeOutput(env, *out, func(w io.Writer) error { return suggest.WriteGazetteerCSV(w, g) })
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
