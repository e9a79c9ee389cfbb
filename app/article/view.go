package article

import (
	"image/color"
	"math"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
)

// Mark is one span as the view draws it.
type Mark struct {
	ID        string
	Pieces    []annot.Fragment // code points; one piece unless discontinuous
	Layer     annot.Layer
	Label     string
	Color     color.Color
	Tooltip   string // shown on hover: label, speaker
	Suggested bool   // drawn as a dashed outline without fill
}

// View shows one document. All offsets in and out are code points into the
// document text.
type View struct {
	widget.BaseWidget

	// OnSelectionChanged is called when the text selection changes (mouse,
	// keyboard or SetSelection); start == end is a caret.
	OnSelectionChanged func(start, end int)
	// OnMarkTapped is called when a click without drag lands on a mark
	// (the innermost one under the pointer); id "" when it lands on none.
	OnMarkTapped func(id string)
	// OnAddFragment is called for Ctrl+drag: the selection [start, end)
	// should become a new fragment of the selected mark.
	OnAddFragment func(start, end int)
	// OnTypedRune and OnTypedKey receive the keys the view does not use
	// itself (digits, letters, Tab, Delete, Escape...), so the window can
	// bind them. Tab and Shift+Tab both arrive as KeyTab (the view accepts
	// Tab so focus stays on it); HeldModifiers tells them apart.
	OnTypedRune func(r rune)
	OnTypedKey  func(ev *fyne.KeyEvent)
	// OnShortcut receives shortcuts (Ctrl/Alt combinations) the view does not
	// use itself; the window dispatches them like its canvas shortcuts.
	OnShortcut func(s fyne.Shortcut)

	ix  *annot.Index
	doc *docLayout
	vp  viewport
	mi  *markIndex

	selAnchor, selActive int
	selMark              string
	snap                 bool
	textSize             float32

	meas    *measurer
	met     metrics
	visOK   bool
	vis     []visLine
	lines   map[int]*lineCache
	focused bool
	held    fyne.KeyModifier // modifier keys down, from KeyDown/KeyUp (no desktop driver: tests)

	press struct {
		ok   bool
		mods fyne.KeyModifier
	}
	dragging   bool
	dragMods   fyne.KeyModifier
	dragAnchor int
	dragLine   int // start of the line the drag started on
	dragEdge   int // the cluster edge on it nearest the press (visual.go)
	sw         sweepState
	clicked    bool // MouseUp handled a click; skip the delayed Tapped

	pointerIn bool
	pointer   fyne.Position // last pointer position while in the view
	hoverMark int           // mark whose tooltip shows, -1 none
	tipPos    fyne.Position // pointer position when it came onto that mark
	flashID   string
	flashA    float32
	flashAnim *fyne.Animation

	bar *scrollBar

	arcState         // links (arcs.go)
	aheadQueued bool // wrapAhead has a block to wrap queued (ahead.go)
	aheadText   bool // frames draw the text a page away too (ahead.go)
}

var (
	_ fyne.Widget            = (*View)(nil)
	_ fyne.Focusable         = (*View)(nil)
	_ fyne.Tabbable          = (*View)(nil)
	_ fyne.Shortcutable      = (*View)(nil)
	_ fyne.Scrollable        = (*View)(nil)
	_ fyne.Draggable         = (*View)(nil)
	_ fyne.Tappable          = (*View)(nil)
	_ fyne.DoubleTappable    = (*View)(nil)
	_ fyne.SecondaryTappable = (*View)(nil)
	_ desktop.Mouseable      = (*View)(nil)
	_ desktop.Hoverable      = (*View)(nil)
	_ desktop.Keyable        = (*View)(nil)
	_ desktop.Cursorable     = (*View)(nil)
)

// New returns an empty view.
func New() *View {
	v := &View{snap: true, hoverMark: -1, lines: map[int]*lineCache{}}
	v.ExtendBaseWidget(v)
	v.bar = newScrollBar(v)
	v.setIndex(annot.NewIndex(""))
	return v
}

// bigText is the size from which SetText builds the index's grapheme and
// token tables in the background, so the first click does not wait for them.
const bigText = 64 << 10

