package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// walkOverlay calls f with every object on the top overlay, widgets'
// insides included.
func walkOverlay(h *harness, f func(o fyne.CanvasObject)) {
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		f(o)
		switch x := o.(type) {
		case *widget.Label:
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(h.t, x).Objects() {
				walk(c)
			}
		}
	}
	if top := h.canvas().Overlays().Top(); top != nil {
		walk(top)
	}
}

// hitRowAt is the concordance row showing hit i.
func hitRowAt(h *harness, i int) *hitRow {
	h.t.Helper()
	var row *hitRow
	walkOverlay(h, func(o fyne.CanvasObject) {
		if r, ok := o.(*hitRow); ok && r.i == i && r.Visible() && row == nil {
			row = r
		}
	})
	if row == nil {
		h.t.Fatalf("no row shows hit %d", i)
	}
	return row
}

// overlayTexts lists the texts of the labels on the top overlay, in
// layout order, as a reader scans them.
func overlayTexts(h *harness) []string {
	var out []string
	walkOverlay(h, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return out
}

// TestConcordanceOpensTheSpan searches the project for a label from
// another document: Enter opens the sample article with the span selected.
func TestConcordanceOpensTheSpan(t *testing.T) {
	h := newProject(t)
	sample := h.w.ses.Doc().Info.ID
	person := h.addSpanAt("Vedant Patel", "PERSON")
	h.addSpanAt("State Department", "ORG")
	other := h.addDocs("Budget talks\n\nThe finance minister presented the budget.")[0]
	if !h.w.openDoc(other) {
		t.Fatal("the second document did not open")
	}
	h.addSpanAt("finance minister", "PERSON")

	h.shortcut(ctrlKey(fyne.KeyK))
	if h.w.conc == nil || h.canvas().Focused() != h.w.conc.label {
		t.Fatal("Ctrl+K did not put the keyboard in the span search")
	}
	h.typeText("person") // any case
	// Both PERSON spans, the sample article's first: it was imported first.
	if n := len(h.w.conc.hits); n != 2 {
		t.Fatalf("the search lists %d spans, want 2", n)
	}
	if hit := h.w.conc.hits[0]; hit.Text != "Vedant Patel" || !strings.HasSuffix(hit.Left, "August 1, ") || !strings.HasPrefix(hit.Right, ", the deputy") {
		t.Errorf("first line: %q [%q] %q", hit.Left, hit.Text, hit.Right)
	}
	h.key(fyne.KeyReturn)
	if h.w.conc.visible() {
		t.Error("the search stays open after Enter")
	}
	if h.w.ses.Doc().Info.ID != sample {
		t.Fatalf("Enter opened document %s, want the sample article %s", h.w.ses.Doc().Info.ID, sample)
	}
	if h.w.ses.SelectedID() != person {
		t.Errorf("the selected span is %q, want the PERSON span %q", h.w.ses.SelectedID(), person)
	}
	sp, _ := h.w.ses.Selected()
	if s, e := h.w.view.Selection(); s != sp.Start || e != sp.End {
		t.Errorf("the text selection is [%d, %d), the span [%d, %d)", s, e, sp.Start, sp.End)
	}

	// The search opens empty again; the text field alone, in another
	// case, finds the second document's span and Enter opens it.
	h.shortcut(ctrlKey(fyne.KeyK))
	h.canvas().Focus(h.w.conc.text)
	h.typeText("MINISTER")
	if n := len(h.w.conc.hits); n != 1 {
		t.Fatalf("the text lists %d spans, want 1", n)
	}
	h.key(fyne.KeyReturn)
	if h.w.ses.Doc().Info.ID != other {
		t.Errorf("Enter did not open the second document")
	}
}

// TestCountsShowDocumentAndProject applies two labels to the sample article
// (and one of them once more in another document): the counts show 1 and 1
// for ORG, 1 in this document and 2 in the project for PERSON.
func TestCountsShowDocumentAndProject(t *testing.T) {
	h := newProject(t)
	other := h.addDocs("Budget talks\n\nThe finance minister presented the budget.")[0]
	sample := h.w.ses.Doc().Info.ID
	h.w.openDoc(other)
	h.addSpanAt("finance minister", "PERSON")
	h.w.openDoc(sample)
	h.addSpanAt("Vedant Patel", "PERSON")
	h.addSpanAt("State Department", "ORG")

	h.shortcut(ctrlShiftKey(fyne.KeyC))
	if !h.w.keys.dialogOpen() {
		t.Fatal("Ctrl+Shift+C did not show the counts")
	}
	texts := overlayTexts(h)
	row := func(label string) string {
		for i, s := range texts {
			if s == label && i+2 < len(texts) {
				return texts[i+1] + " " + texts[i+2]
			}
		}
		return "(missing)"
	}
	for label, want := range map[string]string{"PERSON": "1 2", "ORG": "1 1", "QUOTE": "0 0"} {
		if got := row(label); got != want {
			t.Errorf("%s: this document, project = %s, want %s", label, got, want)
		}
	}
}

// TestConcordanceClickThenEnterAndDoubleClick: a click highlights a line
// and leaves the keyboard in the fields, so Enter opens that line; a
// double-click opens its line at once.
func TestConcordanceClickThenEnterAndDoubleClick(t *testing.T) {
	h := newProject(t)
	sample := h.w.ses.Doc().Info.ID
	person := h.addSpanAt("Vedant Patel", "PERSON")
	other := h.addDocs("Budget talks\n\nThe finance minister presented the budget.")[0]
	h.w.openDoc(other)
	minister := h.addSpanAt("finance minister", "PERSON")
	h.w.openDoc(sample)

	h.shortcut(ctrlKey(fyne.KeyK))
	h.typeText("PERSON")
	test.Tap(hitRowAt(h, 1))
	if h.w.conc.cur != 1 || h.canvas().Focused() != h.w.conc.label {
		t.Fatalf("after a click on line 2: highlight %d, focus %v", h.w.conc.cur, h.canvas().Focused())
	}
	h.key(fyne.KeyReturn)
	if h.w.ses.Doc().Info.ID != other || h.w.ses.SelectedID() != minister {
		t.Fatalf("Enter after the click opened %s with %q selected", h.w.ses.Doc().Info.ID, h.w.ses.SelectedID())
	}

	h.shortcut(ctrlKey(fyne.KeyK))
	h.typeText("person")
	test.DoubleTap(hitRowAt(h, 0))
	h.wait()
	if h.w.conc.visible() || h.w.ses.Doc().Info.ID != sample || h.w.ses.SelectedID() != person {
		t.Errorf("a double-click left the search open (%v) or opened %s with %q selected", h.w.conc.visible(), h.w.ses.Doc().Info.ID, h.w.ses.SelectedID())
	}
}

// TestListPageKeys: the span search and the label picker share the
// choosers' keys (listKeys), so PageDown and PageUp move the highlight a
// page (10 rows, stopping at the ends) in both, and Enter takes the row
// reached.
func TestListPageKeys(t *testing.T) {
	h := newProject(t)
	words := []string{"Photo", "Department of State", "Allies", "Counter", "Emerging", "Terrorist", "Threats",
		"WASHINGTON", "UNITED STATES", "Washington", "Afghanistan", "launching pad", "Thursday"}
	for _, w := range words {
		h.addSpanAt(w, "ORG")
	}
	h.w.selectSpan("", false)
	h.shortcut(ctrlKey(fyne.KeyK))
	h.typeText("org")
	c := h.w.conc
	if n := len(c.hits); n != len(words) {
		t.Fatalf("the search lists %d spans, want %d", n, len(words))
	}
	h.key(fyne.KeyPageDown)
	if c.cur != 10 {
		t.Errorf("PageDown: highlight %d, want 10", c.cur)
	}
	h.key(fyne.KeyPageDown)
	if c.cur != len(words)-1 {
		t.Errorf("PageDown again: highlight %d, want the last, %d", c.cur, len(words)-1)
	}
	h.key(fyne.KeyPageUp)
	want := c.hits[len(words)-1-10].Span.ID
	h.key(fyne.KeyReturn)
	if h.w.ses.SelectedID() != want {
		t.Errorf("Enter after PageUp selected %q, want %q", h.w.ses.SelectedID(), want)
	}

	// The label picker: all span labels listed (the 10 default ones),
	// PageDown reaches the last, Enter applies it.
	labels := h.w.spanLabels()
	last := labels[min(10, len(labels)-1)]
	h.w.selectSpan("", false)
	h.selectText(0, 5)
	h.shortcut(ctrlKey(fyne.KeyL))
	h.key(fyne.KeyPageDown)
	h.key(fyne.KeyReturn)
	if sp, ok := h.w.ses.Selected(); !ok || sp.Label != last.Name {
		t.Errorf("the picker's PageDown, Enter made %+v, want a %s", sp, last.Name)
	}
}
