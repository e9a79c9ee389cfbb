package app

import (
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// listKeys is the keyboard of a list driven from text fields, shared by
// the choosers and the span search (Ctrl+K): Up and Down move the
// highlight (wrapping), PageUp and PageDown move it a page, Enter takes the
// highlighted row, Esc closes, F1 shows the keys. The fields keep the
// keyboard; the list only shows the highlight.
type listKeys struct {
	list    *widget.List
	cur     int        // the highlighted row
	rows    func() int // how many rows the list has
	take    func(i int)
	close   func()
	help    func()
	syncing bool // set while the list's selection follows cur
}

// listPage is how far PageUp and PageDown move the highlight.
const listPage = 10

func (k *listKeys) onKey(ev *fyne.KeyEvent) bool {
	n := k.rows()
	switch ev.Name {
	case fyne.KeyEscape:
		k.close()
	case fyne.KeyDown, fyne.KeyUp:
		if n > 0 {
			if ev.Name == fyne.KeyDown {
				k.cur = (k.cur + 1) % n
			} else {
				k.cur = (k.cur + n - 1) % n
			}
			k.highlight()
		}
	case fyne.KeyPageDown, fyne.KeyPageUp:
		if n > 0 {
			if ev.Name == fyne.KeyPageDown {
				k.cur = min(k.cur+listPage, n-1)
			} else {
				k.cur = max(k.cur-listPage, 0)
			}
			k.highlight()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if k.cur < n {
			k.take(k.cur)
		}
	case fyne.KeyF1:
		k.help()
	default:
		return false
	}
	return true
}

// highlight selects row cur in the list (scrolling to it) without that
// counting as a click.
func (k *listKeys) highlight() {
	k.syncing = true
	defer func() { k.syncing = false }()
	if k.rows() == 0 {
		k.list.UnselectAll()
		return
	}
	k.list.Select(k.cur)
}

// chooser is a modal list chosen by typing, shared by the label picker
// (Ctrl+L or ;) and the relate picker (Ctrl+R): an entry and the rows whose
// text contains what is typed (ignoring case), those starting with it
// first. The keys are listKeys'; a click takes a row too. With numbered
// set, a digit 1-9 typed alone takes that row at once.
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
	rows    []T
	matches []T
	listKeys
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
		p.listKeys = listKeys{
			rows:  func() int { return len(p.matches) },
			take:  func(i int) { p.choose(p.matches[i]) },
			close: p.close,
			help:  p.wb.help.show,
		}
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

func (p *chooser[T]) onSelected(i widget.ListItemID) {
	if p.syncing || i >= len(p.matches) {
		return
	}
	p.cur = i
	p.choose(p.matches[i])
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