// SetText shows a new document; ix must index text (nil: built here). The
// selection and marks are cleared and the view scrolls to the top.
func (v *View) SetText(text string, ix *annot.Index) {
	if ix == nil {
		ix = annot.NewIndex(text)
	}
	v.setIndex(ix)
	if ix.Len() >= bigText {
		go func() {
			ix.GraphemeLen()
			ix.Tokens()
		}()
	}
	v.Refresh()
}

func (v *View) setIndex(ix *annot.Index) {
	v.ix = ix
	var sh shaper
	if v.meas != nil {
		sh = v.meas.shaper()
	}
	v.doc = newDocLayout(ix, sh, v.met.avg, v.met.colW)
	v.vp = viewport{d: v.doc, pitch: v.met.pitch, padTop: v.met.padY + v.met.band, padBottom: v.met.padY, h: v.vp.h, off: -v.met.padY - v.met.band}
	v.vp.normalize()
	v.mi = rebuildMarkIndex(v.mi, nil, ix.Len())
	v.marksChanged()
	v.selAnchor, v.selActive, v.selMark = 0, 0, ""
	v.hoverMark, v.flashID = -1, ""
	v.dropLines()
}

// Index returns the offset index of the shown text.
func (v *View) Index() *annot.Index { return v.ix }

// SetMarks replaces the marks drawn. The view keeps marks (no copy) and
// UpdateMarks may change its elements, so the caller must not use the slice
// afterwards. Mark ids should be unique: UpdateMarks, SetSelectedMark and
// Flash find marks by id.
func (v *View) SetMarks(marks []Mark) {
	v.mi = rebuildMarkIndex(v.mi, marks, v.ix.Len())
	v.hoverMark = -1
	v.rehover()
	v.marksChanged()
	v.Refresh()
}

// UpdateMarks changes some of the marks drawn, at a cost that depends on
// what changes rather than on how many marks there are: the marks with the
// ids in remove are taken out (unknown ids are ignored), then each mark in
// upsert replaces the mark with its id, or is added. Drawing is the same as
// after SetMarks with the resulting marks.
func (v *View) UpdateMarks(upsert []Mark, remove []string) {
	hover := ""
	if v.hoverMark >= 0 && v.hoverMark < v.mi.size() {
		hover = v.mi.mark(v.hoverMark).ID
	}
	v.mi = v.mi.update(upsert, remove)
	v.marksChanged()
	if v.hoverMark >= 0 {
		v.hoverMark = v.mi.find(hover)
	}
	v.rehover() // a mark may have grown under the pointer, or shrunk away
	v.Refresh()
}

// UpsertMark adds a mark, or replaces the one with its id.
func (v *View) UpsertMark(m Mark) { v.UpdateMarks([]Mark{m}, nil) }

// RemoveMark removes the mark with id, if there is one.
func (v *View) RemoveMark(id string) { v.UpdateMarks(nil, []string{id}) }

// Marks returns the marks drawn: as given to SetMarks, with marks replaced
// by UpdateMarks in place and marks it added at the end.
func (v *View) Marks() []Mark { return v.mi.liveMarks() }

// SetSelectedMark outlines one mark ("" for none).
func (v *View) SetSelectedMark(id string) {
	if id == v.selMark {
		return
	}
	v.selMark = id
	v.Refresh()
}

// SelectedMark returns the outlined mark's id.
func (v *View) SelectedMark() string { return v.selMark }

// Selection returns the text selection in code points.
func (v *View) Selection() (start, end int) {
	return min(v.selAnchor, v.selActive), max(v.selAnchor, v.selActive)
}

// SelectedText returns the selected text.
func (v *View) SelectedText() string {
	s, e := v.Selection()
	return v.ix.Slice(s, e)
}

