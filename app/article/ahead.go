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
// on with the others, one at a time. When they are all wrapped it draws,
// once per position, the text of a page below and above (textAhead).
func (v *View) wrapAhead() {
	if v.aheadQueued || v.aheadBlock() < 0 && (v.aheadText || len(v.vis) == 0) {
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
			return
		}
		if !v.aheadText && len(v.vis) > 0 {
			v.aheadText = true
			v.Refresh()
		}
	})
}

// Most of a PageDown's frame went into Fyne rastering the lines of text
// never drawn before (a texture per text object, found again by its text,
// size, colour and font). So, in a frame of its own after the lines around
// are wrapped, the view also draws the lines a PageDown or PageUp would
// show, outside its bounds, where the view's clip hides them: their
// textures are made then, between key presses, and the key's frame finds
// them. textAhead calls fn for those lines (wrapped blocks only), with the
// y they would have on this screen.
func (v *View) textAhead(fn func(b, i int, y float32)) {
	if len(v.vis) == 0 || v.met.pitch <= 0 {
		return
	}
	d, pitch := v.doc, v.met.pitch
	step := max(v.vp.h-2*pitch, pitch) // as page scrolls
	last := v.vis[len(v.vis)-1]
	b, i, y := last.b, last.i, last.y
	for {
		if i+1 < len(d.wraps[b].starts) {
			i++
		} else if b+1 < d.blocks() && d.wraps[b+1] != nil {
			b, i = b+1, 0
		} else {
			break
		}
		y += pitch
		if y >= v.vp.h+step {
			break
		}
		fn(b, i, y)
	}
	first := v.vis[0]
	b, i, y = first.b, first.i, first.y
	for {
		if i > 0 {
			i--
		} else if b > 0 && d.wraps[b-1] != nil {
			b, i = b-1, len(d.wraps[b-1].starts)-1
		} else {
			break
		}
		y -= pitch
		if y+pitch <= -step {
			break
		}
		fn(b, i, y)
	}
}
