package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
)

// labelBar is the top bar: one button per span label, in the project's
// order, with its colour and key, and the "snap to words" toggle.
type labelBar struct {
	wb      *Workbench
	box     *fyne.Container
	buttons []*labelButton // in label bar order, one per span label
	labels  []annot.Label  // the label of each button
	snap    *widget.Check
	findBtn *widget.Button
	helpBtn *widget.Button
	more    *widget.Button // "More", listing the labels that do not fit
	shown   int            // how many buttons fit, from the left
	picker  *labelPicker
}

func (b *labelBar) buildUI() fyne.CanvasObject {
	b.more = widget.NewButtonWithIcon("More", theme.MenuDropDownIcon(), b.onMore)
	b.more.IconPlacement = widget.ButtonIconTrailingText
	b.box = container.New(&barLayout{b: b}, b.more)
	b.snap = widget.NewCheck("Snap to words", b.onSnapChanged)
	b.snap.Checked = b.wb.prefs.BoolWithFallback(prefSnapWords, true)
	b.findBtn = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { b.wb.find.open() })
	b.helpBtn = widget.NewButtonWithIcon("", theme.HelpIcon(), func() { b.wb.help.show() })
	return container.NewBorder(nil, nil, nil, container.NewHBox(b.snap, b.findBtn, b.helpBtn), b.box)
}

// labelText is a label as the bar and its menus show it: "3 PERSON".
func labelText(l annot.Label) string {
	if l.Key != "" {
		return l.Key + " " + l.Name
	}
	return l.Name
}

// refresh rebuilds the buttons from the project's labels.
func (b *labelBar) refresh() {
	b.buttons, b.labels = nil, nil
	objs := make([]fyne.CanvasObject, 0, len(b.wb.spanLabels())+1)
	for _, l := range b.wb.spanLabels() {
		l := l
		btn := newLabelButton(labelText(l), parseColor(l.Color), func() { b.onLabelTapped(l) })
		b.buttons = append(b.buttons, btn)
		b.labels = append(b.labels, l)
		objs = append(objs, btn.obj)
	}
	b.box.Objects = append(objs, b.more)
	b.box.Refresh()
}

// hidden returns the labels whose buttons do not fit in the bar, in order:
// the More menu lists them.
func (b *labelBar) hidden() []annot.Label {
	return b.labels[min(b.shown, len(b.labels)):]
}

// moreMenu is the More button's menu: the labels that do not fit, then
// the label picker.
func (b *labelBar) moreMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, l := range b.hidden() {
		items = append(items, fyne.NewMenuItem(labelText(l), func() { b.onLabelTapped(l) }))
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Choose a label… (Ctrl+L or ;)", b.wb.openPicker))
	return fyne.NewMenu("", items...)
}

func (b *labelBar) onMore() {
	c := b.wb.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b.more).AddXY(0, b.more.Size().Height)
	widget.ShowPopUpMenuAtPosition(b.moreMenu(), c, pos)
}

// barLayout puts the label buttons side by side, as many as fit from the
// left, and the More button after them when some do not; the bar asks for
// no more width than the More button, so many labels never widen the
// window or hide the bar's right end.
type barLayout struct{ b *labelBar }

func (l *barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.b.more.MinSize().Width, h)
}

func (l *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	btns, more := objs[:len(objs)-1], objs[len(objs)-1]
	var all float32
	for _, o := range btns {
		all += o.MinSize().Width + pad
	}
	room := size.Width + pad // the last button needs no gap after it
	if all > room {
		room -= more.MinSize().Width + pad
	}
	x, fit := float32(0), 0
	for _, o := range btns {
		w := o.MinSize().Width
		if x+w+pad > room {
			break
		}
		x += w + pad
		fit++
	}
	x = 0
	for i, o := range btns {
		if i >= fit {
			o.Hide()
			continue
		}
		w := o.MinSize().Width
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		o.Show()
		x += w + pad
	}
	l.b.shown = fit
	if fit == len(btns) {
		more.Hide()
		return
	}
	w := more.MinSize().Width
	more.Move(fyne.NewPos(x, 0))
	more.Resize(fyne.NewSize(w, size.Height))
	more.Show()
}

// onLabelTapped applies a label as its key would, and gives the keyboard
// back to the article.
func (b *labelBar) onLabelTapped(l annot.Label) {
	b.wb.ed.applyLabel(l)
	b.wb.focusView()
}

func (b *labelBar) onSnapChanged(on bool) {
	b.wb.view.SetSnapWords(on)
	b.wb.prefs.SetBool(prefSnapWords, on)
}

// statusBar is the bottom bar: document n of m, spans in this document,
// project progress, the annotator, the selection, the save state and the
// last message.
type statusBar struct {
	wb        *Workbench
	position  *widget.Label
	spans     *widget.Label
	progress  *widget.Label
	bar       *meter
	annotator *widget.Label
	selection *widget.Label
	save      *widget.Label
	message   *widget.Label
}

