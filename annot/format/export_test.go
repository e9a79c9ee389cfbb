package format_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
)

// failing yields n bundles, then an error, as a store read that breaks.
func failing(n int) func(func(annot.Bundle, error) bool) {
	return func(yield func(annot.Bundle, error) bool) {
		for i := 0; i < n; i++ {
			if !yield(canonical(mixedBundle()), nil) {
				return
			}
		}
		yield(annot.Bundle{}, errors.New("disk on fire"))
	}
}

func entries(t *testing.T, dir string) []string {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestExportFailureLeavesNothing: an export that fails half way, for every
// format, leaves no file, folder or temporary behind, and an earlier
// export at the same path untouched.
func TestExportFailureLeavesNothing(t *testing.T) {
	for _, f := range format.ExportFormats() {
		t.Run(f, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "data"+formatExt(f))
			_, err := format.Export(ctx, failing(2), format.ExportOptions{Format: f, Out: out})
			if err == nil || !strings.Contains(err.Error(), "disk on fire") {
				t.Fatalf("err = %v", err)
			}
			if left := entries(t, dir); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
			// A good export, then a failing one: the good one stays.
			sum := export(t, dir, f, format.ExportOptions{Out: out}, testBundles()...)
			before := entries(t, dir)
			data := readAll(t, sum.Path)
			if _, err := format.Export(ctx, failing(1), format.ExportOptions{Format: f, Out: out}); err == nil {
				t.Fatal("no error")
			}
			if after := entries(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
				t.Errorf("files %v became %v", before, after)
			}
			if readAll(t, sum.Path) != data {
				t.Errorf("the earlier export changed")
			}
		})
	}
}

// readAll reads a file, or every file of a folder, as one string.
func readAll(t *testing.T, p string) string {
	var b strings.Builder
	filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			c, _ := os.ReadFile(q)
			b.WriteString(q + "\n" + string(c))
		}
		return nil
	})
	return b.String()
}

