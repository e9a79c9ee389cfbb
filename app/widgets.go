package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyEntry is a text entry that shows the window the keys it has no use
// for (F1, Escape, and window shortcuts such as Alt+Down), so the keyboard
// contract holds while typing in the filter box, the find bar or a note.
// Typed characters, digits included, stay in the entry.
type keyEntry struct {
	widget.Entry
	// onKey sees every key first; true means it was handled.
	onKey func(ev *fyne.KeyEvent) bool
	// onShortcut sees shortcuts the entry does not use itself.
	onShortcut func(s fyne.Shortcut) bool
	// onFocusLost runs when the entry loses the keyboard focus.
	onFocusLost func()
}

func (e *keyEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onFocusLost != nil {
		e.onFocusLost()
	}
}

func newKeyEntry(placeholder string) *keyEntry {
	e := &keyEntry{}
	e.PlaceHolder = placeholder
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.onKey != nil && e.onKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// entryShortcuts are the shortcuts a text entry keeps for itself.
var entryShortcuts = map[string]bool{
	(&fyne.ShortcutCopy{}).ShortcutName():      true,
	(&fyne.ShortcutCut{}).ShortcutName():       true,
	(&fyne.ShortcutPaste{}).ShortcutName():     true,
	(&fyne.ShortcutSelectAll{}).ShortcutName(): true,
	(&fyne.ShortcutUndo{}).ShortcutName():      true,
	(&fyne.ShortcutRedo{}).ShortcutName():      true,
}

func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if !entryShortcuts[s.ShortcutName()] && e.onShortcut != nil && e.onShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// keyList is a list that hands typed characters and the keys it does not
// use to the window, so label keys work while the document list or the
// panel has the focus. Up and Down go to onKey first.
type keyList struct {
	widget.List
	onKey  func(ev *fyne.KeyEvent) bool
	onRune func(r rune)
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// FocusGained and FocusLost leave out the list's own keyboard cursor (a
// highlighted row that Up and Down would move): here Up and Down move the
// selection itself, so the selected row is the one the keys act on.
func (l *keyList) FocusGained() {}

func (l *keyList) FocusLost() {}

func (l *keyList) TypedKey(ev *fyne.KeyEvent) {
	if l.onKey != nil && l.onKey(ev) {
		return
	}
	l.List.TypedKey(ev)
}

func (l *keyList) TypedRune(r rune) {
	if l.onRune != nil {
		l.onRune(r)
	}
}

// labelButton is a label bar button: the label's colour behind a flat
// button reading "3 PERSON".
type labelButton struct {
	bg     *canvas.Rectangle
	button *widget.Button
	obj    fyne.CanvasObject
}

func newLabelButton(text string, c color.Color, tapped func(), hover func(in bool)) *labelButton {
	hb := newHoverButton(text, tapped, hover)
	b := &labelButton{bg: canvas.NewRectangle(c), button: &hb.Button}
	b.bg.CornerRadius = theme.InputRadiusSize()
	b.bg.StrokeWidth = 1
	b.setColor(c)
	b.button.Importance = widget.LowImportance
	b.obj = container.NewStack(b.bg, hb)
	return b
}

func (b *labelButton) setColor(c color.Color) {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	fill := n
	fill.A = 0x66
	b.bg.FillColor = fill
	b.bg.StrokeColor = n
	b.bg.Refresh()
}

// swatch is a small square of a label's colour.
func swatch(c color.Color) *canvas.Rectangle {
	r := canvas.NewRectangle(c)
	r.CornerRadius = 3
	r.SetMinSize(fyne.NewSize(12, 12))
	return r
}

func boldLabel(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}}
}

// setText changes a label's text only when it differs: a label refresh
// measures its text again, which adds up over a list's rows.
func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}