func (s *statusBar) buildUI() fyne.CanvasObject {
	s.position = widget.NewLabel("")
	s.spans = widget.NewLabel("")
	s.progress = widget.NewLabel("")
	s.bar = newMeter()
	s.annotator = widget.NewLabel("")
	s.selection = widget.NewLabel("")
	s.selection.Importance = widget.LowImportance
	s.save = widget.NewLabel("saved")
	s.save.Importance = widget.SuccessImportance
	s.message = widget.NewLabel("")
	s.message.Truncation = fyne.TextTruncateEllipsis
	sep := func() fyne.CanvasObject { return widget.NewSeparator() }
	barBox := container.NewCenter(s.bar.obj)
	left := container.NewHBox(s.position, sep(), s.spans, sep(), s.progress, barBox, sep(), s.annotator, sep(), s.save, sep())
	return container.NewBorder(widget.NewSeparator(), nil, left, s.selection, s.message)
}

// refresh shows the current document, project and annotator.
func (s *statusBar) refresh() {
	w := s.wb
	switch {
	case w.ses.Doc() == nil:
		setText(s.position, "No document")
		setText(s.spans, "")
	default:
		if i := w.list.indexOf(w.ses.Doc().Info.ID); i >= 0 {
			setText(s.position, fmt.Sprintf("Document %d of %d", i+1, len(w.list.docs)))
		} else {
			setText(s.position, "Document (not in the filtered list)")
		}
		setText(s.spans, plural(w.ses.Doc().Info.Counts.Total(), "span", "spans"))
	}
	p := w.progress
	setText(s.progress, fmt.Sprintf("%d of %d done", p.Done, p.Total))
	if p.Total > 0 {
		s.bar.set(float32(p.Done) / float32(p.Total))
	} else {
		s.bar.set(0)
	}
	setText(s.annotator, "Annotator: "+w.annotator)
	s.refreshSelection()
	if !w.panel.notePending && s.save.Text != "save failed" {
		s.setSave("saved", widget.SuccessImportance)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// refreshSelection shows the text selection's offsets and length.
func (s *statusBar) refreshSelection() {
	st, en := s.wb.view.Selection()
	if s.wb.ses.Doc() == nil || st == en {
		setText(s.selection, "")
		return
	}
	setText(s.selection, fmt.Sprintf("selected %d–%d (%d)", st, en, en-st))
}

// saved reports a committed action.
func (s *statusBar) saved(summary string) {
	s.refresh()
	s.setSave("saved", widget.SuccessImportance)
	s.setMessage("Saved: " + summary)
}

func (s *statusBar) editing() { s.setSave("editing…", widget.WarningImportance) }

func (s *statusBar) failed() { s.setSave("save failed", widget.DangerImportance) }

func (s *statusBar) setSave(text string, imp widget.Importance) {
	if s.save.Text == text && s.save.Importance == imp {
		return
	}
	s.save.Importance = imp
	s.save.SetText(text)
}

func (s *statusBar) setMessage(msg string) { s.message.SetText(msg) }

// helpOverlay lists every key of the window (F1).
type helpOverlay struct {
	wb    *Workbench
	popup *widget.PopUp
	grid  *fyne.Container
}

func (h *helpOverlay) visible() bool { return h.popup != nil && h.popup.Visible() }

func (h *helpOverlay) buildUI() fyne.CanvasObject {
	h.grid = container.New(layout.NewFormLayout())
	for _, b := range h.wb.keys.keyTable() {
		what := widget.NewLabel(b.what)
		what.Wrapping = fyne.TextWrapWord
		h.grid.Add(boldLabel(b.keys))
		h.grid.Add(what)
	}
	closeBtn := widget.NewButton("Close (Esc)", h.hide)
	title := widget.NewLabelWithStyle("Keyboard shortcuts", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := container.NewVScroll(h.grid)
	body.SetMinSize(fyne.NewSize(720, 520))
	return container.NewBorder(title, container.NewHBox(layout.NewSpacer(), closeBtn), nil, nil, body)
}

func (h *helpOverlay) show() {
	if h.visible() {
		h.hide()
		return
	}
	h.popup = widget.NewModalPopUp(h.buildUI(), h.wb.win.Canvas())
	h.popup.Show()
}

func (h *helpOverlay) hide() {
	if h.popup != nil {
		h.popup.Hide()
		h.popup = nil
	}
}

// meter is the status bar's small progress gauge: a track and a fill.
type meter struct {
	track, fill *canvas.Rectangle
	frac        float32
	obj         *fyne.Container
}

func newMeter() *meter {
	m := &meter{track: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)), fill: canvas.NewRectangle(theme.Color(theme.ColorNameSuccess))}
	m.track.CornerRadius, m.fill.CornerRadius = 3, 3
	m.obj = container.New(m, m.track, m.fill)
	return m
}

func (m *meter) set(frac float32) {
	m.frac = max(0, min(1, frac))
	m.obj.Refresh()
}

// MinSize and Layout make the meter its own layout: 90×8, filled to frac.
func (m *meter) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(90, 8) }

func (m *meter) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	m.track.Resize(size)
	m.fill.Resize(fyne.NewSize(size.Width*m.frac, size.Height))
	m.track.FillColor = theme.Color(theme.ColorNameInputBackground)
	m.fill.FillColor = theme.Color(theme.ColorNameSuccess)
}
