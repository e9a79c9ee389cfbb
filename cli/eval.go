package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/suggest"
)

func init() {
	var gold, formatName *string
	var asJSON, errs *bool
	register(&command{
		name:    "eval",
		args:    "--gold FILE|FOLDER [--format jsonl|brat] [--json] [--errors]",
		summary: "score the quote and attribution suggesters against annotated documents (no project needed)",
		flags: func(fs *flag.FlagSet) {
			gold = fs.String("gold", "", "annotated documents: native JSONL, or brat .ann files (a file or a folder)")
			formatName = fs.String("format", "auto", "format of --gold: jsonl, brat, or auto (by extension)")
			asJSON = fs.Bool("json", false, "print the figures as JSON instead of a table")
			errs = fs.Bool("errors", false, "after the table, list every missed and spurious quote and wrong speaker")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			if *gold == "" {
				return usagef("give --gold FILE: the annotated documents to score the suggesters against")
			}
			switch *formatName {
			case "auto", "jsonl", "brat":
			default:
				return usagef("--format %q: give jsonl, brat or auto", *formatName)
			}
			if _, err := os.Stat(*gold); err != nil {
				return err // names the file
			}
			if err := regularFiles([]string{*gold}); err != nil {
				return err
			}
			r, err := evalGold(env, *formatName, *gold)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeEvalJSON(env, r)
			}
			if err := r.WriteTable(env.Stdout); err != nil {
				return err
			}
			if *errs {
				for _, e := range r.Errors {
					fmt.Fprintln(env.Stdout, term(e))
				}
			}
			return nil
		},
	})
}

// evalGold runs the quote suggester on the text of each gold document (its
// annotations set aside) and scores the suggestions against them.
func evalGold(env *Env, formatName, path string) (*suggest.AttribReport, error) {
	r := &suggest.AttribReport{}
	for g, err := range format.Read(formatName, path) {
		if err != nil {
			return nil, err
		}
		in := annot.Bundle{Doc: g.Doc}
		sgs, err := suggest.Run(env.Ctx, in, annot.NewIndex(g.Doc.Text), suggest.Options{Suggesters: []string{suggest.SourceQuotes}})
		if err != nil {
			return nil, err
		}
		suggest.EvaluateAttribution(g, suggest.AsBundle(in, sgs), r)
	}
	if r.Docs == 0 {
		return nil, fmt.Errorf("%s: no documents", path)
	}
	return r, nil
}

// evalJSON is what eval --json prints.
type evalJSON struct {
	Docs    int                              `json:"docs"`
	All     suggest.AttribFigures            `json:"all"`
	Classes map[string]suggest.AttribFigures `json:"classes"`
	Errors  []string                         `json:"errors"`
}

func writeEvalJSON(env *Env, r *suggest.AttribReport) error {
	out := evalJSON{Docs: r.Docs, All: r.All.Figures(), Classes: map[string]suggest.AttribFigures{}, Errors: r.Errors}
	for _, c := range r.ClassNames() {
		out.Classes[c] = r.Classes[c].Figures()
	}
	if out.Errors == nil {
		out.Errors = []string{}
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
