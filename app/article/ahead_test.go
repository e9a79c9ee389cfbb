package article

import (
	"testing"

	"fyne.io/fyne/v2"
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
