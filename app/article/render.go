package article

import (
	"image/color"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A frame is first built as a display list of plain values (what to draw
// where, in which colour), then copied onto pooled canvas objects. The list
// is what the layering tests look at; the renderer stays a thin copy loop.

type layer int

const (
	lyUnder   layer = iota // mark fills, flash, selection: behind the text
	lyText                 // one canvas.Text per line (stretch between tabs)
	lyOver                 // underlines, connectors, outlines, caret
	lyArc                  // links (arcs.go)
	lyArrow                // their arrowheads: triangles
	lyDash                 // dashed outlines of suggestions
	lyTipBox               // tooltip box
	lyTipText              // tooltip text
	nLayers
)

// prim is one rectangle or piece of text.
type prim struct {
	x, y, w, h float32
	fill       color.Color // rectangle fill or text colour
	stroke     color.Color
	sw         float32 // stroke width
	text       string
	size       float32
	face       uint8 // text: index of the face that draws it (faces.go)
	mark       int   // index of the mark drawn, -1 for none (for tests)
	track      int
	link       int     // lyArc, lyArrow: index of the link drawn (for tests)
	angle      float32 // lyArrow: degrees clockwise from pointing up
}

type displayList [nLayers][]prim

func withAlpha(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// Fill opacities: innermost marks, outer marks, flash at its peak.
const (
	alphaInner = 0x60
	alphaOuter = 0x22
	alphaFlash = 0xb0
)

// paint builds the display list for the current state.
func (v *View) paint(dl *displayList) {
	for i := range dl {
		dl[i] = dl[i][:0]
	}
	v.layoutVisible()
	if len(v.vis) == 0 {
		return
	}
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	primary := th.Color(theme.ColorNamePrimary, variant)
	m := v.met
	vis := v.vis

	// lineRange returns the visible lines overlapping [s, e).
	lineRange := func(s, e int) (int, int) {
		k0 := sort.Search(len(vis), func(k int) bool { return vis[k].e > s || vis[k].e == s && vis[k].s == s })
		k1 := k0
		for k1 < len(vis) && vis[k1].s < e {
			k1++
		}
		return k0, k1
	}
	// spans returns the x ranges [x1, x2), left to right, that [s, e)
	// covers on line ln: one, or more where the range changes direction
	// (bidi.go). A range running on past the line takes its trailing
	// whitespace; brk adds the paragraph's line break at its end edge.
	var xs [][2]float32
	spans := func(ln *visLine, s, e int, brk bool) [][2]float32 {
		lv := &ln.lc.vis
		xs = v.doc.sh.spanXs(lv, int32(max(s, ln.s)-ln.s), int32(min(e, ln.e)-ln.s), xs[:0])
		if brk {
			bx := v.doc.sh.caretX(lv, int32(ln.e-ln.s))
			b := [2]float32{bx, bx + m.size/3}
			if lv.rtl {
				b = [2]float32{bx - m.size/3, bx}
			}
			xs = mergeXs(append(xs, b))
		}
		for k := range xs {
			xs[k][0] = m.colX + max(xs[k][0], -m.size)
			xs[k][1] = m.colX + min(xs[k][1], m.colW+m.size)
		}
		return xs
	}

	// Marks.
	var fills []fill
	var flashes []prim
	first, last := vis[0], vis[len(vis)-1]
	v.mi.query(first.s, max(last.e, first.s+1), func(it item) {
		mk := v.mi.mark(int(it.mark))
		c := mk.Color
		if c == nil {
			c = primary
		}
		t := min(v.mi.trackOf(int(it.mark)), maxTracks-1)
		k0, k1 := lineRange(int(it.s), int(it.e))
		for k := k0; k < k1; k++ {
			ln := &vis[k]
			for _, x := range spans(ln, int(it.s), int(it.e), false) {
				v.paintMark(dl, &fills, &flashes, ln, it, mk, c, fg, t, x[0], x[1])
			}
		}
	})
	// Outer fills first, so inner ones lie on top.
	slices.SortStableFunc(fills, func(a, b fill) int { return int(b.t) - int(a.t) })
	for _, f := range fills {
		dl[lyUnder] = append(dl[lyUnder], f.p)
	}
	dl[lyUnder] = append(dl[lyUnder], flashes...)

	// Selection.
	s, e := v.Selection()
	if s < e {
		selCol := th.Color(theme.ColorNameSelection, variant)
		k0, k1 := lineRange(s, e)
		for k := k0; k < k1; k++ {
			ln := &vis[k]
			brk := e > ln.e && v.doc.endsParagraph(ln.b, ln.i) // the selection takes the line break
			for _, x := range spans(ln, s, e, brk) {
				dl[lyUnder] = append(dl[lyUnder], prim{x: x[0], y: ln.y, w: x[1] - x[0], h: m.textH, fill: selCol, mark: -1})
			}
		}
	}

	// Text, and the text a page away once it is wrapped (ahead.go).
	for k := range vis {
		v.paintText(dl, &vis[k], fg)
	}
	if v.aheadText {
		v.textAhead(func(b, i int, y float32) {
			s, e := v.doc.lineSpan(b, i)
			ln := visLine{b: b, i: i, s: s, e: e, y: y, lc: v.lineLayout(b, i, s, e)}
			v.paintText(dl, &ln, fg)
		})
	}

	// Caret.
	if v.focused && s == e {
		b, i := v.caretLine(s)
		for k := range vis {
			if ln := &vis[k]; ln.b == b && ln.i == i {
				x := m.colX + v.xOf(ln.lc, ln.s, s)
				dl[lyOver] = append(dl[lyOver], prim{x: x - 1, y: ln.y, w: 2, h: m.textH, fill: primary, mark: -1})
			}
		}
	}

	v.paintArcs(dl, fg)
	v.paintTooltip(dl)
}

// fill is a mark's fill and the track that orders it.
type fill struct {
	t uint8
	p prim
}

// paintMark draws item it of mark mk (colour c, track t) over [x1, x2) of
// line ln.
func (v *View) paintMark(dl *displayList, fills *[]fill, flashes *[]prim, ln *visLine, it item, mk *Mark, c, fg color.Color, t int, x1, x2 float32) {
	m := v.met
	uy := ln.y + m.textH - 1 + float32(t)*m.trackGap
	base := prim{mark: int(it.mark), track: t}
	switch {
	case it.gap:
		p := base
		p.x, p.y, p.w, p.h, p.fill = x1, uy+0.5, x2-x1, 1, c
		dl[lyOver] = append(dl[lyOver], p)
	case mk.Suggested:
		p := base
		p.x, p.y, p.w, p.h, p.stroke = x1-1, ln.y, x2-x1+2, m.textH, c
		dl[lyDash] = append(dl[lyDash], p)
	default:
		p := base
		a := uint8(alphaInner)
		if t > 0 {
			a = alphaOuter
		}
		p.x, p.y, p.w, p.h, p.fill = x1, ln.y, x2-x1, m.textH-1, withAlpha(c, a)
		*fills = append(*fills, fill{uint8(t), p})
		u := base
		u.x, u.y, u.w, u.h, u.fill = x1, uy, x2-x1, 2, c
		dl[lyOver] = append(dl[lyOver], u)
		if mk.ID == v.selMark {
			o := base
			o.x, o.y, o.w, o.h = x1-2, ln.y-2, x2-x1+4, uy+2+2-(ln.y-2)
			o.stroke, o.sw = fg, 1.5
			dl[lyOver] = append(dl[lyOver], o)
		}
	}
	if !it.gap && mk.ID == v.flashID && v.flashA > 0 {
		f := base
		f.x, f.y, f.w, f.h = x1-1, ln.y-1, x2-x1+2, m.textH+1
		f.fill = withAlpha(c, uint8(alphaFlash*min(v.flashA, 1)))
		*flashes = append(*flashes, f)
	}
}

// paintText draws the text of line ln. A left-to-right line gets one object
// per stretch between tabs and hidden characters (usually the whole line;
// spaces inside are drawn), cut where the face changes (faces.go) and
// placed at the measured width of what comes before. A line with
// right-to-left text gets one object per piece, where bidi.go put it.
// Every face sits on the text font's baseline (textBox).
func (v *View) paintText(dl *displayList, ln *visLine, fg color.Color) {
	m := v.met
	if lv := &ln.lc.vis; lv.bidi {
		for _, k := range lv.order {
			p := &lv.pieces[k]
			if p.kind == runText {
				y, h := v.textBox(p.face)
				dl[lyText] = append(dl[lyText], prim{
					x: m.colX + p.x, y: ln.y + y, w: p.w, h: h,
					text: p.text, fill: fg, size: m.size, mark: -1, face: p.face,
				})
			}
		}
		return
	}
	runs := ln.lc.runs
	for j := 0; j < len(runs); j++ {
		if runs[j].kind != runText {
			continue
		}
		first, last := runs[j], runs[j]
		for j+1 < len(runs) && (runs[j+1].kind == runText || runs[j+1].kind == runSpace) {
			j++
			if runs[j].kind == runText {
				last = runs[j]
			}
		}
		text := ln.lc.text[first.b0:last.b1]
		x := m.colX + first.x
		faceRuns(text, func(b0, b1 int, f uint8) {
			w := v.meas.width(text[b0:b1])
			y, h := v.textBox(f)
			dl[lyText] = append(dl[lyText], prim{
				x: x, y: ln.y + y, w: w, h: h,
				text: text[b0:b1], fill: fg, size: m.size, mark: -1, face: f,
			})
			x += w
		})
	}
}

// paintTooltip draws the hovered mark's tooltip under (or above) its line,
// near where the pointer came onto the mark.
func (v *View) paintTooltip(dl *displayList) {
	if v.hoverMark < 0 || v.hoverMark >= v.mi.size() || v.mi.mark(v.hoverMark).Tooltip == "" {
		return
	}
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	m := v.met
	lines := strings.Split(v.mi.mark(v.hoverMark).Tooltip, "\n")
	var tw float32
	for _, l := range lines {
		tw = max(tw, v.meas.width(l))
	}
	pad := m.size / 2
	bw, bh := tw+2*pad, float32(len(lines))*m.textH+2*pad
	ly := v.vis[0].y
	for _, ln := range v.vis {
		if v.tipPos.Y >= ln.y {
			ly = ln.y
		}
	}
	vw, vh := v.Size().Width, v.Size().Height
	x := min(v.tipPos.X+4, vw-m.barW-bw-2)
	x = max(x, 2)
	y := ly + m.pitch + 2
	if y+bh > vh && ly-bh-2 >= 0 {
		y = ly - bh - 2
	}
	dl[lyTipBox] = append(dl[lyTipBox], prim{
		x: x, y: y, w: bw, h: bh, mark: v.hoverMark,
		fill:   th.Color(theme.ColorNameOverlayBackground, variant),
		stroke: th.Color(theme.ColorNameInputBorder, variant), sw: 1,
	})
	for k, l := range lines {
		dl[lyTipText] = append(dl[lyTipText], prim{
			x: x + pad, y: y + pad + float32(k)*m.textH, w: tw, h: m.textH, mark: v.hoverMark,
			text: l, size: m.size, fill: th.Color(theme.ColorNameForeground, variant),
		})
	}
}

// viewRenderer copies display lists onto pooled canvas objects.
type viewRenderer struct {
	v       *View
	dl      displayList
	rects   [nLayers][]*canvas.Rectangle
	texts   [nLayers][]*canvas.Text
	dashes  []*dashBox
	arrows  []*canvas.Polygon
	objects []fyne.CanvasObject
	laidOut fyne.Size // the size of the last Layout
	paints  int       // display lists built (for tests)
}

func (r *viewRenderer) Destroy() {}

func (r *viewRenderer) MinSize() fyne.Size { return fyne.NewSize(120, 80) }

func (r *viewRenderer) Objects() []fyne.CanvasObject {
	if r.objects == nil {
		r.rebuild()
	}
	return r.objects
}

// Layout redraws after a change of size. Fyne also lays a widget out
// again, at the size it has, whenever one of its objects' MinSize changed
// (every text object whose text changed): that is not a change, and
// redrawing then would mark the window for a second frame after every
// frame that changed text.
func (r *viewRenderer) Layout(size fyne.Size) {
	if size == r.laidOut && r.objects != nil {
		return
	}
	r.laidOut = size
	r.Refresh()
}

func (r *viewRenderer) Refresh() {
	v := r.v
	v.paint(&r.dl)
	r.paints++
	grew := false
	for l := range nLayers {
		ps := r.dl[l]
		switch l {
		case lyText, lyTipText:
			for len(r.texts[l]) < len(ps) {
				r.texts[l] = append(r.texts[l], canvas.NewText("", nil))
				grew = true
			}
			for k, p := range ps {
				o := r.texts[l][k]
				o.Text, o.Color, o.TextSize = p.text, p.fill, p.size
				o.FontSource = faceSource(p.face)
				o.Move(fyne.NewPos(p.x, p.y))
				o.Resize(fyne.NewSize(p.w, p.h))
				o.Hidden = false
			}
			for _, o := range r.texts[l][len(ps):] {
				o.Hidden = true
			}
		case lyArrow:
			for len(r.arrows) < len(ps) {
				r.arrows = append(r.arrows, canvas.NewPolygon(3, color.Transparent))
				grew = true
			}
			for k, p := range ps {
				o := r.arrows[k]
				o.FillColor, o.Angle = p.fill, p.angle
				o.Move(fyne.NewPos(p.x, p.y))
				o.Resize(fyne.NewSize(p.w, p.h))
				o.Hidden = false
			}
			for _, o := range r.arrows[len(ps):] {
				o.Hidden = true
			}
		case lyDash:
			for len(r.dashes) < len(ps) {
				r.dashes = append(r.dashes, newDashBox())
				grew = true
			}
			for k, p := range ps {
				d := r.dashes[k]
				col, sz := withAlpha(p.stroke, 0xff), fyne.NewSize(p.w, p.h)
				if col != d.col || sz != d.r.Size() {
					d.col = col
					d.r.Resize(sz)
					canvas.Refresh(d.r) // its pixels change: raster again
				}
				d.r.Move(fyne.NewPos(p.x, p.y))
				d.r.Hidden = false
			}
			for _, d := range r.dashes[len(ps):] {
				d.r.Hidden = true
			}
		default:
			for len(r.rects[l]) < len(ps) {
				r.rects[l] = append(r.rects[l], canvas.NewRectangle(color.Transparent))
				grew = true
			}
			for k, p := range ps {
				o := r.rects[l][k]
				o.FillColor, o.StrokeColor, o.StrokeWidth = p.fill, p.stroke, p.sw
				if p.fill == nil {
					o.FillColor = color.Transparent
				}
				o.Move(fyne.NewPos(p.x, p.y))
				o.Resize(fyne.NewSize(p.w, p.h))
				o.Hidden = false
			}
			for _, o := range r.rects[l][len(ps):] {
				o.Hidden = true
			}
		}
	}
	sz := v.Size()
	v.bar.Move(fyne.NewPos(sz.Width-v.met.barW, 0))
	v.bar.Resize(fyne.NewSize(v.met.barW, sz.Height))
	v.bar.Refresh()
	if grew || r.objects == nil {
		r.rebuild()
	}
	// The window is marked for a new frame by the scroll bar's refresh
	// above. Not canvas.Refresh(v): that frees the textures of every object
	// of the view, so each dashed outline would be rastered again, pixel by
	// pixel, every frame; text textures are found by their text, and the
	// outlines whose size or colour changed were refreshed above.
	v.wrapAhead()
}

func (r *viewRenderer) rebuild() {
	r.objects = r.objects[:0]
	for l := range nLayers {
		switch l {
		case lyText, lyTipText:
			for _, o := range r.texts[l] {
				r.objects = append(r.objects, o)
			}
		case lyArrow:
			for _, o := range r.arrows {
				r.objects = append(r.objects, o)
			}
		case lyDash:
			for _, d := range r.dashes {
				r.objects = append(r.objects, d.r)
			}
		default:
			for _, o := range r.rects[l] {
				r.objects = append(r.objects, o)
			}
		}
	}
	r.objects = append(r.objects, r.v.bar)
}

// dashBox is a dashed rectangle outline, drawn by a raster.
type dashBox struct {
	r   *canvas.Raster
	col color.NRGBA
}

func newDashBox() *dashBox {
	d := &dashBox{}
	d.r = canvas.NewRasterWithPixels(d.pixel)
	return d
}

func (d *dashBox) pixel(x, y, w, h int) color.Color {
	const t, dash = 2, 4
	on := false
	switch {
	case y < t || y >= h-t:
		on = (x/dash)%2 == 0
	case x < t || x >= w-t:
		on = (y/dash)%2 == 0
	}
	if on {
		return d.col
	}
	return color.Transparent
}

// scrollBar is the view's own scroll bar: drag the thumb, click the track
// to page.
type scrollBar struct {
	widget.BaseWidget
	v     *View
	grab  float32 // pointer offset into the thumb while dragging; -1 when not
	hover bool
}

func newScrollBar(v *View) *scrollBar {
	b := &scrollBar{v: v, grab: -1}
	b.ExtendBaseWidget(b)
	return b
}

// thumb returns the thumb's y and height; ok false when all text fits.
func (b *scrollBar) thumb() (y, h float32, ok bool) {
	vp := &b.v.vp
	H := b.Size().Height
	content := vp.contentH()
	if H <= 0 || vp.pitch <= 0 || content <= vp.h+0.5 {
		return 0, 0, false
	}
	h = min(max(H*vp.h/content, 24), H)
	frac := min(max(vp.top()/(content-vp.h), 0), 1)
	return (H - h) * frac, h, true
}

// Dragged moves the thumb with the pointer.
func (b *scrollBar) Dragged(ev *fyne.DragEvent) {
	y, h, ok := b.thumb()
	if !ok {
		return
	}
	if b.grab < 0 {
		start := ev.Position.Y - ev.Dragged.DY
		if start >= y && start < y+h {
			b.grab = start - y
		} else {
			b.grab = h / 2
		}
	}
	vp := &b.v.vp
	H := b.Size().Height
	frac := min(max((ev.Position.Y-b.grab)/(H-h), 0), 1)
	vp.setTop(frac * (vp.contentH() - vp.h))
	b.v.visOK = false
	b.v.Refresh()
}

// DragEnd lets go of the thumb.
func (b *scrollBar) DragEnd() {
	b.grab = -1
	b.Refresh()
}

// Tapped pages towards the click.
func (b *scrollBar) Tapped(ev *fyne.PointEvent) {
	y, h, ok := b.thumb()
	if !ok {
		return
	}
	page := max(b.v.vp.h-2*b.v.vp.pitch, b.v.vp.pitch)
	switch {
	case ev.Position.Y < y:
		b.v.scrollBy(-page)
	case ev.Position.Y >= y+h:
		b.v.scrollBy(page)
	default:
		return
	}
	b.v.Refresh()
}

// MouseIn widens the thumb.
func (b *scrollBar) MouseIn(*desktop.MouseEvent) { b.hover = true; b.Refresh() }

// MouseMoved does nothing.
func (b *scrollBar) MouseMoved(*desktop.MouseEvent) {}

// MouseOut narrows the thumb.
func (b *scrollBar) MouseOut() { b.hover = false; b.Refresh() }

// Cursor is the default arrow over the bar.
func (b *scrollBar) Cursor() desktop.Cursor { return desktop.DefaultCursor }

func (b *scrollBar) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{b: b, track: canvas.NewRectangle(color.Transparent), thumb: canvas.NewRectangle(color.Transparent)}
	r.objects = []fyne.CanvasObject{r.track, r.thumb}
	return r
}

type barRenderer struct {
	b            *scrollBar
	track, thumb *canvas.Rectangle
	objects      []fyne.CanvasObject
	laidOut      fyne.Size
}

func (r *barRenderer) Destroy()                     {}
func (r *barRenderer) MinSize() fyne.Size           { return fyne.NewSize(4, 4) }
func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *barRenderer) Layout(size fyne.Size) {
	if size == r.laidOut {
		return // laid out again at its size: nothing changed (viewRenderer.Layout)
	}
	r.laidOut = size
	r.Refresh()
}

func (r *barRenderer) Refresh() {
	b := r.b
	y, h, ok := b.thumb()
	r.track.Hidden, r.thumb.Hidden = !ok, !ok
	if !ok {
		canvas.Refresh(b)
		return
	}
	th := b.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	W := b.Size().Width
	w := W / 2
	if b.hover || b.grab >= 0 {
		w = W - 2
	}
	r.track.FillColor = th.Color(theme.ColorNameScrollBarBackground, variant)
	r.track.Move(fyne.NewPos(W-w-1, 0))
	r.track.Resize(fyne.NewSize(w, b.Size().Height))
	r.thumb.FillColor = th.Color(theme.ColorNameScrollBar, variant)
	r.thumb.CornerRadius = w / 2
	r.thumb.Move(fyne.NewPos(W-w-1, y))
	r.thumb.Resize(fyne.NewSize(w, h))
	canvas.Refresh(b)
}
