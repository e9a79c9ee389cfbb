package cli

import (
	"flag"
	"fmt"
	"strings"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

func init() {
	var out, fmtName, layer, status, labels, by, offsets, formulas *string
	var bom *bool
	register(&command{
		name:    "export",
		args:    "--format " + strings.Join(format.ExportFormats(), "|") + " --out PATH|- [--status S] [--layer L] [--label L,...] [--annotator NAME|gold] [--bom] [--csv-formulas escape|keep] [--offsets U]",
		summary: "export a dataset (with a dataset card beside it)",
		flags: func(fs *flag.FlagSet) {
			fmtName = fs.String("format", "jsonl", "output format: "+strings.Join(format.ExportFormats(), ", "))
			out = fs.String("out", "", "output file (a folder for brat), or - for standard output (no card)")
			status = fs.String("status", "", "only documents with this status (todo, in_progress, done)")
			layer = fs.String("layer", "", "conll, hf: the layer to tag (default entity); other formats: only spans in these layers (comma-separated)")
			labels = fs.String("label", "", "only spans with these labels (comma-separated)")
			by = fs.String("annotated-by", "", "only spans by this annotator (the same as --annotator NAME)")
			bom = fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark (for Excel)")
			formulas = fs.String("csv-formulas", "escape", "csv: escape (a ' before cells starting with = + - @ TAB CR, so spreadsheets do not run them) or keep (as they are, for programs)")
			offsets = fs.String("offsets", "", "doccano: offset unit, utf16 (doccano's default), codepoint or grapheme")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *out == "" {
				return usagef("give --out PATH (or --out - for standard output)")
			}
			if err := checkOut(env, *out); err != nil {
				return err
			}
			keep, err := csvFormulas(*formulas)
			if err != nil {
				return err
			}
			// --annotator, given, chooses one coder's spans (or gold, the
			// adjudicated version); export records nothing in the edit log.
			fs.Visit(func(f *flag.Flag) {
				if f.Name == "annotator" && *by == "" {
					*by = env.Annotator
				}
			})
			r := store.ExportRequest{Format: *fmtName, BOM: *bom, KeepFormulas: keep, Annotator: *by}
			if *status != "" {
				st, err := annot.ParseStatus(*status)
				if err != nil {
					return usagef("%v", err)
				}
				r.Status = &st
			}
			for _, l := range splitList(*layer) {
				ly, err := annot.ParseLayer(l)
				if err != nil {
					return usagef("%v", err)
				}
				r.Layers = append(r.Layers, ly)
			}
			r.Labels = splitList(*labels)
			if *offsets != "" {
				if r.Unit, err = format.ParseUnit(*offsets); err != nil {
					return usagef("%v", err)
				}
			}
			f, opt, err := store.PlanExport(r)
			if err != nil {
				return usagef("%v", err)
			}
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.PrepareExport(env.Ctx, f, &opt); err != nil {
				return err
			}
			report := env.Stdout
			if *out == "-" {
				opt.Writer = env.Stdout
				report = env.Stderr
			} else {
				opt.Out = *out
			}
			sum, err := format.Export(env.Ctx, s.Bundles(env.Ctx, f), opt)
			if err != nil {
				return fmt.Errorf("nothing exported: %w", err)
			}
			if *out != "-" || *fmtName != "jsonl" {
				fmt.Fprint(report, termLines(sum.Report()))
			}
			return nil
		},
	})
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
