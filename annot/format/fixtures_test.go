package format_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

var ctx = context.Background()

// testNow is the export time golden cards state.
var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// mixedText mixes emoji ZWJ sequences, flags, skin tones, combining marks,
// CJK, Arabic, astral letters, CRLF and a BOM.
const mixedText = "\ufeff“We are 👩‍👩‍👧 here,” said Zoë Ångström (🇺🇸, 👍🏽),\r\n“and 日本語 مرحبا 𝐀 cafe\u0301.”\r\nThe 𝐀𝐁 team met 王小明 in الرياض.\r\n"

// at returns the code point range of the n-th (0-based) occurrence of sub.
func at(text, sub string, n int) (int, int) {
	ix := annot.NewIndex(text)
	b := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(text[b+1:], sub)
		if j < 0 {
			panic("no " + sub)
		}
		b += 1 + j
	}
	s, _ := ix.FromByte(b)
	e, _ := ix.FromByte(b + len(sub))
	return s, e
}

func id(n int) string { return fmt.Sprintf("0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d%04d", n) }

// mixedBundle is the Unicode test document: overlapping spans across
// layers, a discontinuous quote, nested entities, attributes, a note and
// relations.
func mixedBundle() annot.Bundle {
	t := mixedText
	qs, f1e := at(t, "We are 👩‍👩‍👧 here,", 0)
	f2s, qe := at(t, "and 日本語 مرحبا 𝐀 cafe\u0301.", 0)
	sp := func(n int, layer annot.Layer, label, sub string, occ int) annot.Span {
		s, e := at(t, sub, occ)
		return annot.Span{ID: id(n), Start: s, End: e, Layer: layer, Label: label, Annotator: "ana"}
	}
	quote := annot.Span{ID: id(1), Start: qs, End: qe, Fragments: []annot.Fragment{{Start: qs, End: f1e}, {Start: f2s, End: qe}},
		Layer: annot.LayerQuote, Label: "QUOTE", Attrs: map[string]string{"kind": "direct"}, Note: "interrupted by its cue", Annotator: "ana"}
	claim := annot.Span{ID: id(5), Start: qs, End: qe, Layer: annot.LayerClaim, Label: "CLAIM", Attrs: map[string]string{"checkworthy": "unsure"}, Annotator: "bob"}
	spans := []annot.Span{quote,
		sp(2, annot.LayerEntity, "PERSON", "Zoë Ångström", 0),
		sp(3, annot.LayerEntity, "MISC", "Zoë", 0), // nested in PERSON: a CoNLL conflict
		sp(4, annot.LayerCue, "CUE", "said", 0),
		claim,
		sp(6, annot.LayerEntity, "GPE", "日本語", 0),
		sp(7, annot.LayerEntity, "GPE", "🇺🇸", 0),
		sp(8, annot.LayerEntity, "MISC", "👍🏽", 0),
		sp(9, annot.LayerEntity, "ORG", "𝐀𝐁 team", 0),
		sp(10, annot.LayerEntity, "PERSON", "王小明", 0),
		sp(11, annot.LayerEntity, "GPE", "الرياض", 0),
		sp(12, annot.LayerEntity, "MISC", "👩‍👩‍👧", 0),
	}
	return annot.Bundle{
		Doc: annot.Document{ID: "6f0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f", Title: "Mixed ✓", Text: t,
			Meta: map[string]string{"source": "mixed.txt", "url": "https://example.org/a?b=1&c=<2>"}, Status: annot.StatusInProgress},
		Spans: spans,
		Relations: []annot.Relation{
			{ID: id(101), Label: annot.RelSpeaker, From: id(1), To: id(2)},
			{ID: id(102), Label: annot.RelCue, From: id(1), To: id(4)},
			{ID: id(103), Label: annot.RelClaimant, From: id(5), To: id(1)},
		},
	}
}