// SetSelection selects [start, end), scrolls it into view and reports it
// through OnSelectionChanged. Offsets are clamped to the text and widened
// to grapheme cluster boundaries (never to words: the caller knows what it
// selects). Keyboard extension then moves end.
func (v *View) SetSelection(start, end int) {
	n := v.ix.Len()
	start, end = clampInt(start, 0, n), clampInt(end, 0, n)
	if end < start {
		start, end = end, start
	}
	start, end = snapRange(v.ix, start, end, false)
	v.selAnchor, v.selActive = start, end
	v.ensureMetrics()
	v.reveal(end)
	v.reveal(start)
	if v.OnSelectionChanged != nil {
		v.OnSelectionChanged(start, end)
	}
	v.Refresh()
}

// ScrollTo scrolls so code point cp is visible.
func (v *View) ScrollTo(cp int) {
	v.ensureMetrics()
	v.reveal(clampInt(cp, 0, v.ix.Len()))
	v.Refresh()
}

// Flash briefly highlights a mark, after scrolling to it.
func (v *View) Flash(id string) {
	m := v.mi.find(id)
	if m < 0 {
		return
	}
	v.ScrollTo(int(v.mi.hullS[m]))
	if v.flashAnim != nil {
		v.flashAnim.Stop()
	}
	v.flashID, v.flashA = id, 1
	v.flashAnim = fyne.NewAnimation(900*time.Millisecond, func(p float32) {
		// Two pulses, fading out.
		v.flashA = float32(math.Abs(math.Sin(float64(p)*2*math.Pi))) * (1 - p/2)
		if p >= 1 {
			v.flashID, v.flashAnim = "", nil
		}
		v.Refresh()
	})
	v.flashAnim.Start()
	v.Refresh()
}

// SetSnapWords turns snapping of mouse selections to whole words on or off
// (on by default). Selections always snap to grapheme clusters.
func (v *View) SetSnapWords(on bool) { v.snap = on }

// SnapWords reports whether mouse selections snap to whole words.
func (v *View) SnapWords() bool { return v.snap }

// SetTextSize sets the text size in points (0: the theme's).
func (v *View) SetTextSize(size float32) {
	v.textSize = size
	v.Refresh()
}

// HeldModifiers returns the modifier keys held down now: use it to tell
// Shift+Tab from Tab in OnTypedKey. The desktop driver says, as it sees
// every key whoever has the focus; a key released while a dialog had the
// keyboard is not held. Without one (tests) it is what KeyDown and KeyUp
// reported.
func (v *View) HeldModifiers() fyne.KeyModifier {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return v.held
}

// CreateRenderer returns the view's renderer.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return &viewRenderer{v: v}
}

// metrics are the sizes everything on screen derives from.
type metrics struct {
	size     float32 // text size
	textH    float32 // height of a line of text
	pitch    float32 // distance between lines
	padX     float32 // side margin
	padY     float32 // top and bottom margin
	colX     float32 // left edge of the text column
	colW     float32 // width of the text column (wrap width)
	barW     float32 // scroll bar width
	avg      float32 // average advance of a byte of (mostly ASCII) text
	width    float32 // view size the column was computed for
	height   float32
	trackGap float32 // distance between underline tracks
	band     float32 // height of the arc band above each line (arcs.go)
}

// measurer caches advance widths for one text size.
type measurer struct {
	size  float32
	style fyne.TextStyle
	cache map[string]float32
	boxes map[uint8][2]float32 // face -> text object height, baseline
}

func newMeasurer(size float32) *measurer {
	return &measurer{size: size, cache: make(map[string]float32, 4096)}
}

func (m *measurer) width(s string) float32 {
	if w, ok := m.cache[s]; ok {
		return w
	}
	if len(m.cache) > 1<<18 {
		clear(m.cache)
	}
	var w float32
	drv := fyne.CurrentApp().Driver()
	faceRuns(s, func(b0, b1 int, f uint8) {
		sz, _ := drv.RenderedTextSize(s[b0:b1], m.size, m.style, faceSource(f))
		w += sz.Width
	})
	m.cache[s] = w
	return w
}

