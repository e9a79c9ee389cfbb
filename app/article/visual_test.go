package article

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"spanbench/annot"
)

// The lines below are laid out with the fake monospace font (10 per code
// point, wrap_test.go); the drawn orders are those TestVisualLayout checks
// ("ab אב cd" draws "ab@0  @20 אב@30  @50 cd@60"): cells touch, each 10
// wide per code point.

// cellsOf lays text out and returns its cells as "c0-c1" left to right.
func cellsOf(text string, rtl bool) ([]vcell, string) {
	runs := monoShaper.layoutLine(text, nil)
	lv := monoShaper.visual(text, runs, rtl, 100)
	cs := monoShaper.cells(&lv, clusterNext(text))
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%d-%d", c.c0, c.c1))
	}
	return cs, strings.Join(out, " ")
}

func TestCells(t *testing.T) {
	for _, tc := range []struct {
		text string
		rtl  bool
		want string
	}{
		{"ab cd", false, "0-1 1-2 2-3 3-4 4-5"},
		// The Hebrew word is drawn reversed: its second letter first.
		{"ab אב cd", false, "0-1 1-2 2-3 4-5 3-4 5-6 6-7 7-8"},
		// A number in a right-to-left paragraph runs left to right.
		{"אב 12 גד", true, "7-8 6-7 5-6 3-4 4-5 2-3 1-2 0-1"},
		// A grapheme cluster is one cell.
		{"e\u0301x", false, "0-2 2-3"},
	} {
		cs, got := cellsOf(tc.text, tc.rtl)
		if got != tc.want {
			t.Errorf("cells(%q) = %s, want %s", tc.text, got, tc.want)
		}
		for k, c := range cs {
			if c.x1-c.x0 != float32(10*(c.c1-c.c0)) || k > 0 && c.x0 != cs[k-1].x1 {
				t.Errorf("cells(%q)[%d] at %v-%v, after %v", tc.text, k, c.x0, c.x1, cs[max(k-1, 0)].x1)
			}
		}
	}
}

// TestCaretSteps presses Right from the line's left end and Left from its
// right end and lists the offsets the caret visits: each press moves the
// drawn caret (caretX, checked in TestVisualLayout) one place the way of
// the arrow.
func TestCaretSteps(t *testing.T) {
	for _, tc := range []struct {
		text        string
		rtl         bool
		right, left string
	}{
		// Logical order where nothing turns.
		{"ab cd", false, "0 1 2 3 4 5", "5 4 3 2 1 0"},
		// Offsets 3 and 5 are both drawn at x 50: going right the caret
		// takes 5 (the space after it is ahead), going left 3 (the
		// Hebrew word is); nothing is drawn at x 30.
		{"ab אב cd", false, "0 1 2 4 5 6 7 8", "8 7 6 3 4 2 1 0"},
		// In the number of a right-to-left paragraph Right goes 3, 4
		// (forward in the text), where a paragraph-wide flip went back.
		{"אב 12 גד", true, "8 7 6 3 4 2 1 0", "0 1 2 4 5 6 7 8"},
	} {
		cs, _ := cellsOf(tc.text, tc.rtl)
		n := int32(utf8.RuneCountInString(tc.text))
		st := stops(cs, true, n, tc.rtl)
		walk := func(right bool) string {
			j := 0
			if !right {
				j = len(cs)
			}
			// Start at the stop on the line's end.
			var cp int32 = -1
			for _, s := range st {
				if s.j == j {
					cp = s.cp
				}
			}
			out := []string{fmt.Sprint(cp)}
			for range 20 {
				j, _ := stopOf(st, cp)
				next, ok := nextStop(st, j, right)
				if !ok {
					break
				}
				cp = next
				out = append(out, fmt.Sprint(cp))
			}
			return strings.Join(out, " ")
		}
		if got := walk(true); got != tc.right {
			t.Errorf("%q Right: %s, want %s", tc.text, got, tc.right)
		}
		if got := walk(false); got != tc.left {
			t.Errorf("%q Left: %s, want %s", tc.text, got, tc.left)
		}
	}
}

