package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
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
	h.w.linker.startLink()
	h.w.linker.linkTo(patel)
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

// bratProject is a project with the default labels and those brat's
// tutorial corpus adds on import (Money, Organization, Person,
// Transfer-money, Merge-org, Report: its annotation.conf, in
// annot/format/testdata/brat-corpus/tutorial-news), opened at 800×600.
func bratProject(t *testing.T) *harness {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	im, err := format.Open("brat", format.ReadOptions{}, filepath.Join("..", "annot", "format", "testdata", "brat-corpus", "tutorial-news"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(bg, "test", im.Bundles, store.ImportOptions{Labels: im.Labels}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	h := newHarness(t, path)
	h.resizeTo(small)
	if n := len(h.w.spanLabels()); n < 16 {
		t.Fatalf("%d span labels; the import should have added 6 to the 10 default ones", n)
	}
	return h
}

// Every span label is reachable at 800×600: its button lies wholly inside
// the bar, or the More menu lists it; the bar itself ends inside the
// window, Find and Help included.
func TestEveryLabelReachableInASmallWindow(t *testing.T) {
	h := bratProject(t)
	b := h.w.bar
	inMenu := map[string]bool{}
	if b.more.Visible() {
		for _, it := range b.moreMenu().Items {
			inMenu[it.Label] = true
		}
		if e := b.more.Position().X + b.more.Size().Width; e > b.box.Size().Width {
			t.Errorf("the More button ends at %v, outside the bar (%v)", e, b.box.Size().Width)
		}
	}
	// A button is on the bar when it is drawn whole left of the Snap to
	// words box (a scrolled-away button is not).
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject
	limit := abs(b.snap).X
	for i, l := range b.labels {
		btn := b.buttons[i].obj
		onBar := btn.Visible() && abs(btn).X >= 0 && abs(btn).X+btn.Size().Width <= limit &&
			btn.Size().Width >= btn.MinSize().Width
		if !onBar && !inMenu[labelText(l)] {
			t.Errorf("label %s is neither on the bar nor in the More menu", l.Name)
		}
		if onBar && inMenu[labelText(l)] {
			t.Errorf("label %s is both on the bar and in the More menu", l.Name)
		}
	}
	win := h.canvas().Size().Width
	for _, o := range []fyne.CanvasObject{b.box, b.helpBtn} {
		if e := abs(o).X + o.Size().Width; e > win {
			t.Errorf("%T ends at %v, outside the window (%v)", o, e, win)
		}
	}
	// Choosing a label from the menu applies it, as its button would.
	if !b.more.Visible() {
		t.Fatal("16 labels fit on an 800-pixel bar: no More button to test")
	}
	last := b.labels[len(b.labels)-1]
	h.selectText(0, 7)
	for _, it := range b.moreMenu().Items {
		if it.Label == labelText(last) {
			it.Action()
		}
	}
	h.wait()
	if sp, ok := h.w.ses.Selected(); !ok || sp.Label != last.Name || sp.Start != 0 || sp.End != 7 {
		t.Errorf("the More menu's %s made %+v", last.Name, sp)
	}
}

// The label picker (Ctrl+L, or ;) applies the label whose name contains
// what is typed, on Enter, to the selection, as its key would.
func TestLabelPickerAppliesTypedLabel(t *testing.T) {
	h := bratProject(t)
	h.selectText(0, 7)
	h.shortcut(ctrlKey(fyne.KeyL))
	if h.canvas().Focused() != h.w.bar.picker.entry {
		t.Fatal("Ctrl+L did not put the keyboard in the label picker")
	}
	h.typeText("merge") // Merge-org, by part of its name and another case
	h.key(fyne.KeyReturn)
	sp, ok := h.w.ses.Selected()
	if !ok || sp.Label != "Merge-org" || sp.Layer != annot.LayerEntity || sp.Start != 0 || sp.End != 7 {
		t.Fatalf("the picker made %+v", sp)
	}
	if h.w.bar.picker.visible() {
		t.Error("the picker stays open after Enter")
	}
	// ; opens it too; with a span selected it changes its label, as a key
	// does; Down moves to the next match, Esc closes without a change.
	h.typeText(";")
	h.typeText("or") // ORG, Organization (both start with it, in bar order), then Report, CLAIM...
	h.key(fyne.KeyDown)
	h.key(fyne.KeyReturn)
	if sp, _ := h.w.ses.Selected(); sp.Label != "Organization" {
		t.Fatalf("Down, Enter relabelled to %s, want Organization", sp.Label)
	}
	h.typeText(";")
	h.typeText("rep")
	h.key(fyne.KeyEscape)
	if sp, _ := h.w.ses.Selected(); sp.Label != "Organization" || h.w.bar.picker.visible() {
		t.Errorf("Esc changed the label to %s or left the picker open", sp.Label)
	}
}

// Labels an import adds get free keys (letters after 1-9) and show them on
// the bar; typing one, in either case, applies its label as a digit does.
func TestImportedLabelsHaveKeys(t *testing.T) {
	h := bratProject(t)
	added := map[string]bool{"Money": true, "Organization": true, "Person": true, "Transfer-money": true, "Merge-org": true, "Report": true}
	for i, l := range h.w.bar.labels {
		if !added[l.Name] {
			continue // the default CUE has no key, as ever
		}
		delete(added, l.Name)
		if l.Key == "" {
			t.Errorf("label %s has no key", l.Name)
		}
		if got := h.w.bar.buttons[i].button.Text; got != l.Key+" "+l.Name {
			t.Errorf("button %q for %s (key %q)", got, l.Name, l.Key)
		}
	}
	if len(added) > 0 {
		t.Errorf("not on the bar: %v", added)
	}
	report, ok := h.w.labelByName("Report")
	if !ok || len(report.Key) != 1 || report.Key[0] < 'B' || report.Key[0] > 'Z' {
		t.Fatalf("Report has key %q, want a letter", report.Key)
	}
	h.selectText(0, 7)
	h.typeText(strings.ToLower(report.Key))
	if sp, ok := h.w.ses.Selected(); !ok || sp.Label != "Report" {
		t.Fatalf("typing %q made %+v", strings.ToLower(report.Key), sp)
	}
}

func (w *Workbench) labelByName(name string) (annot.Label, bool) {
	for _, l := range w.spanLabels() {
		if l.Name == name {
			return l, true
		}
	}
	return annot.Label{}, false
}
