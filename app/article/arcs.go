package article

import (
	"image/color"
	"math"
	"slices"
	"sort"
)

// Links (relations between two marks: a quote and its speaker, a claim and
// its claimant, two mentions of one entity) are drawn as arcs, the way brat
// draws them: in a band above each line, a horizontal stroke at some height
// (its lane) joined to each end's mark by a leg, in the link's colour, with
// an arrowhead on the leg of its target.
//
//   - An end is anchored at the part of its mark nearest the other end: the
//     mark's last character when the other end lies after it, its first
//     otherwise; the leg stands over the middle of that part's line piece.
//   - Both ends on one line: one arc between them.
//   - Ends on different lines, both on screen: the arc leaves the earlier
//     line towards its end (the right edge; the left in a right-to-left
//     paragraph) and comes into the later line from its start edge.
//   - One end off screen: a stub from the end on screen to the edge of the
//     column towards the other, ending in an arrowhead that points out.
//   - Only links with an end on a mark on screen are looked at, so drawing
//     costs what is on screen.
//
// On each line, arcs get lanes shortest first, each the lowest lane where
// it overlaps no arc already there: an arc nested in another sits below it
// and crossing arcs never share a lane. Lines have room for arcLanes lanes;
// more arcs share the top one. The band is there only while links are
// shown and the document has any, so a document without relations keeps
// its line spacing.
//
// The geometry (anchorCP, rowOf, linkSegs, assignLanes) is plain functions
// of offsets and x positions, table-tested in arcs_test.go; paintArcs turns
// their result into rectangles.

// Link is one relation as the view draws it: an arc from the mark with id
// From to the mark with id To. Links whose marks are not drawn are skipped.
type Link struct {
	ID       string
	From, To string // mark ids
	Label    string
	Color    color.Color // nil: the theme's foreground
}

// arcState is the View's links and what drawing them keeps between frames.
type arcState struct {
	// LinkSource, when set, is asked for the links to draw after the marks
	// change (SetText, SetMarks, UpdateMarks), before the next frame: a link
	// joins two marks, so whoever changes links changes those marks too.
	// The view reads the slice only until it asks again, so the source may
	// return the same memory each time.
	LinkSource func() []Link

	links      []Link
	linksDirty bool
	hideLinks  bool
	linksOf    map[string][]int32 // mark id -> links ending on it
	linkSeen   []uint32           // per link: the frame that last listed it
	linkEpoch  uint32
	arcRows    []arcRow
	arcCand    []int32
	arcSegs    []arcSeg
	arcXs      [][2]float32
}

// Sizes of the arc band above each line, in pixels.
const (
	arcLanes  = 3 // lanes above a line; more arcs share the top one
	laneGap   = 4 // between lanes
	arcLift   = 7 // from the top of the text to lane 0's stroke
	arcStroke = 2
	arrowR    = 4  // from an arrowhead's centre to its corners
	arcMinW   = 8  // narrowest arc, for two ends at one x
	arcEdge   = 6  // how far an arc running to another line goes past the column
	arcBand   = 18 // arcLift + (arcLanes-1)*laneGap + arcStroke + 1 px above
)

// SetLinks replaces the links drawn. The view keeps links (no copy).
func (v *View) SetLinks(links []Link) {
	v.links = links
	v.linksDirty = false
	v.indexLinks()
	v.visOK = false
	v.Refresh()
}

// Links returns the links drawn.
func (v *View) Links() []Link {
	v.pullLinks()
	return v.links
}

// SetShowLinks shows or hides the links (shown by default).
func (v *View) SetShowLinks(on bool) {
	if on == !v.hideLinks {
		return
	}
	v.hideLinks = !on
	v.Refresh()
}

// ShowLinks reports whether links are drawn.
func (v *View) ShowLinks() bool { return !v.hideLinks }

// marksChanged notes that the links must be asked for again (LinkSource).
func (v *View) marksChanged() {
	if v.LinkSource != nil {
		v.linksDirty = true
	}
}

