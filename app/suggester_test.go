package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"spanbench/annot"
)

// TestSuggesterOnSample runs the real suggesters in the window on the
// sample article: the five quoted and six reported passages are proposed and drawn dashed,
// A accepts one with its cue and speaker in one undoable action, and X
// rejects one, until Ctrl+Z takes the rejection back.
func TestSuggesterOnSample(t *testing.T) {
	h := newProject(t, WithAssistant(Suggester{}))
	quotes := 0
	for _, sg := range h.w.assist.sugg() {
		if sg.Layer == annot.LayerQuote {
			quotes++
		}
	}
	if quotes != 11 {
		t.Fatalf("%d quote suggestions, want the sample's five quoted and six reported passages", quotes)
	}
	dashed := 0
	for _, m := range h.w.view.Marks() {
		if m.Suggested {
			dashed++
		}
	}
	if dashed != len(h.w.assist.sugg()) {
		t.Fatalf("%d dashed marks for %d suggestions", dashed, len(h.w.assist.sugg()))
	}
	// Select the "We are cooperating" quote suggestion and accept it.
	var id string
	for _, sg := range h.w.assist.sugg() {
		if sg.Layer == annot.LayerQuote && h.w.view.Index().Slice(sg.Start, sg.Start+18) == "We are cooperating" {
			id = markID(sg)
		}
	}
	if id == "" {
		t.Fatal("no suggestion for the first Patel quote")
	}
	h.w.view.OnMarkTapped(id)
	h.typeText("a")
	var quote, speaker string
	for _, sp := range h.spans() {
		if sp.Layer == annot.LayerQuote {
			quote = sp.ID
		}
	}
	for _, r := range h.rels() {
		if r.From == quote && r.Label == annot.RelSpeaker {
			for _, sp := range h.spans() {
				if sp.ID == r.To {
					speaker = h.w.view.Index().Slice(sp.Start, sp.End)
				}
			}
		}
	}
	if quote == "" || speaker != "Patel" {
		t.Fatalf("accepted quote %q with speaker %q, want Patel", quote, speaker)
	}
	// Rejecting the selected next suggestion keeps it away after a reload.
	if h.w.assist.selected() == "" {
		t.Fatal("no suggestion selected after accepting")
	}
	rejected := h.w.assist.selected()
	h.typeText("x")
	h.w.openDoc(h.w.ses.Doc().Info.ID)
	h.wait()
	if h.w.assist.has(rejected) {
		t.Fatalf("rejected suggestion %s proposed again", rejected)
	}
	// Undo takes back the rejection, then the accepted quote, cue and
	// speaker together.
	n := len(h.spans())
	h.shortcut(&fyne.ShortcutUndo{})
	if !h.w.assist.has(rejected) || len(h.spans()) != n {
		t.Fatalf("first undo: rejected suggestion back %v, %d of %d spans; want the rejection undone only", h.w.assist.has(rejected), len(h.spans()), n)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if got := len(h.spans()); got >= n || got != 0 {
		t.Fatalf("undo left %d of %d spans", got, n)
	}
}

// TestSuggestionKeys reaches the suggestions without a mouse: S selects the
// first suggestion after the caret, Tab and Shift+Tab walk them, and on a
// document with no spans yet Tab alone reaches them; A then accepts.
func TestSuggestionKeys(t *testing.T) {
	h := newProject(t, WithAssistant(Suggester{}))
	sugg := h.w.assist.sugg()
	if len(sugg) < 3 || len(h.spans()) != 0 {
		t.Fatalf("%d suggestions and %d spans on the sample, want several and none", len(sugg), len(h.spans()))
	}
	selected := func() int { return h.w.assist.find(h.w.assist.selected()) }

	h.key(fyne.KeyTab)
	if got := selected(); got != 0 {
		t.Fatalf("Tab on a document without spans selected suggestion %d, want the first", got)
	}
	h.key(fyne.KeyTab)
	h.key(fyne.KeyTab, fyne.KeyModifierShift)
	h.key(fyne.KeyTab, fyne.KeyModifierShift)
	if got := selected(); got != len(sugg)-1 {
		t.Fatalf("Tab, Tab, Shift+Tab, Shift+Tab selected suggestion %d, want the last (%d)", got, len(sugg)-1)
	}
	h.key(fyne.KeyEscape)
	if got := selected(); got != -1 {
		t.Fatalf("Escape left suggestion %d selected", got)
	}

	// S from a caret in the middle of the text: the first suggestion at
	// or after it.
	caret := sugg[2].Start - 1
	h.selectText(caret, caret)
	h.typeText("s")
	want := 0
	for want < len(sugg) && sugg[want].Start < caret {
		want++
	}
	if got := selected(); got != want || want != 2 {
		t.Fatalf("S with the caret at %d selected suggestion %d, want %d (the third)", caret, got, want)
	}
	key := sugg[want].Key
	h.typeText("a")
	if len(h.spans()) == 0 {
		t.Fatalf("A after S saved nothing")
	}
	if h.w.assist.has(suggestionPrefix + key) {
		t.Fatalf("accepted suggestion %s still proposed", key)
	}
	// Accepting is an edit like any other: the document to do is now in
	// progress, in the store and in the list.
	if info, _ := h.w.st.DocInfo(bg, h.w.ses.Doc().Info.ID); info.Status != annot.StatusInProgress {
		t.Errorf("status %s after accepting, want in progress", info.Status)
	}
	if i := h.w.list.indexOf(h.w.ses.Doc().Info.ID); i < 0 || h.w.list.docs[i].Counts.Total() != len(h.spans()) {
		t.Errorf("list row does not count the accepted spans")
	}
}
