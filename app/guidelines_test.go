package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"spanbench/store"
)

// TestGuidelinesPaneShowsEditsAndSaves: Ctrl+G shows the guidelines stored
// in the project, rendered from Markdown; Edit, typing and Esc leave them
// as stored; Edit, typing and Save store the new text, read back through
// the store, and show it rendered.
func TestGuidelinesPaneShowsEditsAndSaves(t *testing.T) {
	h := newProject(t)
	stored := "# Quotes\n\nMark **direct** speech only."
	if err := h.w.st.SetSetting(bg, store.GuidelinesKey, stored); err != nil {
		t.Fatal(err)
	}

	h.shortcut(ctrlKey(fyne.KeyG))
	g := h.w.guide
	if !g.shown {
		t.Fatal("Ctrl+G did not show the guidelines")
	}
	// The Markdown is rendered: the heading and the bold word are
	// segments of their own, without the # and ** marks.
	if got := g.view.String(); !strings.Contains(got, "Quotes") || strings.Contains(got, "#") || strings.Contains(got, "**") || !strings.Contains(got, "direct") {
		t.Errorf("rendered guidelines = %q, want the Markdown of %q rendered", got, stored)
	}
	if !containsObject(h.canvas().Content(), g.view) {
		t.Error("the guidelines view is not in the window")
	}

	// Edit, type, Esc: nothing stored.
	g.edit.OnTapped()
	if h.canvas().Focused() != g.entry {
		t.Fatal("Edit did not put the keyboard in the guidelines entry")
	}
	h.typeText("XYZ")
	h.key(fyne.KeyEscape)
	if g.editing {
		t.Error("Esc did not leave editing")
	}
	if got, _ := h.w.st.Setting(bg, store.GuidelinesKey, ""); got != stored {
		t.Errorf("after Esc, stored %q, want %q unchanged", got, stored)
	}

	// Edit, type, Save: stored.
	g.edit.OnTapped()
	g.entry.SetText("")
	h.typeText("Use PERSON for people.")
	g.save.OnTapped()
	h.wait()
	if got, err := h.w.st.Setting(bg, store.GuidelinesKey, ""); err != nil || got != "Use PERSON for people." {
		t.Errorf("after Save, stored %q (%v)", got, err)
	}
	if g.editing || g.view.String() != "Use PERSON for people." {
		t.Errorf("after Save: editing %v, view %q", g.editing, g.view.String())
	}

	// Ctrl+G again hides the pane.
	h.shortcut(ctrlKey(fyne.KeyG))
	if g.shown || containsObject(h.canvas().Content(), g.view) {
		t.Error("a second Ctrl+G did not hide the guidelines")
	}
}

// containsObject reports whether o is in the tree of containers and
// splits under root.
func containsObject(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	switch c := root.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			if containsObject(ch, o) {
				return true
			}
		}
	case *container.Split:
		return containsObject(c.Leading, o) || containsObject(c.Trailing, o)
	case *container.Scroll:
		return containsObject(c.Content, o)
	}
	return false
}
