package article

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
)

// Emoji (ZWJ family, flags), CJK and combining marks all come before the
// words the tests select, so any unit mix-up shows in the offsets.
const mixed = "👨‍👩‍👧‍👦 🇩🇪🇫🇷 日本語のテキスト cafe\u0301 na\u0308ive — Vedant Patel said the U.S. is working with its allies.\n" +
	"Second paragraph with more words, enough of them to wrap around the column a few times so that there are several lines to move between."

// cpOf returns the code point offset of the first sub in text.
func cpOf(t *testing.T, text, sub string) int {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	return utf8.RuneCountInString(text[:i])
}

type recorder struct {
	sel      [][2]int
	tapped   []string
	frags    [][2]int
	runes    []rune
	keys     []fyne.KeyName
	shortcut []string
	shiftTab []bool
}

func newTestView(t *testing.T, text string, w, h float32) (*View, fyne.Window, *recorder) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	win := test.NewTempWindow(t, v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	v.SetText(text, nil)
	rec := &recorder{}
	v.OnSelectionChanged = func(s, e int) { rec.sel = append(rec.sel, [2]int{s, e}) }
	v.OnMarkTapped = func(id string) { rec.tapped = append(rec.tapped, id) }
	v.OnAddFragment = func(s, e int) { rec.frags = append(rec.frags, [2]int{s, e}) }
	v.OnTypedRune = func(r rune) { rec.runes = append(rec.runes, r) }
	v.OnTypedKey = func(ev *fyne.KeyEvent) {
		rec.keys = append(rec.keys, ev.Name)
		rec.shiftTab = append(rec.shiftTab, ev.Name == fyne.KeyTab && v.HeldModifiers()&fyne.KeyModifierShift != 0)
	}
	v.OnShortcut = func(s fyne.Shortcut) { rec.shortcut = append(rec.shortcut, s.ShortcutName()) }
	return v, win, rec
}

// pos returns the on-screen point of the boundary before cp, nudged by dx.
func pos(t *testing.T, v *View, cp int, dx float32) fyne.Position {
	t.Helper()
	p, ok := v.posOf(cp)
	if !ok {
		t.Fatalf("offset %d is not on screen", cp)
	}
	return p.AddXY(dx, 0)
}

// drag drags from a to b the way test.Drag does: one event at b.
func drag(c fyne.Canvas, a, b fyne.Position) {
	test.Drag(c, b, b.X-a.X, b.Y-a.Y)
}

func wantSel(t *testing.T, v *View, s, e int) {
	t.Helper()
	gs, ge := v.Selection()
	if gs != s || ge != e {
		t.Errorf("selection = %d,%d (%q), want %d,%d (%q)", gs, ge, v.ix.Slice(gs, ge), s, e, v.ix.Slice(s, e))
	}
}

func TestDragSelectsCodePoints(t *testing.T) {
	v, w, rec := newTestView(t, mixed, 600, 400)
	c := w.Canvas()
	vs := cpOf(t, mixed, "Vedant")
	pe := cpOf(t, mixed, "Patel") + len("Patel")

	// Snap to words (default): from inside "Vedant" to inside "Patel".
	drag(c, pos(t, v, vs+2, 2), pos(t, v, pe-2, 2))
	wantSel(t, v, vs, pe)
	if last := rec.sel[len(rec.sel)-1]; last != [2]int{vs, pe} {
		t.Errorf("OnSelectionChanged got %v", last)
	}
	// Right to left gives the same range.
	drag(c, pos(t, v, pe-2, 2), pos(t, v, vs+2, 2))
	wantSel(t, v, vs, pe)

	// Without word snapping the exact boundaries nearest the pointer.
	v.SetSnapWords(false)
	drag(c, pos(t, v, vs+2, 1), pos(t, v, pe-2, -1))
	wantSel(t, v, vs+2, pe-2)
}