// pullLinks asks LinkSource for the links after the marks changed.
func (v *View) pullLinks() {
	if !v.linksDirty || v.LinkSource == nil {
		return
	}
	v.linksDirty = false
	v.links = v.LinkSource()
	v.indexLinks()
}

// indexLinks maps each mark id to the links that end on it.
func (v *View) indexLinks() {
	if v.linksOf == nil {
		v.linksOf = map[string][]int32{}
	}
	for id, ls := range v.linksOf {
		v.linksOf[id] = ls[:0]
	}
	if len(v.linksOf) > 2*len(v.links)+64 {
		clear(v.linksOf)
	}
	for l := range v.links {
		lk := &v.links[l]
		v.linksOf[lk.From] = append(v.linksOf[lk.From], int32(l))
		if lk.To != lk.From {
			v.linksOf[lk.To] = append(v.linksOf[lk.To], int32(l))
		}
	}
	if cap(v.linkSeen) < len(v.links) {
		v.linkSeen = make([]uint32, len(v.links))
		v.linkEpoch = 0
	}
	v.linkSeen = v.linkSeen[:len(v.links)]
}

// arcBandH is the height of the band above each line: 0 when no links are
// drawn.
func (v *View) arcBandH() float32 {
	v.pullLinks()
	if v.hideLinks || len(v.links) == 0 {
		return 0
	}
	return arcBand
}

// arcRow is a line on screen as arcs see it.
type arcRow struct {
	s, e int // code points
	rtl  bool
}

// arcEnd is where one end of a link is: on row (an index into the rows on
// screen) at x (relative to the column), or off screen: row -1 above,
// len(rows) below.
type arcEnd struct {
	row int
	x   float32
}

// tip is what an arc segment has at one of its ends.
type tip uint8

const (
	tipLeg   tip = iota // a leg down to the link's source
	tipArrow            // a leg down to the link's target, with an arrowhead
	tipEdge             // the arc goes on, on another line on screen
	tipStub             // an arrowhead pointing out: the other end is off screen
)

// arcSeg is the part of a link drawn on one line: a stroke from x1 to x2
// (x1 < x2) in lane lane, with tips t1 at x1 and t2 at x2.
type arcSeg struct {
	link   int
	row    int
	x1, x2 float32
	t1, t2 tip
	lane   int
}

// anchorCP returns the code point a link's end is anchored at: of a mark
// covering [s, e), the last when the other end [os, oe) lies wholly after
// it, else the first.
func anchorCP(s, e, os, oe int) int {
	if os >= e && e > s {
		return e - 1
	}
	return s
}

// rowOf returns the row on screen holding code point cp: -1 when cp comes
// before the first row, len(rows) when after the last. A code point
// between two rows (a paragraph's line break) counts as on the next.
func rowOf(rows []arcRow, cp int) int {
	if len(rows) == 0 || cp < rows[0].s {
		return -1
	}
	return sort.Search(len(rows), func(k int) bool { return rows[k].e > cp })
}

