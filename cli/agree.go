package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"spanbench/annot"
	"spanbench/annot/agree"
	"spanbench/store"
)

func init() {
	var data, level, outFormat, layer, annotators, status *string
	var gamma *bool
	var convention *string
	register(&command{
		name:    "agree",
		args:    "[--layer quote|claim|entity|cue] [--annotators A,B,...] [--status S] [--gamma=false] [--gamma-convention paper|pygamma-0.1] [--format text|json|csv] | --data FILE.csv [--level nominal|ordinal|interval|ratio] [--format text|json]",
		summary: "agreement of the project's coders (spans, tokens, αU, γ, attributes, links), or Krippendorff's alpha of a CSV table (--data)",
		flags: func(fs *flag.FlagSet) {
			data = fs.String("data", "", "CSV file: one row per coder, the coder's name then one value per unit; an empty cell is a missing value")
			level = fs.String("level", "nominal", "with --data: level of measurement: nominal, ordinal, interval or ratio")
			outFormat = fs.String("format", "text", "output: text, json or csv (csv: not with --data)")
			layer = fs.String("layer", "quote", "span layer to compare: quote, claim, entity or cue")
			annotators = fs.String("annotators", "", "coders to compare, comma-separated (default: every coder but gold)")
			status = fs.String("status", "", "only documents with this status (todo, in_progress, done)")
			gamma = fs.Bool("gamma", true, "compute γ (the slowest measure)")
			convention = fs.String("gamma-convention", "paper", "γ's definition: paper (Mathet et al. 2015, pygamma-agreement 0.2) or pygamma-0.1 (pygamma-agreement 0.1; docs/agreement.md)")
		},
		run: func(env *Env, fs *flag.FlagSet) error {
			set := map[string]bool{}
			fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
			if *data == "" {
				if set["level"] {
					return usagef("--level goes with --data")
				}
				return runAgreeDB(env, *layer, *annotators, *status, *outFormat, *gamma, *convention)
			}
			for _, f := range []string{"layer", "annotators", "status", "gamma", "gamma-convention"} {
				if set[f] {
					return usagef("--%s measures a project; it does not go with --data", f)
				}
			}
			lv, err := agree.ParseLevel(*level)
			if err != nil {
				return usagef("--level: %v", err)
			}
			if *outFormat != "text" && *outFormat != "json" {
				return usagef("--format %q: give text or json", *outFormat)
			}
			return runAgree(env, *data, lv, *outFormat)
		},
	})
}

func runAgree(env *Env, path string, level agree.Level, outFormat string) error {
	if err := regularFiles([]string{path}); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	coders, values, err := readReliability(f, level)
	if err != nil {
		return fmt.Errorf("%s:%w", path, err)
	}
	units := 0
	if len(values) > 0 {
		units = len(values[0])
	}
	alpha, err := agree.Alpha(values, level)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if outFormat == "json" {
		return json.NewEncoder(env.Stdout).Encode(struct {
			Alpha  float64 `json:"krippendorff_alpha"`
			Level  string  `json:"level"`
			Units  int     `json:"units"`
			Coders int     `json:"coders"`
		}{alpha, level.String(), units, len(coders)})
	}
	_, err = fmt.Fprintf(env.Stdout, "Krippendorff's alpha (%s): %.3f  (%d coders, %d units)\n", level, alpha, len(coders), units)
	return err
}