// box returns the height of a text object of face f (Fyne's MinSize) and
// the distance from its top to the baseline.
func (m *measurer) box(f uint8) (h, base float32) {
	if b, ok := m.boxes[f]; ok {
		return b[0], b[1]
	}
	if m.boxes == nil {
		m.boxes = map[uint8][2]float32{}
	}
	sz, base := fyne.CurrentApp().Driver().RenderedTextSize(" ", m.size, m.style, faceSource(f))
	m.boxes[f] = [2]float32{sz.Height, base}
	return sz.Height, base
}

// textBox returns where a text object of face f goes on a line whose top is
// at 0: y and height. Fyne puts a face's baseline its ascent below the top
// of the text (and centres text in a taller object), so faces with another
// ascent than the theme's text font would sit higher or lower; each is
// moved so that its baseline, in whole pixels as Fyne draws it, is the text
// font's.
func (v *View) textBox(f uint8) (y, h float32) {
	m := &v.met
	if f == faceText {
		return 0, m.textH
	}
	h0, b0 := v.meas.box(faceText)
	hf, bf := v.meas.box(f)
	c0 := max(0, (m.textH-h0)/2) // how Fyne centres the text font's line
	return c0 + float32(math.Ceil(float64(b0))-math.Ceil(float64(bf))), hf
}

func (m *measurer) shaper() shaper {
	return shaper{measure: m.width, tab: 4 * m.width(" ")}
}

const sample = "The quick brown fox jumps over the lazy dog, said the spokesperson."

// ensureMetrics recomputes sizes after a change of text size, theme or
// view size, re-wrapping lazily and keeping the line at the top in place.
func (v *View) ensureMetrics() {
	size := v.textSize
	if size <= 0 {
		size = v.Theme().Size(theme.SizeNameText)
	}
	sz := v.Size()
	newFont := v.meas == nil || v.meas.size != size
	band := v.arcBandH()
	if !newFont && sz.Width == v.met.width && sz.Height == v.met.height && band == v.met.band {
		return
	}
	topCP := -1
	if v.meas != nil && v.vp.b < v.doc.blocks() {
		if s, _ := v.doc.lineSpan(v.vp.b, max(0, int(v.vp.off/v.vp.pitch))); v.vp.off >= 0 {
			topCP = s
		}
	}
	m := &v.met
	if newFont {
		v.meas = newMeasurer(size)
		m.size = size
		m.textH = float32(math.Ceil(float64(fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height)))
		m.trackGap = 3
		m.avg = v.meas.width(sample) / float32(len(sample))
		m.padX = float32(math.Round(float64(size) * 1.2))
		m.padY = float32(math.Round(float64(size) * 0.8))
		m.barW = 10
	}
	m.width, m.height = sz.Width, sz.Height
	oldPitch := m.pitch
	m.band = band
	m.pitch = m.textH + float32(maxTracks-1)*m.trackGap + 5 + band
	avail := sz.Width - 2*m.padX - m.barW
	maxCol := size * 42 // about 80 characters: comfortable reading
	m.colW = max(min(avail, maxCol), 4*size)
	m.colX = m.padX + max(0, (avail-m.colW)/2)
	rewrap := newFont || v.doc.width != m.colW
	if rewrap {
		v.doc.setMetrics(v.meas.shaper(), m.avg, m.colW)
		v.dropLines()
	}
	atTop := v.vp.b == 0 && v.vp.off <= 0
	v.vp.pitch, v.vp.padTop, v.vp.padBottom, v.vp.h = m.pitch, m.padY+band, m.padY, sz.Height
	if atTop {
		v.vp.off = -v.vp.padTop
	} else if (rewrap || m.pitch != oldPitch) && topCP >= 0 {
		b, i := v.doc.lineOf(topCP)
		v.vp.b, v.vp.off = b, float32(i)*m.pitch
	}
	v.vp.normalize()
	v.visOK = false
}

// lineCache holds one laid-out line: runs in logical order (wrap.go) and
// as displayed (bidi.go).
type lineCache struct {
	e    int
	text string
	runs []run
	vis  lineVis
}

func (v *View) dropLines() {
	clear(v.lines)
	v.visOK = false
}