// linkSegs appends the segments of link l, from end f to end t, to segs.
// left and right are the x the arcs running to another line (or off
// screen) end at. A link with no end on screen adds nothing.
func linkSegs(segs []arcSeg, l int, f, t arcEnd, rows []arcRow, left, right float32) []arcSeg {
	n := len(rows)
	on := func(e arcEnd) bool { return e.row >= 0 && e.row < n }
	// edges returns the x of row r's edge towards later text and towards
	// earlier text.
	edges := func(r int) (later, earlier float32) {
		if rows[r].rtl {
			return left, right
		}
		return right, left
	}
	seg := func(r int, xa float32, ta tip, xb float32, tb tip) arcSeg {
		if xb < xa {
			xa, xb, ta, tb = xb, xa, tb, ta
		}
		if xb-xa < arcMinW {
			m := (xa + xb) / 2
			xa, xb = m-arcMinW/2, m+arcMinW/2
		}
		return arcSeg{link: l, row: r, x1: xa, t1: ta, x2: xb, t2: tb}
	}
	switch {
	case on(f) && on(t) && f.row == t.row:
		segs = append(segs, seg(f.row, f.x, tipLeg, t.x, tipArrow))
	case on(f) && on(t):
		a, ta, b, tb := f, tipLeg, t, tipArrow
		if b.row < a.row {
			a, ta, b, tb = b, tb, a, ta
		}
		later, _ := edges(a.row)
		_, earlier := edges(b.row)
		segs = append(segs, seg(a.row, a.x, ta, later, tipEdge), seg(b.row, earlier, tipEdge, b.x, tb))
	case on(f) || on(t):
		e, te, other := f, tipLeg, t
		if !on(f) {
			e, te, other = t, tipArrow, f
		}
		later, earlier := edges(e.row)
		x := later
		if other.row < 0 {
			x = earlier
		}
		segs = append(segs, seg(e.row, e.x, te, x, tipStub))
	}
	return segs
}

// assignLanes gives each segment a lane, row by row: shortest first, each
// the lowest lane whose segments on its row stay gap away from it; lanes
// past lanes-1 become lanes-1. segs is reordered.
func assignLanes(segs []arcSeg, lanes int, gap float32) {
	slices.SortStableFunc(segs, func(a, b arcSeg) int {
		switch {
		case a.row != b.row:
			return a.row - b.row
		case a.x2-a.x1 < b.x2-b.x1:
			return -1
		case a.x2-a.x1 > b.x2-b.x1:
			return 1
		case a.x1 < b.x1:
			return -1
		case a.x1 > b.x1:
			return 1
		}
		return a.link - b.link
	})
	for i := 0; i < len(segs); {
		j := i
		for j < len(segs) && segs[j].row == segs[i].row {
			j++
		}
		for k := i; k < j; k++ {
			s := &segs[k]
			lane := 0
			for ; ; lane++ {
				free := true
				for p := i; p < k; p++ {
					q := &segs[p]
					if q.lane == lane && q.x1 < s.x2+gap && s.x1 < q.x2+gap {
						free = false
						break
					}
				}
				if free {
					break
				}
			}
			s.lane = min(lane, lanes-1)
		}
		i = j
	}
}

