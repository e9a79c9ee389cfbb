package app

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/store"
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
	tip     labelTip // shown while the pointer is on a label's button
}

func (b *labelBar) buildUI() fyne.CanvasObject {
	b.more = widget.NewButtonWithIcon("More", theme.MenuDropDownIcon(), b.onMore)
	b.more.IconPlacement = widget.ButtonIconTrailingText
	b.box = container.New(&barLayout{b: b}, b.more)
	b.snap = widget.NewCheck("Snap to words", b.onSnapChanged)
	b.snap.Checked = b.wb.prefs.BoolWithFallback(prefSnapWords, true)
	b.findBtn = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { b.wb.find.open() })
	b.helpBtn = widget.NewButtonWithIcon("", theme.HelpIcon(), func() { b.wb.help.show() })
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(b.snap, b.findBtn, b.helpBtn), b.box)
	// The tip lies in a layer over the bar and hangs below it, over the
	// article: drawn after the bar, and holding nothing that takes the
	// pointer, so hovering and clicking go on as without it.
	b.tip.build()
	b.tip.layer = container.New(freeLayout{}, b.tip.box)
	return container.NewStack(bar, b.tip.layer)
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
		var btn *labelButton
		btn = newLabelButton(labelText(l), parseColor(l.Color), func() {
			b.hideTip()
			b.onLabelTapped(l)
		}, func(in bool) { b.onLabelHover(btn, l, in) })
		b.buttons = append(b.buttons, btn)
		b.labels = append(b.labels, l)
		objs = append(objs, btn.obj)
	}
	b.box.Objects = append(objs, b.more)
	b.box.Refresh()
	b.hideTip()
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
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Choose a label… (Ctrl+L or ;)", b.pickLabel))
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

// Label descriptions live in the project's guidelines (Markdown, Ctrl+G),
// not in the label set: a label's description is the first paragraph under
// a heading that starts with its name ("## PERSON", "### QUOTE — what
// counts"), or the rest of a list item that starts with its name in bold
// or as code ("- **CUE**: the verb that introduces a quote"). Names match
// whatever their case, as whole words; the first description found wins.
// Guidelines are where coders look for what a label means, a project
// already keeps and imports them, and every format's label set (brat's
// annotation.conf, Label Studio's config) would drop a description field.

// labelDescription returns the description of the label named name in the
// guidelines md, "" when they have none.
func labelDescription(md, name string) string {
	if name == "" {
		return ""
	}
	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	fence := false
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		if title, ok := mdHeading(t); ok {
			rest, ok := startsWithName(title, name)
			if !ok {
				continue
			}
			// The first paragraph after the heading.
			var para []string
			for j := i + 1; j < len(lines); j++ {
				u := strings.TrimSpace(lines[j])
				if u == "" && len(para) == 0 {
					continue
				}
				if _, h := mdHeading(u); u == "" || h || strings.HasPrefix(u, "```") || strings.HasPrefix(u, "~~~") {
					break
				}
				para = append(para, u)
			}
			if len(para) > 0 {
				return plainMarkdown(strings.Join(para, " "))
			}
			return plainMarkdown(rest)
		}
		for _, bullet := range []string{"- ", "* ", "+ "} {
			if item, ok := strings.CutPrefix(t, bullet); ok {
				item = strings.TrimSpace(item)
				if !strings.HasPrefix(item, "**") && !strings.HasPrefix(item, "`") && !strings.HasPrefix(item, "__") {
					break
				}
				if rest, ok := startsWithName(item, name); ok && rest != "" {
					return plainMarkdown(rest)
				}
			}
		}
	}
	return ""
}

// mdHeading returns the text of an ATX heading line ("## Title ##").
func mdHeading(t string) (string, bool) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(t) && t[n] != ' ' && t[n] != '\t' {
		return "", false
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[n:]), "#")), true
}

// startsWithName reports whether text (Markdown emphasis and code marks
// aside) starts with name as a whole word, any case, and returns what
// follows it without the separator (": ", " — ", " - ").
func startsWithName(text, name string) (string, bool) {
	t := strings.TrimLeft(text, "*_`")
	if len(t) < len(name) || !strings.EqualFold(t[:len(name)], name) {
		return "", false
	}
	t = t[len(name):]
	if r, _ := utf8.DecodeRuneInString(t); t != "" && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' && !strings.HasPrefix(t, "__")) {
		return "", false
	}
	t = strings.TrimLeft(t, "*_`")
	t = strings.TrimLeft(t, " \t:—–-.")
	return strings.TrimSpace(t), true
}

