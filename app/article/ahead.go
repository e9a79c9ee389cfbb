package article

import "fyne.io/fyne/v2"

// Paging into text never shown before used to wrap it on the way: every
// new word measured by the font shaper while the key waited for its frame.
// After each frame the view now wraps, between frames, the blocks a screen
// below and above what is shown (one block per turn of the event loop, so
// a key pressed meanwhile waits for at most one block). Wrapping a block
// outside the screen only makes its height exact: the text on screen stays
// where it is (the viewport is anchored to its top block).

// aheadBlock returns a block within a screen's height below or above the
// lines shown that is not wrapped yet; -1 if there is none.
func (v *View) aheadBlock() int {
	if len(v.vis) == 0 || v.met.pitch <= 0 {
		return -1
	}
	d := v.doc
	screen := int(v.vp.h/v.met.pitch) + 1
	lines := 0
	for b := v.vis[len(v.vis)-1].b + 1; b < d.blocks() && lines < screen; b++ {
		if d.wraps[b] == nil {
			return b
		}
		lines += int(d.count[b])
	}
	lines = 0
	for b := v.vis[0].b - 1; b >= 0 && lines < screen; b-- {
		if d.wraps[b] == nil {
			return b
		}
		lines += int(d.count[b])
	}
	return -1
}

// wrapAhead wraps the next block aheadBlock names after the frame, and goes
// on with the others, one at a time.
func (v *View) wrapAhead() {
	if v.aheadQueued || v.aheadBlock() < 0 {
		return
	}
	v.aheadQueued = true
	d := v.doc
	fyne.Do(func() {
		v.aheadQueued = false
		if v.doc != d {
			return // another document since
		}
		if b := v.aheadBlock(); b >= 0 {
			d.ensure(b)
			v.wrapAhead()
		}
	})
}