// readReliability reads reliability data: one CSV row per coder, the
// coder's name and then one cell per unit, empty for a missing value. For
// nominal data a cell is a category name (compared exactly, after trimming
// spaces); for the other levels it must be a number. Errors start with
// "LINE: column N" (N counts cells, the name being 1; the caller prefixes
// the file name and a colon).
func readReliability(r io.Reader, level agree.Level) ([]string, [][]float64, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var coders []string
	var values [][]float64
	seen := map[string]int{}
	categories := map[string]float64{}
	firstLine := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("%d: at byte %d of the line: %v", pe.Line, pe.Column, pe.Err)
			}
			return nil, nil, fmt.Errorf(" %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(coders) == 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			firstLine = line
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		name := strings.TrimSpace(rec[0])
		if name == "" {
			return nil, nil, fmt.Errorf("%d: column 1: the coder's name is empty", line)
		}
		if prev, ok := seen[name]; ok {
			return nil, nil, fmt.Errorf("%d: column 1: coder %q already has a row (line %d)", line, name, prev)
		}
		seen[name] = line
		if len(values) > 0 && len(rec)-1 != len(values[0]) {
			return nil, nil, fmt.Errorf("%d: column %d: %d units, but line %d has %d; give every coder a cell for every unit (empty when missing)",
				line, min(len(rec), len(values[0])+1)+1, len(rec)-1, firstLine, len(values[0]))
		}
		row := make([]float64, len(rec)-1)
		for i, cell := range rec[1:] {
			cell = strings.TrimSpace(cell)
			switch {
			case cell == "":
				row[i] = agree.Missing
			case level == agree.Nominal:
				v, ok := categories[cell]
				if !ok {
					v = float64(len(categories))
					categories[cell] = v
				}
				row[i] = v
			default:
				v, err := strconv.ParseFloat(cell, 64)
				if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, nil, fmt.Errorf("%d: column %d: %q is not a number (the %s level needs numbers)", line, i+2, cell, level)
				}
				if level == agree.Ratio && v < 0 {
					return nil, nil, fmt.Errorf("%d: column %d: %q is negative; ratio values start at 0", line, i+2, cell)
				}
				row[i] = v
			}
		}
		coders = append(coders, name)
		values = append(values, row)
	}
	if len(coders) < 2 {
		return nil, nil, fmt.Errorf(" %d coder rows; alpha needs at least 2", len(coders))
	}
	if len(values[0]) == 0 {
		return nil, nil, fmt.Errorf("%d: no units: give one cell per unit after the coder's name", firstLine)
	}
	return coders, values, nil
}

func runAgreeDB(env *Env, layerName, annotators, status, outFormat string, gamma bool, convention string) error {
	if outFormat != "text" && outFormat != "json" && outFormat != "csv" {
		return usagef("--format %q: give text, json or csv", outFormat)
	}
	layer, err := annot.ParseLayer(layerName)
	if err != nil {
		return usagef("--layer: %s", layerErr(err))
	}
	opt := agree.Options{Layer: layer, NoGamma: !gamma}
	switch convention {
	case "paper":
	case "pygamma-0.1":
		opt.Gamma = agree.DefaultGamma
		opt.Gamma.Convention = agree.GammaPygamma01
	default:
		return usagef("--gamma-convention %q: give paper or pygamma-0.1", convention)
	}
	if annotators != "" {
		var err error
		if opt.Coders, err = coderList("--annotators", annotators); err != nil {
			return err
		}
		if len(opt.Coders) < 2 {
			return usagef("--annotators: give at least two coders")
		}
	}
	var f store.AgreeFilter
	if status != "" {
		st, err := annot.ParseStatus(status)
		if err != nil {
			return usagef("--status: %s", layerErr(err))
		}
		f.Status = &st
	}
	s, err := env.openRead()
	if err != nil {
		return err
	}
	defer s.Close()
	docs, err := s.CodedDocuments(env.Ctx, f)
	if err != nil {
		return err
	}
	if opt.Coders == nil {
		opt.Coders = store.AgreeCoders(docs)
		if len(opt.Coders) < 2 {
			return fmt.Errorf("%s: %d coders (%s); agreement needs at least two", env.DB, len(opt.Coders), strings.Join(opt.Coders, ", "))
		}
	}
	rep, err := agree.Project(docs, opt)
	if err != nil {
		return err
	}
	switch outFormat {
	case "json":
		return json.NewEncoder(env.Stdout).Encode(rep)
	case "csv":
		return agreeCSV(env.Stdout, rep)
	}
	return agreeText(env.Stdout, rep)
}

// layerErr is an annot error's message without its field name.
func layerErr(err error) string {
	var bad *annot.Error
	if errors.As(err, &bad) {
		return bad.Msg
	}
	return err.Error()
}

