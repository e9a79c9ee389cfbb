package app

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
)

// labelPicker chooses a span label by typing (Ctrl+L or ;): an entry and
// the labels whose name contains what is typed, those starting with it
// first. Enter applies the highlighted one to the selection exactly as its
// key would, Up and Down move the highlight, a click applies, Esc closes.
// It reaches every label, however many the bar cannot show.
type labelPicker struct {
	wb      *Workbench
	popup   *widget.PopUp
	entry   *keyEntry
	list    *widget.List
	matches []annot.Label
	cur     int
	syncing bool
}

// openPicker opens the label picker, the keyboard in its entry.
func (w *Workbench) openPicker() {
	if w.bar.picker == nil {
		w.bar.picker = &labelPicker{wb: w}
	}
	w.bar.picker.open()
}

func (p *labelPicker) visible() bool { return p.popup != nil && p.popup.Visible() }

func (p *labelPicker) open() {
	c := p.wb.win.Canvas()
	if !p.visible() {
		p.entry = newKeyEntry("Type part of a label's name")
		p.entry.OnChanged = p.onChanged
		p.entry.onKey = p.onKey
		p.list = widget.NewList(func() int { return len(p.matches) },
			func() fyne.CanvasObject { return widget.NewLabel("") },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				if i < len(p.matches) {
					setText(o.(*widget.Label), labelText(p.matches[i]))
				}
			})
		p.list.OnSelected = p.onSelected
		title := boldLabel("Apply a label (Enter; Esc closes)")
		body := container.NewBorder(container.NewVBox(title, p.entry), nil, nil, nil, p.list)
		p.popup = widget.NewModalPopUp(container.New(fixedSize{280, 320}, body), c)
		p.onChanged("")
		p.popup.Show()
	}
	c.Focus(p.entry)
}

func (p *labelPicker) close() {
	if p.popup != nil {
		p.popup.Hide()
		p.popup = nil
	}
	p.wb.focusView()
}

// onChanged filters the labels by what is typed, ignoring case.
func (p *labelPicker) onChanged(q string) {
	q = strings.ToLower(strings.TrimSpace(q))
	p.matches = p.matches[:0]
	for _, l := range p.wb.spanLabels() {
		if strings.Contains(strings.ToLower(l.Name), q) {
			p.matches = append(p.matches, l)
		}
	}
	sort.SliceStable(p.matches, func(i, j int) bool {
		return strings.HasPrefix(strings.ToLower(p.matches[i].Name), q) && !strings.HasPrefix(strings.ToLower(p.matches[j].Name), q)
	})
	p.cur = 0
	p.list.Refresh()
	p.highlight()
}

func (p *labelPicker) highlight() {
	p.syncing = true
	defer func() { p.syncing = false }()
	if len(p.matches) == 0 {
		p.list.UnselectAll()
		return
	}
	p.list.Select(p.cur)
}

func (p *labelPicker) onSelected(i widget.ListItemID) {
	if p.syncing {
		return
	}
	p.cur = i
	p.apply()
}

func (p *labelPicker) onKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyEscape:
		p.close()
	case fyne.KeyDown, fyne.KeyUp:
		if n := len(p.matches); n > 0 {
			if ev.Name == fyne.KeyDown {
				p.cur = (p.cur + 1) % n
			} else {
				p.cur = (p.cur + n - 1) % n
			}
			p.highlight()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		p.apply()
	default:
		return false
	}
	return true
}

// apply closes the picker and applies the highlighted label.
func (p *labelPicker) apply() {
	if p.cur >= len(p.matches) {
		return
	}
	l := p.matches[p.cur]
	p.close()
	p.wb.applyLabel(l)
}

// fixedSize is a layout of a constant minimum size; the content fills it.
type fixedSize fyne.Size

func (f fixedSize) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size(f) }

func (fixedSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