func TestDragSnapsToGraphemes(t *testing.T) {
	v, w, _ := newTestView(t, mixed, 600, 400)
	v.SetSnapWords(false)
	c := w.Canvas()
	// The family emoji is code points 0..7, one cluster; the flags 8..10 and 10..12.
	fam0, fam7 := pos(t, v, 0, 0), pos(t, v, 7, 0)
	if fam7.X-fam0.X < 4 {
		t.Fatalf("emoji drawn %v wide", fam7.X-fam0.X)
	}
	nihon := cpOf(t, mixed, "日本語")
	right := fyne.NewPos(fam0.X+(fam7.X-fam0.X)*0.7, fam0.Y)
	drag(c, right, pos(t, v, nihon+1, 0))
	wantSel(t, v, 7, nihon+1)
	left := fyne.NewPos(fam0.X+(fam7.X-fam0.X)*0.3, fam0.Y)
	drag(c, left, pos(t, v, nihon+1, 0))
	wantSel(t, v, 0, nihon+1)
	// Inside the second flag: 10 or 12, never 11.
	f10, f12 := pos(t, v, 10, 0), pos(t, v, 12, 0)
	drag(c, fyne.NewPos((f10.X+f12.X)/2+1, f10.Y), pos(t, v, nihon, 0))
	wantSel(t, v, 12, nihon)
	// Combining mark: "cafe\u0301" ends at one boundary after the e.
	cafe := cpOf(t, mixed, "cafe")
	eAcute := pos(t, v, cafe+3, 0)
	end := pos(t, v, cafe+5, 0)
	drag(c, pos(t, v, cafe, 0), fyne.NewPos((eAcute.X+end.X)/2+1, end.Y))
	wantSel(t, v, cafe, cafe+5)
}

func TestDoubleClickSelectsWord(t *testing.T) {
	v, _, rec := newTestView(t, mixed, 600, 400)
	pa := cpOf(t, mixed, "Patel")
	v.DoubleTapped(&fyne.PointEvent{Position: pos(t, v, pa+2, 1)})
	wantSel(t, v, pa, pa+5)
	if len(rec.sel) == 0 || rec.sel[len(rec.sel)-1] != [2]int{pa, pa + 5} {
		t.Errorf("OnSelectionChanged = %v", rec.sel)
	}
	nihon := cpOf(t, mixed, "日本語")
	v.DoubleTapped(&fyne.PointEvent{Position: pos(t, v, nihon, 1)})
	wantSel(t, v, nihon, nihon+1) // each ideograph is a token
}

func TestShiftClickExtends(t *testing.T) {
	v, w, _ := newTestView(t, mixed, 600, 400)
	c := w.Canvas()
	vs := cpOf(t, mixed, "Vedant")
	said := cpOf(t, mixed, "said")
	test.TapCanvas(c, pos(t, v, vs, 0))
	wantSel(t, v, vs, vs)
	// A Shift seen earlier through KeyDown is not this click's: the
	// modifiers come from the mouse event (issue 13).
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	test.TapCanvas(c, pos(t, v, said+2, 0))
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	wantSel(t, v, said+2, said+2)
	test.TapCanvas(c, pos(t, v, vs, 0))
	// Through the mouse event's modifiers, as GLFW delivers a click:
	// MouseDown, MouseUp, then (after the double-click delay) Tapped.
	pa := cpOf(t, mixed, "Patel")
	p := pos(t, v, pa+5, 0)
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	v.Tapped(&fyne.PointEvent{Position: p})
	wantSel(t, v, vs, pa+5)
	// Shift+drag extends from the anchor too.
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos(t, v, pa, 0)}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	drag(c, pos(t, v, pa, 0), pos(t, v, cpOf(t, mixed, "working")+3, 0))
	wantSel(t, v, vs, cpOf(t, mixed, "working")+7)
}

func testMarks(t *testing.T, text string) []Mark {
	q0 := cpOf(t, text, "Vedant") - len("— ")
	q1 := cpOf(t, text, "allies.") + len("allies.")
	return []Mark{
		{ID: "q", Pieces: []annot.Fragment{{Start: q0, End: q1}}, Label: "QUOTE", Color: color.NRGBA{0x1f, 0x77, 0xb4, 0xff}, Tooltip: "QUOTE\nspeaker: Vedant Patel"},
		{ID: "p", Pieces: []annot.Fragment{{Start: cpOf(t, text, "Vedant"), End: cpOf(t, text, "Patel") + 5}}, Label: "PERSON", Color: color.NRGBA{0xd6, 0x27, 0x28, 0xff}, Tooltip: "PERSON"},
		{ID: "d", Pieces: []annot.Fragment{{Start: cpOf(t, text, "the U.S."), End: cpOf(t, text, "the U.S.") + 8}, {Start: cpOf(t, text, "working"), End: cpOf(t, text, "working") + 7}}, Label: "CLAIM", Color: color.NRGBA{0x2c, 0xa0, 0x2c, 0xff}},
		{ID: "s", Pieces: []annot.Fragment{{Start: cpOf(t, text, "Second"), End: cpOf(t, text, "Second") + 16}}, Label: "MISC", Color: color.NRGBA{0x94, 0x67, 0xbd, 0xff}, Suggested: true, Tooltip: "suggested MISC"},
		{ID: "n", Pieces: []annot.Fragment{{Start: cpOf(t, text, "日本"), End: cpOf(t, text, "日本") + 3}}, Label: "GPE", Color: color.NRGBA{0xff, 0x7f, 0x0e, 0xff}},
	}
}