// lineLayout returns line i of block b, from code point s to e, laid out.
func (v *View) lineLayout(b, i, s, e int) *lineCache {
	rtl := v.doc.rtl(b, i)
	if lc, ok := v.lines[s]; ok && lc.e == e && lc.vis.rtl == rtl {
		return lc
	}
	if len(v.lines) > 1024 {
		clear(v.lines)
	}
	lc := &lineCache{e: e, text: v.ix.Slice(s, e)}
	lc.runs = v.doc.sh.layoutLine(lc.text, nil)
	lc.vis = v.doc.sh.visual(lc.text, lc.runs, rtl, v.met.colW)
	v.lines[s] = lc
	return lc
}

// visLine is a line on screen.
type visLine struct {
	b, i int
	s, e int // code points
	y    float32
	lc   *lineCache
}

// layoutVisible lists the lines on screen.
func (v *View) layoutVisible() {
	v.ensureMetrics()
	if v.visOK {
		return
	}
	v.vis = v.vis[:0]
	v.aheadText = false // other lines a page away: after this frame (ahead.go)
	v.vp.visible(func(b, i int, y float32) bool {
		s, e := v.doc.lineSpan(b, i)
		v.vis = append(v.vis, visLine{b: b, i: i, s: s, e: e, y: y, lc: v.lineLayout(b, i, s, e)})
		return true
	})
	v.visOK = true
	// The text moved (scroll wheel, keys, scroll bar, a jump to a span):
	// the tooltip is that of what is under the pointer now.
	v.rehover()
}

func (v *View) scrollBy(dy float32) {
	v.ensureMetrics()
	v.vp.scrollBy(dy)
	v.visOK = false
}

func (v *View) reveal(cp int) bool {
	if v.vp.reveal(cp) {
		v.visOK = false
		return true
	}
	return false
}

// xOf returns the x, relative to the column, of the caret before cp on a
// line starting at s.
func (v *View) xOf(lc *lineCache, s, cp int) float32 {
	return v.doc.sh.caretX(&lc.vis, int32(cp-s))
}

// lineNext returns the cluster boundary function of a line starting at s,
// in offsets relative to it.
func (v *View) lineNext(s int) func(int32) int32 {
	return func(c int32) int32 { return int32(v.ix.NextGrapheme(s+int(c)) - s) }
}

// hitAt maps a point in the view to the nearest character boundary (where a
// click puts the caret) and the character under the point (-1: none).
func (v *View) hitAt(p fyne.Position) (near, under int) {
	ln, ok := v.lineAtY(p.Y)
	if !ok {
		return 0, -1
	}
	band := v.met.band
	inBand := p.Y >= ln.y-band && p.Y < ln.y+v.met.pitch-band
	rn, ru := v.doc.sh.hit(&ln.lc.vis, p.X-v.met.colX, v.lineNext(ln.s))
	near, under = ln.s+int(rn), -1
	if ru >= 0 && inBand {
		under = ln.s + int(ru)
	}
	return near, under
}

// setSel sets the selection and reports a change to OnSelectionChanged.
func (v *View) setSel(anchor, active int) {
	ps, pe := v.Selection()
	v.sw.ok = false
	v.selAnchor, v.selActive = anchor, active
	if s, e := v.Selection(); (s != ps || e != pe) && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(s, e)
	}
	v.Refresh()
}

// setSnapped sets the selection from anchor to active, snapped, keeping the
// anchor on its side.
func (v *View) setSnapped(anchor, active int) {
	s, e := snapRange(v.ix, anchor, active, v.snap)
	if active < anchor {
		s, e = e, s
	}
	v.setSel(s, e)
}

func (v *View) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

// FocusGained shows the caret.
func (v *View) FocusGained() {
	v.focused = true
	v.Refresh()
}

// FocusLost hides the caret and forgets held modifiers.
func (v *View) FocusLost() {
	v.focused, v.held = false, 0
	v.Refresh()
}

// AcceptsTab keeps Tab for the window (it moves between spans).
func (v *View) AcceptsTab() bool { return true }

// Cursor is the text cursor.
func (v *View) Cursor() desktop.Cursor { return desktop.TextCursor }