// paintArcs draws the links with an end on screen into the display list.
func (v *View) paintArcs(dl *displayList, fg color.Color) {
	if v.hideLinks || len(v.links) == 0 || len(v.vis) == 0 || v.met.band == 0 {
		return
	}
	vis, m := v.vis, v.met
	rows := v.arcRows[:0]
	for k := range vis {
		rows = append(rows, arcRow{s: vis[k].s, e: vis[k].e, rtl: vis[k].lc.vis.rtl})
	}
	v.arcRows = rows

	// The links with an end on a mark on screen, each once.
	v.linkEpoch++
	if v.linkEpoch == 0 {
		clear(v.linkSeen)
		v.linkEpoch = 1
	}
	cand := v.arcCand[:0]
	first, last := vis[0], vis[len(vis)-1]
	v.mi.query(first.s, max(last.e, first.s+1), func(it item) {
		if it.gap {
			return
		}
		for _, l := range v.linksOf[v.mi.mark(int(it.mark)).ID] {
			if v.linkSeen[l] != v.linkEpoch {
				v.linkSeen[l] = v.linkEpoch
				cand = append(cand, l)
			}
		}
	})
	slices.Sort(cand)
	v.arcCand = cand

	segs := v.arcSegs[:0]
	for _, l := range cand {
		lk := &v.links[l]
		fm, tm := v.mi.find(lk.From), v.mi.find(lk.To)
		if fm < 0 || tm < 0 || fm == tm {
			continue
		}
		fs, fe := int(v.mi.hullS[fm]), int(v.mi.hullE[fm])
		ts, te := int(v.mi.hullS[tm]), int(v.mi.hullE[tm])
		f := v.arcEndOf(rows, fm, anchorCP(fs, fe, ts, te))
		t := v.arcEndOf(rows, tm, anchorCP(ts, te, fs, fe))
		segs = linkSegs(segs, int(l), f, t, rows, -arcEdge, m.colW+arcEdge)
	}
	assignLanes(segs, arcLanes, 3)
	v.arcSegs = segs

	for i := range segs {
		s := &segs[i]
		c := v.links[s.link].Color
		if c == nil {
			c = fg
		}
		c = withAlpha(c, 0xff)
		ln := &vis[s.row]
		top := float32(math.Round(float64(ln.y)))
		y := top - arcLift - float32(s.lane)*laneGap - arcStroke
		x1 := float32(math.Round(float64(m.colX + s.x1)))
		x2 := float32(math.Round(float64(m.colX + s.x2)))
		add := func(x, y, w, h float32) {
			dl[lyArc] = append(dl[lyArc], prim{x: x, y: y, w: w, h: h, fill: c, mark: -1, link: s.link})
		}
		// arrow adds a triangle centred on (cx, cy), its tip arrowR away,
		// turned angle degrees clockwise from pointing up.
		arrow := func(cx, cy, angle float32) {
			dl[lyArrow] = append(dl[lyArrow], prim{x: cx - arrowR, y: cy - arrowR, w: 2 * arrowR, h: 2 * arrowR,
				fill: c, mark: -1, link: s.link, angle: angle})
		}
		add(x1, y, x2-x1, arcStroke)
		for _, e := range [2]struct {
			x   float32
			t   tip
			out float32 // the way out of the arc: -1 at x1, +1 at x2
		}{{x1, s.t1, -1}, {x2, s.t2, 1}} {
			switch e.t {
			case tipLeg, tipArrow:
				add(e.x-arcStroke/2, y, arcStroke, top-1-y)
				if e.t == tipArrow { // pointing down, its tip on the text's top
					cy := top - 1 - arrowR
					arrow(e.x, cy, 180)
				}
			case tipStub: // pointing out, past the stroke's end
				cx := e.x + e.out*arrowR/2
				angle := float32(90)
				if e.out < 0 {
					angle = 270
				}
				arrow(cx, y+arcStroke/2, angle)
			}
		}
	}
}

// arcEndOf returns where the end of a link anchored at code point cp of
// mark mk is: its row, and the middle of the piece of the mark holding cp
// on that row.
func (v *View) arcEndOf(rows []arcRow, mk, cp int) arcEnd {
	r := rowOf(rows, cp)
	if r < 0 || r >= len(rows) {
		return arcEnd{row: r}
	}
	ln := &v.vis[r]
	n := v.ix.Len()
	ps, pe := cp, cp+1
	for _, p := range v.mi.mark(mk).Pieces {
		if s, e := clampInt(p.Start, 0, n), clampInt(p.End, 0, n); s <= cp && cp < e {
			ps, pe = s, e
			break
		}
	}
	ps, pe = max(ps, ln.s), min(pe, ln.e)
	if pe <= ps {
		x := v.xOf(ln.lc, ln.s, clampInt(cp, ln.s, ln.e))
		return arcEnd{row: r, x: x}
	}
	xs := v.doc.sh.spanXs(&ln.lc.vis, int32(ps-ln.s), int32(pe-ln.s), v.arcXs[:0])
	v.arcXs = xs
	if len(xs) == 0 {
		return arcEnd{row: r, x: v.xOf(ln.lc, ln.s, ps)}
	}
	lo, hi := xs[0][0], xs[0][1]
	for _, x := range xs[1:] {
		lo, hi = min(lo, x[0]), max(hi, x[1])
	}
	return arcEnd{row: r, x: (lo + hi) / 2}
}