func TestClickReportsInnermostMark(t *testing.T) {
	v, w, rec := newTestView(t, mixed, 600, 400)
	v.SetMarks(testMarks(t, mixed))
	c := w.Canvas()
	test.TapCanvas(c, pos(t, v, cpOf(t, mixed, "Patel")+2, 1))
	test.TapCanvas(c, pos(t, v, cpOf(t, mixed, "said")+1, 1))
	test.TapCanvas(c, pos(t, v, cpOf(t, mixed, "cafe")-3, 1)) // in "テキスト", no mark
	test.TapCanvas(c, fyne.NewPos(300, 390))                  // below the text
	want := []string{"p", "q", "", ""}
	if strings.Join(rec.tapped, ",") != strings.Join(want, ",") {
		t.Errorf("OnMarkTapped got %q, want %q", rec.tapped, want)
		t.Logf("sel %v", rec.sel)
	}
	// The click also puts the caret.
	p2 := cpOf(t, mixed, "Patel") + 2
	test.TapCanvas(c, pos(t, v, p2, 1))
	wantSel(t, v, p2, p2)
}

func TestCtrlDragAddsFragment(t *testing.T) {
	v, w, rec := newTestView(t, mixed, 600, 400)
	v.SetMarks(testMarks(t, mixed))
	c := w.Canvas()
	said := cpOf(t, mixed, "said")
	ctrlPress := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierControl}
	// No mark selected: a Ctrl+drag is just a selection.
	v.MouseDown(ctrlPress)
	drag(c, pos(t, v, said, 0), pos(t, v, said+4, 0))
	if len(rec.frags) != 0 {
		t.Fatalf("OnAddFragment without a selected mark: %v", rec.frags)
	}
	v.SetSelectedMark("p")
	// A Ctrl that went down (and maybe up, elsewhere) before the press is
	// not the drag's: the modifiers come from the press (issue 13).
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	drag(c, pos(t, v, said+1, 0), pos(t, v, said+3, 0))
	if len(rec.frags) != 0 {
		t.Fatalf("a drag pressed without Ctrl added a fragment: %v", rec.frags)
	}
	// Modifier from the press, as GLFW reports it.
	v.MouseDown(ctrlPress)
	drag(c, pos(t, v, said, 0), pos(t, v, said+4, 0))
	want := [][2]int{{said, said + 4}}
	if len(rec.frags) != 1 || rec.frags[0] != want[0] {
		t.Errorf("OnAddFragment = %v, want %v", rec.frags, want)
	}
	// A plain drag afterwards adds nothing.
	drag(c, pos(t, v, said, 0), pos(t, v, said+4, 0))
	if len(rec.frags) != 1 {
		t.Errorf("plain drag added a fragment")
	}
}

// key delivers a key the way the GLFW driver does: modifier KeyDown, then
// a shortcut when Ctrl/Alt/Super is held, else TypedKey; then KeyUp.
func key(v *View, name fyne.KeyName, mods fyne.KeyModifier) {
	var held []fyne.KeyName
	if mods&fyne.KeyModifierShift != 0 {
		held = append(held, desktop.KeyShiftLeft)
	}
	if mods&fyne.KeyModifierControl != 0 {
		held = append(held, desktop.KeyControlLeft)
	}
	if mods&fyne.KeyModifierAlt != 0 {
		held = append(held, desktop.KeyAltLeft)
	}
	for _, k := range held {
		v.KeyDown(&fyne.KeyEvent{Name: k})
	}
	v.KeyDown(&fyne.KeyEvent{Name: name})
	if mods&^fyne.KeyModifierShift != 0 {
		v.TypedShortcut(&desktop.CustomShortcut{KeyName: name, Modifier: mods})
	} else {
		v.TypedKey(&fyne.KeyEvent{Name: name})
	}
	v.KeyUp(&fyne.KeyEvent{Name: name})
	for _, k := range held {
		v.KeyUp(&fyne.KeyEvent{Name: k})
	}
}