// plainMarkdown drops the emphasis and code marks of a line of Markdown,
// for a tip drawn as plain text.
func plainMarkdown(s string) string {
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
}

// labelTip is the label bar's tip: a label's name, key, layer and
// description.
type labelTip struct {
	layer *fyne.Container // over the bar, the bar's size
	box   *fyne.Container // the tip, placed in layer
	name  *widget.Label
	info  *widget.Label
	desc  *widget.Label
	label string // the label shown, "" when hidden
}

// tipWidth is the width of the label tip, when the window has room.
const tipWidth = 340

func (t *labelTip) build() {
	t.name = boldLabel("")
	t.info = widget.NewLabel("")
	t.info.Importance = widget.LowImportance
	t.desc = widget.NewLabel("")
	t.desc.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize()
	t.box = container.NewStack(bg, container.NewVBox(t.name, t.info, t.desc))
	t.box.Hide()
}

// onLabelHover shows the tip of l's button while the pointer is on it;
// the description is read from the project's guidelines off the UI
// goroutine, so a tip always shows what they say now.
func (b *labelBar) onLabelHover(btn *labelButton, l annot.Label, in bool) {
	if !in {
		if b.tip.label == l.Name {
			b.hideTip()
		}
		return
	}
	t := &b.tip
	t.label = l.Name
	setText(t.name, l.Name)
	info := string(l.Layer) + " label"
	if l.Key != "" {
		info = "Key " + l.Key + " · " + info
	}
	setText(t.info, info)
	setText(t.desc, "…")
	b.placeTip(btn)
	st := b.wb.st
	if st == nil {
		setText(t.desc, "No project is open.")
		return
	}
	b.wb.jobs.Go(func() func() {
		md, err := st.Setting(bg, store.GuidelinesKey, "")
		return func() {
			if st != b.wb.st || t.label != l.Name {
				return
			}
			d := labelDescription(md, l.Name)
			switch {
			case err != nil:
				d = "Guidelines not read: " + err.Error()
			case d == "":
				d = "No description: the guidelines (Ctrl+G) describe a label under a heading with its name, like \"## " + l.Name + "\"."
			}
			setText(t.desc, d)
			b.placeTip(btn)
		}
	})
}

// placeTip puts the tip under btn, inside the window.
func (b *labelBar) placeTip(btn *labelButton) {
	t := &b.tip
	d := fyne.CurrentApp().Driver()
	layerPos := d.AbsolutePositionForObject(t.layer)
	win := b.wb.win.Canvas().Size().Width
	w := min(float32(tipWidth), win-2*theme.Padding())
	t.box.Resize(fyne.NewSize(w, t.box.MinSize().Height))
	t.box.Resize(fyne.NewSize(w, t.box.MinSize().Height)) // wrapped at w
	x := d.AbsolutePositionForObject(btn.obj).X
	x = max(theme.Padding(), min(x, win-w-theme.Padding()))
	t.box.Move(fyne.NewPos(x-layerPos.X, btn.obj.Size().Height+theme.Padding()))
	t.box.Show()
	t.layer.Refresh()
}

func (b *labelBar) hideTip() {
	if b.tip.box == nil || b.tip.label == "" {
		return
	}
	b.tip.label = ""
	b.tip.box.Hide()
}

// freeLayout leaves its objects where they were put and asks for no room:
// what it holds hangs over its neighbours without making the bar taller.
type freeLayout struct{}

func (freeLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

func (freeLayout) Layout([]fyne.CanvasObject, fyne.Size) {}

// hoverButton is a button that reports the pointer coming onto it and
// leaving it.
type hoverButton struct {
	widget.Button
	hover func(in bool)
}

func newHoverButton(text string, tapped func(), hover func(in bool)) *hoverButton {
	b := &hoverButton{hover: hover}
	b.Text, b.OnTapped = text, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn highlights the button and reports it.
func (b *hoverButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	if b.hover != nil {
		b.hover(true)
	}
}

// MouseOut takes the highlight off and reports it.
func (b *hoverButton) MouseOut() {
	b.Button.MouseOut()
	if b.hover != nil {
		b.hover(false)
	}
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
		if i, n := w.list.position(w.ses.Doc().Info.ID); i >= 0 {
			setText(s.position, fmt.Sprintf("Document %d of %d", i+1, n))
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
	if !w.panel.noteUnsaved() && s.save.Text != "save failed" {
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
