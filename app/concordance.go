package app

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"spanbench/store"
)

// concordance searches the spans of the whole project (Ctrl+K, Edit ›
// Search spans): a label, a piece of text and an attribute (key=value),
// each optional; every matching span is listed with its left context, its
// text, its right context and its document's title. Enter (or a
// double-click) opens the document with the span selected; the other keys
// are the choosers' (listKeys: Up, Down, PageUp, PageDown, Esc, F1). The
// query runs off the UI goroutine as the fields are typed into.
type concordance struct {
	wb    *Workbench
	popup *widget.PopUp
	label *keyEntry
	text  *keyEntry
	attr  *keyEntry
	info  *widget.Label
	hits  []store.SpanHit
	listKeys
	gen int // counts searches; a stale result is dropped
	// stop cancels the search running, if any; a new one replaces it.
	stop context.CancelFunc
	// running is set while a search runs; Enter pressed then (openLater)
	// opens the first hit once it is shown.
	running, openLater bool
}

// concordanceLimit caps a search's hits; the list says when there are more.
const (
	concordanceLimit   = 500
	concordanceContext = 32
)

// openConcordance opens the span search, the keyboard in its label field.
func (fl *files) openConcordance() {
	w := fl.wb
	if w.st == nil {
		return
	}
	if w.conc == nil {
		w.conc = &concordance{wb: w}
	}
	w.conc.open()
}

func (c *concordance) visible() bool { return c.popup != nil && c.popup.Visible() }

func (c *concordance) open() {
	cv := c.wb.win.Canvas()
	if !c.visible() {
		mk := func(ph string) *keyEntry {
			e := newKeyEntry(ph)
			e.OnChanged = func(string) { c.search() }
			e.onKey = c.onKey
			e.onShortcut = c.wb.keys.runShortcut
			return e
		}
		c.label, c.text, c.attr = mk("Label (any)"), mk("Text (any case)"), mk("Attribute key=value")
		c.info = widget.NewLabel("")
		c.listKeys = listKeys{
			rows:  func() int { return len(c.hits) },
			take:  c.openHit,
			close: c.close,
			help:  c.wb.help.show,
		}
		c.list = widget.NewList(func() int { return len(c.hits) },
			func() fyne.CanvasObject { return newHitRow(c) },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				if i < len(c.hits) {
					o.(*hitRow).show(i, c.hits[i])
				}
			})
		c.list.OnSelected = c.onSelected
		title := boldLabel("Search spans in the project (Enter opens the highlighted one; Esc closes)")
		fields := container.NewGridWithColumns(3, c.label, c.text, c.attr)
		body := container.NewBorder(container.NewVBox(title, fields, c.info), nil, nil, nil, c.list)
		size := cv.Size()
		w, h := min(size.Width-40, 1100), min(size.Height-60, 640)
		c.popup = widget.NewModalPopUp(container.New(fixedSize{w, h}, body), cv)
		c.search()
		c.popup.Show()
	}
	cv.Focus(c.label)
}

func (c *concordance) close() {
	if c.popup != nil {
		c.popup.Hide()
		c.popup = nil
	}
	c.gen++
	c.cancel()
	c.wb.focusView()
}

func (c *concordance) cancel() {
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
	c.running, c.openLater = false, false
}

// filter reads the fields; a label is matched in any case against the
// project's span labels. ok is false (with a reason in msg) when nothing
// can match.
func (c *concordance) filter() (f store.SpanFilter, msg string, ok bool) {
	f = store.SpanFilter{Text: c.text.Text, Limit: concordanceLimit + 1, Context: concordanceContext}
	if l := strings.TrimSpace(c.label.Text); l != "" {
		for _, sl := range c.wb.spanLabels() {
			if strings.EqualFold(sl.Name, l) {
				f.Label = sl.Name
				break
			}
		}
		if f.Label == "" {
			return f, fmt.Sprintf("No label is called %q.", l), false
		}
	}
	if err := f.ParseAttrFilter(strings.TrimSpace(c.attr.Text)); err != nil {
		return f, capitalize(err.Error()) + ".", false
	}
	return f, "", true
}