func TestKeyboardSelection(t *testing.T) {
	v, w, rec := newTestView(t, mixed, 600, 400)
	w.Canvas().Focus(v)
	// Shift+Right from 0: one grapheme cluster at a time.
	v.SetSelection(0, 0)
	key(v, fyne.KeyRight, fyne.KeyModifierShift)
	wantSel(t, v, 0, 7) // family emoji
	key(v, fyne.KeyRight, fyne.KeyModifierShift)
	wantSel(t, v, 0, 8) // space
	key(v, fyne.KeyRight, fyne.KeyModifierShift)
	wantSel(t, v, 0, 10) // 🇩🇪
	key(v, fyne.KeyLeft, fyne.KeyModifierShift)
	wantSel(t, v, 0, 8)
	// Right without Shift collapses to the end, Left to the start.
	key(v, fyne.KeyRight, 0)
	wantSel(t, v, 8, 8)
	key(v, fyne.KeyRight, 0)
	wantSel(t, v, 10, 10)
	key(v, fyne.KeyLeft, 0)
	wantSel(t, v, 8, 8)

	// A find-style selection, extended by words.
	vs := cpOf(t, mixed, "Vedant")
	v.SetSelection(vs, vs+6)
	key(v, fyne.KeyRight, fyne.KeyModifierControl|fyne.KeyModifierShift)
	wantSel(t, v, vs, vs+12)
	key(v, fyne.KeyRight, fyne.KeyModifierControl|fyne.KeyModifierShift)
	wantSel(t, v, vs, vs+17)
	key(v, fyne.KeyLeft, fyne.KeyModifierControl|fyne.KeyModifierShift)
	wantSel(t, v, vs, vs+13)
	key(v, fyne.KeyLeft, fyne.KeyModifierControl)
	wantSel(t, v, vs, vs)
	key(v, fyne.KeyRight, fyne.KeyModifierControl)
	wantSel(t, v, vs+6, vs+6)
	// Shift+Left/Right across the combining mark: one step.
	cafe := cpOf(t, mixed, "cafe")
	v.SetSelection(cafe+3, cafe+3)
	key(v, fyne.KeyRight, fyne.KeyModifierShift)
	wantSel(t, v, cafe+3, cafe+5)

	// Up/Down keep the column roughly and move a line.
	sec := cpOf(t, mixed, "Second")
	v.SetSelection(sec+3, sec+3)
	key(v, fyne.KeyDown, 0)
	s, _ := v.Selection()
	b0, i0 := v.doc.lineOf(sec + 3)
	b1, i1 := v.doc.lineOf(s)
	if b1 != b0 || i1 != i0+1 || s-v.doc.wraps[b1].cs-int(v.doc.wraps[b1].starts[i1]) > 6 {
		t.Errorf("Down moved to %d (line %d,%d from %d,%d)", s, b1, i1, b0, i0)
	}
	key(v, fyne.KeyUp, 0)
	wantSel(t, v, sec+3, sec+3)
	key(v, fyne.KeyDown, fyne.KeyModifierShift)
	if a, e := v.Selection(); a != sec+3 || e != s {
		t.Errorf("Shift+Down = %d,%d, want %d,%d", a, e, sec+3, s)
	}
	key(v, fyne.KeyUp, 0) // collapses to the start, then up a line
	if a, e := v.Selection(); a != e || a >= sec {
		t.Errorf("Up after Shift+Down = %d,%d", a, e)
	}
	if len(rec.keys) != 0 || len(rec.shortcut) != 0 {
		t.Errorf("keys the view handles leaked: %v %v", rec.keys, rec.shortcut)
	}
}

func TestKeysPassedOn(t *testing.T) {
	v, w, rec := newTestView(t, mixed, 600, 400)
	test.FocusNext(w.Canvas())
	if w.Canvas().Focused() != v {
		t.Fatal("Tab does not reach the view")
	}
	test.Type(v, "1L+a")
	if string(rec.runes) != "1L+a" {
		t.Errorf("OnTypedRune got %q", string(rec.runes))
	}
	for _, k := range []fyne.KeyName{fyne.KeyTab, fyne.KeyDelete, fyne.KeyEscape, fyne.KeyReturn, fyne.KeyF1, fyne.KeyL} {
		key(v, k, 0)
	}
	key(v, fyne.KeyTab, fyne.KeyModifierShift)
	want := "Tab,Delete,Escape,Return,F1,L,Tab"
	if got := joinKeys(rec.keys); got != want {
		t.Errorf("OnTypedKey got %s, want %s", got, want)
	}
	if !rec.shiftTab[len(rec.shiftTab)-1] || rec.shiftTab[0] {
		t.Errorf("Shift+Tab not told apart: %v", rec.shiftTab)
	}
	key(v, fyne.KeyDown, fyne.KeyModifierAlt)
	key(v, fyne.KeyReturn, fyne.KeyModifierControl)
	v.TypedShortcut(&fyne.ShortcutUndo{})
	want = "CustomDesktop:Alt+Down,CustomDesktop:Control+Return,Undo"
	if got := strings.Join(rec.shortcut, ","); got != want {
		t.Errorf("OnShortcut got %s, want %s", got, want)
	}
	// Copy is the view's own.
	pa := cpOf(t, mixed, "Patel")
	v.SetSelection(pa, pa+5)
	cb := fyne.CurrentApp().Clipboard()
	v.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	if cb.Content() != "Patel" {
		t.Errorf("copied %q", cb.Content())
	}
}

