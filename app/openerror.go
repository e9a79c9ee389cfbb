package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// openError is what the window shows when a project cannot be opened (not
// SQLite, corrupt, from a newer Spanbench, in a read-only folder): the
// store's one-line reason and the ways out. The file is left as it is.
type openError struct {
	wb      *Workbench
	path    string
	err     error
	message *widget.Label
	openBtn *widget.Button
	newBtn  *widget.Button
	quitBtn *widget.Button
	recent  []*widget.Button
	content fyne.CanvasObject
}

func (e *openError) buildUI() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("This project cannot be opened", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.message = widget.NewLabel(oneLineErr(e.err))
	e.message.Wrapping = fyne.TextWrapWord
	e.message.Selectable = true
	kept := widget.NewLabel("Spanbench did not change the file.")
	kept.Importance = widget.LowImportance
	e.openBtn = widget.NewButtonWithIcon("Open another project…", theme.FolderOpenIcon(), e.wb.files.onOpenProject)
	e.openBtn.Importance = widget.HighImportance
	e.newBtn = widget.NewButtonWithIcon("New project…", theme.DocumentCreateIcon(), e.wb.files.onNewProject)
	e.quitBtn = widget.NewButtonWithIcon("Quit", theme.LogoutIcon(), e.wb.onQuit)
	box := container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ErrorIcon()), title),
		e.message, kept, widget.NewSeparator(),
		container.NewHBox(e.openBtn, e.newBtn, e.quitBtn),
	)
	var recent []fyne.CanvasObject
	for _, p := range e.wb.files.recentProjects() {
		if p == e.path {
			continue
		}
		p := p
		b := widget.NewButton(p, func() { e.wb.OpenProject(p) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		e.recent = append(e.recent, b)
		recent = append(recent, b)
	}
	if len(recent) > 0 {
		box.Add(widget.NewLabel("Recent projects"))
		for _, r := range recent {
			box.Add(r)
		}
	}
	e.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(640, box.MinSize().Height), box))
	return e.content
}