// MouseDown remembers the modifiers of a press (Ctrl+drag, Shift+click):
// a drag takes them from its press, never from keys seen earlier.
func (v *View) MouseDown(ev *desktop.MouseEvent) {
	v.requestFocus()
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	v.press.ok, v.press.mods = true, ev.Modifier
	v.dragging, v.clicked = false, false
}

// MouseUp handles a click at once; the Tapped that the driver sends after
// the double-click delay is then skipped.
func (v *View) MouseUp(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary || !v.press.ok {
		return
	}
	if !v.dragging {
		v.click(ev.Position, ev.Modifier)
		v.clicked = true
	}
	v.press.ok = false
}

// Tapped handles a click that came without MouseUp (tests, touch): it
// carries no modifiers.
func (v *View) Tapped(ev *fyne.PointEvent) {
	if v.clicked {
		v.clicked = false
		return
	}
	v.requestFocus()
	v.click(ev.Position, 0)
}

// TappedSecondary is ignored; it keeps right clicks from being taps.
func (v *View) TappedSecondary(*fyne.PointEvent) {}

func (v *View) click(p fyne.Position, mods fyne.KeyModifier) {
	near, under := v.hitAt(p)
	if mods&fyne.KeyModifierShift != 0 {
		v.setSnapped(v.selAnchor, near)
		return
	}
	near = v.ix.SnapGrapheme(near, false)
	v.setSel(near, near)
	if v.OnMarkTapped == nil {
		return
	}
	id := ""
	if under >= 0 {
		if m := v.mi.innermostAt(under); m >= 0 {
			id = v.mi.mark(m).ID
		}
	}
	v.OnMarkTapped(id)
}

// DoubleTapped selects the token under the pointer.
func (v *View) DoubleTapped(ev *fyne.PointEvent) {
	v.clicked = false
	v.requestFocus()
	_, under := v.hitAt(ev.Position)
	if under < 0 {
		return
	}
	s, e := wordAt(v.ix, under)
	v.setSel(s, e)
}

// Dragged selects from where the drag started (the first event's position
// minus its delta) to the pointer, scrolling when the pointer leaves the
// view.
func (v *View) Dragged(ev *fyne.DragEvent) {
	if !v.dragging {
		v.dragging = true
		v.requestFocus()
		v.dragMods = 0
		if v.press.ok {
			v.dragMods = v.press.mods
		}
		start := ev.Position.Subtract(ev.Dragged)
		if v.dragMods&fyne.KeyModifierShift != 0 {
			v.dragAnchor = v.selAnchor
			a := v.drawnEnd(v.selAnchor, v.selActive)
			v.dragLine, v.dragEdge = a.s, a.j
		} else {
			v.dragAnchor, _ = v.hitAt(start)
			a, _ := v.sweepAt(start)
			v.dragLine, v.dragEdge = a.s, a.j
		}
	}
	if h := v.Size().Height; ev.Position.Y < 0 {
		v.scrollBy(ev.Position.Y)
	} else if ev.Position.Y > h {
		v.scrollBy(ev.Position.Y - h)
	}
	near, _ := v.hitAt(ev.Position)
	// The clusters swept between the drag's start and the pointer, as
	// drawn (visual.go), with the active end on the pointer's side.
	s, e, ok := v.sweepDrag(v.dragLine, v.dragEdge, v.dragAnchor, ev.Position)
	if !ok {
		v.setSnapped(v.dragAnchor, near)
		return
	}
	if e != v.dragAnchor && (s == v.dragAnchor || near >= v.dragAnchor) {
		v.setSnapped(s, e)
	} else {
		v.setSnapped(e, s)
	}
}

// DragEnd finishes a selection; Ctrl+drag with a mark selected asks for a
// new fragment.
func (v *View) DragEnd() {
	if !v.dragging {
		return
	}
	v.dragging, v.press.ok = false, false
	s, e := v.Selection()
	if v.dragMods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 && v.selMark != "" && s < e && v.OnAddFragment != nil {
		v.OnAddFragment(s, e)
	}
}