func joinKeys(ks []fyne.KeyName) string {
	var s []string
	for _, k := range ks {
		s = append(s, string(k))
	}
	return strings.Join(s, ",")
}

// long is a document of many paragraphs.
func long(paras int) string {
	var b strings.Builder
	for i := range paras {
		b.WriteString("Paragraph ")
		b.WriteString(strings.Repeat("x", i%7+1))
		b.WriteString(": “We are cooperating with partners and allies, including in the immediate region,” Patel said, and the 👨‍👩‍👧‍👦 emoji and 日本語 text come along.\n\n")
	}
	return b.String()
}

func TestScrolling(t *testing.T) {
	text := long(300)
	v, w, _ := newTestView(t, text, 600, 400)
	c := w.Canvas()
	if v.vp.top() > 0 {
		t.Fatalf("not at the top: %v", v.vp.top())
	}
	test.Scroll(c, fyne.NewPos(100, 100), 0, -120)
	if got := v.vp.top(); got <= 0 {
		t.Errorf("wheel did not scroll: top %v", got)
	}
	top := v.vp.top()
	key(v, fyne.KeyPageDown, 0)
	page := v.vp.top() - top
	if page < 300 || page > 400 {
		t.Errorf("PageDown scrolled %v", page)
	}
	if c, _ := v.Selection(); c == 0 {
		t.Error("PageDown left the caret behind at 0") // then Tab would go back there (issue 13)
	}
	key(v, fyne.KeyPageUp, 0)
	if v.vp.top() != top {
		t.Errorf("PageUp back to %v, want %v", v.vp.top(), top)
	}
	key(v, fyne.KeyEnd, 0)
	if got, want := v.vp.top()+v.vp.h, v.vp.contentH(); got != want {
		t.Errorf("End: bottom %v, content %v", got, want)
	}
	key(v, fyne.KeyHome, 0)
	if v.vp.top() != 0 {
		t.Errorf("Home: top %v", v.vp.top())
	}
	// ScrollTo and SetSelection bring far text on screen.
	far := utf8.RuneCountInString(text) - 100
	v.ScrollTo(far)
	if _, ok := v.posOf(far); !ok {
		t.Errorf("ScrollTo(%d) left it off screen", far)
	}
	v.SetSelection(500, 510)
	if _, ok := v.posOf(500); !ok {
		t.Errorf("SetSelection did not scroll the selection into view")
	}
	// Dragging the scroll bar thumb moves through the document; the driver
	// keeps sending drag events to the bar when the pointer leaves it.
	bar := v.bar
	v.ScrollTo(0)
	y, h, ok := bar.thumb()
	if !ok {
		t.Fatal("no thumb")
	}
	barX := v.Size().Width - v.met.barW/2
	drag(c, fyne.NewPos(barX, y+h/2), fyne.NewPos(barX, 200))
	if mid := v.vp.top() / (v.vp.contentH() - v.vp.h); mid < 0.3 || mid > 0.7 {
		t.Errorf("thumb dragged to the middle: at %v of the document", mid)
	}
	y, h, _ = bar.thumb()
	bar.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(5, 2000)}, Dragged: fyne.NewDelta(0, 2000-y-h/2)})
	bar.DragEnd()
	if got, want := v.vp.top()+v.vp.h, v.vp.contentH(); got != want {
		t.Errorf("thumb dragged down: bottom %v, content %v", got, want)
	}
	y, h, _ = bar.thumb()
	bar.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(5, -500)}, Dragged: fyne.NewDelta(0, -500-y-h/2)})
	bar.DragEnd()
	if v.vp.top() != 0 {
		t.Errorf("thumb dragged up: top %v", v.vp.top())
	}
	// Clicking the track below the thumb pages down.
	test.TapCanvas(c, fyne.NewPos(barX, 390))
	if v.vp.top() < 300 {
		t.Errorf("track click: top %v", v.vp.top())
	}
}