// search runs the query in the background and shows its hits.
func (c *concordance) search() {
	c.gen++
	c.cancel()
	gen, st := c.gen, c.wb.st
	f, msg, ok := c.filter()
	if !ok || st == nil {
		c.showHits(nil, msg)
		return
	}
	c.info.SetText("Searching…")
	ctx, stop := context.WithCancel(bg)
	c.stop, c.running = stop, true
	c.wb.jobs.Go(func() func() {
		hits, err := st.SearchSpans(ctx, f)
		return func() {
			stop()
			if gen != c.gen || !c.visible() || st != c.wb.st {
				return
			}
			c.running = false
			if err != nil {
				c.showHits(nil, capitalize(err.Error()))
				return
			}
			more := len(hits) > concordanceLimit
			if more {
				hits = hits[:concordanceLimit]
			}
			msg := fmt.Sprintf("%d spans", len(hits))
			switch {
			case more:
				msg = fmt.Sprintf("The first %d spans; narrow the search to see the rest.", concordanceLimit)
			case len(hits) == 1:
				msg = "1 span"
			case len(hits) == 0:
				msg = "No span matches."
			}
			c.showHits(hits, msg)
			if c.openLater {
				c.openLater = false
				c.openHit(0)
			}
		}
	})
}

func (c *concordance) showHits(hits []store.SpanHit, msg string) {
	c.hits, c.cur = hits, 0
	c.info.SetText(msg)
	c.list.Refresh()
	c.highlight()
}

// onSelected follows a click: it highlights; a double-click opens.
func (c *concordance) onSelected(i widget.ListItemID) {
	if !c.syncing {
		c.cur = i
	}
}

// onKey is listKeys' but for Enter during a search, which opens the first
// hit once it is shown.
func (c *concordance) onKey(ev *fyne.KeyEvent) bool {
	if (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && c.running {
		c.openLater = true
		return true
	}
	return c.listKeys.onKey(ev)
}

// openHit closes the search and opens hit i's document with its span
// selected and scrolled to.
func (c *concordance) openHit(i int) {
	if i < 0 || i >= len(c.hits) {
		return
	}
	h := c.hits[i]
	c.close()
	w := c.wb
	if w.ses.Doc() == nil || w.ses.Doc().Info.ID != h.Span.DocID {
		if !w.openDoc(h.Span.DocID) {
			return
		}
	}
	if _, _, ok := w.ses.Doc().Find(h.Span.ID); ok {
		w.selectSpan(h.Span.ID, true)
	} else {
		// A big document still reading its spans: select the text.
		w.view.SetSelection(h.Span.Start, h.Span.End)
		w.view.ScrollTo(h.Span.Start)
	}
	w.focusView()
}

// hitRow is one concordance line; a double-click opens its span.
type hitRow struct {
	widget.BaseWidget
	c                *concordance
	i                int
	left, mid, right *widget.Label
	title            *widget.Label
	content          fyne.CanvasObject
}

var (
	_ fyne.Tappable       = (*hitRow)(nil)
	_ fyne.DoubleTappable = (*hitRow)(nil)
)

func newHitRow(c *concordance) *hitRow {
	r := &hitRow{c: c}
	r.left = &widget.Label{Alignment: fyne.TextAlignTrailing, Truncation: fyne.TextTruncateClip}
	r.mid = &widget.Label{Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	r.right = &widget.Label{Truncation: fyne.TextTruncateClip}
	r.title = &widget.Label{TextStyle: fyne.TextStyle{Italic: true}, Truncation: fyne.TextTruncateEllipsis}
	r.content = container.NewGridWithColumns(4, r.left, r.mid, r.right, r.title)
	r.ExtendBaseWidget(r)
	return r
}

func (r *hitRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// show puts hit h, the list's row i, in the row. The store cut the
// contexts (at grapheme boundaries) to about what a column shows.
func (r *hitRow) show(i int, h store.SpanHit) {
	r.i = i
	setText(r.left, flatten(h.Left))
	setText(r.mid, oneLine(h.Text, 40))
	setText(r.right, flatten(h.Right))
	setText(r.title, h.Span.Label+" · "+oneLine(h.Title, 40))
}

func (r *hitRow) DoubleTapped(*fyne.PointEvent) { r.c.openHit(r.i) }

// Tapped highlights the row and leaves the keyboard in the fields, so
// Enter, Up, Down and Esc keep working after a click.
func (r *hitRow) Tapped(*fyne.PointEvent) {
	c := r.c
	if r.i >= len(c.hits) || !c.visible() {
		return
	}
	c.cur = r.i
	c.highlight()
	if f := c.wb.win.Canvas().Focused(); f != c.label && f != c.text && f != c.attr {
		c.wb.win.Canvas().Focus(c.label)
	}
}

// flatten puts s on one line: each run of white space becomes one space,
// so the context keeps the space that parts it from the span.
func flatten(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
