package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/store"
)

// statusNames are the status filter's choices and the header's, in
// workflow order; the filter has "All" first.
var statusNames = map[annot.Status]string{
	annot.StatusTodo:       "To do",
	annot.StatusInProgress: "In progress",
	annot.StatusDone:       "Done",
}

const allStatuses = "All"

// docList is the left pane: a filter box (title and full text), a status
// filter, and the project's documents with their status and span count.
// Up and Down in the list open the previous and next document.
type docList struct {
	wb     *Workbench
	filter *keyEntry
	status *widget.Select
	count  *widget.Label
	list   *keyList

	docs    []annot.DocInfo // shown, in project order
	gen     int             // filter generation: stale results are dropped
	syncing bool            // selecting the open document; not a user pick
}

func (d *docList) buildUI() fyne.CanvasObject {
	d.filter = newKeyEntry("Filter: title or text")
	d.filter.OnChanged = d.onFilterChanged
	d.filter.onKey = d.onFilterKey
	d.filter.onShortcut = d.wb.keys.runShortcut
	opts := []string{allStatuses}
	for _, s := range annot.Statuses {
		opts = append(opts, statusNames[s])
	}
	d.status = widget.NewSelect(opts, d.onStatusChanged)
	d.status.Selected = allStatuses
	d.count = widget.NewLabel("")
	d.count.Importance = widget.LowImportance
	d.list = newKeyList(func() int { return len(d.docs) }, d.createRow, d.updateRow)
	d.list.OnSelected = d.onSelected
	d.list.onKey = d.onListKey
	d.list.onRune = d.wb.keys.onTypedRune
	top := container.NewVBox(d.filter, container.NewBorder(nil, nil, nil, d.status, d.count))
	return container.NewBorder(top, nil, nil, nil, d.list)
}

func (d *docList) createRow() fyne.CanvasObject {
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Importance = widget.LowImportance
	icon := widget.NewIcon(nil)
	return container.NewBorder(nil, nil, icon, detail, title)
}

func (d *docList) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(d.docs) {
		return
	}
	doc := d.docs[i]
	c := o.(*fyne.Container)
	title := c.Objects[0].(*widget.Label)
	icon := c.Objects[1].(*widget.Icon)
	detail := c.Objects[2].(*widget.Label)
	bold := d.wb.ses.Doc() != nil && d.wb.ses.Doc().Info.ID == doc.ID
	if title.Text != doc.Title || title.TextStyle.Bold != bold {
		title.Text, title.TextStyle.Bold = doc.Title, bold
		title.Refresh()
	}
	setText(detail, fmt.Sprintf("%d", doc.Counts.Total()))
	icon.SetResource(statusIcon(doc.Status))
}

func statusIcon(s annot.Status) fyne.Resource {
	switch s {
	case annot.StatusDone:
		return theme.ConfirmIcon()
	case annot.StatusInProgress:
		return theme.DocumentCreateIcon()
	}
	return theme.RadioButtonIcon()
}

// filter returns the store filter the filter box and status choice make.
func (d *docList) storeFilter() store.DocFilter {
	f := store.DocFilter{Query: d.filter.Text}
	for s, name := range statusNames {
		if d.status.Selected == name {
			s := s
			f.Status = &s
		}
	}
	return f
}

func (d *docList) onFilterChanged(string) { d.reload() }

func (d *docList) onStatusChanged(string) { d.reload() }

// reload runs the filter in the background; the newest result wins. The
// project's counts are read again with it, so that "N of M documents" and
// "K of M done" count the same project even after another process added
// documents.
func (d *docList) reload() {
	st := d.wb.st
	if st == nil {
		return
	}
	d.gen++
	gen, f := d.gen, d.storeFilter()
	d.wb.jobs.Go(func() func() {
		docs, err := st.ListDocuments(bg, f)
		var p store.Progress
		if err == nil {
			p, err = st.Progress(bg)
		}
		return func() {
			if gen != d.gen || st != d.wb.st {
				return
			}
			if err != nil {
				d.wb.showError(err)
				return
			}
			d.wb.progress = p
			d.set(docs)
			d.wb.status.refresh()
		}
	})
}

// refilterIfStatus reloads the list when it is filtered by status, after a
// status change may have moved documents in or out of it.
func (d *docList) refilterIfStatus() {
	if d.status.Selected != allStatuses {
		d.reload()
	}
}

// reset shows a newly opened project's documents, unfiltered.
func (d *docList) reset(docs []annot.DocInfo) {
	d.gen++
	d.filter.OnChanged = nil
	d.filter.SetText("")
	d.filter.OnChanged = d.onFilterChanged
	d.status.OnChanged = nil
	d.status.SetSelected(allStatuses)
	d.status.OnChanged = d.onStatusChanged
	d.set(docs)
}

func (d *docList) set(docs []annot.DocInfo) {
	d.docs = docs
	d.list.UnselectAll()
	d.list.Refresh()
	d.selectOpen()
	d.updateCount()
}

func (d *docList) updateCount() {
	total := d.wb.progress.Total
	if len(d.docs) == total {
		d.count.SetText(plural(total, "document", "documents"))
	} else {
		d.count.SetText(fmt.Sprintf("%d of %d documents", len(d.docs), total))
	}
}

