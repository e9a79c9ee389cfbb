package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// findBar is the find line above the article (Ctrl+F). Enter selects the
// next match after the selection — the selection is the match, ready for a
// label key — Shift+Enter the previous one, Escape closes the bar and keeps
// the selection. Case is ignored; the search wraps around.
type findBar struct {
	wb      *Workbench
	box     *fyne.Container
	entry   *keyEntry
	count   *widget.Label
	prevBtn *widget.Button
	nextBtn *widget.Button
	closeB  *widget.Button
}

func (f *findBar) buildUI() fyne.CanvasObject {
	f.entry = newKeyEntry("Find in the article (Enter: next, Shift+Enter: previous, Esc: close)")
	f.entry.OnSubmitted = f.onSubmitted
	f.entry.OnChanged = f.onChanged
	f.entry.onKey = f.onKey
	f.entry.onShortcut = f.wb.keys.runShortcut
	f.count = widget.NewLabel("")
	f.prevBtn = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.next(true) })
	f.nextBtn = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.next(false) })
	f.closeB = widget.NewButtonWithIcon("", theme.CancelIcon(), f.close)
	f.box = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()),
		container.NewHBox(f.count, f.prevBtn, f.nextBtn, f.closeB), f.entry)
	f.box.Hide()
	return f.box
}

func (f *findBar) isOpen() bool { return f.box.Visible() }

// open shows the bar and puts the keyboard in it, its text selected so
// typing replaces the last search.
func (f *findBar) open() {
	if f.wb.ses.Doc() == nil {
		return
	}
	f.box.Show()
	f.wb.win.Canvas().Focus(f.entry)
	f.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	f.onChanged(f.entry.Text)
}

// close hides the bar; the selection stays, and the keyboard goes back to
// the article view.
func (f *findBar) close() {
	f.box.Hide()
	f.wb.focusView()
}

func (f *findBar) onSubmitted(string) {
	f.next(f.wb.modifiers()&fyne.KeyModifierShift != 0)
}

func (f *findBar) onKey(ev *fyne.KeyEvent) bool {
	if ev.Name == fyne.KeyEscape {
		f.close()
		return true
	}
	return f.wb.keys.entryKey(ev)
}

// onChanged counts the matches as the query is typed.
func (f *findBar) onChanged(q string) {
	if f.wb.ses.Doc() == nil || q == "" {
		f.count.SetText("")
		return
	}
	n, _ := countMatches(f.wb.ses.Doc().Ix, q, -1)
	switch n {
	case 0:
		f.count.SetText("no match")
	default:
		f.count.SetText(plural(n, "match", "matches"))
	}
}

// next selects the next (or previous) match after the selection.
func (f *findBar) next(back bool) {
	d := f.wb.ses.Doc()
	q := f.entry.Text
	if d == nil || q == "" {
		return
	}
	s, e := f.wb.view.Selection()
	from := e
	if back {
		from = s
	}
	ms, me, ok := findNext(d.Ix, q, from, back)
	if !ok {
		f.count.SetText("no match")
		f.wb.setMessage(fmt.Sprintf("“%s” is not in this document.", q))
		return
	}
	f.wb.view.SetSelection(ms, me)
	f.wb.view.ScrollTo(ms)
	n, which := countMatches(d.Ix, q, ms)
	f.count.SetText(fmt.Sprintf("%d of %d", which, n))
}
