package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"spanbench/store"
)

func TestLabelDescription(t *testing.T) {
	md := "# Guidelines\n\nIntro naming PERSON in passing.\n\n" +
		"## QUOTE — what counts\n\nA direct or indirect\nquotation.\n\nMore about quotes.\n\n" +
		"### person\n\nA **named** person.\n\n" +
		"## ORG\n" +
		"## Labels\n\n- **CUE**: the verb that introduces a quote\n- `GPE` — a country, city or state\n" +
		"- LOC: plain items are not descriptions\n\n" +
		"```\n## CLAIM\n\nin a code block\n```\n\n" +
		"## PER\n\nThe brat corpus' PER, not PERSON.\n"
	for _, tc := range []struct{ name, want string }{
		// The first paragraph under the heading, lines joined.
		{"QUOTE", "A direct or indirect quotation."},
		// Any case; emphasis marks dropped; the first heading wins over
		// the mention in the intro, which is no heading.
		{"PERSON", "A named person."},
		// A heading with nothing under it before the next heading.
		{"ORG", ""},
		{"CUE", "the verb that introduces a quote"},
		{"GPE", "a country, city or state"},
		{"LOC", ""},
		// Headings inside a fenced block are code, not headings.
		{"CLAIM", ""},
		// A whole word: PER is not the start of PERSON.
		{"PER", "The brat corpus' PER, not PERSON."},
		{"Merge-org", ""},
		{"", ""},
	} {
		if got := labelDescription(md, tc.name); got != tc.want {
			t.Errorf("labelDescription(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	// What follows the name on the heading, when no paragraph does.
	if got := labelDescription("## CUE: a verb of saying\n## ORG", "CUE"); got != "a verb of saying" {
		t.Errorf("heading remainder: %q", got)
	}
}

// Hovering a label's button shows a tip under it with the label's name,
// key and the description its guidelines give; moving off hides it, and
// the tip does not keep the pointer from the article under it.
func TestLabelTipOnHover(t *testing.T) {
	h := newProject(t)
	h.resizeTo(small)
	if err := h.w.st.SetSetting(bg, store.GuidelinesKey, "## PERSON\n\nA named, real person: not a role.\n"); err != nil {
		t.Fatal(err)
	}
	b := h.w.bar
	person, other := -1, -1
	for i, l := range b.labels {
		switch {
		case l.Name == "PERSON":
			person = i
		case other < 0 && b.buttons[i].obj.Visible():
			other = i
		}
	}
	if person < 0 || other < 0 || !b.buttons[person].obj.Visible() {
		t.Fatalf("PERSON (%d) or another label (%d) is not on the bar", person, other)
	}
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject
	centre := func(o fyne.CanvasObject) fyne.Position {
		return abs(o).AddXY(o.Size().Width/2, o.Size().Height/2)
	}
	btn := b.buttons[person].obj
	height := btn.Size().Height
	test.MoveMouse(h.canvas(), centre(btn))
	h.wait()
	h.resizeTo(small)
	if btn.Size().Height != height {
		t.Errorf("the tip made the bar %v high, from %v", btn.Size().Height, height)
	}
	tip := b.tip
	if !tip.box.Visible() {
		t.Fatal("no tip while the pointer is on PERSON")
	}
	l := b.labels[person]
	if tip.name.Text != "PERSON" || !strings.Contains(tip.info.Text, "Key "+l.Key) || tip.desc.Text != "A named, real person: not a role." {
		t.Errorf("tip reads %q / %q / %q", tip.name.Text, tip.info.Text, tip.desc.Text)
	}
	// Under the button, inside the window.
	tp, ts := abs(tip.box), tip.box.Size()
	if tp.Y < abs(btn).Y+btn.Size().Height || tp.X < 0 || tp.X+ts.Width > small.Width || ts.Height < tip.box.MinSize().Height {
		t.Errorf("tip at %v size %v; button at %v size %v", tp, ts, abs(btn), btn.Size())
	}
	// A label the guidelines do not describe says how to describe it.
	test.MoveMouse(h.canvas(), centre(b.buttons[other].obj))
	h.wait()
	name := b.labels[other].Name
	if !tip.box.Visible() || tip.name.Text != name || !strings.Contains(tip.desc.Text, "## "+name) {
		t.Errorf("%s tip: visible %v, %q / %q", name, tip.box.Visible(), tip.name.Text, tip.desc.Text)
	}
	// Onto the article, right under the tip: the tip goes.
	under := fyne.NewPos(tp.X+ts.Width/2, tp.Y+ts.Height/2)
	test.MoveMouse(h.canvas(), under)
	if tip.box.Visible() {
		t.Error("the tip stays after the pointer left the button")
	}
}

// The status bar's "selected s–e" follows the selection as the keyboard
// trims it (Shift+Left, Ctrl+Shift+Left) and as a click collapses it.
func TestStatusSelectionFollowsKeys(t *testing.T) {
	h := newProject(t)
	h.w.focusView()
	v := h.w.view
	h.selectText(138, 147)
	want := func(s, e int) {
		t.Helper()
		if gs, ge := v.Selection(); gs != s || ge != e {
			t.Fatalf("selection %d–%d, want %d–%d", gs, ge, s, e)
		}
		text := ""
		if s < e {
			text = fmt.Sprintf("selected %d–%d (%d)", s, e, e-s)
		}
		if got := h.w.status.selection.Text; got != text {
			t.Errorf("status %q, want %q", got, text)
		}
	}
	want(138, 147)
	// Shift held as the driver reports it to the view (KeyDown).
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	h.key(fyne.KeyLeft, fyne.KeyModifierShift)
	want(138, 146)
	h.shortcut(ctrlShiftKey(fyne.KeyLeft))
	s, e := v.Selection()
	if s != 138 || e >= 146 {
		t.Fatalf("Ctrl+Shift+Left gave %d–%d", s, e)
	}
	want(s, e)
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	h.key(fyne.KeyRight)
	want(e, e)
}
