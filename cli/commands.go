package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

func init() {
	register(&command{
		name:    "version",
		summary: "print the version",
		run: func(env *Env, fs *flag.FlagSet) error {
			fmt.Fprintf(env.Stdout, "spanbench %s (project schema %d)\n", Version, store.SchemaVersion())
			return nil
		},
	})
	var importFormat, importOffsets *string
	var dryRun, onto *bool
	register(&command{
		name:       "import",
		positional: true,
		args:       "[--format auto|" + strings.Join(format.ReaderNames(), "|") + "] [--offsets U] [--dry-run] [--onto] PATH...",
		summary:    "import documents (all or nothing)",
		flags: func(fs *flag.FlagSet) {
			importFormat = fs.String("format", "auto", "input format: auto (from the extension and first line), "+strings.Join(format.ReaderNames(), ", "))
			importOffsets = fs.String("offsets", "", "doccano: offset unit of the file, utf16 (doccano's default), codepoint or grapheme")
			dryRun = fs.Bool("dry-run", false, "check and report what would be imported, import nothing")
			onto = fs.Bool("onto", false, "add the spans of a document already in the project (same text) to it, as edits would (no span doubled; a document to do goes in progress), instead of skipping it")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("give at least one file or folder to import")
			}
			name := *importFormat
			if name != "auto" && !slices.Contains(format.ReaderNames(), name) {
				return usagef("unknown import format %q (known: auto, %s)", name, strings.Join(format.ReaderNames(), ", "))
			}
			var opt format.ReadOptions
			if *importOffsets != "" {
				u, err := format.ParseUnit(*importOffsets)
				if err != nil {
					return usagef("%v", err)
				}
				opt.Unit = u
			}
			return runImport(env, name, opt, *dryRun, *onto, fs.Args())
		},
	})
	var listStatus *string
	var listQuery *string
	register(&command{
		name:    "list",
		args:    "[--status S] [--query WORDS]",
		summary: "list documents: id, status, spans per layer, assigned coders, title",
		flags: func(fs *flag.FlagSet) {
			listStatus = fs.String("status", "", "only documents with this status (todo, in_progress, done)")
			listQuery = fs.String("query", "", "only documents whose title or text contain these words")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			f := store.DocFilter{Query: *listQuery}
			if *listStatus != "" {
				st, err := annot.ParseStatus(*listStatus)
				if err != nil {
					return usagef("%v", err)
				}
				f.Status = &st
			}
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			docs, err := s.ListDocuments(env.Ctx, f)
			var bad *annot.Error
			if errors.As(err, &bad) && bad.Kind == annot.KindInvalid && bad.Field == "query" {
				// The store checks the query (DocFilter): a mistake in the
				// flag, not in the project.
				return usagef("--query: %s", bad.Msg)
			}
			if err != nil {
				return err
			}
			assigned, err := s.Assignments(env.Ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSTATUS\tQUOTES\tCLAIMS\tENTITIES\tCUES\tCODERS\tTITLE")
			for _, d := range docs {
				coders := "-"
				if cs := assigned[d.ID]; len(cs) > 0 {
					coders = strings.Join(cs, ",")
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", term(d.ID), d.Status, d.Counts.Quote, d.Counts.Claim, d.Counts.Entity, d.Counts.Cue, term(coders), term(d.Title))
			}
			return tw.Flush()
		},
	})
}

func runImport(env *Env, name string, opt format.ReadOptions, dryRun, onto bool, paths []string) error {
	if err := regularFiles(paths); err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	im, err := format.Open(name, opt, paths...)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	s, err := env.open()
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := s.Import(env.Ctx, env.Annotator, im.Bundles, store.ImportOptions{
		DryRun:  dryRun,
		Summary: "import " + strings.Join(baseNames(paths), ", "),
		Labels:  im.Labels,
		Onto:    onto,
	})
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	verb := "imported"
	if dryRun {
		verb = "would import"
	}
	if name == "auto" {
		for i, p := range paths {
			fmt.Fprintf(env.Stdout, "reading %s as %s\n", term(p), im.Formats[i])
		}
	}
	fmt.Fprintf(env.Stdout, "%s %d documents, %d spans, %d relations\n", verb, rep.Documents, rep.Spans, rep.Relations)
	if rep.Onto > 0 {
		fmt.Fprintf(env.Stdout, "added spans and relations to %d documents already in the project\n", rep.Onto)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(env.Stdout, "warning: %s\n", term(w))
	}
	for _, sk := range rep.Skipped {
		fmt.Fprintf(env.Stdout, "skipped %s (%q): %s\n", term(sk.Source), sk.Title, term(sk.Reason))
	}
	for _, l := range rep.AddedLabels {
		fmt.Fprintf(env.Stdout, "added label %s (%s)\n", term(l.Name), l.Layer)
	}
	return nil
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

// writeOutput writes an export to path ("-": standard output) through fn,
// as every export is written (format.WriteFile): staged beside a file and
// renamed over it only when complete, keeping its mode; streamed into a
// device or FIFO; through a symbolic link to what it names. Nothing but a
// regular file is ever replaced.
func writeOutput(env *Env, path string, fn func(w io.Writer) error) error {
	if path == "-" {
		bw := bufio.NewWriterSize(env.Stdout, 1<<16)
		if err := fn(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	_, err := format.WriteFile(path, fn)
	return err
}

// csvFormulas parses --csv-formulas: true when formula cells are kept.
func csvFormulas(v string) (bool, error) {
	switch v {
	case "", "escape":
		return false, nil
	case "keep":
		return true, nil
	}
	return false, usagef("--csv-formulas %q: give escape (the default, for spreadsheets) or keep (for programs)", v)
}

// regularFiles refuses a path, or a file in a folder, that is not a
// regular file (a FIFO, device or socket) before anything reads it:
// reading a FIFO waits for a writer forever. Symbolic links are followed.
func regularFiles(paths []string) error {
	for _, p := range paths {
		err := filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			st, err := os.Stat(q)
			if err != nil {
				return err
			}
			if !st.Mode().IsRegular() && !st.IsDir() {
				return fmt.Errorf("%s: not a regular file (a FIFO, device or socket); give files or folders of files", q)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkOut refuses an output path that is the project file itself or its
// -wal/-shm/-journal companions, so an export never replaces the project.
func checkOut(env *Env, out string) error { return checkOutFlag(env, "--out", out) }

// checkOutFlag is checkOut for an output named by another flag.
func checkOutFlag(env *Env, flag, out string) error {
	if out == "" || out == "-" {
		return nil
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return filepath.Clean(p)
		}
		if d, err := filepath.EvalSymlinks(filepath.Dir(a)); err == nil {
			a = filepath.Join(d, filepath.Base(a))
		}
		return a
	}
	ost, oerr := os.Stat(out)
	for _, suf := range []string{"", "-wal", "-shm", "-journal"} {
		p := env.DB + suf
		if abs(out) == abs(p) {
			return usagef("%s %s is the project file; nothing written", flag, out)
		}
		if oerr != nil {
			continue
		}
		if pst, err := os.Stat(p); err == nil && os.SameFile(ost, pst) {
			return usagef("%s %s is the project file; nothing written", flag, out)
		}
	}
	return nil
}
