package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"spanbench/annot"
	"spanbench/app/article"
)

// markText is a mark as a comparable line.
func markText(m article.Mark) string {
	return fmt.Sprintf("%s %v %s/%s %v %q suggested=%v", m.ID, m.Pieces, m.Layer, m.Label, m.Color, m.Tooltip, m.Suggested)
}

// checkMarksFollow checks that the window's incremental updates left the
// article view, the span lookup and the counts as a rebuild from the open
// document would.
func checkMarksFollow(t *testing.T, h *harness, step string) {
	t.Helper()
	d := h.w.doc
	var got, want []string
	for _, m := range h.w.view.Marks() {
		got = append(got, markText(m))
	}
	for _, m := range h.w.marks() {
		want = append(want, markText(m))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: the view draws\n%s\nwant\n%s", step, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := d.counts(); c != d.info.Counts {
		t.Errorf("%s: counts %+v, want %+v", step, d.info.Counts, c)
	}
	if !slices.IsSortedFunc(d.spans, func(a, b annot.Span) int {
		if spanLess(a, b) {
			return -1
		}
		return 1
	}) {
		t.Errorf("%s: spans out of store order", step)
	}
	for i, sp := range d.spans {
		if _, j, ok := d.find(sp.ID); !ok || j != i {
			t.Errorf("%s: find(%s) = %d %v, want %d", step, sp.ID, j, ok, i)
		}
	}
	if _, _, ok := d.find("no such span"); ok {
		t.Errorf("%s: found a span that does not exist", step)
	}
}

// TestMarksFollowEdits runs the edits that change marks one at a time
// (new spans, a speaker link, a fragment that widens the speaker, a
// relabel that turns the link into a CLAIMANT, deleting the speaker, undo)
// and compares the view with a rebuild after each; with the Suggester,
// suggestions come and go between the edits.
func TestMarksFollowEdits(t *testing.T) {
	t.Run("plain", func(t *testing.T) { marksFollowEdits(t) })
	t.Run("suggester", func(t *testing.T) { marksFollowEdits(t, WithAssistant(Suggester{})) })
}

func marksFollowEdits(t *testing.T, opts ...Option) {
	h := newProject(t, opts...)
	checkMarksFollow(t, h, "open")
	if len(opts) > 0 && len(h.w.assist.sugg) == 0 {
		t.Fatal("no suggestions to follow")
	}
	patel := h.addSpanAt("Vedant Patel", "PERSON")
	h.addSpanAt("Department of State", "ORG")
	q := h.addSpanAt("We are cooperating with partners", "QUOTE")
	checkMarksFollow(t, h, "three spans")
	h.typeText("L")
	h.key(fyne.KeyTab)
	h.key(fyne.KeyReturn)
	if tip := markOf(h, q).Tooltip; tip != "QUOTE ← Vedant Patel" {
		t.Errorf("quote tooltip %q after linking", tip)
	}
	checkMarksFollow(t, h, "link")
	// Widen the speaker with a second piece: the quote names it anew.
	h.w.selectSpan(patel, false)
	text := h.w.doc.ix.Text()
	s := len([]rune(text[:strings.Index(text, "said")]))
	h.selectText(s, s+4)
	h.typeText("+")
	if tip := markOf(h, q).Tooltip; !strings.HasPrefix(tip, "QUOTE ← Vedant Patel") || len(tip) <= len("QUOTE ← Vedant Patel") {
		t.Errorf("quote tooltip %q after widening the speaker", tip)
	}
	checkMarksFollow(t, h, "fragment")
	// The quote becomes a claim: SPEAKER becomes CLAIMANT.
	h.w.selectSpan(q, true)
	h.typeText("2")
	if tip := markOf(h, q).Tooltip; !strings.HasPrefix(tip, "CLAIM ← Vedant Patel") {
		t.Errorf("claim tooltip %q", tip)
	}
	checkMarksFollow(t, h, "relabel")
	// Deleting the speaker takes the link with it.
	h.w.selectSpan(patel, false)
	h.key(fyne.KeyDelete)
	if tip := markOf(h, q).Tooltip; tip != "CLAIM" {
		t.Errorf("claim tooltip %q after deleting its claimant", tip)
	}
	checkMarksFollow(t, h, "delete")
	h.shortcut(&fyne.ShortcutUndo{})
	checkMarksFollow(t, h, "undo")
	if tip := markOf(h, q).Tooltip; !strings.HasPrefix(tip, "CLAIM ← Vedant Patel") {
		t.Errorf("claim tooltip %q after undo", tip)
	}
	// The same span twice is selected, not doubled.
	n := len(h.w.doc.spans)
	h.addSpanAt("Department of State", "ORG")
	if len(h.w.doc.spans) != n {
		t.Error("the same span and label added twice")
	}
	checkMarksFollow(t, h, "again")
}

func markOf(h *harness, id string) article.Mark {
	h.t.Helper()
	for _, m := range h.w.view.Marks() {
		if m.ID == id {
			return m
		}
	}
	h.t.Fatalf("no mark %s", id)
	return article.Mark{}
}
