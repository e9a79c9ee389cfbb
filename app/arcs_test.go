package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"spanbench/annot"
)

// TestArcsFollowRelations: the article view draws the open document's
// relations as they are made, removed and undone, in their label's colour,
// and Ctrl+Shift+A hides and shows them (remembered).
func TestArcsFollowRelations(t *testing.T) {
	h := newProject(t)
	dept := h.addSpanAt("Department of State", "ORG")
	patel := h.addSpanAt("Vedant Patel", "PERSON") // left selected
	links := func() []string {
		var out []string
		for _, l := range h.w.view.Links() {
			out = append(out, l.Label+" "+l.From+" "+l.To)
		}
		return out
	}
	if got := links(); len(got) != 0 {
		t.Fatalf("links before any relation: %v", got)
	}
	h.shortcut(ctrlKey(fyne.KeyR))
	h.typeText("same")
	h.key(fyne.KeyReturn)
	h.key(fyne.KeyTab)
	h.key(fyne.KeyReturn)
	want := annot.RelSameAs + " " + patel + " " + dept
	if got := links(); len(got) != 1 || got[0] != want {
		t.Fatalf("links after relating: %v, want [%s]", got, want)
	}
	// The label's colour, as the project stores it (annot.DefaultLabels).
	if c := h.w.view.Links()[0].Color; c != parseColor("#9b6cc4") {
		t.Errorf("link colour %v, want SAME_AS's #9b6cc4", c)
	}

	h.shortcut(ctrlKey(fyne.KeyR))
	h.typeText("remove")
	h.key(fyne.KeyReturn)
	if got := links(); len(got) != 0 {
		t.Fatalf("links after removing the relation: %v", got)
	}
	h.shortcut(&fyne.ShortcutUndo{})
	if got := links(); len(got) != 1 || got[0] != want {
		t.Fatalf("links after undo: %v, want [%s]", got, want)
	}

	if !h.w.view.ShowLinks() {
		t.Fatal("links hidden by default")
	}
	h.shortcut(ctrlShiftKey(fyne.KeyA))
	if h.w.view.ShowLinks() || h.w.prefs.BoolWithFallback(prefArcs, true) {
		t.Error("Ctrl+Shift+A did not hide the links, or did not remember it")
	}
	h.shortcut(ctrlShiftKey(fyne.KeyA))
	if !h.w.view.ShowLinks() || !h.w.prefs.BoolWithFallback(prefArcs, false) {
		t.Error("a second Ctrl+Shift+A did not show the links again")
	}
}
