package app

import (
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// chooser is a modal list chosen by typing, shared by the label picker
// (Ctrl+L or ;) and the relate picker (Ctrl+R): an entry and the rows whose
// text contains what is typed (ignoring case), those starting with it
// first. Up and Down move the highlight, Enter or a click takes the row,
// Esc closes, F1 shows the keys. With numbered set, a digit 1-9 typed alone
// takes that row at once.
type chooser[T any] struct {
	wb       *Workbench
	hint     string         // the entry's placeholder
	size     fyne.Size      // the popup's
	text     func(T) string // what typing matches
	show     func(T) string // a row as the list shows it (nil: text)
	numbered bool
	take     func(T) // after the chooser closed

	popup   *widget.PopUp
	entry   *keyEntry
	list    *widget.List
	rows    []T
	matches []T
	cur     int
	syncing bool
}

func (p *chooser[T]) visible() bool { return p.popup != nil && p.popup.Visible() }

// open shows rows under title, the keyboard in the entry.
func (p *chooser[T]) open(title string, rows []T) {
	p.rows = rows
	c := p.wb.win.Canvas()
	if !p.visible() {
		p.entry = newKeyEntry(p.hint)
		p.entry.OnChanged = p.onChanged
		p.entry.onKey = p.onKey
		p.list = widget.NewList(func() int { return len(p.matches) },
			func() fyne.CanvasObject { return widget.NewLabel("") },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				if i < len(p.matches) {
					setText(o.(*widget.Label), p.shown(p.matches[i]))
				}
			})
		p.list.OnSelected = p.onSelected
		body := container.NewBorder(container.NewVBox(boldLabel(title), p.entry), nil, nil, nil, p.list)
		p.popup = widget.NewModalPopUp(container.New(fixedSize(p.size), body), c)
		p.popup.Show()
	}
	p.entry.SetText("")
	p.onChanged("")
	c.Focus(p.entry)
}

// shown is a row as the list shows it.
func (p *chooser[T]) shown(r T) string {
	if p.show != nil {
		return p.show(r)
	}
	return p.text(r)
}

func (p *chooser[T]) close() {
	if p.popup != nil {
		p.popup.Hide()
		p.popup = nil
	}
	p.wb.focusView()
}

// onChanged filters the rows by what is typed.
func (p *chooser[T]) onChanged(q string) {
	q = strings.ToLower(strings.TrimSpace(q))
	if n, err := strconv.Atoi(q); p.numbered && err == nil && n >= 1 && n <= len(p.rows) && n <= 9 {
		p.choose(p.rows[n-1])
		return
	}
	p.matches = p.matches[:0]
	for _, r := range p.rows {
		if strings.Contains(strings.ToLower(p.text(r)), q) {
			p.matches = append(p.matches, r)
		}
	}
	sort.SliceStable(p.matches, func(i, j int) bool {
		return strings.HasPrefix(strings.ToLower(p.text(p.matches[i])), q) && !strings.HasPrefix(strings.ToLower(p.text(p.matches[j])), q)
	})
	p.cur = 0
	p.list.Refresh()
	p.highlight()
}

func (p *chooser[T]) highlight() {
	p.syncing = true
	defer func() { p.syncing = false }()
	if len(p.matches) == 0 {
		p.list.UnselectAll()
		return
	}
	p.list.Select(p.cur)
}

func (p *chooser[T]) onSelected(i widget.ListItemID) {
	if p.syncing || i >= len(p.matches) {
		return
	}
	p.cur = i
	p.choose(p.matches[i])
}

func (p *chooser[T]) onKey(ev *fyne.KeyEvent) bool {
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
		if p.cur < len(p.matches) {
			p.choose(p.matches[p.cur])
		}
	case fyne.KeyF1:
		p.wb.help.show()
	default:
		return false
	}
	return true
}

// choose closes the chooser and takes r.
func (p *chooser[T]) choose(r T) {
	p.close()
	p.take(r)
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
