package app

import (
	"iter"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"spanbench/annot"
	"spanbench/annot/adjudicate"
	"spanbench/assets"
	"spanbench/store"
)

// adjText is coded by ana and ben. Offsets are code points counted by
// hand: "Ana Lopez" 0-9, "Ben Smith" 14-23 ("Ben" 14-17), "Paris" 27-32.
// Both mark Ana Lopez a PERSON (agreed: pre-merged); ana marks Ben Smith,
// ben only "Ben" (a boundary disagreement); only ana marks Paris (missing).
const adjText = "Ana Lopez met Ben Smith in Paris on Monday."

func adjBundle() iter.Seq2[annot.Bundle, error] {
	sp := func(s, e int, label, who string) annot.Span {
		layer := annot.LayerEntity
		return annot.Span{Start: s, End: e, Layer: layer, Label: label, Annotator: who}
	}
	return func(yield func(annot.Bundle, error) bool) {
		yield(annot.Bundle{Doc: annot.Document{Title: "Two coders", Text: adjText}, Spans: []annot.Span{
			sp(0, 9, "PERSON", "ana"), sp(14, 23, "PERSON", "ana"), sp(27, 32, "GPE", "ana"),
			sp(0, 9, "PERSON", "ben"), sp(14, 17, "PERSON", "ben"),
		}}, nil)
	}
}

