package cli

import (
	"flag"
	"fmt"
	"slices"
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
		args:    "--format " + strings.Join(format.ExportFormats(), "|") + " --out PATH|- [--status S] [--layer L] [--label L,...] [--annotated-by NAME] [--bom] [--csv-formulas escape|keep] [--offsets U]",
		summary: "export a dataset (with a dataset card beside it)",
		flags: func(fs *flag.FlagSet) {
			fmtName = fs.String("format", "jsonl", "output format: "+strings.Join(format.ExportFormats(), ", "))
			out = fs.String("out", "", "output file (a folder for brat), or - for standard output (no card)")
			status = fs.String("status", "", "only documents with this status (todo, in_progress, done)")
			layer = fs.String("layer", "", "conll, hf: the layer to tag (default entity); other formats: only spans in these layers (comma-separated)")
			labels = fs.String("label", "", "only spans with these labels (comma-separated)")
			by = fs.String("annotated-by", "", "only spans by this annotator")
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
			opt := format.ExportOptions{Format: *fmtName, BOM: *bom, KeepFormulas: keep, Version: Version}
			if !slices.Contains(format.ExportFormats(), *fmtName) {
				return usagef("unknown export format %q (known: %s)", *fmtName, strings.Join(format.ExportFormats(), ", "))
			}
			var f store.ExportFilter
			var desc []string
			if *status != "" {
				st, err := annot.ParseStatus(*status)
				if err != nil {
					return usagef("%v", err)
				}
				f.Status = &st
				desc = append(desc, "status "+string(st))
			}
			if *layer != "" {
				for _, l := range splitList(*layer) {
					ly, err := annot.ParseLayer(l)
					if err != nil {
						return usagef("%v", err)
					}
					f.Layers = append(f.Layers, ly)
				}
				desc = append(desc, "layers "+strings.Join(splitList(*layer), ", "))
			}
			if *fmtName == "conll" || *fmtName == "hf" {
				switch len(f.Layers) {
				case 0:
					f.Layers = []annot.Layer{annot.LayerEntity}
				case 1:
				default:
					return usagef("%s writes one layer per file; give one --layer", *fmtName)
				}
				opt.Layer = f.Layers[0]
			}
			if *labels != "" {
				f.Labels = splitList(*labels)
				desc = append(desc, "labels "+strings.Join(f.Labels, ", "))
			}
			if *by != "" {
				f.Annotator = *by
				desc = append(desc, "spans by "+*by)
			}
			if *offsets != "" {
				u, err := format.ParseUnit(*offsets)
				if err != nil {
					return usagef("%v", err)
				}
				opt.Unit = u
			}
			opt.Filter = strings.Join(desc, "; ")
			s, err := env.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			if opt.Labels, err = s.Labels(env.Ctx); err != nil {
				return err
			}
			if opt.Total, err = s.CountDocuments(env.Ctx, store.DocFilter{Status: f.Status}); err != nil {
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
