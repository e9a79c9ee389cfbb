package app

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"spanbench/annot"
	"spanbench/annot/suggest"
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
	d := h.w.ses.Doc()
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
	var c annot.LayerCounts
	for _, sp := range d.Spans() {
		c.Add(sp.Layer, 1)
	}
	if c != d.Info.Counts {
		t.Errorf("%s: counts %+v, want %+v", step, d.Info.Counts, c)
	}
	if !slices.IsSortedFunc(d.Spans(), annot.CompareSpans) {
		t.Errorf("%s: spans out of store order", step)
	}
	for i, sp := range d.Spans() {
		if _, j, ok := d.Find(sp.ID); !ok || j != i {
			t.Errorf("%s: find(%s) = %d %v, want %d", step, sp.ID, j, ok, i)
		}
	}
	if _, _, ok := d.Find("no such span"); ok {
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
	if len(opts) > 0 && len(h.w.assist.sugg()) == 0 {
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
	text := h.w.ses.Doc().Ix.Text()
	s := len([]rune(text[:strings.Index(text, "said")]))
	h.selectText(s, s+4)
	h.typeText("+")
	if tip := markOf(h, q).Tooltip; !strings.HasPrefix(tip, "QUOTE ← Vedant Patel") || len(tip) <= len("QUOTE ← Vedant Patel") {
		t.Errorf("quote tooltip %q after widening the speaker", tip)
	}
	checkMarksFollow(t, h, "fragment")
	h.w.selectSpan(q, false)
	checkSpeakerOptions(t, h, "fragment")
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
	h.w.selectSpan(q, false)
	checkSpeakerOptions(t, h, "delete")
	h.shortcut(&fyne.ShortcutUndo{})
	checkMarksFollow(t, h, "undo")
	if tip := markOf(h, q).Tooltip; !strings.HasPrefix(tip, "CLAIM ← Vedant Patel") {
		t.Errorf("claim tooltip %q after undo", tip)
	}
	// The same span twice is selected, not doubled.
	n := len(h.w.ses.Doc().Spans())
	h.addSpanAt("Department of State", "ORG")
	if len(h.w.ses.Doc().Spans()) != n {
		t.Error("the same span and label added twice")
	}
	checkMarksFollow(t, h, "again")
}

// checkSpeakerOptions checks the speaker picker against its entities as
// they are now.
func checkSpeakerOptions(t *testing.T, h *harness, step string) {
	t.Helper()
	d := h.w.ses.Doc()
	want := []string{noSpeaker}
	for _, e := range d.Spans() {
		if e.Layer == annot.LayerEntity {
			want = append(want, fmt.Sprintf("%s · %s @%d", oneLine(d.Ix.Slice(e.Start, e.End), 30), e.Label, e.Start))
		}
	}
	if got := h.w.panel.speaker.Options; !slices.Equal(got, want) {
		t.Errorf("%s: speaker options %q, want %q", step, got, want)
	}
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

// TestSuggestionChanges replaces one set of suggestions by another (same,
// changed, gone, new, moved about in the middle) and checks that the
// changes turn the old marks into the new ones.
func TestSuggestionChanges(t *testing.T) {
	colors := labelColors(nil)
	sg := func(key string, start int, reason string) suggest.Suggestion {
		return suggest.Suggestion{Key: key, Layer: annot.LayerEntity, Label: "PERSON", Start: start, End: start + 3, Reason: reason, Confidence: 0.5}
	}
	withPieces := func(s suggest.Suggestion, frags ...annot.Fragment) suggest.Suggestion {
		s.Spans = []annot.Span{{Start: frags[0].Start, End: frags[len(frags)-1].End, Fragments: frags}}
		return s
	}
	old := []suggest.Suggestion{sg("a", 0, "r"), sg("b", 10, "r"), sg("c", 20, "r"), sg("d", 30, "r"),
		withPieces(sg("e", 40, "r"), annot.Fragment{Start: 40, End: 42}, annot.Fragment{Start: 44, End: 46}), sg("f", 50, "r"), sg("g", 60, "r")}
	for _, tc := range []struct {
		name       string
		sugg       []suggest.Suggestion
		up, remove int
	}{
		{"same", slices.Clone(old), 0, 0},
		{"none", nil, 0, 7},
		{"all new", []suggest.Suggestion{sg("x", 5, "r")}, 1, 7},
		{"reason at the start", append([]suggest.Suggestion{sg("a", 0, "other")}, old[1:]...), 1, 0},
		{"a new one in the middle, two swapped", []suggest.Suggestion{old[0], old[1], old[3], sg("x", 25, "r"), old[2], old[4], old[5], old[6]}, 1, 0},
		{"gone", []suggest.Suggestion{old[0], old[1], old[2], old[4], old[5], old[6]}, 0, 1},
		{"pieces changed at the end", append(slices.Clone(old[:4]), withPieces(sg("e", 40, "r"), annot.Fragment{Start: 40, End: 42}, annot.Fragment{Start: 45, End: 46}), old[5], sg("g", 60, "new")), 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up, rm := suggestionChanges(old, tc.sugg, colors)
			if len(up) != tc.up || len(rm) != tc.remove {
				t.Errorf("%d upserts, %d removals; want %d, %d", len(up), len(rm), tc.up, tc.remove)
			}
			got := map[string]string{}
			for _, sg := range old {
				m := suggestionMark(sg, colors)
				got[m.ID] = markText(m)
			}
			for _, id := range rm {
				delete(got, id)
			}
			for _, m := range up {
				got[m.ID] = markText(m)
			}
			want := map[string]string{}
			for _, sg := range tc.sugg {
				m := suggestionMark(sg, colors)
				want[m.ID] = markText(m)
			}
			if !maps.Equal(got, want) {
				t.Errorf("marks after the changes\n%v\nwant\n%v", got, want)
			}
		})
	}
}