// plainBundle is an ASCII news sentence with a nested and a misaligned
// entity.
func plainBundle() annot.Bundle {
	t := "Vedant Patel said the U.S. and its allies agreed.\nThey met in Kabul."
	sp := func(n int, layer annot.Layer, label, sub string) annot.Span {
		s, e := at(t, sub, 0)
		return annot.Span{ID: id(n), Start: s, End: e, Layer: layer, Label: label, Annotator: "ana"}
	}
	return annot.Bundle{
		Doc: annot.Document{ID: "7a0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f", Title: "Patel", Text: t, Status: annot.StatusDone,
			Meta: map[string]string{"source": "patel.txt"}},
		Spans: []annot.Span{
			sp(20, annot.LayerEntity, "PERSON", "Vedant Patel"),
			sp(21, annot.LayerEntity, "PERSON", "Patel"), // nested: conflict
			sp(22, annot.LayerEntity, "GPE", "U.S."),
			sp(23, annot.LayerEntity, "ORG", "its alli"), // not on token boundaries
			sp(24, annot.LayerEntity, "GPE", "Kabul"),
			sp(25, annot.LayerCue, "CUE", "said"),
		},
		Relations: []annot.Relation{{ID: id(120), Label: annot.RelSameAs, From: id(20), To: id(21)}},
	}
}

// emptyBundle has no spans.
func emptyBundle() annot.Bundle {
	return annot.Bundle{Doc: annot.Document{ID: "8b0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f", Title: "Nothing here", Text: "Nothing here.\nJust text.", Status: annot.StatusTodo}}
}

// canonical orders spans as stores and exports do.
func canonical(b annot.Bundle) annot.Bundle {
	b.Spans = append([]annot.Span(nil), b.Spans...)
	sort.SliceStable(b.Spans, func(i, j int) bool {
		x, y := b.Spans[i], b.Spans[j]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End > y.End
		}
		return x.ID < y.ID
	})
	return b
}

func testBundles() []annot.Bundle {
	return []annot.Bundle{canonical(mixedBundle()), canonical(plainBundle()), canonical(emptyBundle())}
}

func seq(bs ...annot.Bundle) func(func(annot.Bundle, error) bool) {
	return func(yield func(annot.Bundle, error) bool) {
		for _, b := range bs {
			if !yield(b, nil) {
				return
			}
		}
	}
}

// export writes bundles in format f to a new path in dir and returns the
// summary.
func export(t *testing.T, dir, f string, opt format.ExportOptions, bs ...annot.Bundle) format.ExportSummary {
	t.Helper()
	opt.Format = f
	if opt.Out == "" {
		opt.Out = filepath.Join(dir, "data"+formatExt(f))
		if formatInfo(f).Folder {
			opt.Out = filepath.Join(dir, "data")
		}
	}
	if opt.Now.IsZero() {
		opt.Now = testNow
	}
	if opt.Version == "" {
		opt.Version = "test"
	}
	if opt.Labels == nil {
		opt.Labels = annot.DefaultLabels()
	}
	sum, err := format.Export(ctx, seq(bs...), opt)
	if err != nil {
		t.Fatalf("export %s: %v", f, err)
	}
	return sum
}

// mustStore opens a fresh project.
func mustStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// importAll imports paths in format f into s and returns the report.
func importAll(t *testing.T, s *store.Store, f string, opt format.ReadOptions, paths ...string) store.ImportReport {
	t.Helper()
	im, err := format.Open(f, opt, paths...)
	if err != nil {
		t.Fatalf("open %s: %v", f, err)
	}
	rep, err := s.Import(ctx, "tester", im.Bundles, store.ImportOptions{Labels: im.Labels})
	if err != nil {
		t.Fatalf("import %s: %v", f, err)
	}
	return rep
}

// projectBundles returns every bundle of the project.
func projectBundles(t *testing.T, s *store.Store) []annot.Bundle {
	t.Helper()
	var out []annot.Bundle
	for b, err := range s.Bundles(ctx, store.ExportFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func storeOptsLabels(l []annot.Label) store.ImportOptions { return store.ImportOptions{Labels: l} }

func storeAll() store.ExportFilter { return store.ExportFilter{} }

// formatInfo is format.ExportFormatInfo of a format known to exist.
func formatInfo(name string) format.FormatInfo {
	info, _ := format.ExportFormatInfo(name)
	return info
}

// formatExt is the data file extension of an export format ("" for folders).
func formatExt(name string) string { return formatInfo(name).Ext }
