package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"spanbench/annot"
)

// TestSuggesterOnSample runs the real suggesters in the window on the
// sample article: the five quoted passages are proposed and drawn dashed,
// A accepts one with its cue and speaker in one undoable action, and X
// rejects one for good.
func TestSuggesterOnSample(t *testing.T) {
	h := newProject(t, WithAssistant(Suggester{}))
	quotes := 0
	for _, sg := range h.w.assist.sugg {
		if sg.Layer == annot.LayerQuote {
			quotes++
		}
	}
	if quotes != 5 {
		t.Fatalf("%d quote suggestions, want the sample's five", quotes)
	}
	dashed := 0
	for _, m := range h.w.view.Marks() {
		if m.Suggested {
			dashed++
		}
	}
	if dashed != len(h.w.assist.sugg) {
		t.Fatalf("%d dashed marks for %d suggestions", dashed, len(h.w.assist.sugg))
	}
	// Select the "We are cooperating" quote suggestion and accept it.
	var id string
	for _, sg := range h.w.assist.sugg {
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
	if h.w.assist.selected == "" {
		t.Fatal("no suggestion selected after accepting")
	}
	rejected := h.w.assist.selected
	h.typeText("x")
	h.w.openDoc(h.w.doc.info.ID)
	h.wait()
	if h.w.assist.has(rejected) {
		t.Fatalf("rejected suggestion %s proposed again", rejected)
	}
	// Undo takes back the accepted quote, cue and speaker together.
	n := len(h.spans())
	h.shortcut(&fyne.ShortcutUndo{})
	if got := len(h.spans()); got >= n || got != 0 {
		t.Fatalf("undo left %d of %d spans", got, n)
	}
}
