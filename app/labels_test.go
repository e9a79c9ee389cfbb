package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// small is the smallest window the layout is made for (issue #13).
var small = fyne.NewSize(800, 600)

// resizeTo gives the window size and lays everything out again from the
// top, as the desktop driver does when a minimum size changed.
func (h *harness) resizeTo(s fyne.Size) {
	h.win.Resize(s.AddWidthHeight(1, 1))
	h.win.Resize(s)
}

// panelPane is the panel as the window lays it out, right of the article.
func (h *harness) panelPane() fyne.CanvasObject {
	split := h.w.main.(*fyne.Container).Objects[0].(*container.Split)
	return split.Trailing.(*container.Split).Trailing
}

// Selecting a claim shows its editor (check-worthiness, claimant, links);
// that must not widen the panel, which would narrow the article and wrap
// it again under the reader's eyes.
func TestPanelWidthDoesNotFollowTheSelection(t *testing.T) {
	h := newProject(t)
	h.resizeTo(small)
	h.addSpanAt("Vedant Patel", "PERSON")
	h.w.selectSpan("", false)
	h.resizeTo(small)
	before := h.panelPane().Size().Width
	h.addSpanAt("We are cooperating with partners", "CLAIM")
	h.resizeTo(small)
	if after := h.panelPane().Size().Width; after != before {
		t.Errorf("selecting a claim changed the panel's width from %v to %v", before, after)
	}
	// And the claim's editor fits in it, so nothing is cut off at the right.
	if w := h.w.panel.editor.MinSize().Width; w > before {
		t.Errorf("the claim's editor needs %v, the panel is %v wide", w, before)
	}
	h.addSpanAt("Vedant Patel", "QUOTE")
	h.resizeTo(small)
	if after := h.panelPane().Size().Width; after != before {
		t.Errorf("selecting a quote changed the panel's width from %v to %v", before, after)
	}
	if w := h.w.panel.editor.MinSize().Width; w > before {
		t.Errorf("the quote's editor needs %v, the panel is %v wide", w, before)
	}
}

// A panel row (swatch and label, text, "← speaker") keeps its three parts
// side by side inside the row, however narrow the panel: at 800×600 the
// speaker was drawn over the quote's text.
func TestPanelRowsDoNotOverlap(t *testing.T) {
	h := newProject(t)
	h.resizeTo(small)
	patel := h.addSpanAt("Vedant Patel", "PERSON")
	q := h.addSpanAt("We are cooperating with partners", "QUOTE")
	h.w.startLink()
	h.w.linkTo(patel)
	h.w.selectSpan(q, false)
	p := h.w.panel
	row := p.createRow()
	p.updateRow(p.rowOf(q), row)
	width := h.panelPane().Size().Width - 2*10 // the list's row padding, at most
	row.Resize(fyne.NewSize(width, row.MinSize().Height))
	c := row.(*fyne.Container)
	text, left, who := c.Objects[0].(*widget.Label), c.Objects[1], c.Objects[2].(*widget.Label)
	if who.Text == "" {
		t.Fatal("the quote's row names no speaker")
	}
	if l := left.Position().X + left.Size().Width; text.Position().X < l {
		t.Errorf("label ends at %v, after the text starts at %v", l, text.Position().X)
	}
	if e := text.Position().X + text.Size().Width; who.Position().X < e {
		t.Errorf("text ends at %v, after the speaker starts at %v", e, who.Position().X)
	}
	if e := who.Position().X + who.Size().Width; e > width {
		t.Errorf("the speaker ends at %v, outside the row (%v wide)", e, width)
	}
	if text.Size().Width <= 0 {
		t.Errorf("no room left for the text (%v)", text.Size().Width)
	}
}
