package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/store"
)

// relatePicker is the first step of relating (Ctrl+R, or the panel's
// "Relate…"): a list of the project's relation labels that may start at the
// selected span's layer (annot.RelationLabelsFrom), then the relations the
// span already has, each to remove. Typing filters it, a digit picks that
// row, Up and Down move, Enter or a click takes the row, Esc closes. A
// relation label then starts link mode for it: Tab to a target (or a click)
// and Enter.
type relatePicker struct {
	wb      *Workbench
	popup   *widget.PopUp
	entry   *keyEntry
	list    *widget.List
	from    string      // the span relations start at
	rows    []relateRow // everything the picker offers, numbered from 1
	matches []relateRow // those matching what is typed
	cur     int
	syncing bool
}

// relateRow is a relation label to make, or (unlink set) a relation to
// remove.
type relateRow struct {
	n      int
	text   string
	label  string
	unlink string
}

// openRelate opens the relate picker for the selected span.
func (w *Workbench) openRelate() {
	sp, ok := w.selected()
	if !ok {
		w.setMessage("Select a span first (Tab or click), then press Ctrl+R to relate it to another.")
		return
	}
	w.cancelLink()
	if w.relate == nil {
		w.relate = &relatePicker{wb: w}
	}
	w.relate.open(sp)
}

func (p *relatePicker) visible() bool { return p.popup != nil && p.popup.Visible() }

func (p *relatePicker) open(sp annot.Span) {
	d := p.wb.doc
	p.from = sp.ID
	p.rows = p.rows[:0]
	for _, l := range annot.RelationLabelsFrom(p.wb.labels, sp.Layer) {
		p.rows = append(p.rows, relateRow{text: l.Name + " →", label: l.Name})
	}
	for _, r := range d.touching(sp.ID) {
		other, dir := r.To, "→"
		if r.To == sp.ID {
			other, dir = r.From, "←"
		}
		o, _, _ := d.find(other)
		p.rows = append(p.rows, relateRow{text: fmt.Sprintf("Remove %s %s “%s”", r.Label, dir, oneLine(d.ix.Slice(o.Start, o.End), 30)),
			label: r.Label, unlink: r.ID})
	}
	for i := range p.rows {
		p.rows[i].n = i + 1
	}
	c := p.wb.win.Canvas()
	if !p.visible() {
		p.entry = newKeyEntry("Type part of a relation label")
		p.entry.OnChanged = p.onChanged
		p.entry.onKey = p.onKey
		p.list = widget.NewList(func() int { return len(p.matches) },
			func() fyne.CanvasObject { return widget.NewLabel("") },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				if i < len(p.matches) {
					setText(o.(*widget.Label), fmt.Sprintf("%d  %s", p.matches[i].n, p.matches[i].text))
				}
			})
		p.list.OnSelected = p.onSelected
		title := boldLabel(fmt.Sprintf("Relate this %s (Enter; Esc closes)", sp.Label))
		body := container.NewBorder(container.NewVBox(title, p.entry), nil, nil, nil, p.list)
		p.popup = widget.NewModalPopUp(container.New(fixedSize{300, 320}, body), c)
		p.popup.Show()
	}
	p.entry.SetText("")
	p.onChanged("")
	c.Focus(p.entry)
}

func (p *relatePicker) close() {
	if p.popup != nil {
		p.popup.Hide()
		p.popup = nil
	}
	p.wb.focusView()
}

// onChanged filters the rows by what is typed, ignoring case; a row's
// number alone takes that row.
func (p *relatePicker) onChanged(q string) {
	q = strings.ToLower(strings.TrimSpace(q))
	if n, err := strconv.Atoi(q); err == nil && n >= 1 && n <= len(p.rows) && n <= 9 {
		row := p.rows[n-1]
		p.close()
		p.take(row)
		return
	}
	p.matches = p.matches[:0]
	for _, r := range p.rows {
		if strings.Contains(strings.ToLower(r.text), q) {
			p.matches = append(p.matches, r)
		}
	}
	p.cur = 0
	p.list.Refresh()
	p.highlight()
}

func (p *relatePicker) highlight() {
	p.syncing = true
	defer func() { p.syncing = false }()
	if len(p.matches) == 0 {
		p.list.UnselectAll()
		return
	}
	p.list.Select(p.cur)
}

func (p *relatePicker) onSelected(i widget.ListItemID) {
	if p.syncing || i >= len(p.matches) {
		return
	}
	p.cur = i
	row := p.matches[i]
	p.close()
	p.take(row)
}

func (p *relatePicker) onKey(ev *fyne.KeyEvent) bool {
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
			row := p.matches[p.cur]
			p.close()
			p.take(row)
		}
	case fyne.KeyF1:
		p.wb.help.show()
	default:
		return false
	}
	return true
}

// take does what a row says: remove its relation, or start choosing the
// target of its label.
func (p *relatePicker) take(row relateRow) {
	if row.unlink != "" {
		p.wb.unlink(row.unlink)
		return
	}
	p.wb.startRelate(p.from, row.label)
}

// startRelate enters link mode for relation label from span id: Tab offers
// the spans the label's layer rule allows, nearest first
// (annot.RelationTargets), leaving out those the span already has that
// relation to. The label that names who said a quote or claim goes through
// the speaker picker (L), which replaces the speaker.
func (w *Workbench) startRelate(id, label string) {
	sp, _, ok := w.doc.find(id)
	if !ok {
		return
	}
	w.selectSpan(id, false)
	if label == annot.LinkLabel(sp.Layer) {
		w.startLink()
		return
	}
	has := map[string]bool{}
	for _, r := range w.doc.links(id, label) {
		has[r.To] = true
	}
	var cands []string
	for _, i := range annot.RelationTargets(label, sp, w.doc.spans) {
		if t := w.doc.spans[i]; !has[t.ID] {
			cands = append(cands, t.ID)
		}
	}
	if len(cands) == 0 {
		w.setMessage(fmt.Sprintf("No span in this document can be the target of %s from this %s.", label, sp.Label))
		return
	}
	w.link = &linkMode{from: id, label: label, cands: cands, cur: -1}
	w.setMessage(fmt.Sprintf("%s from this %s: Tab to the target and press Enter, or click it. Esc cancels.", label, sp.Label))
	w.panel.showSelection()
}

// relateTo makes relation label from span from to span to, as one action.
func (w *Workbench) relateTo(label, from, to string) {
	for _, r := range w.doc.links(from, label) {
		if r.To == to {
			w.setMessage(fmt.Sprintf("That %s is already there.", label))
			return
		}
	}
	sp, _, _ := w.doc.find(from)
	t, _, _ := w.doc.find(to)
	summary := fmt.Sprintf("relate %s %s %s “%s”", sp.Label, label, t.Label, oneLine(w.doc.ix.Slice(t.Start, t.End), 40))
	if _, ok := w.edit(summary, store.Change{Link: []annot.Relation{{Label: label, From: from, To: to}}}); ok {
		w.setMessage(capitalize(summary) + ". Ctrl+Z undoes it.")
	}
}

// unlink removes relation id, as one action.
func (w *Workbench) unlink(id string) {
	label := "relation"
	for _, r := range w.doc.rels {
		if r.ID == id {
			label = r.Label
		}
	}
	if _, ok := w.edit("remove "+label, store.Change{Unlink: []string{id}}); ok {
		w.setMessage(fmt.Sprintf("Removed the %s. Ctrl+Z brings it back.", label))
	}
}
