package article

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestWrapAhead: after a frame, the blocks a screen below and above the
// lines shown are wrapped (the test driver runs the queued work at once),
// so PageDown and PageUp find them ready; blocks further away are not.
func TestWrapAhead(t *testing.T) {
	text, ix, marks := benchDoc(100 << 10)
	v, _ := benchWindow(t)
	v.SetText(text, ix)
	v.SetMarks(marks)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	d := v.doc
	first, last := v.vis[0].b, v.vis[len(v.vis)-1].b
	screen := int(v.vp.h/v.met.pitch) + 1
	below := 0
	for b := last + 1; b < d.blocks() && below < screen; b++ {
		if d.wraps[b] == nil {
			t.Fatalf("block %d, %d lines below the screen, not wrapped", b, below)
		}
		below += len(d.wraps[b].starts)
	}
	above := 0
	for b := first - 1; b >= 0 && above < screen; b-- {
		if d.wraps[b] == nil {
			t.Fatalf("block %d, %d lines above the screen, not wrapped", b, above)
		}
		above += len(d.wraps[b].starts)
	}
	if d.wraps[d.blocks()-1] != nil {
		t.Error("the last block, far below, was wrapped too")
	}
}

// TestTextAhead: once the blocks around are wrapped, a frame draws the
// text of the lines a page below and above, outside the view (where its
// clip hides them), so the GL driver makes their textures between key
// presses; every line a PageDown then shows was drawn before.
func TestTextAhead(t *testing.T) {
	text, ix, marks := benchDoc(100 << 10)
	v, _ := benchWindow(t)
	v.SetText(text, ix)
	v.SetMarks(marks)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	r := test.WidgetRenderer(v).(*viewRenderer)
	h := v.Size().Height
	drawn := map[string]bool{} // on screen or a page away
	var below, above, inside int
	for _, p := range r.dl[lyText] {
		switch {
		case p.y >= h:
			below++
		case p.y+p.h <= 0:
			above++
		default:
			inside++
		}
		drawn[p.text] = true
	}
	if below == 0 || above == 0 {
		t.Fatalf("text drawn a page away: %d objects below the view, %d above (%d inside)", below, above, inside)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	for _, ln := range v.vis {
		if ln.y < 0 || ln.y+v.met.textH > h {
			continue // partly shown: drawn ahead or not
		}
		var dl displayList
		v.paintText(&dl, &ln, color.Black)
		for _, p := range dl[lyText] {
			if !drawn[p.text] {
				t.Errorf("line %d..%d after PageDown: %q was not drawn before", ln.s, ln.e, p.text)
			}
		}
	}
}