func TestDragBeyondEdgeScrolls(t *testing.T) {
	text := long(100)
	v, w, _ := newTestView(t, text, 600, 300)
	c := w.Canvas()
	start := pos(t, v, 0, 0)
	// The driver sends every drag event to the view, also outside it.
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(start.X+50, 250)}, Dragged: fyne.NewDelta(50, 250-start.Y)})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(100, 500)}, Dragged: fyne.NewDelta(50, 250)})
	v.DragEnd()
	_ = c
	if v.vp.top() <= 0 {
		t.Error("dragging below the view did not scroll")
	}
	if s, e := v.Selection(); s != 0 || e <= 50 {
		t.Errorf("selection = %d,%d", s, e)
	}
}

func TestSetSelectionSnapsToGraphemes(t *testing.T) {
	v, _, rec := newTestView(t, mixed, 600, 400)
	v.SetSelection(3, 9) // inside the family emoji (0..7) and the first flag (8..10)
	wantSel(t, v, 0, 10)
	if rec.sel[len(rec.sel)-1] != [2]int{0, 10} {
		t.Errorf("reported %v", rec.sel[len(rec.sel)-1])
	}
	v.SetSelection(-5, 1e9)
	wantSel(t, v, 0, utf8.RuneCountInString(mixed))
}

func TestSetTextResets(t *testing.T) {
	v, _, _ := newTestView(t, mixed, 600, 400)
	v.SetMarks(testMarks(t, mixed))
	v.SetSelection(3, 9)
	v.SetSelectedMark("p")
	v.SetText("short", nil)
	if s, e := v.Selection(); s != 0 || e != 0 || len(v.Marks()) != 0 || v.SelectedMark() != "" {
		t.Errorf("after SetText: sel %d,%d marks %d selected %q", s, e, len(v.Marks()), v.SelectedMark())
	}
	if v.Index().Text() != "short" {
		t.Error("index not replaced")
	}
}

func TestHoverTooltip(t *testing.T) {
	v, w, _ := newTestView(t, mixed, 600, 400)
	v.SetMarks(testMarks(t, mixed))
	r := test.WidgetRenderer(v).(*viewRenderer)
	test.MoveMouse(w.Canvas(), pos(t, v, cpOf(t, mixed, "said")+1, 0))
	var tips []string
	for _, p := range r.dl[lyTipText] {
		tips = append(tips, p.text)
	}
	if strings.Join(tips, "|") != "QUOTE|speaker: Vedant Patel" {
		t.Errorf("tooltip = %q", tips)
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(590, 395))
	if len(r.dl[lyTipBox]) != 0 {
		t.Error("tooltip still shown off the marks")
	}
}

func TestFlashScrollsToMark(t *testing.T) {
	text := long(200)
	v, _, _ := newTestView(t, text, 600, 400)
	far := utf8.RuneCountInString(text) - 200
	v.SetMarks([]Mark{{ID: "far", Pieces: []annot.Fragment{{Start: far, End: far + 9}}}})
	v.Flash("far")
	if _, ok := v.posOf(far); !ok {
		t.Error("Flash did not scroll to the mark")
	}
	v.Flash("nope") // unknown ids are ignored
}

func TestTextSizeChangesLayout(t *testing.T) {
	v, _, _ := newTestView(t, long(20), 600, 400)
	p1, _ := v.posOf(5)
	v.SetTextSize(24)
	p2, _ := v.posOf(5)
	if p2.X <= p1.X {
		t.Errorf("x of offset 40: %v at default size, %v at 24", p1.X, p2.X)
	}
}

