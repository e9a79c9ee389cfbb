package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The sample article's first two Patel quotes and the cue between them
// (assets/state-dept-afghanistan.txt, paragraph 4 and 5): “We are
// cooperating … as well,” Patel said. “We are taking … efforts,” he added.
const (
	firstQuote  = "We are cooperating with partners and allies, including in the immediate region; and we’re working vigilantly to prevent the re-emergence of external threats from Afghanistan, including by working with partners to counteract terrorist recruitment efforts as well,"
	secondQuote = "We are taking a whole-of-government approach to our Afghanistan counterterrorism efforts,"
)

// cpOf returns the code point offset of s in the open document.
func (h *harness) cpOf(s string) int {
	h.t.Helper()
	text := h.w.ses.Doc().Ix.Text()
	i := strings.Index(text, s)
	if i < 0 {
		h.t.Fatalf("%q not in the document", s)
	}
	return len([]rune(text[:i]))
}

// TestCtrlReleasedInADialogDoesNotStick: Ctrl goes down in the article,
// Ctrl+, opens Settings and the release goes to the dialog. A plain drag
// afterwards is a plain selection, not "add fragment" (issue 13).
func TestCtrlReleasedInADialogDoesNotStick(t *testing.T) {
	h := newProject(t)
	p := h.addSpanAt("Vedant Patel", "PERSON")
	h.canvas().Focus(h.w.view)
	h.w.view.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft}) // as GLFW delivers it to the focused view
	h.shortcut(ctrlKey(fyne.KeyComma))
	if h.canvas().Overlays().Top() == nil {
		t.Fatal("Ctrl+, opened no dialog")
	}
	h.canvas().Overlays().Top().Hide() // the release of Ctrl went to the dialog
	h.canvas().Focus(h.w.view)
	h.w.selectSpan(p, false)

	// A plain drag over the first line of the text, as GLFW sends it:
	// MouseDown without modifiers, then drag events.
	from, to := fyne.NewPos(60, 30), fyne.NewPos(300, 30)
	h.w.view.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	h.w.view.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, 0)})
	h.w.view.DragEnd()
	h.wait()
	if s, e := h.w.view.Selection(); s >= e {
		t.Fatalf("the drag selected nothing (%d-%d)", s, e)
	}
	if sp := mustSpan(h, p); len(sp.Fragments) != 0 || strings.Contains(h.w.status.message.Text+h.w.status.save.Text, "fragment") {
		t.Fatalf("a plain drag after Ctrl was released in a dialog added a fragment: %+v, %q", sp, h.w.status.message.Text)
	}
	// Ctrl+drag, with the Ctrl in the press itself, still adds one.
	h.w.view.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierControl})
	h.w.view.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, 0)})
	h.w.view.DragEnd()
	h.wait()
	if sp := mustSpan(h, p); len(sp.Fragments) != 2 {
		t.Fatalf("Ctrl+drag did not add a fragment: %+v", sp)
	}
}

// TestPlusTwiceKeepsTheCueOut: + selects the new fragment; + again on a
// selection already in the span does nothing, so the quote never swallows
// the "Patel said" between its parts (issue 13).
func TestPlusTwiceKeepsTheCueOut(t *testing.T) {
	h := newProject(t)
	q := h.addSpanAt(firstQuote, "QUOTE")
	s2 := h.cpOf(secondQuote)
	e2 := s2 + len([]rune(secondQuote))
	h.selectText(s2, e2)
	h.typeText("+")
	if s, e := h.w.view.Selection(); s != s2 || e != e2 {
		t.Fatalf("after +, selection %d-%d, want the new fragment %d-%d", s, e, s2, e2)
	}
	h.typeText("+")
	sp := mustSpan(h, q)
	if len(sp.Fragments) != 2 {
		t.Fatalf("after + +: %+v, want two fragments", sp)
	}
	cue := h.cpOf("Patel said.")
	for _, f := range sp.Pieces() {
		if f.Start <= cue && cue < f.End {
			t.Fatalf("the quote swallowed the cue at %d: %+v", cue, sp.Pieces())
		}
	}
	if !strings.Contains(h.w.status.message.Text, "already") {
		t.Errorf("message %q should say the text is already in the span", h.w.status.message.Text)
	}
	if stored := h.spans(); len(stored) != 1 || len(stored[0].Fragments) != 2 {
		t.Fatalf("stored %+v", stored)
	}
}