func TestExportCancelled(t *testing.T) {
	dir := t.TempDir()
	c, cancel := context.WithCancel(ctx)
	_, err := format.Export(c, seq(testBundles()...), format.ExportOptions{Format: "brat", Out: filepath.Join(dir, "b"),
		Progress: func(done int) {
			if done == 1 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if left := entries(t, dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestExportProgressAndSummary(t *testing.T) {
	var calls []int
	sum := export(t, t.TempDir(), "conll", format.ExportOptions{Total: 3, Progress: func(done int) { calls = append(calls, done) }}, testBundles()...)
	if fmtInts(calls) != "1,2,3" {
		t.Errorf("progress calls = %v", calls)
	}
	if sum.Documents != 3 || sum.Layer != annot.LayerEntity || sum.Unit != format.UnitToken {
		t.Errorf("summary = %+v", sum)
	}
	// Conflicts: MISC Zoë inside PERSON Zoë Ångström, PERSON Patel inside
	// Vedant Patel: left out, the only ones of the 14 entities. ORG "its
	// alli" ends inside "allies": the token is cut there, the span written.
	if sum.ConflictCount != 2 || sum.MisalignedCount != 0 || sum.Spans != 12 || sum.LeftOut != 2 {
		t.Errorf("conflicts %d, misaligned %v, spans %d, left out %d", sum.ConflictCount, sum.Misaligned, sum.Spans, sum.LeftOut)
	}
	if data, _ := os.ReadFile(sum.Path); !strings.Contains(string(data), "its\tB-ORG\nalli\tI-ORG\nes\tO\n") {
		t.Errorf("ORG its alli not tagged on cut tokens:\n%s", data)
	}
	if r := sum.Report(); !strings.Contains(r, "12 spans") || !strings.Contains(r, "2 left out") {
		t.Errorf("report:\n%s", r)
	}
	if sum.Card == "" || !strings.HasSuffix(sum.Card, "data.README.md") {
		t.Errorf("card = %q", sum.Card)
	}
}

func fmtInts(xs []int) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(itoa(x))
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestExportSentencesKeepAbbreviations: CoNLL and HF cut no sentence after
// an abbreviation or an initial, so "U.S. Army" is tagged in one sentence;
// a line break still ends one.
func TestExportSentencesKeepAbbreviations(t *testing.T) {
	text := "Mr. Patel said the U.S. Army left.\nJ. R. R. Tolkien wrote"
	sp := func(n int, label, sub string) annot.Span {
		s := strings.Index(text, sub)
		return annot.Span{ID: id(n), Start: s, End: s + len(sub), Layer: annot.LayerEntity, Label: label}
	}
	b := annot.Bundle{Doc: annot.Document{ID: "9c0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f", Text: text},
		Spans: []annot.Span{sp(1, "PERSON", "Patel"), sp(2, "ORG", "U.S. Army"), sp(3, "PERSON", "J. R. R. Tolkien")}}
	conll, _ := os.ReadFile(export(t, t.TempDir(), "conll", format.ExportOptions{}, b).Path)
	// Tokens by spaCy's rules: "Mr." is a special case; no suffix rule
	// takes the stop off "U.S." or an initial ("J.": one capital).
	want := "-DOCSTART-\tO\n\nMr.\tO\nPatel\tB-PERSON\nsaid\tO\nthe\tO\nU.S.\tB-ORG\nArmy\tI-ORG\n" +
		"left\tO\n.\tO\n\nJ.\tB-PERSON\nR.\tI-PERSON\nR.\tI-PERSON\n" +
		"Tolkien\tI-PERSON\nwrote\tO\n\n"
	if string(conll) != want {
		t.Errorf("conll:\n%s\nwant:\n%s", conll, want)
	}
	hf, _ := os.ReadFile(export(t, t.TempDir(), "hf", format.ExportOptions{}, b).Path)
	if rows := strings.Count(strings.TrimSpace(string(hf)), "\n") + 1; rows != 2 {
		t.Errorf("hf: %d rows, want 2:\n%s", rows, hf)
	}
}

// TestExportQuoteLayer: --layer quote tags quotes (each fragment of the
// discontinuous one a span) and leaves entities out.
func TestExportQuoteLayer(t *testing.T) {
	sum := export(t, t.TempDir(), "conll", format.ExportOptions{Layer: annot.LayerQuote}, canonical(mixedBundle()))
	b, _ := os.ReadFile(sum.Path)
	if strings.Count(string(b), "B-QUOTE") != 2 || strings.Contains(string(b), "PERSON") {
		t.Errorf("conll:\n%s", b)
	}
	if sum.Spans != 1 || sum.Labels[0].Label != "QUOTE" {
		t.Errorf("summary spans %d labels %v", sum.Spans, sum.Labels)
	}
}

func TestExportRefusesForeignFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mine")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("do not delete"), 0o644)
	_, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "brat", Out: dir})
	if annot.KindOf(err) != annot.KindConflict {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "thesis.tex")); string(b) != "do not delete" {
		t.Errorf("the user's file is gone")
	}
	// An earlier export there is replaced whole.
	out := filepath.Join(t.TempDir(), "b")
	export(t, "", "brat", format.ExportOptions{Out: out}, testBundles()...)
	export(t, "", "brat", format.ExportOptions{Out: out}, canonical(plainBundle()))
	if got := entries(t, out); strings.Join(got, ",") != ".spanbench-manifest,README.md,annotation.conf,patel.ann,patel.txt,visual.conf" {
		t.Errorf("folder holds %v", got)
	}
	if left := entries(t, filepath.Dir(out)); len(left) != 1 {
		t.Errorf("left beside it: %v", left)
	}
}

func TestExportToWriter(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var ls bytes.Buffer
	if _, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "labelstudio", Writer: &ls}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ls.String(), "[") {
		t.Errorf("labelstudio to a writer: %.40q", ls.String())
	}
	if left := entries(t, tmp); len(left) != 0 {
		t.Errorf("staged files left in the temp folder: %v", left)
	}
	var buf bytes.Buffer
	sum, err := format.Export(ctx, seq(testBundles()...), format.ExportOptions{Format: "spacy", Writer: &buf})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Card != "" || len(sum.Files) != 0 || strings.Count(buf.String(), "\n") != 3 || sum.Bytes != int64(buf.Len()) {
		t.Errorf("summary %+v, %d bytes", sum, buf.Len())
	}
	if _, err := format.Export(ctx, seq(), format.ExportOptions{Format: "brat", Writer: &buf}); annot.KindOf(err) != annot.KindInvalid {
		t.Errorf("brat to a writer: %v", err)
	}
	if _, err := format.Export(ctx, seq(), format.ExportOptions{Format: "xml", Out: "x"}); err == nil || !strings.Contains(err.Error(), "unknown export format") {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := format.Export(ctx, seq(), format.ExportOptions{Format: "spacy", Out: "x", Unit: format.UnitUTF16}); err == nil {
		t.Errorf("spacy accepted UTF-16 offsets")
	}
}

func TestExportFormatInfo(t *testing.T) {
	conll, _ := format.ExportFormatInfo("conll")
	brat, _ := format.ExportFormatInfo("brat")
	doccano, _ := format.ExportFormatInfo("doccano")
	csvInfo, _ := format.ExportFormatInfo("csv")
	if !conll.Layered || conll.Unit != format.UnitToken || !brat.Folder || brat.Ext != "" ||
		doccano.Unit != format.UnitUTF16 || len(doccano.Units) != 2 || !csvInfo.BOM || conll.BOM {
		t.Errorf("infos: %+v %+v %+v %+v", conll, brat, doccano, csvInfo)
	}
	if _, ok := format.ExportFormatInfo("pdf"); ok {
		t.Errorf("pdf is not a format")
	}
}