// TestLayering checks the display list: which mark gets a fill, which an
// underline at which depth, the selected outline, the suggestion's dashed
// box and the connector of a discontinuous mark.
func TestLayering(t *testing.T) {
	v, _, _ := newTestView(t, mixed, 600, 400)
	marks := testMarks(t, mixed)
	v.SetMarks(marks)
	v.SetSelectedMark("d")
	r := test.WidgetRenderer(v).(*viewRenderer)
	dl := r.dl
	idx := map[string]int{}
	for i, m := range marks {
		idx[m.ID] = i
	}
	type style struct {
		fillA      []uint8
		underY     []float32
		outline    int
		dashed     int
		connectors int
	}
	st := map[string]*style{}
	for id := range idx {
		st[id] = &style{}
	}
	id := func(p prim) string { return marks[p.mark].ID }
	lineTop := func(y float32) float32 {
		top := v.vis[0].y
		for _, ln := range v.vis {
			if y >= ln.y {
				top = ln.y
			}
		}
		return top
	}
	for _, p := range dl[lyUnder] {
		if p.mark >= 0 {
			st[id(p)].fillA = append(st[id(p)].fillA, color.NRGBAModel.Convert(p.fill).(color.NRGBA).A)
		}
	}
	for _, p := range dl[lyOver] {
		switch {
		case p.mark < 0:
		case p.stroke != nil:
			st[id(p)].outline++
		case p.h == 1:
			st[id(p)].connectors++
		default:
			st[id(p)].underY = append(st[id(p)].underY, p.y-lineTop(p.y))
		}
	}
	for _, p := range dl[lyDash] {
		st[id(p)].dashed++
	}
	// The PERSON inside the QUOTE: strong fill, underline right under the
	// text; the QUOTE: faint fill, underline one track lower.
	if a := st["p"].fillA; len(a) == 0 || a[0] != alphaInner {
		t.Errorf("inner mark fill alpha = %v", a)
	}
	if a := st["q"].fillA; len(a) == 0 || a[0] != alphaOuter {
		t.Errorf("outer mark fill alpha = %v", a)
	}
	if len(st["p"].underY) == 0 || len(st["q"].underY) == 0 || st["q"].underY[0] != st["p"].underY[0]+v.met.trackGap {
		t.Errorf("underline offsets inner %v outer %v", st["p"].underY, st["q"].underY)
	}
	// Outer fills are drawn before inner ones.
	firstQ, firstP := -1, -1
	for k, p := range dl[lyUnder] {
		if p.mark == idx["q"] && firstQ < 0 {
			firstQ = k
		}
		if p.mark == idx["p"] && firstP < 0 {
			firstP = k
		}
	}
	if firstQ > firstP {
		t.Errorf("inner fill drawn under the outer one")
	}
	// The selected, discontinuous CLAIM: outlined pieces and a connector.
	if st["d"].outline < 2 || st["d"].connectors < 1 {
		t.Errorf("discontinuous selected mark: %d outlines, %d connectors", st["d"].outline, st["d"].connectors)
	}
	if st["q"].outline != 0 || st["p"].outline != 0 {
		t.Error("unselected marks outlined")
	}
	// The suggestion: dashed box, no fill, no underline.
	if s := st["s"]; s.dashed == 0 || len(s.fillA) != 0 || len(s.underY) != 0 {
		t.Errorf("suggestion drawn with %d dashes, fills %v, underlines %v", s.dashed, s.fillA, s.underY)
	}
	// Only words on screen have text objects.
	if n := len(dl[lyText]); n == 0 || n > 60 {
		t.Errorf("%d text objects", n)
	}
}

// drawn lists what a view draws for its marks (tooltips left out), by mark
// id, in an order that does not depend on the marks' indexes.
func drawn(v *View, dl *displayList) []string {
	var out []string
	for ly, ps := range dl[:lyTipBox] {
		for _, p := range ps {
			if p.mark < 0 {
				continue
			}
			out = append(out, fmt.Sprintf("%d %s %.1f,%.1f %.1fx%.1f %v %v t%d", ly, v.mi.mark(p.mark).ID, p.x, p.y, p.w, p.h, p.fill, p.stroke, p.track))
		}
	}
	slices.Sort(out)
	return out
}

