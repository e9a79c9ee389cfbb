package store

import (
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
	if _, err := s.SearchSpans(ctx, SpanFilter{Layer: "nope"}); err == nil {
		t.Error("an unknown layer was accepted")
	}
}

// TestSearchSpansBatches crosses the batch size, so the keyset continues
// exactly after the last row read.
func TestSearchSpansBatches(t *testing.T) {
	s := mustOpen(t)
	text := strings.Repeat("ab ", spanSearchBatch+10)
	doc := mustDoc(t, s, text)
	var spans []annot.Span
	for i := 0; i < spanSearchBatch+10; i++ {
		spans = append(spans, annot.Span{DocID: doc, Start: 3 * i, End: 3*i + 2, Layer: annot.LayerEntity, Label: "PERSON"})
	}
	if _, err := s.Apply(ctx, "ana", doc, "many", Change{Create: spans}); err != nil {
		t.Fatal(err)
	}
	hs, err := s.SearchSpans(ctx, SpanFilter{Text: "AB"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != len(spans) {
		t.Fatalf("got %d hits, want %d", len(hs), len(spans))
	}
	for i, h := range hs {
		if h.Span.Start != 3*i {
			t.Fatalf("hit %d starts at %d", i, h.Span.Start)
		}
	}
}
