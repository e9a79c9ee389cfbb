package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// overlayTexts lists the texts of the labels on the top overlay, in
// layout order, as a reader scans them.
func overlayTexts(h *harness) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.TempWidgetRenderer(h.t, x)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	if top := h.canvas().Overlays().Top(); top != nil {
		walk(top)
	}
	return out
}

// TestConcordanceOpensTheSpan searches the project for a label from
// another document: Enter opens the sample article with the span selected.
func TestConcordanceOpensTheSpan(t *testing.T) {
	h := newProject(t)
	sample := h.w.doc.info.ID
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
	if h.w.doc.info.ID != sample {
		t.Fatalf("Enter opened document %s, want the sample article %s", h.w.doc.info.ID, sample)
	}
	if h.w.selSpan != person {
		t.Errorf("the selected span is %q, want the PERSON span %q", h.w.selSpan, person)
	}
	sp, _ := h.w.selected()
	if s, e := h.w.view.Selection(); s != sp.Start || e != sp.End {
		t.Errorf("the text selection is [%d, %d), the span [%d, %d)", s, e, sp.Start, sp.End)
	}

	// The text field narrows it, in any case; Down then Enter opens the
	// second line.
	h.shortcut(ctrlKey(fyne.KeyK))
	h.canvas().Focus(h.w.conc.text)
	h.typeText("MINISTER")
	if n := len(h.w.conc.hits); n != 1 {
		t.Fatalf("label and text list %d spans, want 1", n)
	}
	h.key(fyne.KeyReturn)
	if h.w.doc.info.ID != other {
		t.Errorf("Enter did not open the second document")
	}
}

// TestCountsShowDocumentAndProject applies two labels to the sample article
// (and one of them once more in another document): the counts show 1 and 1
// for ORG, 1 in this document and 2 in the project for PERSON.
func TestCountsShowDocumentAndProject(t *testing.T) {
	h := newProject(t)
	other := h.addDocs("Budget talks\n\nThe finance minister presented the budget.")[0]
	sample := h.w.doc.info.ID
	h.w.openDoc(other)
	h.addSpanAt("finance minister", "PERSON")
	h.w.openDoc(sample)
	h.addSpanAt("Vedant Patel", "PERSON")
	h.addSpanAt("State Department", "ORG")

	h.shortcut(ctrlShiftKey(fyne.KeyC))
	if !h.w.dialogOpen() {
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