// TestSweepRange checks the selection a sweep between two edges gives.
func TestSweepRange(t *testing.T) {
	line := func(text string, rtl bool, s, j int) sweepEnd {
		cs, _ := cellsOf(text, rtl)
		return sweepEnd{s: s, e: s + utf8.RuneCountInString(text), rtl: rtl, cells: cs, j: j}
	}
	for _, tc := range []struct {
		name       string
		a, p       sweepEnd
		anchor     int
		start, end int
	}{
		{"ltr", line("ab cd", false, 0, 1), line("ab cd", false, 0, 4), 1, 1, 4},
		{"ltr back", line("ab cd", false, 0, 4), line("ab cd", false, 0, 1), 4, 1, 4},
		{"nothing swept", line("ab cd", false, 0, 2), line("ab cd", false, 0, 2), 2, 2, 2},
		// From the left end over "ab " and the drawn-left half of the
		// Hebrew word (its second letter, offset 4): the range must
		// take its first letter too.
		{"into hebrew", line("ab אב cd", false, 0, 0), line("ab אב cd", false, 0, 4), 0, 0, 5},
		// From the right end of a right-to-left line over "גד " and the
		// digit 2: the number's 1 comes with it.
		{"into number", line("אב 12 גד", true, 0, 8), line("אב 12 גד", true, 0, 4), 0, 0, 5},
		// Two lines: the first from its edge 3 to its end, the second
		// from its start to edge 1.
		{"two lines", line("ab cd ", false, 10, 3), line("ef gh", false, 16, 1), 13, 13, 17},
		// Two lines of a right-to-left paragraph: the first from its
		// edge 3 (right of ג, drawn "␣דג␣בא") to its left end, the
		// second from its right end to edge 4 (left of ה).
		{"two rtl lines", line("אב גד ", true, 10, 3), line("הו זח", true, 16, 4), 13, 13, 17},
	} {
		if s, e := sweepRange(tc.a, tc.p, tc.anchor); s != tc.start || e != tc.end {
			t.Errorf("%s: sweepRange = %d,%d, want %d,%d", tc.name, s, e, tc.start, tc.end)
		}
	}
}

// rtlNum is a Hebrew paragraph with a number in it: drawn "גד 12 אב"
// (right to left), the number itself left to right.
const rtlNum = "אמר 2023 שלום\nThe word שלום עולם is Hebrew."

// TestShiftArrowsSweepDrawnOrder presses Shift+Left from the start of a
// right-to-left paragraph into a number: the selection holds what the
// caret passed over as drawn, where a logical step takes the digit on the
// far side.
func TestShiftArrowsSweepDrawnOrder(t *testing.T) {
	v, w, _ := newTestView(t, rtlNum, 600, 300)
	w.Canvas().Focus(v)
	v.SetSelection(0, 0)
	for range 5 { // אמר and the space: 4 presses; then the 3 of 2023
		key(v, fyne.KeyLeft, fyne.KeyModifierShift)
	}
	// The 3 (offset 7) is drawn at the number's right end; the smallest
	// range holding it holds the whole number.
	num := cpOf(t, rtlNum, "2023")
	wantSel(t, v, 0, num+4)
	// Back one: only the first word and the space.
	key(v, fyne.KeyRight, fyne.KeyModifierShift)
	wantSel(t, v, 0, num)
	// Inside the number, plain Right moves right, which is forward.
	v.SetSelection(num+1, num+1)
	key(v, fyne.KeyRight, 0)
	wantSel(t, v, num+2, num+2)
	key(v, fyne.KeyLeft, 0)
	wantSel(t, v, num+1, num+1)
}

// TestDragSweepsDrawnOrder drags (without word snapping) from the start of
// an English line into the middle of the Hebrew word drawn on the left of
// the Hebrew phrase (עולם, the second in the text): the selection takes the
// half of it the pointer went over.
func TestDragSweepsDrawnOrder(t *testing.T) {
	v, w, _ := newTestView(t, rtlNum, 600, 300)
	v.SetSnapWords(false)
	line2 := cpOf(t, rtlNum, "The")
	olam := cpOf(t, rtlNum, "עולם")
	// The caret before the word's third letter sits between its halves.
	drag(w.Canvas(), pos(t, v, line2, 1), pos(t, v, olam+2, 0))
	wantSel(t, v, line2, olam+4)
}

// TestSweepInArcBand: with links drawn, a line's slot starts at the top of
// the arc band above its text (hitAt), so a drag whose pointer is in the
// band above a line sweeps to that line, the one a click there puts the
// caret on, not the line above.
func TestSweepInArcBand(t *testing.T) {
	text := long(4)
	v, _, _ := newTestView(t, text, 600, 400)
	a, b := cpOf(t, text, "Patel"), cpOf(t, text, "partners")
	v.SetMarks([]Mark{
		{ID: "a", Pieces: []annot.Fragment{{Start: a, End: a + 5}}, Color: palette[0]},
		{ID: "b", Pieces: []annot.Fragment{{Start: b, End: b + 8}}, Color: palette[1]},
	})
	v.SetLinks([]Link{{ID: "r", From: "a", To: "b", Label: "L", Color: palette[2]}})
	v.layoutVisible()
	if v.met.band == 0 || len(v.vis) < 2 {
		t.Fatalf("no arc band (%v) or fewer than 2 lines on screen (%d)", v.met.band, len(v.vis))
	}
	ln := v.vis[1]
	p := fyne.NewPos(v.met.colX+1, ln.y-v.met.band/2)
	if near, _ := v.hitAt(p); near < ln.s || near > ln.e {
		t.Fatalf("click in the band above line %d..%d put the caret at %d", ln.s, ln.e, near)
	}
	if l, ok := v.sweepAt(p); !ok || l.s != ln.s {
		t.Errorf("sweep in the band above line %d..%d is on the line starting at %d", ln.s, ln.e, l.s)
	}
}
