package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"spanbench/store"
)

// The project's annotation guidelines: Markdown kept in the project's
// settings (key GuidelinesKey), shown beside the panel (Ctrl+G) and
// editable there; `spanbench guidelines` imports and prints them.

// guidelines is the pane: the rendered Markdown, or an entry while editing.
type guidelines struct {
	wb      *Workbench
	shown   bool
	editing bool
	text    string // as stored, last read or saved

	box    *fyne.Container // the pane
	view   *widget.RichText
	entry  *keyEntry
	edit   *widget.Button
	save   *widget.Button
	cancel *widget.Button
	info   *widget.Label
}

func (g *guidelines) buildUI() fyne.CanvasObject {
	g.view = widget.NewRichTextFromMarkdown("")
	g.view.Wrapping = fyne.TextWrapWord
	g.entry = newKeyEntry("Guidelines, in Markdown")
	g.entry.MultiLine = true
	g.entry.Wrapping = fyne.TextWrapWord
	g.entry.onKey = func(ev *fyne.KeyEvent) bool {
		if ev.Name == fyne.KeyEscape {
			g.stopEditing()
			return true
		}
		return false
	}
	g.entry.onShortcut = g.wb.keys.runShortcut
	g.edit = widget.NewButton("Edit", g.startEditing)
	g.save = widget.NewButton("Save", g.saveText)
	g.save.Importance = widget.HighImportance
	g.cancel = widget.NewButton("Cancel", g.stopEditing)
	g.info = widget.NewLabel("")
	g.info.Wrapping = fyne.TextWrapWord
	g.box = container.NewStack()
	g.layout()
	return g.box
}

// layout shows the view or the entry with their buttons.
func (g *guidelines) layout() {
	title := widget.NewLabelWithStyle("Guidelines", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var body fyne.CanvasObject
	var buttons *fyne.Container
	if g.editing {
		body = g.entry
		buttons = container.NewHBox(g.save, g.cancel)
	} else {
		body = container.NewVScroll(g.view)
		buttons = container.NewHBox(g.edit)
	}
	g.box.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, title, buttons), g.info), nil, nil, nil, body)}
	g.box.Refresh()
}

// projectChanged shows the newly opened project's guidelines when the
// pane is shown.
func (g *guidelines) projectChanged() {
	if g.shown {
		g.editing = false
		g.layout()
		g.load()
	}
}

// toggleGuidelines shows or hides the pane (Ctrl+G); shown, it reads the
// guidelines from the project off the UI goroutine.
func (fl *files) toggleGuidelines() {
	w := fl.wb
	g := w.guide
	if g.shown {
		g.shown, g.editing = false, false
		w.side.Objects = []fyne.CanvasObject{w.panelUI}
		w.side.Refresh()
		w.focusView()
		return
	}
	g.shown = true
	g.editing = false
	g.layout()
	w.side.Objects = []fyne.CanvasObject{g.under(w.panelUI)}
	w.side.Refresh()
	g.load()
}

// under returns what the window's side shows: top, with the pane under
// it while shown.
func (g *guidelines) under(top fyne.CanvasObject) fyne.CanvasObject {
	if !g.shown {
		return top
	}
	split := container.NewVSplit(top, g.box)
	split.SetOffset(0.5)
	return split
}

// load reads the stored guidelines and shows them.
func (g *guidelines) load() {
	st := g.wb.st
	if st == nil {
		g.show("", "No project is open.")
		return
	}
	g.info.SetText("Reading…")
	g.wb.jobs.Go(func() func() {
		text, err := st.Setting(bg, store.GuidelinesKey, "")
		return func() {
			if st != g.wb.st || !g.shown {
				return
			}
			if err != nil {
				g.show(g.text, capitalize(err.Error()))
				return
			}
			msg := ""
			if text == "" {
				msg = "No guidelines yet: press Edit to write them, or import a Markdown file with `spanbench guidelines --import FILE`."
			}
			g.show(text, msg)
		}
	})
}

func (g *guidelines) show(text, msg string) {
	g.text = text
	g.view.ParseMarkdown(text)
	g.info.SetText(msg)
	g.info.Hidden = msg == ""
	g.box.Refresh()
}

func (g *guidelines) startEditing() {
	if g.wb.st == nil {
		return
	}
	g.editing = true
	g.entry.SetText(g.text)
	g.layout()
	g.wb.win.Canvas().Focus(g.entry)
}

// stopEditing leaves the entry without saving (Esc, Cancel).
func (g *guidelines) stopEditing() {
	if !g.editing {
		return
	}
	g.editing = false
	g.layout()
	g.wb.focusView()
}

// saveText stores the entry's text and shows it rendered; while another
// program holds the project's write lock the save waits off the UI
// goroutine (editor.write), the entry kept open with Save disabled.
func (g *guidelines) saveText() {
	st, text := g.wb.st, g.entry.Text
	if st == nil || !g.editing || !g.wb.ed.canWrite() {
		return
	}
	if err := store.CheckGuidelines("Guidelines", []byte(text)); err != nil {
		g.info.SetText("Not saved: " + err.Error())
		g.info.Show()
		return
	}
	g.save.Disable()
	g.wb.ed.write(func(ctx context.Context) error {
		return st.SetSetting(ctx, store.GuidelinesKey, text)
	}, func(err error) {
		g.save.Enable()
		if st != g.wb.st {
			return
		}
		if err != nil {
			g.info.SetText("Not saved: " + err.Error())
			g.info.Show()
			return
		}
		g.editing = false
		g.layout()
		g.show(text, "")
		g.wb.setMessage("Guidelines saved.")
		g.wb.focusView()
	})
}
