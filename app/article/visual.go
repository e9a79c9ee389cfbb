package article

import (
	"math"
	"slices"
)

// Caret movement and selection in the order text is drawn. In a line that
// mixes directions (a number or a name in Arabic, a Hebrew phrase in
// English) offsets and drawn places no longer follow each other, so the
// keyboard and the mouse work on drawn places:
//
//   - Left and Right move the caret to the nearest place a caret is drawn
//     (caretX) left or right of where it is. At a line's drawn end it goes
//     on to the next line (or back to the previous one) in the text.
//   - A sweep (a drag, or Shift+Left/Right) covers the grapheme clusters
//     drawn between where it started and where it is now. The selection is
//     the smallest range of code points that holds every cluster swept and
//     the anchor: everything the pointer went over is selected, and the
//     highlight (drawn from that range) also shows what the range had to
//     take in to be one piece. A sweep over several lines covers, on its
//     first and last lines, the clusters between its end and the line's
//     end or start in the text, and every line between.
//
// A line that runs one way throughout gives what logical steps give.

// vcell is a grapheme cluster of a line as drawn.
type vcell struct {
	c0, c1 int32   // code points, relative to the line
	x0, x1 float32 // left and right edges
	rtl    bool    // drawn right to left
}

// cells returns the drawn clusters of a line, left to right; next gives the
// cluster boundary after an offset. Clusters drawn with no width (hidden
// characters) are left out.
func (sh *shaper) cells(lv *lineVis, next func(int32) int32) []vcell {
	var out []vcell
	for _, k := range lv.order {
		p := &lv.pieces[k]
		if p.w <= 0 {
			continue
		}
		start := len(out)
		for c := p.c0; c < p.c1; {
			n := next(c)
			if n <= c || n > p.c1 {
				n = p.c1
			}
			x0, x1 := sh.posIn(p, c), sh.posIn(p, n)
			if x0 > x1 {
				x0, x1 = x1, x0
			}
			out = append(out, vcell{c0: c, c1: n, x0: x0, x1: x1, rtl: p.rtl})
			c = n
		}
		if p.rtl {
			slices.Reverse(out[start:])
		}
	}
	return out
}

// Positions on a line are its cells' edges, counted left to right: edge k
// is the left edge of cell k, edge len(cells) the line's right end. They
// go by the order cells are drawn in, not by measured x, which inside
// shaped Arabic words is not always monotonic (a letter measured alone is
// wider than in its word).

// edgeAt returns the edge nearest to x.
func edgeAt(cells []vcell, x float32) int {
	best, bd := 0, float32(math.Inf(1))
	for k, c := range cells {
		if x >= c.x0 && x < c.x1 {
			if x-c.x0 < c.x1-x {
				return k
			}
			return k + 1
		}
		if d := abs32(x - c.x0); d < bd {
			best, bd = k, d
		}
		if d := abs32(x - c.x1); d < bd {
			best, bd = k+1, d
		}
	}
	return best
}

func abs32(f float32) float32 { return float32(math.Abs(float64(f))) }

// swept returns the smallest range holding the cells between edges j0 and
// j1 (in either order); ok is false if there are none.
func swept(cells []vcell, j0, j1 int) (s, e int32, ok bool) {
	lo, hi := max(min(j0, j1), 0), min(max(j0, j1), len(cells))
	for _, c := range cells[lo:max(lo, hi)] {
		if !ok {
			s, e, ok = c.c0, c.c1, true
			continue
		}
		s, e = min(s, c.c0), max(e, c.c1)
	}
	return s, e, ok
}

// stop is a place a caret is drawn: before code point cp (relative to the
// line), at edge j. ahead is set when the cluster after cp is drawn right
// of it.
type stop struct {
	cp    int32
	j     int
	ahead bool
}

// stops lists where the caret is drawn for each cluster's start (its
// leading edge, as caretX puts it), and for end (the line's end in the
// text) when withEnd: at the trailing edge of the cluster before it. rtl
// is the paragraph's direction.
func stops(cells []vcell, withEnd bool, end int32, rtl bool) []stop {
	out := make([]stop, 0, len(cells)+1)
	for k, c := range cells {
		if c.rtl {
			out = append(out, stop{cp: c.c0, j: k + 1})
		} else {
			out = append(out, stop{cp: c.c0, j: k, ahead: true})
		}
	}
	if withEnd {
		j, ok := endEdge(cells, end, true)
		if !ok && !rtl {
			j = len(cells)
		}
		out = append(out, stop{cp: end, j: j})
	}
	return out
}

// stopOf returns the edge where the caret before cp is drawn.
func stopOf(st []stop, cp int32) (int, bool) {
	for _, s := range st {
		if s.cp == cp {
			return s.j, true
		}
	}
	return 0, false
}

// nextStop returns the caret stop nearest to edge j strictly right (or
// left) of it. Where two carets are drawn at one edge (at a change of
// direction), the one whose cluster lies the way the caret goes wins, so
// that each press moves the caret over one cluster. ok is false at the
// line's drawn end.
func nextStop(st []stop, j int, right bool) (int32, bool) {
	var best *stop
	for i := range st {
		s := &st[i]
		if right && s.j <= j || !right && s.j >= j {
			continue
		}
		if best == nil || right && s.j < best.j || !right && s.j > best.j ||
			s.j == best.j && s.ahead == right && best.ahead != right {
			best = s
		}
	}
	if best == nil {
		return 0, false
	}
	return best.cp, true
}

// sweepEnd is one end of a sweep: a line and an edge on it.
type sweepEnd struct {
	s, e  int     // the line's code points
	rtl   bool    // in a right-to-left paragraph
	cells []vcell // relative to s
	j     int     // edge
}

// sweepRange returns the selection of a sweep from a to p whose anchor is
// code point anchor: the smallest range holding the anchor and every
// cluster swept (see the top of this file).
func sweepRange(a, p sweepEnd, anchor int) (s, e int) {
	s, e = anchor, anchor
	add := func(l *sweepEnd, j0, j1 int) {
		if c0, c1, ok := swept(l.cells, j0, j1); ok {
			s, e = min(s, l.s+int(c0)), max(e, l.s+int(c1))
		}
	}
	if a.s == p.s {
		add(&a, a.j, p.j)
		return s, e
	}
	first, last := &a, &p
	if p.s < a.s {
		first, last = &p, &a
	}
	// The first line from the edge to its end in the text, the last from
	// its start to the edge; everything between.
	s, e = min(s, first.e), max(e, last.s)
	if first.rtl {
		add(first, 0, first.j)
	} else {
		add(first, first.j, len(first.cells))
	}
	if last.rtl {
		add(last, last.j, len(last.cells))
	} else {
		add(last, 0, last.j)
	}
	return s, e
}

// endEdge returns where an end of a selection is drawn on a line: for its
// start (cp before the other end) the leading edge of the cluster from cp,
// for its end the trailing edge of the cluster up to cp; ok is false when
// the line has no such cluster.
func endEdge(cells []vcell, cp int32, isEnd bool) (int, bool) {
	for k, c := range cells {
		switch {
		case !isEnd && c.c0 == cp:
			if c.rtl {
				return k + 1, true
			}
			return k, true
		case isEnd && c.c1 == cp:
			if c.rtl {
				return k, true
			}
			return k + 1, true
		}
	}
	return 0, false
}
