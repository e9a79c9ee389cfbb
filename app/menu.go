package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/store"
)

// buildMenu makes the main menu. Items carry the same shortcuts as the
// canvas, so Fyne runs them wherever the focus is; in a text field the
// undo handler hands Ctrl+Z back to the field.

// files is the menus and what they open: projects, recent projects, file
// pickers, import and export.
type files struct{ wb *Workbench }

func (fl *files) buildMenu() *fyne.MainMenu {
	w := fl.wb
	item := func(label string, run func(), s fyne.Shortcut) *fyne.MenuItem {
		i := fyne.NewMenuItem(label, run)
		i.Shortcut = s
		return i
	}
	w.recentMenu = fyne.NewMenu("Recent projects")
	recent := fyne.NewMenuItem("Recent projects", nil)
	recent.ChildMenu = w.recentMenu
	w.files.refreshRecentMenu()
	quit := item("Quit", w.onQuit, custom(fyne.KeyQ, ctrl))
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("New project…", w.files.onNewProject, custom(fyne.KeyN, ctrl)),
		item("Open project…", w.files.onOpenProject, custom(fyne.KeyO, ctrl)),
		recent,
		fyne.NewMenuItemSeparator(),
		item("Import files…", w.files.onImportFiles, custom(fyne.KeyI, ctrl)),
		item("Import folder…", w.files.onImportFolder, nil),
		item("Export…", w.files.onExport, custom(fyne.KeyE, ctrl)),
		fyne.NewMenuItemSeparator(),
		item("Settings…", w.files.onSettings, custom(fyne.KeyComma, ctrl)),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	edit := fyne.NewMenu("Edit",
		item("Undo", w.ed.undo, &fyne.ShortcutUndo{}),
		item("Redo", w.ed.redo, custom(fyne.KeyZ, ctrlShift)),
		fyne.NewMenuItemSeparator(),
		item("Find…", func() { w.find.open() }, custom(fyne.KeyF, ctrl)),
		item("Filter documents…", w.list.focusFilter, custom(fyne.KeyF, ctrlShift)),
		item("Search spans…", w.files.openConcordance, custom(fyne.KeyK, ctrl)),
		fyne.NewMenuItemSeparator(),
		item("Link to speaker (L)", w.linker.startLink, nil),
		item("Relate span…", w.linker.openRelate, custom(fyne.KeyR, ctrl)),
		item("Delete span (Delete)", w.ed.deleteSelected, nil),
	)
	docMenu := fyne.NewMenu("Document",
		item("Next document", func() { w.ed.docStep(1) }, custom(fyne.KeyDown, alt)),
		item("Previous document", func() { w.ed.docStep(-1) }, custom(fyne.KeyUp, alt)),
		item("Mark done and open next", w.ed.doneAndNext, custom(fyne.KeyReturn, ctrl)),
		item("Label counts…", w.files.showCounts, custom(fyne.KeyC, ctrlShift)),
		item("Guidelines", w.files.toggleGuidelines, custom(fyne.KeyG, ctrl)),
		item("Show or hide links (arcs)", w.arcs.toggle, custom(fyne.KeyA, ctrlShift)),
		item("Adjudicate coders", w.toggleAdjudication, custom(fyne.KeyJ, ctrlShift)),
		fyne.NewMenuItemSeparator(),
		item("Mark to do", func() { w.ed.setStatus(annot.StatusTodo) }, nil),
		item("Mark in progress", func() { w.ed.setStatus(annot.StatusInProgress) }, nil),
		item("Mark done", func() { w.ed.setStatus(annot.StatusDone) }, nil),
	)
	help := fyne.NewMenu("Help",
		item("Keyboard shortcuts (F1)", w.help.show, nil),
		item("About Spanbench", w.files.onAbout, nil),
	)
	return fyne.NewMainMenu(file, edit, docMenu, help)
}

// refreshRecentMenu lists the recent projects under File › Recent projects.
func (fl *files) refreshRecentMenu() {
	w := fl.wb
	if w.recentMenu == nil {
		return
	}
	w.recentMenu.Items = nil
	for _, p := range w.files.recentProjects() {
		p := p
		w.recentMenu.Items = append(w.recentMenu.Items, fyne.NewMenuItem(p, func() { w.OpenProject(p) }))
	}
	if len(w.recentMenu.Items) == 0 {
		none := fyne.NewMenuItem("(none yet)", nil)
		none.Disabled = true
		w.recentMenu.Items = append(w.recentMenu.Items, none)
	}
	w.recentMenu.Refresh()
}

// startDir is where file dialogs open: the open project's folder.
func (fl *files) startDir() fyne.ListableURI {
	w := fl.wb
	dir := filepath.Dir(w.path)
	if w.path == "" {
		dir, _ = os.UserHomeDir()
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

// onOpenProject asks for a project file and opens it.
func (fl *files) onOpenProject() {
	w := fl.wb
	w.files.pickFile([]string{".db", ".sqlite", ".sqlite3"}, w.OpenProject)
}

// pickFile asks for an existing file (one of exts; nil: any) in a file
// dialog opened where the project is, and hands its path to then.
func (fl *files) pickFile(exts []string, then func(path string)) {
	w := fl.wb
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.dialogs.showErrorDialog(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		then(path)
	}, w.win)
	if exts != nil {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	w.files.showFileDialog(d)
}

// pickFolder asks for a folder and hands its path to then.
func (fl *files) pickFolder(then func(path string)) {
	w := fl.wb
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			w.dialogs.showErrorDialog(err)
			return
		}
		if l != nil {
			then(l.Path())
		}
	}, w.win)
	w.files.showFileDialog(d)
}

// showFileDialog opens a file dialog where the project is, at a size that
// shows long names.
func (fl *files) showFileDialog(d *dialog.FileDialog) {
	w := fl.wb
	if l := w.files.startDir(); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(800, 560))
	w.dialogs.showDialog(d)
}

// onNewProject asks for a folder and a name and creates a project there.
// An existing file is never replaced: the form says to open it instead.
func (fl *files) onNewProject() {
	w := fl.wb
	name := w.dialogs.dialogEntry()
	name.SetText("project.db")
	dir := filepath.Dir(w.path)
	if w.path == "" {
		dir, _ = os.UserHomeDir()
	}
	folder := widget.NewButton(dir, nil)
	folder.OnTapped = func() {
		w.files.pickFolder(func(path string) {
			dir = path
			folder.SetText(dir)
		})
	}
	sample := widget.NewCheck("Start with the sample article", nil)
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Folder", folder),
		widget.NewFormItem("", sample),
	}
	w.dialogs.showDialog(dialog.NewForm("New project", "Create", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		n := strings.TrimSpace(name.Text)
		if n == "" {
			return
		}
		if filepath.Ext(n) == "" {
			n += ".db"
		}
		path := filepath.Join(dir, n)
		if err := newProjectFile(path, sample.Checked); err != nil {
			w.dialogs.showErrorDialog(err)
			return
		}
		w.OpenProject(path)
	}, w.win))
}

// newProjectFile creates an empty project at path, unless the sample is
// wanted (OpenProject adds it to a file that does not exist yet). It
// refuses an existing file.
func newProjectFile(path string, withSample bool) error {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s already exists; open it with File › Open project", path)
	}
	if withSample {
		return nil
	}
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	return st.Close()
}

func (fl *files) onAbout() {
	w := fl.wb
	m := w.app.Metadata()
	v := m.Version
	w.dialogs.showInfo("About Spanbench",
		fmt.Sprintf("Spanbench %s\nAn annotation workbench for quotes, claims and entities in news text.\n\nProject: %s", v, w.path))
}