// TestNavigationKeys: PageDown moves the caret (so Tab goes on from
// there), Ctrl+Home / Ctrl+End go to the start and end (issue 13).
func TestNavigationKeys(t *testing.T) {
	h := newProject(t)
	photo := h.addSpanAt("Photo", "MISC")
	talc := h.addSpanAt("talc mines", "MISC")
	h.w.selectSpan("", false)
	h.selectText(0, 0)
	h.canvas().Focus(h.w.view)
	h.key(fyne.KeyTab)
	if h.w.ses.SelectedID() != photo {
		t.Fatalf("Tab from the start selected %s, want the first span", h.w.ses.SelectedID())
	}
	h.key(fyne.KeyPageDown)
	caret, _ := h.w.view.Selection()
	if caret == 0 {
		t.Fatal("PageDown did not move the caret")
	}
	h.key(fyne.KeyTab)
	if h.w.ses.SelectedID() != talc {
		t.Fatalf("Tab after PageDown (caret %d) selected %s, want the span after the caret", caret, h.w.ses.SelectedID())
	}
	from, _ := h.w.view.Selection() // on the span Tab selected
	h.key(fyne.KeyPageUp)
	if c, _ := h.w.view.Selection(); c >= from {
		t.Errorf("PageUp left the caret at %d (was %d)", c, from)
	}
	h.key(fyne.KeyTab, fyne.KeyModifierShift)
	if h.w.ses.SelectedID() != photo {
		t.Errorf("Shift+Tab after PageUp selected %s, want the span before the caret", h.w.ses.SelectedID())
	}
	n := h.w.ses.Doc().Ix.Len()
	h.shortcut(ctrlKey(fyne.KeyEnd))
	if s, e := h.w.view.Selection(); s != n || e != n {
		t.Fatalf("Ctrl+End: %d-%d, want %d", s, e, n)
	}
	h.shortcut(ctrlKey(fyne.KeyHome))
	if s, e := h.w.view.Selection(); s != 0 || e != 0 {
		t.Fatalf("Ctrl+Home: %d-%d, want 0", s, e)
	}
}

// TestDocumentListDownAndEnter: Down from the filter box opens the next
// document at once, and Enter in the list opens the row it shows as
// current (issue 13).
func TestDocumentListDownAndEnter(t *testing.T) {
	h := newProject(t)
	ids := h.addDocs("Budget talks\n\nThe finance minister presented the budget.",
		"Weather\n\nRain is expected over the weekend in Kabul.")
	h.shortcut(ctrlShiftKey(fyne.KeyF))
	h.key(fyne.KeyDown)
	if h.w.ses.Doc().Info.ID != ids[0] || h.canvas().Focused() != h.w.list.list {
		t.Fatalf("first Down from the filter: doc %q, focus %T; want the next document, keyboard in the list", h.w.ses.Doc().Info.Title, h.canvas().Focused())
	}
	// Filter to a document that is not open; the keyboard in the list;
	// Enter opens the first row.
	h.canvas().Focus(h.w.list.filter)
	h.typeText("Kabul")
	if len(h.w.list.docs) != 1 || h.w.list.docs[0].ID != ids[1] {
		t.Fatalf("filter Kabul: %d docs", len(h.w.list.docs))
	}
	h.canvas().Focus(h.w.list.list)
	h.key(fyne.KeyReturn)
	if h.w.ses.Doc().Info.ID != ids[1] {
		t.Fatalf("Enter in the list opened %q, want the Kabul document", h.w.ses.Doc().Info.Title)
	}
	if h.canvas().Focused() != h.w.view {
		t.Errorf("after Enter the keyboard is in %T, want the article", h.canvas().Focused())
	}
}

// TestEscapeClosesDialogs: Esc closes Export and Settings, as their Cancel
// does (issue 13).
func TestEscapeClosesDialogs(t *testing.T) {
	h := newProject(t)
	for _, s := range []fyne.Shortcut{ctrlKey(fyne.KeyE), ctrlKey(fyne.KeyComma)} {
		h.shortcut(s)
		if h.canvas().Overlays().Top() == nil {
			t.Fatalf("%s opened no dialog", s.ShortcutName())
		}
		h.key(fyne.KeyEscape)
		if top := h.canvas().Overlays().Top(); top != nil {
			t.Fatalf("Esc left the dialog of %s open", s.ShortcutName())
		}
	}
	// From a text field in the dialog too.
	s := h.w.files.showSettings()
	h.canvas().Focus(s.annotator)
	h.key(fyne.KeyEscape)
	if h.canvas().Overlays().Top() != nil {
		t.Fatal("Esc in the annotator field left Settings open")
	}
	if h.w.annotator == "" {
		t.Fatal("Esc changed the annotator")
	}
}