// TestUpdateMarks changes marks one at a time and checks that the view
// draws what SetMarks with the same marks draws, keeps the tooltip of a
// hovered mark that stays, and lists the marks.
func TestUpdateMarks(t *testing.T) {
	v, w, _ := newTestView(t, mixed, 600, 400)
	ref, _, _ := newTestView(t, mixed, 600, 400)
	marks := testMarks(t, mixed)
	v.SetMarks(slices.Clone(marks))
	v.SetSelectedMark("d")
	ref.SetSelectedMark("d")
	test.MoveMouse(w.Canvas(), pos(t, v, cpOf(t, mixed, "said")+1, 0))
	r := test.WidgetRenderer(v).(*viewRenderer)
	rr := test.WidgetRenderer(ref).(*viewRenderer)
	byID := func(id string) int {
		for i, m := range marks {
			if m.ID == id {
				return i
			}
		}
		return -1
	}
	check := func(what string) {
		t.Helper()
		ref.SetMarks(slices.Clone(marks))
		got, want := drawn(v, &r.dl), drawn(ref, &rr.dl)
		if !slices.Equal(got, want) {
			t.Errorf("%s: draws\n%s\nwant (SetMarks)\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		var ids, wantIDs []string
		for _, m := range v.Marks() {
			ids = append(ids, m.ID)
		}
		for _, m := range marks {
			wantIDs = append(wantIDs, m.ID)
		}
		if !slices.Equal(ids, wantIDs) {
			t.Errorf("%s: Marks() = %v, want %v", what, ids, wantIDs)
		}
	}
	// Relabel the PERSON (new colour, new tooltip) while hovering the quote.
	p := marks[byID("p")]
	p.Color, p.Label, p.Tooltip = color.NRGBA{0x8c, 0x56, 0x4b, 0xff}, "ORG", "ORG"
	marks[byID("p")] = p
	v.UpsertMark(p)
	check("relabel")
	if tips := r.dl[lyTipText]; len(tips) == 0 || tips[0].text != "QUOTE" {
		t.Errorf("the hovered quote's tooltip went away: %v", tips)
	}
	// A new span inside the quote, nested under the PERSON's track.
	said := cpOf(t, mixed, "said")
	nw := Mark{ID: "new", Pieces: []annot.Fragment{{Start: said, End: said + 4}}, Label: "CUE", Color: color.NRGBA{0xe3, 0x77, 0xc2, 0xff}}
	marks = append(marks, nw)
	v.UpsertMark(nw)
	check("add")
	// Widen the PERSON over "said": the new span now sits inside it.
	p.Pieces = []annot.Fragment{{Start: p.Pieces[0].Start, End: said + 4}}
	marks[byID("p")] = p
	v.UpdateMarks([]Mark{p}, nil)
	check("widen")
	// Remove the quote (the hovered mark) and an unknown id.
	marks = slices.Delete(marks, byID("q"), byID("q")+1)
	v.UpdateMarks(nil, []string{"q", "nope"})
	check("remove")
	if len(r.dl[lyTipText]) != 0 {
		t.Error("the removed mark's tooltip is still shown")
	}
	v.RemoveMark("new")
	marks = slices.Delete(marks, byID("new"), byID("new")+1)
	check("remove new")
	if v.mi.find("q") >= 0 || v.mi.find("new") >= 0 {
		t.Error("removed marks are still found")
	}
}

func TestOnlyScreenLinesDrawn(t *testing.T) {
	text := long(2000) // ~320 KB
	v, _, _ := newTestView(t, text, 600, 400)
	r := test.WidgetRenderer(v).(*viewRenderer)
	n := len(r.dl[lyText])
	wrapped := 0
	for _, w := range v.doc.wraps {
		if w != nil {
			wrapped++
		}
	}
	if n > 200 || wrapped > 20 {
		t.Errorf("%d words drawn, %d of %d blocks wrapped", n, wrapped, v.doc.blocks())
	}
}

func TestBOMAndTabs(t *testing.T) {
	text := "\ufeffHello\tworld\x07!"
	v, w, _ := newTestView(t, text, 600, 300)
	p0, p1 := pos(t, v, 0, 0), pos(t, v, 1, 0)
	if p0.X != p1.X {
		t.Errorf("BOM takes %v px", p1.X-p0.X)
	}
	tab0, tab1 := pos(t, v, 6, 0), pos(t, v, 7, 0)
	if tab1.X-tab0.X <= 0 {
		t.Errorf("tab takes %v px", tab1.X-tab0.X)
	}
	if bell0, bell1 := pos(t, v, 12, 0), pos(t, v, 13, 0); bell0.X != bell1.X {
		t.Errorf("control character takes %v px", bell1.X-bell0.X)
	}
	r := test.WidgetRenderer(v).(*viewRenderer)
	var drawn []string
	for _, p := range r.dl[lyText] {
		drawn = append(drawn, p.text)
	}
	if got := strings.Join(drawn, "|"); got != "Hello|world|!" {
		t.Errorf("drawn text %q", got)
	}
	// A click on the tab's right half lands after it.
	v.SetSnapWords(false)
	test.TapCanvas(w.Canvas(), fyne.NewPos(tab1.X-1, tab1.Y))
	wantSel(t, v, 7, 7)
}

func TestResizeKeepsReadingPosition(t *testing.T) {
	text := long(200)
	v, w, _ := newTestView(t, text, 600, 400)
	cp := utf8.RuneCountInString(text) / 2
	v.ScrollTo(cp)
	v.scrollBy(7) // part of a line
	v.layoutVisible()
	top := v.vis[0].s
	w.Resize(fyne.NewSize(600, 300)) // height only: nothing moves
	v.layoutVisible()
	if v.vis[0].s != top {
		t.Errorf("height change moved the top line from %d to %d", top, v.vis[0].s)
	}
	w.Resize(fyne.NewSize(450, 300)) // narrower: re-wrapped, same text at the top
	v.layoutVisible()
	if s, e := v.vis[0].s, v.vis[0].e; top < s-80 || top > e {
		t.Errorf("after re-wrap the top line is %d..%d, was at %d", s, e, top)
	}
}
