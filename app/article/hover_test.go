package article

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
)

// The tooltip is that of the mark under the pointer now: after the text
// scrolls under a still pointer (PageDown, a jump to a span, the scroll
// bar) or the mark shrinks away from it, the old tooltip does not stay.
func TestHoverTooltipFollowsTextUnderPointer(t *testing.T) {
	text := long(300)
	patel := cpOf(t, text, "Patel")
	mark := func(end int) []Mark {
		return []Mark{{ID: "p", Pieces: []annot.Fragment{{Start: patel, End: end}}, Label: "PERSON", Color: color.NRGBA{0xd6, 0x27, 0x28, 0xff}, Tooltip: "PERSON"}}
	}
	tip := func(v *View) bool {
		return len(test.WidgetRenderer(v).(*viewRenderer).dl[lyTipBox]) > 0
	}
	hover := func(v *View, w fyne.Window) {
		t.Helper()
		test.MoveMouse(w.Canvas(), pos(t, v, patel+2, 1))
		if !tip(v) {
			t.Fatal("no tooltip on the mark")
		}
	}

	v, w, _ := newTestView(t, text, 600, 400)
	w.Canvas().Focus(v)
	v.SetMarks(mark(patel + 5))
	hover(v, w)
	key(v, fyne.KeyPageDown, 0)
	if tip(v) {
		t.Error("PageDown: the tooltip stays over text without marks")
	}

	v.ScrollTo(0)
	hover(v, w)
	v.ScrollTo(len([]rune(text)) - 1) // as Tab to a span far down does
	if tip(v) {
		t.Error("a jump down: the tooltip stays")
	}

	v.ScrollTo(0)
	hover(v, w)
	// The scroll bar's thumb dragged to the bottom.
	bar := v.bar
	test.Drag(w.Canvas(), fyne.NewPos(v.Size().Width-2, v.Size().Height-2), 0, v.Size().Height)
	if bar.grab >= 0 {
		bar.DragEnd()
	}
	if v.vp.top() <= 0 {
		t.Fatal("the scroll bar drag did not scroll")
	}
	if tip(v) {
		t.Error("scroll bar: the tooltip stays")
	}

	// The mark trimmed to its first two letters, away from the pointer.
	v.ScrollTo(0)
	v.vp.setTop(0)
	v.visOK = false
	v.Refresh()
	hover(v, w)
	v.UpdateMarks(mark(patel+2), nil)
	if tip(v) {
		t.Error("the mark no longer under the pointer still has its tooltip")
	}
	// And grown back under it: the tooltip returns without a move.
	v.UpdateMarks(mark(patel+5), nil)
	if !tip(v) {
		t.Error("the mark under the pointer again shows no tooltip")
	}
}