// adjHarness opens the two-coder document in adjudication mode (Ctrl+Shift+J).
func adjHarness(t *testing.T) (*harness, string) {
	t.Helper()
	h := newProject(t)
	rep, err := h.w.st.Import(bg, "test", adjBundle(), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h.w.list.reload()
	h.wait()
	id := rep.DocIDs[0]
	if !h.w.openDoc(id) {
		t.Fatal("the two-coder document did not open")
	}
	h.shortcut(ctrlShiftKey(fyne.KeyJ))
	if !h.w.adj.active() {
		t.Fatalf("Ctrl+Shift+J did not open adjudication on a document coded by ana and ben")
	}
	return h, id
}

// goldSpans returns the gold spans of document id as "LABEL start-end from".
func goldSpans(t *testing.T, h *harness, id string) []string {
	t.Helper()
	spans, err := h.w.st.Spans(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sp := range spans {
		if sp.Annotator == adjudicate.Gold {
			out = append(out, sp.Label+" "+strconv.Itoa(sp.Start)+"-"+strconv.Itoa(sp.End)+" "+sp.Attrs[adjudicate.AttrFrom])
		}
	}
	return out
}

func TestAdjudicateListsDisagreementsAndPreMerges(t *testing.T) {
	h, id := adjHarness(t)
	a := h.w.adj
	if g := goldSpans(t, h, id); len(g) != 1 || g[0] != "PERSON 0-9 ana,ben" {
		t.Fatalf("gold after opening: %q, want the agreed PERSON 0-9 from ana,ben", g)
	}
	if n := a.list.Length(); n != 2 {
		t.Fatalf("%d disagreements listed, want 2 (boundary at Ben Smith, missing at Paris)", n)
	}
	r0, r1 := a.rowText(0), a.rowText(1)
	for _, want := range []string{"boundary", "1: PERSON “Ben Smith”", "2: PERSON “Ben”"} {
		if !strings.Contains(r0, want) {
			t.Errorf("row 0 %q lacks %q", r0, want)
		}
	}
	for _, want := range []string{"missing", "1: GPE “Paris”", "2: nothing"} {
		if !strings.Contains(r1, want) {
			t.Errorf("row 1 %q lacks %q", r1, want)
		}
	}
	if !strings.Contains(a.progress.Text, "2 disagreements left") {
		t.Errorf("progress %q, want 2 disagreements left", a.progress.Text)
	}
	// Each coder's spans of the disagreements are drawn in the coder's
	// colour; the gold span in its label's.
	colours := map[string]string{}
	for _, m := range h.w.view.Marks() {
		colours[strconv.Itoa(m.Pieces[0].Start)+"-"+strconv.Itoa(m.Pieces[len(m.Pieces)-1].End)] = strings.TrimSpace(m.Tooltip)
		switch {
		case m.Pieces[0].Start == 14 && m.Pieces[0].End == 23 && m.Color != coderColor(0):
			t.Errorf("ana's Ben Smith drawn in %v, want coder 1's colour", m.Color)
		case m.Pieces[0].Start == 14 && m.Pieces[0].End == 17 && m.Color != coderColor(1):
			t.Errorf("ben's Ben drawn in %v, want coder 2's colour", m.Color)
		}
	}
	if len(colours) != 4 {
		t.Errorf("marks %v, want gold 0-9 and the three disagreeing spans", colours)
	}
	// The project's figures are read in the background; two coders agree
	// on 1 of ana's 2 PERSON spans and ben's 2: F1 = 2·1/(2+2) = 0.5.
	if v := a.docFig["entity/PERSON"]; float64(v) != 0.5 {
		t.Errorf("document PERSON F1 %v, want 0.5", v)
	}
	if v := a.projFig["entity/PERSON"]; float64(v) != 0.5 {
		t.Errorf("project PERSON F1 %v, want 0.5 (the sample article has no coders)", v)
	}
	// The mode follows the open document: the sample article has no
	// coders; back on this one, the same two disagreements.
	h.shortcut(altKey(fyne.KeyUp))
	if h.w.adj != a || a.active() || !strings.Contains(a.progress.Text, "nothing to adjudicate") {
		t.Fatalf("on the sample article: progress %q, want nothing to adjudicate", a.progress.Text)
	}
	h.shortcut(altKey(fyne.KeyDown))
	if !a.active() || a.docID != id || a.list.Length() != 2 {
		t.Fatalf("back on the two-coder document: %d rows, want 2", a.list.Length())
	}
}

func TestAdjudicateKeysTakeAVersionAndUndo(t *testing.T) {
	h, id := adjHarness(t)
	a := h.w.adj
	h.typeText("j")
	if d, _ := a.current(); d.Kind != adjudicate.Missing {
		t.Fatalf("J went to a %s disagreement, want the next one, missing", d.Kind)
	}
	h.typeText("k")
	if d, _ := a.current(); d.Kind != adjudicate.Boundary || h.w.view.SelectedText() != "Ben Smith" {
		t.Fatalf("K went to a %s disagreement selecting %q, want the boundary one over Ben Smith", d.Kind, h.w.view.SelectedText())
	}
	h.typeText("1") // ana's version of the first (boundary) disagreement
	if g := goldSpans(t, h, id); len(g) != 2 || g[1] != "PERSON 14-23 ana" {
		t.Fatalf("gold after 1: %q, want ana's PERSON 14-23 added with from=ana", g)
	}
	if n := a.list.Length(); n != 1 || !strings.Contains(a.rowText(0), "missing") {
		t.Fatalf("after 1: %d rows, want the missing one left", n)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if g := goldSpans(t, h, id); len(g) != 1 {
		t.Fatalf("gold after Ctrl+Z: %q, want the pre-merged span alone", g)
	}
	if h.w.adj != a || a.list.Length() != 2 {
		t.Fatalf("after Ctrl+Z: %d rows, want both disagreements back", a.list.Length())
	}
	// The current disagreement stayed Paris; 2 takes ben's version there,
	// which is nothing: settled without a gold span.
	if d, _ := a.current(); d.Kind != adjudicate.Missing {
		t.Fatalf("after Ctrl+Z the current disagreement is a %s one, want the missing one still", d.Kind)
	}
	h.typeText("2")
	if g := goldSpans(t, h, id); len(g) != 1 {
		t.Fatalf("gold after taking ben's nothing: %q, want no new span", g)
	}
	if a.list.Length() != 1 || a.an.Settled != 1 {
		t.Fatalf("after 2: %d rows and %d settled, want 1 and 1", a.list.Length(), a.an.Settled)
	}
	// A label key does not add the adjudicator's own span in the mode:
	// there is no coder 3.
	before := len(h.spans())
	h.typeText("3")
	if len(h.spans()) != before {
		t.Fatalf("3 added a span in adjudication mode")
	}
	h.typeText("m") // M refuses while the boundary one is left
	if a.adjudicated() || h.w.keys.dialogOpen() {
		t.Fatalf("M with a disagreement left: adjudicated %v, dialog %v; want a hint in the status bar only", a.adjudicated(), h.w.keys.dialogOpen())
	}
	h.typeText("1m")
	if !a.adjudicated() || !strings.Contains(a.progress.Text, "adjudicated") {
		t.Fatalf("after 1 and M: progress %q, want the document adjudicated", a.progress.Text)
	}
	if d, err := h.w.st.Document(bg, id); err != nil || d.Meta[store.MetaAdjudicated] != "yes" {
		t.Fatalf("meta %v (%v), want adjudicated=yes", d.Meta, err)
	}
	h.shortcut(ctrlShiftKey(fyne.KeyJ))
	if h.w.adj != nil {
		t.Fatal("Ctrl+Shift+J did not leave adjudication")
	}
}

// TestAdjudicateThreshold: three coders, two of whom (ana, ben) call "Ana
// Lopez" a PERSON and one (cy) an ORG. Under "all agree" that is a label
// disagreement and only "Ben Smith", marked alike by all three, is
// pre-merged; "2 of 3 agree" pre-merges the majority's PERSON with its
// provenance and leaves nothing to decide.
func TestAdjudicateThreshold(t *testing.T) {
	h := newProject(t)
	sp := func(s, e int, label, who string) annot.Span {
		return annot.Span{Start: s, End: e, Layer: annot.LayerEntity, Label: label, Annotator: who}
	}
	b := annot.Bundle{Doc: annot.Document{Title: "Three coders", Text: adjText}, Spans: []annot.Span{
		sp(0, 9, "PERSON", "ana"), sp(0, 9, "PERSON", "ben"), sp(0, 9, "ORG", "cy"),
		sp(14, 23, "PERSON", "ana"), sp(14, 23, "PERSON", "ben"), sp(14, 23, "PERSON", "cy"),
	}}
	rep, err := h.w.st.Import(bg, "test", func(yield func(annot.Bundle, error) bool) { yield(b, nil) }, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	id := rep.DocIDs[0]
	h.w.openDoc(id)
	h.shortcut(ctrlShiftKey(fyne.KeyJ))
	a := h.w.adj
	if g := goldSpans(t, h, id); len(g) != 1 || g[0] != "PERSON 14-23 ana,ben,cy" {
		t.Fatalf("gold under all agree: %q, want PERSON 14-23 from all three", g)
	}
	if a.list.Length() != 1 || !strings.Contains(a.rowText(0), "label") {
		t.Fatalf("under all agree: %d rows, want the label disagreement", a.list.Length())
	}
	if got := a.thresh.Options; len(got) != 2 || got[1] != "2 of 3 agree" || !a.threshRow.Visible() {
		t.Fatalf("threshold options %q (shown %v), want all agree and 2 of 3 agree", got, a.threshRow.Visible())
	}
	a.thresh.SetSelected("2 of 3 agree")
	h.wait()
	if g := goldSpans(t, h, id); len(g) != 2 || g[0] != "PERSON 0-9 ana,ben" {
		t.Fatalf("gold under 2 of 3: %q, want the majority's PERSON 0-9 from ana,ben added", g)
	}
	if a.list.Length() != 0 || !strings.Contains(a.progress.Text, "All settled") {
		t.Fatalf("under 2 of 3: %d rows, progress %q; want none left", a.list.Length(), a.progress.Text)
	}
}

// TestWriteAdjudicateProject writes the project docs/adjudicate.png shows
// when SPANBENCH_ADJ_SHOT_DB names a file that does not exist yet: the
// sample article coded by ana, ben and cy, who agree on "Vedant Patel" and
// "Washington" and differ on a quote's kind, a quote only two marked, the
// extent of "U.S. Department of State", the label of "Patel" and an
// "Afghanistan" only ana marked. Then
//
//	../shared/tools/shoot docs/adjudicate.png --wait 4 --keys ctrl+shift+j --keys 1 -- ./spanbench --db $SPANBENCH_ADJ_SHOT_DB
//
// opens adjudication (pre-merging the agreed spans) and takes ana's
// version of the first disagreement.
func TestWriteAdjudicateProject(t *testing.T) {
	st := shotProject(t, "SPANBENCH_ADJ_SHOT_DB", "the adjudication screenshot's project")
	defer st.Close()
	text := assets.SampleText()
	// at finds the nth occurrence of s (from 0), or the stretch from it
	// to the next closing quotation mark, in code points.
	at := func(s string, nth int, toQuoteEnd bool) (int, int) {
		i := -1
		for k := 0; k <= nth; k++ {
			j := strings.Index(text[i+1:], s)
			if j < 0 {
				t.Fatalf("%q not in the sample article", s)
			}
			i += 1 + j
		}
		e := i + len(s)
		if toQuoteEnd {
			e = i + strings.Index(text[i:], "”") + len("”")
		}
		return utf8.RuneCountInString(text[:i]), utf8.RuneCountInString(text[:e])
	}
	var spans []annot.Span
	add := func(s string, nth int, layer annot.Layer, label, kind string, coders ...string) {
		start, end := at(s, nth, layer == annot.LayerQuote)
		for _, c := range coders {
			sp := annot.Span{Start: start, End: end, Layer: layer, Label: label, Annotator: c}
			if kind != "" {
				sp.Attrs = map[string]string{annot.AttrKind: kind}
			}
			spans = append(spans, sp)
		}
	}
	add("Vedant Patel", 0, annot.LayerEntity, "PERSON", "", "ana", "ben", "cy")
	add("Washington", 0, annot.LayerEntity, "GPE", "", "ana", "ben", "cy")
	add("U.S. Department of State", 0, annot.LayerEntity, "ORG", "", "ana", "ben")
	add("Department of State", 1, annot.LayerEntity, "ORG", "", "cy")
	add("“We are cooperating", 0, annot.LayerQuote, "QUOTE", "direct", "ana", "ben")
	add("“We are cooperating", 0, annot.LayerQuote, "QUOTE", "indirect", "cy")
	add("Patel", 1, annot.LayerEntity, "PERSON", "", "ana", "ben") // "Patel said"
	add("Patel", 1, annot.LayerEntity, "ORG", "", "cy")
	add("“We are taking", 0, annot.LayerQuote, "QUOTE", "direct", "ben", "cy")
	add("Afghanistan", 4, annot.LayerEntity, "GPE", "", "ana") // "our Afghanistan counterterrorism"
	if _, err := st.Import(bg, "spanbench", func(yield func(annot.Bundle, error) bool) {
		yield(annot.Bundle{Doc: annot.Document{Title: assets.SampleTitle, Text: text}, Spans: spans}, nil)
	}, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}
