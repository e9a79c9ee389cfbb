package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestLinkStartsAtTheSuggestedSpeaker: L then Tab on the first Patel quote
// offers Vedant Patel (the suggester's speaker: "Patel said"), not the
// organisation named nearer the quote (issue 13); the panel lists the
// candidates while choosing.
func TestLinkStartsAtTheSuggestedSpeaker(t *testing.T) {
	h := newProject(t, WithAssistant(Suggester{}))
	vp := h.addSpanAt("Vedant Patel", "PERSON")
	h.addSpanAt("Islamic State-Khorasan Province", "ORG")
	q := h.addSpanAt(firstQuote, "QUOTE")
	h.typeText("L")
	h.key(fyne.KeyTab)
	if got := h.w.link.cands[h.w.link.cur]; got != vp {
		sp := mustSpan(h, got)
		t.Fatalf("first Tab offered %q, want Vedant Patel", h.w.ses.Doc().Ix.Slice(sp.Start, sp.End))
	}
	names := shownText(h.w.panel.editor)
	if !strings.Contains(names, "Vedant Patel") || !strings.Contains(names, "Islamic State-Khorasan Province") {
		t.Fatalf("panel while choosing: %q", names)
	}
	if strings.Index(names, "Vedant Patel") > strings.Index(names, "Islamic State") {
		t.Errorf("panel lists the candidates out of order: %q", names)
	}
	h.key(fyne.KeyReturn)
	if rs := h.rels(); len(rs) != 1 || rs[0].From != q || rs[0].To != vp {
		t.Fatalf("relations %+v", rs)
	}
	if strings.Contains(shownText(h.w.panel.editor), "Islamic State") {
		t.Error("the candidates stay in the panel after linking")
	}
}

// TestRejectIsUndoneAndTheSelectedSuggestionIsDrawnApart: X is undone by
// Ctrl+Z and redone by Ctrl+Shift+Z, in order with the edits around it;
// the selected suggestion is not drawn dashed like the others (issue 13).
func TestRejectIsUndoneAndTheSelectedSuggestionIsDrawnApart(t *testing.T) {
	h := newProject(t, WithAssistant(Suggester{}))
	h.selectText(0, 0)
	h.typeText("s")
	id := h.w.assist.selected()
	if id == "" {
		t.Fatal("S selected no suggestion")
	}
	dashed := 0
	for _, m := range h.w.view.Marks() {
		if m.ID == id && m.Suggested {
			t.Errorf("the selected suggestion is drawn dashed like the others")
		}
		if m.Suggested {
			dashed++
		}
	}
	if dashed != len(h.w.assist.sugg())-1 {
		t.Errorf("%d dashed marks for %d suggestions, one of them selected", dashed, len(h.w.assist.sugg()))
	}
	h.typeText("x")
	if h.w.assist.has(id) {
		t.Fatal("X did not reject the suggestion")
	}
	onlySelectedSolid(t, h)
	h.shortcut(&fyne.ShortcutUndo{})
	if !h.w.assist.has(id) {
		t.Fatal("Ctrl+Z did not bring the rejected suggestion back")
	}
	if h.w.assist.selected() != id {
		t.Errorf("after undo the suggestion back is not selected")
	}
	onlySelectedSolid(t, h)
	if rej, _ := h.w.st.RejectedSuggestions(bg, h.w.ses.Doc().Info.ID); len(rej) != 0 {
		t.Fatalf("rejections stored after undo: %v", rej)
	}
	h.shortcut(ctrlShiftKey(fyne.KeyZ))
	if h.w.assist.has(id) {
		t.Fatal("redo did not reject the suggestion again")
	}
	// Interleaved with an edit: undo takes back the newest first.
	h.addSpanAt("Vedant Patel", "PERSON")
	h.shortcut(&fyne.ShortcutUndo{})
	if len(h.spans()) != 0 || h.w.assist.has(id) {
		t.Fatalf("first undo: %d spans, rejected suggestion back %v; want the span undone only", len(h.spans()), h.w.assist.has(id))
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if !h.w.assist.has(id) {
		t.Fatal("second undo did not take back the rejection")
	}
}

// onlySelectedSolid checks that the selected suggestion, and no other,
// is drawn as a span rather than dashed.
func onlySelectedSolid(t *testing.T, h *harness) {
	t.Helper()
	for _, m := range h.w.view.Marks() {
		if isSugg := strings.HasPrefix(m.ID, suggestionPrefix); isSugg && m.Suggested == (m.ID == h.w.assist.selected()) {
			t.Errorf("suggestion %s drawn dashed %v, selected %v", m.ID, m.Suggested, m.ID == h.w.assist.selected())
		}
	}
}

// shownText is the text of the labels visible in o, one per line.
func shownText(o fyne.CanvasObject) string {
	if !o.Visible() {
		return ""
	}
	switch x := o.(type) {
	case *widget.Label:
		return x.Text + "\n"
	case *fyne.Container:
		var b strings.Builder
		for _, c := range x.Objects {
			b.WriteString(shownText(c))
		}
		return b.String()
	}
	return ""
}