func agreeText(w io.Writer, r *agree.Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Agreement on the %s layer: %d coders (%s), %d documents coded by two or more of them.\n",
		r.Layer, len(r.Annotators), term(strings.Join(r.Annotators, ", ")), r.Documents)
	fmt.Fprintf(bw, "Tokens: %d, of which %d labelled by at least one coder. \"all\" figures count every token (unlabelled ones as the category none); \"labelled\" ones only tokens some coder labelled.\n\n", r.Tokens, r.TokensLabelled)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PAIR\tDOCS\tF1-EXACT\tMATCHED\tONLY-A\tONLY-B\tF1-OVERLAP\tKAPPA-ALL\tKAPPA-LABELLED\tALPHA-U")
	for _, p := range r.Pairs {
		fmt.Fprintf(tw, "%s/%s\t%d\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", term(p.A), term(p.B), p.Documents, p.SpanF1Exact, p.Matched, p.OnlyA, p.OnlyB,
			p.SpanF1Overlap, p.CohenKappa, p.CohenKappaLabelled, p.AlphaU)
	}
	tw.Flush()
	fmt.Fprintf(bw, "\nAll coders:\n")
	fmt.Fprintf(bw, "  Fleiss' kappa (documents with %d coders: %d)  all %s  labelled %s\n", r.FleissCoders, r.FleissDocuments, r.FleissKappa, r.FleissKappaLabelled)
	fmt.Fprintf(bw, "  Krippendorff's alpha, nominal, tokens         all %s  labelled %s\n", r.KrippendorffAlpha, r.KrippendorffAlphaLabelled)
	fmt.Fprintf(bw, "  alpha-U (documents with %d coders)            %s\n", r.FleissCoders, r.AlphaU)
	g := r.GammaParameters
	if g.Computed {
		fmt.Fprintf(bw, "  gamma                                         %s  (alpha %g, beta %g, delta-empty %g; %d random continua per document, seed %d; %d documents, %d skipped as too large)\n",
			r.Gamma, g.Alpha, g.Beta, g.DeltaEmpty, g.Samples, g.Seed, g.Documents, g.Skipped)
	} else {
		fmt.Fprintf(bw, "  gamma                                         not computed (--gamma=false)\n")
	}
	fmt.Fprintln(bw)
	tw = tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LABEL\tF1-EXACT\tMATCHED\tONLY-A\tONLY-B\tF1-OVERLAP\tALPHA-TOKENS\tALPHA-U")
	for _, l := range slices.Sorted(maps.Keys(r.PerLabel)) {
		f := r.PerLabel[l]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", term(l), f.SpanF1Exact, f.Matched, f.OnlyA, f.OnlyB, f.SpanF1Overlap, f.KrippendorffAlpha, f.AlphaU)
	}
	tw.Flush()
	for _, k := range slices.Sorted(maps.Keys(r.Attributes)) {
		a := r.Attributes[k]
		fmt.Fprintf(bw, "\nAttribute %s of exactly matched spans: kappa %s (pairs of coders pooled, %d pairs of spans), alpha %s (all coders, %d spans)\n", term(k), a.CohenKappa, a.Units, a.KrippendorffAlpha, a.AlphaUnits)
	}
	fmt.Fprintln(bw)
	tw = tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RELATION\tLINK-F1\tMATCHED\tONLY-A\tONLY-B\tTARGET-KAPPA\tSPANS-BOTH-TAGGED")
	for _, l := range slices.Sorted(maps.Keys(r.Relations)) {
		f := r.Relations[l]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%d\n", term(l), f.F1, f.Matched, f.OnlyA, f.OnlyB, f.Kappa, f.Units)
	}
	tw.Flush()
	fmt.Fprintln(bw)
	tw = tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tCODERS\tMATCHED\tUNMATCHED\tF1-EXACT\tF1-OVERLAP\tALPHA-TOKENS\tALPHA-U\tGAMMA\tTITLE")
	for _, d := range r.PerDocument {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", term(d.ID), term(strings.Join(d.Coders, ",")), d.Matched, d.Unmatched,
			d.SpanF1Exact, d.SpanF1Overlap, d.KrippendorffAlpha, d.AlphaU, d.Gamma, term(d.Title))
	}
	tw.Flush()
	return bw.Flush()
}

