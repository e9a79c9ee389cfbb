package store

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
)

// cpAt is the code point offset of the first sub in text.
func cpAt(tb testing.TB, text, sub string) (start, end int) {
	tb.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		tb.Fatalf("%q not in the text", sub)
	}
	start = utf8.RuneCountInString(text[:i])
	return start, start + utf8.RuneCountInString(sub)
}

// TestSearchSpansFilters runs the concordance query over two documents:
// each filter alone, together, the limit, and the order (documents in
// import order, then start, the longer span first).
func TestSearchSpansFilters(t *testing.T) {
	s := mustOpen(t)
	second := "Der Minister sagte: „Wir prüfen das.“ Später: État de droit."
	d1, d2 := mustDoc(t, s, sample), mustDoc(t, s, second)
	add := func(doc, text, sub string, layer annot.Layer, label string, attrs map[string]string) string {
		t.Helper()
		st, en := cpAt(t, text, sub)
		sp, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: st, End: en, Layer: layer, Label: label, Attrs: attrs})
		if err != nil {
			t.Fatal(err)
		}
		return sp.ID
	}
	// Made in an order unlike the expected one, so the order is the query's.
	minister := add(d2, second, "Minister", annot.LayerEntity, "PERSON", nil)
	etat := add(d2, second, "État de droit", annot.LayerEntity, "ORG", nil)
	with := add(d1, sample, "with", annot.LayerCue, "CUE", nil)
	patel := add(d1, sample, "Vedant Patel", annot.LayerEntity, "PERSON", map[string]string{"role": "spokesperson"})
	vedant := add(d1, sample, "Vedant", annot.LayerEntity, "PERSON", map[string]string{"role": "other"})
	claim := add(d2, second, "Wir prüfen das.", annot.LayerClaim, "CLAIM", map[string]string{"checkworthy": "yes"})

	val := func(v string) *string { return &v }
	ids := func(hs []SpanHit) string {
		var out []string
		for _, h := range hs {
			out = append(out, h.Span.ID)
		}
		return strings.Join(out, " ")
	}
	join := func(ids ...string) string { return strings.Join(ids, " ") }
	for _, tc := range []struct {
		name string
		f    SpanFilter
		want string
	}{
		// Document 1 before 2; "Vedant Patel" and "Vedant" start together, the longer first.
		{"all", SpanFilter{}, join(patel, vedant, with, minister, claim, etat)},
		{"label", SpanFilter{Label: "PERSON"}, join(patel, vedant, minister)},
		{"layer", SpanFilter{Layer: annot.LayerEntity}, join(patel, vedant, minister, etat)},
		{"label and layer disagree", SpanFilter{Layer: annot.LayerClaim, Label: "PERSON"}, ""},
		{"text any case", SpanFilter{Text: "VEDANT"}, join(patel, vedant)},
		{"text non-ASCII case", SpanFilter{Text: "éTAT"}, join(etat)},
		{"text inside the span only", SpanFilter{Text: "said"}, ""},
		{"attr value", SpanFilter{AttrKey: "role", AttrVal: val("spokesperson")}, join(patel)},
		{"attr any value", SpanFilter{AttrKey: "role"}, join(patel, vedant)},
		{"attr and label", SpanFilter{Label: "CLAIM", AttrKey: "checkworthy", AttrVal: val("yes")}, join(claim)},
		{"limit", SpanFilter{Limit: 2}, join(patel, vedant)},
		{"limit after the text filter", SpanFilter{Text: "e", Limit: 2}, join(patel, vedant)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs, err := s.SearchSpans(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(hs); got != tc.want {
				t.Errorf("got %s\nwant %s", got, tc.want)
			}
		})
	}

	// Context: "with" follows the family emoji (5 code points, one
	// grapheme) and a space; 3 code points back land inside the emoji, so
	// the left context takes the whole cluster.
	hs, err := s.SearchSpans(ctx, SpanFilter{Label: "CUE", Context: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 {
		t.Fatalf("got %d hits", len(hs))
	}
	h := hs[0]
	if h.Left != "👩‍👩‍👧 " || h.Text != "with" || h.Right != " pa" || h.Title != "t" {
		t.Errorf("got %q [%q] %q in %q", h.Left, h.Text, h.Right, h.Title)
	}
	// A discontinuous span's text is its pieces: "Vedant" and "said", not
	// the "Patel" between them.
	st1, en1 := cpAt(t, sample, "Vedant")
	st2, en2 := cpAt(t, sample, "said")
	frag, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: d1, Start: st1, End: en2, Fragments: []annot.Fragment{{Start: st1, End: en1}, {Start: st2, End: en2}}, Layer: annot.LayerQuote, Label: "QUOTE"})
	if err != nil {
		t.Fatal(err)
	}
	if hs, _ := s.SearchSpans(ctx, SpanFilter{Label: "QUOTE", Text: "SAID"}); len(hs) != 1 || hs[0].Span.ID != frag.ID || hs[0].Text != "Vedant"+ConcordanceGap+"said" {
		t.Errorf("a fragment's text: %+v", hs)
	}
	if hs, _ := s.SearchSpans(ctx, SpanFilter{Label: "QUOTE", Text: "patel"}); len(hs) != 0 {
		t.Errorf("the text between fragments matched: %+v", hs)
	}
	if _, err := s.SearchSpans(ctx, SpanFilter{Layer: "nope"}); err == nil {
		t.Error("an unknown layer was accepted")
	}
}

// TestSearchSpansWindows crosses the window of documents one query
// covers: every span is found once, in import order, and the limit holds
// across windows.
func TestSearchSpansWindows(t *testing.T) {
	s := mustOpen(t)
	n := spanSearchDocs + 3
	src := func(yield func(annot.Bundle, error) bool) {
		for i := 0; i < n; i++ {
			b := annot.Bundle{Doc: annot.Document{Title: fmt.Sprint(i), Text: fmt.Sprintf("ab cd %d", i)},
				Spans: []annot.Span{{Start: 3, End: 5, Layer: annot.LayerEntity, Label: "PERSON"}}}
			if !yield(b, nil) {
				return
			}
		}
	}
	if _, err := s.Import(ctx, "ana", src, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	hs, err := s.SearchSpans(ctx, SpanFilter{Text: "CD"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != n {
		t.Fatalf("got %d hits, want %d", len(hs), n)
	}
	for i, h := range hs {
		if h.Title != fmt.Sprint(i) {
			t.Fatalf("hit %d is in document %q", i, h.Title)
		}
	}
	if hs, _ := s.SearchSpans(ctx, SpanFilter{Label: "PERSON", Limit: spanSearchDocs + 1}); len(hs) != spanSearchDocs+1 {
		t.Errorf("the limit across windows gave %d hits", len(hs))
	}
}