// Scrolled scrolls the text with the wheel.
func (v *View) Scrolled(ev *fyne.ScrollEvent) {
	v.scrollBy(-ev.Scrolled.DY)
	v.updateHover(v.pointer, v.pointerIn)
	v.Refresh()
}

// MouseIn starts hover tooltips.
func (v *View) MouseIn(ev *desktop.MouseEvent) { v.updateHover(ev.Position, true) }

// MouseMoved shows the tooltip of the mark under the pointer.
func (v *View) MouseMoved(ev *desktop.MouseEvent) { v.updateHover(ev.Position, true) }

// MouseOut hides the tooltip.
func (v *View) MouseOut() {
	v.pointerIn = false
	if v.hoverMark >= 0 {
		v.hoverMark = -1
		v.Refresh()
	}
}

// rehover makes the tooltip that of the mark under a pointer that has not
// moved, after the text or the marks under it changed; the caller
// refreshes.
func (v *View) rehover() {
	if !v.pointerIn || v.dragging || !v.visOK {
		return
	}
	if m := v.markAt(v.pointer); m != v.hoverMark {
		v.hoverMark, v.tipPos = m, v.pointer
	}
}

// markAt returns the innermost mark under point p, -1 if none.
func (v *View) markAt(p fyne.Position) int {
	if _, under := v.hitAt(p); under >= 0 {
		return v.mi.innermostAt(under)
	}
	return -1
}

func (v *View) updateHover(p fyne.Position, in bool) {
	v.pointerIn, v.pointer = in, p
	m := -1
	if in && !v.dragging {
		m = v.markAt(p)
	}
	if m != v.hoverMark {
		v.hoverMark, v.tipPos = m, p
		v.Refresh()
	}
}

// KeyDown tracks modifier keys (for HeldModifiers without a desktop driver).
func (v *View) KeyDown(ev *fyne.KeyEvent) { v.held |= modOf(ev.Name) }

// KeyUp tracks modifier keys.
func (v *View) KeyUp(ev *fyne.KeyEvent) { v.held &^= modOf(ev.Name) }

func modOf(k fyne.KeyName) fyne.KeyModifier {
	switch k {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		return fyne.KeyModifierShift
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		return fyne.KeyModifierControl
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		return fyne.KeyModifierAlt
	case desktop.KeySuperLeft, desktop.KeySuperRight:
		return fyne.KeyModifierSuper
	}
	return 0
}

// TypedRune passes every rune to OnTypedRune: the view types nothing.
func (v *View) TypedRune(r rune) {
	if v.OnTypedRune != nil {
		v.OnTypedRune(r)
	}
}

// TypedKey handles the arrows and paging keys and passes the rest on.
func (v *View) TypedKey(ev *fyne.KeyEvent) {
	shift := v.HeldModifiers()&fyne.KeyModifierShift != 0
	switch ev.Name {
	case fyne.KeyLeft, fyne.KeyRight:
		v.moveH(moveGrapheme, ev.Name == fyne.KeyRight, shift)
	case fyne.KeyUp, fyne.KeyDown:
		v.moveV(ev.Name == fyne.KeyDown, shift)
	case fyne.KeyPageUp, fyne.KeyPageDown:
		v.page(ev.Name == fyne.KeyPageDown, shift)
	case fyne.KeyHome:
		v.scrollBy(-v.vp.top() - v.met.padY)
		v.Refresh()
	case fyne.KeyEnd:
		v.ensureMetrics()
		v.vp.setTop(v.vp.contentH())
		v.visOK = false
		v.Refresh()
	default:
		if v.OnTypedKey != nil {
			v.OnTypedKey(ev)
		}
	}
}

// TypedShortcut handles Ctrl(+Shift)+Left/Right and Copy and passes every
// other shortcut to OnShortcut.
func (v *View) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *desktop.CustomShortcut:
		word := sc.Modifier &^ fyne.KeyModifierShift
		shift := sc.Modifier&fyne.KeyModifierShift != 0
		if word == fyne.KeyModifierControl || runtime.GOOS == "darwin" && word == fyne.KeyModifierAlt {
			switch sc.KeyName {
			case fyne.KeyLeft, fyne.KeyRight:
				v.moveH(moveWord, sc.KeyName == fyne.KeyRight, shift)
				return
			}
		}
	case *fyne.ShortcutCopy:
		if sc.Clipboard != nil {
			if t := v.SelectedText(); t != "" {
				sc.Clipboard.SetContent(t)
			}
		}
		return
	}
	if v.OnShortcut != nil {
		v.OnShortcut(s)
	}
}

