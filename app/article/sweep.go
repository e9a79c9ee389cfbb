package article

import "fyne.io/fyne/v2"

// sweepState is a selection being swept by Shift+Left/Right (visual.go):
// the edges where its anchor and its active end are drawn. It holds while
// the selection is the one it made.
type sweepState struct {
	ok     bool
	anchor int // code point
	as, ps int // starts of the anchor's and the active end's lines
	aj, pj int // edges on them
	s, e   int // the selection it made
}

// lineFrom returns the line starting at code point s laid out, as a sweep
// end at edge j; ok is false when no line starts there (after a re-wrap).
func (v *View) lineFrom(s, j int) (sweepEnd, bool) {
	b, i := v.doc.lineOf(s)
	if ls, _ := v.doc.lineSpan(b, i); ls != s {
		return sweepEnd{}, false
	}
	l := v.sweepLine(b, i)
	l.j = clampInt(j, 0, len(l.cells))
	return l, true
}

// sweepLine returns line i of block b as a sweep end at its left edge.
func (v *View) sweepLine(b, i int) sweepEnd {
	s, e := v.doc.lineSpan(b, i)
	lc := v.lineLayout(b, i, s, e)
	return sweepEnd{s: s, e: e, rtl: lc.vis.rtl, cells: v.doc.sh.cells(&lc.vis, v.lineNext(s))}
}

// caretStops returns line i of block b and where carets are drawn on it.
func (v *View) caretStops(b, i int) (sweepEnd, []stop) {
	l := v.sweepLine(b, i)
	eb, ei := v.caretLine(l.e)
	return l, stops(l.cells, eb == b && ei == i, int32(l.e-l.s), l.rtl)
}

// drawnEnd returns the line and edge where an end cp of the selection is
// drawn (other is its other end): see endEdge; a caret where caretX puts
// it.
func (v *View) drawnEnd(cp, other int) sweepEnd {
	if cp > other {
		b, i := v.caretLine(v.ix.PrevGrapheme(cp))
		l := v.sweepLine(b, i)
		if j, ok := endEdge(l.cells, int32(cp-l.s), true); ok {
			l.j = j
			return l
		}
	}
	l, st := v.caretStops(v.caretLine(cp))
	if j, ok := stopOf(st, int32(cp-l.s)); ok {
		l.j = j
	} else if l.rtl {
		l.j = len(l.cells)
	}
	return l
}

// sweepKey extends the selection one cluster left or right as drawn.
func (v *View) sweepKey(right bool) {
	v.ensureMetrics()
	st := v.sw
	s, e := v.Selection()
	var a, p sweepEnd
	ok := st.ok && st.s == s && st.e == e
	if ok {
		a, ok = v.lineFrom(st.as, st.aj)
	}
	if ok {
		p, ok = v.lineFrom(st.ps, st.pj)
	}
	if !ok {
		st = sweepState{anchor: v.selAnchor}
		a, p = v.drawnEnd(v.selAnchor, v.selActive), v.drawnEnd(v.selActive, v.selAnchor)
	}
	switch {
	case right && p.j < len(p.cells):
		p.j++
	case !right && p.j > 0:
		p.j--
	default:
		// Off the line's end: on to the next line in the text (or back),
		// entering at its start going forward, at its end going back.
		forward := right != p.rtl
		b, i := v.doc.lineOf(p.s)
		b, i, ok := v.doc.nextLine(b, i, forward)
		if !ok {
			return
		}
		p = v.sweepLine(b, i)
		if forward == p.rtl {
			p.j = len(p.cells)
		}
	}
	ns, ne := sweepRange(a, p, st.anchor)
	active := ne
	if ne == st.anchor && ns != st.anchor {
		active = ns
	}
	v.setSel(ns+ne-active, active)
	st.ok, st.as, st.aj, st.ps, st.pj, st.s, st.e = true, a.s, a.j, p.s, p.j, ns, ne
	v.sw = st
	v.reveal(active)
	v.Refresh()
}

// stepCaret returns where a caret at cp goes one place left or right as
// drawn.
func (v *View) stepCaret(cp int, right bool) int {
	b, i := v.caretLine(cp)
	l, st := v.caretStops(b, i)
	if j, ok := stopOf(st, int32(cp-l.s)); ok {
		if to, ok := nextStop(st, j, right); ok {
			return l.s + int(to)
		}
	} else if right != l.rtl {
		return v.ix.NextGrapheme(cp)
	} else {
		return v.ix.PrevGrapheme(cp)
	}
	if right != l.rtl { // forward: the next line's start
		if nb, ni, ok := v.doc.nextLine(b, i, true); ok {
			s, _ := v.doc.lineSpan(nb, ni)
			return s
		}
		return cp
	}
	if l.s > 0 {
		return v.ix.PrevGrapheme(l.s)
	}
	return cp
}

// lineAtY returns the line on screen at y. A line's slot starts at the top
// of the arc band above its text.
func (v *View) lineAtY(y float32) (visLine, bool) {
	v.layoutVisible()
	if len(v.vis) == 0 {
		return visLine{}, false
	}
	k := 0
	for k+1 < len(v.vis) && y >= v.vis[k+1].y-v.met.band {
		k++
	}
	return v.vis[k], true
}

// sweepAt returns the line on screen at p, as a sweep end at the edge
// nearest p.
func (v *View) sweepAt(p fyne.Position) (sweepEnd, bool) {
	ln, ok := v.lineAtY(p.Y)
	if !ok {
		return sweepEnd{}, false
	}
	l := v.sweepLine(ln.b, ln.i)
	l.j = edgeAt(l.cells, p.X-v.met.colX)
	return l, true
}

// sweepDrag returns the selection of a drag from edge aj of the line
// starting at as, anchored at anchor, to the point p; ok is false when the
// start's line is gone.
func (v *View) sweepDrag(as, aj, anchor int, p fyne.Position) (s, e int, ok bool) {
	a, ok := v.lineFrom(as, aj)
	if !ok {
		return 0, 0, false
	}
	q, ok := v.sweepAt(p)
	if !ok {
		return 0, 0, false
	}
	s, e = sweepRange(a, q, anchor)
	return s, e, true
}