// agreeCSV writes the report in long form: one row per figure, with the
// scope (pair, all, label, attribute, relation, document) and what it is
// about.
func agreeCSV(w io.Writer, r *agree.Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"layer", "scope", "a", "b", "label", "document", "measure", "value"})
	num := func(v agree.Value) string {
		if !v.Defined() {
			return ""
		}
		return strconv.FormatFloat(float64(v), 'g', -1, 64)
	}
	row := func(scope, a, b, label, doc, measure, value string) {
		n := annot.NeutralizeFormula
		cw.Write([]string{r.Layer, scope, n(a), n(b), n(label), n(doc), measure, value})
	}
	for _, p := range r.Pairs {
		for _, m := range []struct {
			k string
			v string
		}{
			{"documents", strconv.Itoa(p.Documents)}, {"span_f1_exact", num(p.SpanF1Exact)}, {"matched", strconv.Itoa(p.Matched)},
			{"only_a", strconv.Itoa(p.OnlyA)}, {"only_b", strconv.Itoa(p.OnlyB)}, {"span_f1_overlap", num(p.SpanF1Overlap)},
			{"overlap_matched", strconv.Itoa(p.OverlapMatched)}, {"cohen_kappa", num(p.CohenKappa)},
			{"cohen_kappa_labelled", num(p.CohenKappaLabelled)}, {"alpha_u", num(p.AlphaU)},
		} {
			row("pair", p.A, p.B, "", "", m.k, m.v)
		}
		for _, l := range slices.Sorted(maps.Keys(p.Relations)) {
			f := p.Relations[l]
			row("relation", p.A, p.B, l, "", "f1", num(f.F1))
			row("relation", p.A, p.B, l, "", "kappa", num(f.Kappa))
		}
	}
	for _, m := range []struct {
		k string
		v agree.Value
	}{
		{"fleiss_kappa", r.FleissKappa}, {"fleiss_kappa_labelled", r.FleissKappaLabelled},
		{"krippendorff_alpha", r.KrippendorffAlpha}, {"krippendorff_alpha_labelled", r.KrippendorffAlphaLabelled},
		{"alpha_u", r.AlphaU}, {"gamma", r.Gamma},
	} {
		row("all", "", "", "", "", m.k, num(m.v))
	}
	for _, l := range slices.Sorted(maps.Keys(r.PerLabel)) {
		f := r.PerLabel[l]
		row("label", "", "", l, "", "span_f1_exact", num(f.SpanF1Exact))
		row("label", "", "", l, "", "matched", strconv.Itoa(f.Matched))
		row("label", "", "", l, "", "only_a", strconv.Itoa(f.OnlyA))
		row("label", "", "", l, "", "only_b", strconv.Itoa(f.OnlyB))
		row("label", "", "", l, "", "span_f1_overlap", num(f.SpanF1Overlap))
		row("label", "", "", l, "", "krippendorff_alpha", num(f.KrippendorffAlpha))
		row("label", "", "", l, "", "alpha_u", num(f.AlphaU))
	}
	for _, k := range slices.Sorted(maps.Keys(r.Attributes)) {
		a := r.Attributes[k]
		row("attribute", "", "", k, "", "cohen_kappa", num(a.CohenKappa))
		row("attribute", "", "", k, "", "krippendorff_alpha", num(a.KrippendorffAlpha))
		for _, p := range a.Pairs {
			row("attribute", p.A, p.B, k, "", "cohen_kappa", num(p.CohenKappa))
		}
	}
	for _, l := range slices.Sorted(maps.Keys(r.Relations)) {
		f := r.Relations[l]
		row("relation", "", "", l, "", "f1", num(f.F1))
		row("relation", "", "", l, "", "kappa", num(f.Kappa))
	}
	for _, d := range r.PerDocument {
		row("document", "", "", "", d.ID, "span_f1_exact", num(d.SpanF1Exact))
		row("document", "", "", "", d.ID, "span_f1_overlap", num(d.SpanF1Overlap))
		row("document", "", "", "", d.ID, "krippendorff_alpha", num(d.KrippendorffAlpha))
		row("document", "", "", "", d.ID, "alpha_u", num(d.AlphaU))
		row("document", "", "", "", d.ID, "gamma", num(d.Gamma))
	}
	cw.Flush()
	return cw.Error()
}