// moveH moves the caret or the selection's active end sideways. One
// cluster at a time it goes the way the text is drawn (visual.go); by
// words, right is forward in the text, except in a right-to-left paragraph,
// where it is back.
func (v *View) moveH(kind moveKind, right, extend bool) {
	v.ensureMetrics()
	forward := right != v.doc.rtl(v.caretLine(v.selActive))
	switch {
	case kind == moveGrapheme && extend:
		v.sweepKey(right)
		return
	case kind == moveGrapheme && v.selAnchor == v.selActive:
		c := v.stepCaret(v.selActive, right)
		v.setSel(c, c)
	case extend:
		v.setSel(v.selAnchor, step(v.ix, v.selActive, kind, forward))
	default:
		c := collapse(v.ix, v.selAnchor, v.selActive, kind, forward)
		v.setSel(c, c)
	}
	v.reveal(v.selActive)
	v.Refresh()
}

// moveV moves the caret (or extends) to the same x on the next or previous
// line.
func (v *View) moveV(down, extend bool) {
	v.ensureMetrics()
	from := v.selActive
	if !extend && v.selAnchor != v.selActive {
		if down {
			from = max(v.selAnchor, v.selActive)
		} else {
			from = min(v.selAnchor, v.selActive)
		}
	}
	b, i := v.caretLine(from)
	s, e := v.doc.lineSpan(b, i)
	x := v.xOf(v.lineLayout(b, i, s, e), s, from)
	b, i, ok := v.doc.nextLine(b, i, down)
	if !ok {
		if down {
			from = v.ix.Len()
		} else {
			from = 0
		}
		b = -1
	}
	to := from
	if b >= 0 {
		s, e := v.doc.lineSpan(b, i)
		rn, _ := v.doc.sh.hit(&v.lineLayout(b, i, s, e).vis, x, v.lineNext(s))
		to = s + int(rn)
	}
	if extend {
		v.setSel(v.selAnchor, to)
	} else {
		v.setSel(to, to)
	}
	v.reveal(to)
	v.Refresh()
}

// page scrolls by a screen and takes the caret (or the selection's active
// end) along, to where it was on the screen (off screen: the top line); to
// the end (or start) of the text when the view cannot scroll further.
func (v *View) page(down, extend bool) {
	v.ensureMetrics()
	at, ok := v.posOf(v.selActive)
	if !ok {
		at = fyne.NewPos(v.met.colX, v.met.padY)
	}
	top := v.vp.top()
	step := max(v.Size().Height-v.met.pitch*2, v.met.pitch)
	if !down {
		step = -step
	}
	v.scrollBy(step)
	to, _ := v.hitAt(at)
	if v.vp.top() == top {
		to = 0
		if down {
			to = v.ix.Len()
		}
		v.reveal(to)
	}
	if extend {
		v.setSel(v.selAnchor, to)
	} else {
		v.setSel(to, to)
	}
	v.Refresh()
}

// caretLine returns the line a caret at cp is drawn on: where a wrapped
// line ends and the next begins, the next.
func (v *View) caretLine(cp int) (b, i int) {
	return v.doc.lineOf(cp)
}

// posOf returns the view position of the boundary before code point cp,
// half way down its line; ok is false when the line is not on screen.
func (v *View) posOf(cp int) (fyne.Position, bool) {
	v.layoutVisible()
	b, i := v.caretLine(cp)
	for k := range v.vis {
		if ln := &v.vis[k]; ln.b == b && ln.i == i {
			return fyne.NewPos(v.met.colX+v.xOf(ln.lc, ln.s, cp), ln.y+v.met.textH/2), true
		}
	}
	return fyne.Position{}, false
}
