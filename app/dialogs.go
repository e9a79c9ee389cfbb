package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// dialogs are the window's dialogs that Esc closes, newest last. Each is
// kept with the overlay that shows it: Esc closes the newest one only when
// that overlay is on top (not under a progress bar, which Esc leaves be).
type dialogs struct {
	wb   *Workbench
	open []shownDialog
}

type shownDialog struct {
	d       dialog.Dialog
	overlay fyne.CanvasObject
}

// show shows d on c and lets Esc close it.
func (ds *dialogs) show(c fyne.Canvas, d dialog.Dialog) {
	d.SetOnClosed(func() { ds.forget(d) })
	d.Show()
	ds.open = append(ds.open, shownDialog{d: d, overlay: c.Overlays().Top()})
}

func (ds *dialogs) forget(d dialog.Dialog) {
	ds.open = slices.DeleteFunc(ds.open, func(s shownDialog) bool { return s.d == d })
}

// dismiss closes the dialog on top of c, as its Cancel (or dismiss) button
// does; false when the top overlay is not one of the window's dialogs.
func (ds *dialogs) dismiss(c fyne.Canvas) bool {
	n := len(ds.open)
	if n == 0 || c.Overlays().Top() == nil || c.Overlays().Top() != ds.open[n-1].overlay {
		return false
	}
	d := ds.open[n-1].d
	ds.forget(d)
	d.Dismiss()
	return true
}

// showDialog shows one of the window's dialogs; Esc closes it.
func (dl *dialogs) showDialog(d dialog.Dialog) {
	w := dl.wb
	w.dialogs.show(w.win.Canvas(), d)
}

// showErrorDialog and showInfo are dialog.ShowError and
// dialog.ShowInformation that Esc closes.
func (dl *dialogs) showErrorDialog(err error) {
	w := dl.wb
	w.dialogs.showDialog(dialog.NewError(err, w.win))
}

func (dl *dialogs) showInfo(title, msg string) {
	w := dl.wb
	w.dialogs.showDialog(dialog.NewInformation(title, msg, w.win))
}

// dialogEntry is a text entry for a dialog: Esc in it closes the dialog.
func (dl *dialogs) dialogEntry() *keyEntry {
	w := dl.wb
	e := newKeyEntry("")
	e.onKey = func(ev *fyne.KeyEvent) bool {
		return ev.Name == fyne.KeyEscape && w.dialogs.dismiss(w.win.Canvas())
	}
	return e
}