func (d *docList) indexOf(id string) int {
	for i, doc := range d.docs {
		if doc.ID == id {
			return i
		}
	}
	return -1
}

// position is document id's index in the list (-1: not listed) and the
// number of documents listed.
func (d *docList) position(id string) (i, n int) { return d.indexOf(id), len(d.docs) }

// shown are the documents the list shows, in its order.
func (d *docList) shown() []annot.DocInfo { return d.docs }

// ids are the ids of the documents the list shows, in its order.
func (d *docList) ids() []string {
	ids := make([]string, len(d.docs))
	for i, doc := range d.docs {
		ids[i] = doc.ID
	}
	return ids
}

// takeLive shows the documents a check of other processes' commits read
// with the list's filter of generation gen; a filter run started since
// reads them again.
func (d *docList) takeLive(docs []annot.DocInfo, gen int) {
	if d.gen == gen {
		d.gen++ // a filter run started before this read is older
		d.set(docs)
		return
	}
	d.reload()
}

// generation counts the list's filter runs.
func (d *docList) generation() int { return d.gen }

// showDoc updates a document's row (title, status, counts).
func (d *docList) showDoc(info annot.DocInfo) {
	if i := d.indexOf(info.ID); i >= 0 {
		d.docs[i].Title, d.docs[i].Status, d.docs[i].Counts = info.Title, info.Status, info.Counts
		d.list.RefreshItem(i)
	}
}

// selectOpen selects (and scrolls to) the open document's row, and shows
// it in bold.
func (d *docList) selectOpen() {
	d.syncing = true
	defer func() { d.syncing = false }()
	if d.wb.ses.Doc() == nil {
		d.list.UnselectAll()
		return
	}
	if i := d.indexOf(d.wb.ses.Doc().Info.ID); i >= 0 {
		d.list.Select(i)
		d.list.Refresh()
	} else {
		d.list.UnselectAll()
	}
}

func (d *docList) onSelected(i widget.ListItemID) {
	if d.syncing || i < 0 || i >= len(d.docs) {
		return
	}
	if d.wb.ses.Doc() != nil && d.wb.ses.Doc().Info.ID == d.docs[i].ID {
		return
	}
	d.wb.openDoc(d.docs[i].ID)
	// A click leaves the focus in the list, so Up/Down keep browsing.
	d.wb.win.Canvas().Focus(d.list)
}

// onListKey makes Up and Down open the previous and next document, and
// Enter open the selected row (the first when the open document is not in
// the list) and go to the article; the other keys are the window's.
func (d *docList) onListKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp:
		delta := 1
		if ev.Name == fyne.KeyUp {
			delta = -1
		}
		d.wb.ed.docStep(delta)
		d.wb.win.Canvas().Focus(d.list)
		return true
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		d.openFirstUnlessListed()
		d.wb.focusView()
		return true
	case fyne.KeyEscape:
		d.wb.focusView()
		return true
	}
	d.wb.keys.onTypedKey(ev)
	return true
}

// focusFilter puts the keyboard in the filter box, its text selected.
func (d *docList) focusFilter() {
	d.wb.win.Canvas().Focus(d.filter)
	d.filter.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// onFilterKey: Down moves into the list as Down in the list does, opening
// the next match; Enter opens the first match.
func (d *docList) onFilterKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown:
		d.wb.ed.docStep(1)
		d.wb.win.Canvas().Focus(d.list)
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if !d.openFirstUnlessListed() {
			d.wb.focusView()
		}
		return true
	}
	return d.wb.keys.entryKey(ev)
}

// openFirstUnlessListed opens the first document of the list when the open
// one is not in it; false when it is (or the list is empty).
func (d *docList) openFirstUnlessListed() bool {
	if len(d.docs) > 0 && (d.wb.ses.Doc() == nil || d.indexOf(d.wb.ses.Doc().Info.ID) < 0) {
		return d.wb.openDoc(d.docs[0].ID)
	}
	return false
}

// docHeader is the line above the article: its title and status.
type docHeader struct {
	wb     *Workbench
	title  *widget.Label
	status *widget.Select
}

func (h *docHeader) buildUI() fyne.CanvasObject {
	h.title = boldLabel("")
	h.title.Truncation = fyne.TextTruncateEllipsis
	var opts []string
	for _, s := range annot.Statuses {
		opts = append(opts, statusNames[s])
	}
	h.status = widget.NewSelect(opts, h.onStatusChanged)
	return container.NewBorder(nil, nil, nil, h.status, h.title)
}

func (h *docHeader) refresh() {
	h.status.OnChanged = nil
	defer func() { h.status.OnChanged = h.onStatusChanged }()
	if h.wb.ses.Doc() == nil {
		h.title.SetText("No document: File › Import adds some")
		h.status.ClearSelected()
		h.status.Disable()
		return
	}
	setText(h.title, h.wb.ses.Doc().Info.Title)
	h.status.Enable()
	if name := statusNames[h.wb.ses.Doc().Info.Status]; h.status.Selected != name {
		h.status.SetSelected(name)
	}
}

func (h *docHeader) onStatusChanged(name string) {
	for s, n := range statusNames {
		if n == name {
			h.wb.ed.setStatus(s)
		}
	}
}
