package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

// progressDialog is a modal progress bar for import and export.
type progressDialog struct {
	jobs  *jobs
	bar   *widget.ProgressBar
	label *widget.Label
	dlg   *dialog.CustomDialog
	last  time.Time
}

func newProgressDialog(j *jobs, title string, max float64, win fyne.Window) *progressDialog {
	p := &progressDialog{jobs: j, bar: widget.NewProgressBar(), label: widget.NewLabel("")}
	p.bar.Max = max
	content := container.NewVBox(p.label, p.bar)
	p.dlg = dialog.NewCustomWithoutButtons(title, container.NewGridWrap(fyne.NewSize(420, content.MinSize().Height), content), win)
	p.dlg.Show()
	return p
}

// update is called from the worker; it reaches the UI at most 20 times a
// second.
func (p *progressDialog) update(n int, text string) {
	if now := time.Now(); now.Sub(p.last) > 50*time.Millisecond || float64(n) >= p.bar.Max {
		p.last = now
		p.jobs.Post(func() {
			p.bar.SetValue(float64(n))
			p.label.SetText(text)
		})
	}
}

func (p *progressDialog) hide() { p.dlg.Hide() }

// importer is File › Import: it checks the files first (a dry run of the
// real import) and shows what would be imported and the problems found;
// Import then imports everything in one transaction in the background
// while a progress bar runs. Edits wait until it is over.
type importer struct {
	wb        *Workbench
	paths     []string
	format    *widget.Select
	offsets   *widget.Select // doccano's offset unit
	summary   *widget.Label
	problems  *widget.Label
	importBtn *widget.Button
	cancelBtn *widget.Button
	dlg       *dialog.CustomDialog
	report    store.ImportReport
	checked   bool
}

func (fl *files) onImportFiles() {
	w := fl.wb
	if w.st == nil {
		return
	}
	w.files.pickFile(format.ReaderExts(), func(path string) { w.files.showImport([]string{path}) })
}

func (fl *files) onImportFolder() {
	w := fl.wb
	if w.st == nil {
		return
	}
	w.files.pickFolder(func(path string) { w.files.showImport([]string{path}) })
}

// showImport opens the import preview for paths and starts checking them.
func (fl *files) showImport(paths []string) *importer {
	w := fl.wb
	im := &importer{wb: w, paths: paths}
	im.dlg = dialog.NewCustomWithoutButtons("Import", im.buildUI(), w.win)
	im.dlg.Resize(fyne.NewSize(640, 420))
	w.dialogs.showDialog(im.dlg)
	im.check()
	return im
}

func (im *importer) buildUI() fyne.CanvasObject {
	im.format = widget.NewSelect(append([]string{"auto"}, format.ReaderNames()...), im.onFormatChanged)
	im.format.Selected = "auto"
	im.offsets = widget.NewSelect([]string{unitDefault, string(format.UnitUTF16), string(format.UnitCodePoint), string(format.UnitGrapheme)}, im.onFormatChanged)
	im.offsets.Selected = unitDefault
	im.summary = widget.NewLabel("")
	im.summary.Wrapping = fyne.TextWrapWord
	im.problems = widget.NewLabel("")
	im.problems.Wrapping = fyne.TextWrapWord
	im.importBtn = widget.NewButton("Import", im.onImport)
	im.importBtn.Importance = widget.HighImportance
	im.importBtn.Disable()
	im.cancelBtn = widget.NewButton("Cancel", func() { im.dlg.Hide() })
	files := widget.NewLabel(strings.Join(im.paths, "\n"))
	files.Truncation = fyne.TextTruncateEllipsis
	form := container.New(layout.NewFormLayout(), widget.NewLabel("From"), files, widget.NewLabel("Format"), im.format,
		widget.NewLabel("Offsets (doccano)"), im.offsets)
	body := container.NewVScroll(container.NewVBox(im.summary, im.problems))
	return container.NewBorder(form, container.NewHBox(layout.NewSpacer(), im.cancelBtn, im.importBtn), nil, nil, body)
}

func (im *importer) onFormatChanged(string) { im.check() }

// unitDefault is the offsets choice that keeps each format's own unit.
const unitDefault = "format default"

// opener takes the dialog's choices; the function it returns prepares the
// import as they say. That reads the files (a folder is walked, files are
// sniffed, label configs parsed): call it off the UI goroutine.
func (im *importer) opener() func() (format.Import, error) {
	var opt format.ReadOptions
	if im.offsets.Selected != unitDefault {
		opt.Unit = format.Unit(im.offsets.Selected)
	}
	name, paths := im.format.Selected, im.paths
	return func() (format.Import, error) { return format.Open(name, opt, paths...) }
}

// check runs the import as a dry run in the background and shows what it
// would do.
func (im *importer) check() {
	w := im.wb
	st, annotator, paths := w.st, w.annotator, im.paths
	choice := im.format.Selected + "/" + im.offsets.Selected
	im.checked = false
	im.importBtn.Disable()
	im.summary.SetText("Checking " + strings.Join(baseNames(paths), ", ") + " …")
	im.problems.SetText("")
	open := im.opener()
	w.jobs.Go(func() func() {
		var rep store.ImportReport
		src, err := open()
		if err == nil {
			rep, err = st.Import(bg, annotator, src.Bundles, store.ImportOptions{DryRun: true, Labels: src.Labels})
		}
		return func() {
			if choice != im.format.Selected+"/"+im.offsets.Selected {
				return
			}
			if err != nil {
				im.summary.SetText("Nothing can be imported:")
				im.problems.SetText(oneLineErr(err))
				return
			}
			im.report, im.checked = rep, true
			im.summary.SetText(describeImport("Will import", rep) + "\nRead as: " + strings.Join(src.Formats, ", ") + ".")
			im.problems.SetText(importProblems(rep))
			if rep.Documents > 0 {
				im.importBtn.Enable()
			}
		}
	})
}

func describeImport(verb string, rep store.ImportReport) string {
	s := fmt.Sprintf("%s %s, %s and %s.", verb, plural(rep.Documents, "document", "documents"),
		plural(rep.Spans, "span", "spans"), plural(rep.Relations, "relation", "relations"))
	if len(rep.AddedLabels) > 0 {
		var names []string
		for _, l := range rep.AddedLabels {
			names = append(names, l.Name+" ("+string(l.Layer)+")")
		}
		s += "\nNew labels: " + strings.Join(names, ", ") + "."
	}
	return s
}

// importProblems lists skipped documents and reader warnings, at most 50.
func importProblems(rep store.ImportReport) string {
	var lines []string
	for _, sk := range rep.Skipped {
		lines = append(lines, fmt.Sprintf("Skipped %s “%s”: %s", sk.Source, oneLine(sk.Title, 60), sk.Reason))
	}
	for _, w := range rep.Warnings {
		lines = append(lines, "Warning: "+w)
	}
	if len(lines) > 50 {
		lines = append(lines[:50], fmt.Sprintf("… and %d more", len(lines)-50))
	}
	return strings.Join(lines, "\n")
}

// onImport imports for real, in the background, with a progress bar.
func (im *importer) onImport() {
	w := im.wb
	if !im.checked || !w.ed.canWrite() {
		return
	}
	im.dlg.Hide()
	st, annotator, paths := w.st, w.annotator, im.paths
	open := im.opener()
	total := im.report.Documents + len(im.report.Skipped)
	prog := newProgressDialog(&w.jobs, "Importing", float64(max(total, 1)), w.win)
	w.busy = "an import is running"
	w.jobs.Go(func() func() {
		src, err := open()
		var rep store.ImportReport
		if err == nil {
			rep, err = st.Import(bg, annotator, src.Bundles, store.ImportOptions{
				Labels:   src.Labels,
				Summary:  "import " + strings.Join(baseNames(paths), ", "),
				Progress: func(n int) { prog.update(n, fmt.Sprintf("%d of %d documents", n, total)) },
			})
		}
		return func() {
			prog.hide()
			w.busy = ""
			if st != w.st {
				return
			}
			if err != nil {
				w.dialogs.showErrorDialog(fmt.Errorf("nothing was imported: %s", oneLineErr(err)))
				return
			}
			w.files.afterImport(rep)
		}
	})
}

// afterImport shows the imported documents and a summary; the list's
// reload reads the project's progress again with them.
func (fl *files) afterImport(rep store.ImportReport) {
	w := fl.wb
	msg := describeImport("Imported", rep)
	if p := importProblems(rep); p != "" {
		msg += "\n\n" + p
	}
	w.setMessage(strings.ReplaceAll(msg, "\n", " "))
	w.list.reload()
	if w.ses.Doc() == nil && len(rep.DocIDs) > 0 {
		w.openDoc(rep.DocIDs[0])
	}
	w.status.refresh()
	w.dialogs.showInfo("Import finished", msg)
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

func oneLineErr(err error) string { return annot.OneLine(err.Error()) }

// exporter is File › Export: format, options and filters, then a file
// (a folder for brat), then format.Export in the background with a
// progress bar, and its summary.
type exporter struct {
	wb        *Workbench
	format    *widget.Select
	about     *widget.Label
	scope     *widget.RadioGroup
	layer     *widget.Select // the layer CoNLL and HF tag
	layers    *widget.CheckGroup
	labels    *keyEntry
	annotator *widget.Select
	offsets   *widget.Select
	bom       *widget.Check
	rows      map[string][2]fyne.CanvasObject // option rows shown per format
}

const (
	scopeAll  = "All documents"
	scopeDone = "Documents marked done"
	scopeOpen = "This document"
	anyone    = "anyone"
)

func (fl *files) onExport() {
	w := fl.wb
	if w.st == nil {
		return
	}
	e := &exporter{wb: w}
	d := dialog.NewCustomConfirm("Export", "Choose destination…", "Cancel", e.buildUI(), func(ok bool) {
		if ok {
			e.chooseFile()
		}
	}, w.win)
	d.Resize(fyne.NewSize(560, 0))
	w.dialogs.showDialog(d)
}

func (e *exporter) buildUI() fyne.CanvasObject {
	e.about = widget.NewLabel("")
	e.about.Wrapping = fyne.TextWrapWord
	scopes := []string{scopeAll, scopeDone}
	if e.wb.ses.Doc() != nil {
		scopes = append(scopes, scopeOpen)
	}
	e.scope = widget.NewRadioGroup(scopes, nil)
	e.scope.Required = true
	e.scope.SetSelected(scopeAll)
	var layerNames []string
	for _, l := range annot.SpanLayers {
		layerNames = append(layerNames, string(l))
	}
	e.layer = widget.NewSelect(layerNames, nil)
	e.layer.SetSelected(string(annot.LayerEntity))
	e.layers = widget.NewCheckGroup(layerNames, nil)
	e.layers.Horizontal = true
	e.layers.SetSelected(layerNames)
	e.labels = e.wb.dialogs.dialogEntry()
	e.labels.SetPlaceHolder("all labels (or: PERSON, ORG)")
	people := []string{anyone}
	if names, err := e.wb.st.Annotators(bg); err == nil {
		people = append(people, names...)
	}
	e.annotator = widget.NewSelect(people, nil)
	e.annotator.SetSelected(anyone)
	e.offsets = widget.NewSelect(nil, nil)
	e.bom = widget.NewCheck("Start with a byte order mark (for Excel)", nil)
	row := func(label string, w fyne.CanvasObject) [2]fyne.CanvasObject {
		return [2]fyne.CanvasObject{widget.NewLabel(label), w}
	}
	e.rows = map[string][2]fyne.CanvasObject{
		"layer":   row("Tag layer", e.layer),
		"layers":  row("Layers", e.layers),
		"offsets": row("Offsets", e.offsets),
		"bom":     row("CSV", e.bom),
	}
	e.format = widget.NewSelect(format.ExportFormats(), func(string) { e.onFormatChanged() })
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Format"), e.format,
		layout.NewSpacer(), e.about,
		widget.NewLabel("Documents"), e.scope)
	for _, k := range []string{"layer", "layers", "offsets", "bom"} {
		form.Add(e.rows[k][0])
		form.Add(e.rows[k][1])
	}
	form.Add(widget.NewLabel("Labels"))
	form.Add(e.labels)
	form.Add(widget.NewLabel("Spans by"))
	form.Add(e.annotator)
	e.format.SetSelected("jsonl")
	return form
}

// onFormatChanged shows the options the chosen format takes.
func (e *exporter) onFormatChanged() {
	info, _ := format.ExportFormatInfo(e.format.Selected)
	e.about.SetText(fmt.Sprintf("%s Offsets: %s.", info.Title, info.Unit))
	show := func(k string, on bool) {
		for _, o := range e.rows[k] {
			if on {
				o.Show()
			} else {
				o.Hide()
			}
		}
	}
	show("layer", info.Layered)
	show("layers", !info.Layered)
	show("bom", info.BOM)
	units := []string{string(info.Unit)}
	for _, u := range info.Units {
		if u != info.Unit {
			units = append(units, string(u))
		}
	}
	e.offsets.SetOptions(units)
	e.offsets.SetSelected(units[0])
	show("offsets", len(units) > 1)
}

// request turns the dialog's choices into an export request.
func (e *exporter) request() store.ExportRequest {
	r := store.ExportRequest{Format: e.format.Selected, BOM: e.bom.Checked, Unit: format.Unit(e.offsets.Selected)}
	switch e.scope.Selected {
	case scopeDone:
		done := annot.StatusDone
		r.Status = &done
	case scopeOpen:
		if e.wb.ses.Doc() != nil {
			r.DocIDs = []string{e.wb.ses.Doc().Info.ID}
		}
	}
	info, _ := format.ExportFormatInfo(e.format.Selected)
	if info.Layered {
		r.Layers = []annot.Layer{annot.Layer(e.layer.Selected)}
	} else if len(e.layers.Selected) < len(annot.SpanLayers) {
		for _, l := range e.layers.Selected {
			r.Layers = append(r.Layers, annot.Layer(l))
		}
		if len(r.Layers) == 0 {
			r.Layers = []annot.Layer{"none"} // nothing ticked: no spans
		}
	}
	r.Labels = strings.FieldsFunc(e.labels.Text, func(r rune) bool { return r == ',' || r == ' ' })
	if e.annotator.Selected != anyone {
		r.Annotator = e.annotator.Selected
	}
	return r
}

func (e *exporter) chooseFile() {
	w := e.wb
	info, _ := format.ExportFormatInfo(e.format.Selected)
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			w.dialogs.showErrorDialog(err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		if info.Folder {
			if err := makeRoomForFolder(path); err != nil {
				w.dialogs.showErrorDialog(fmt.Errorf("nothing was exported: %s", oneLineErr(err)))
				return
			}
		}
		e.exportTo(path)
	}, w.win)
	base := strings.TrimSuffix(filepath.Base(w.path), filepath.Ext(w.path))
	if info.Folder {
		d.SetFileName(base + "-" + info.Name)
	} else {
		d.SetFileName(base + info.Ext)
	}
	w.files.showFileDialog(d)
}

// makeRoomForFolder removes the empty file a save dialog made at path,
// where a folder export (brat) goes; anything else at path is left for
// format.Export to judge.
func makeRoomForFolder(path string) error {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 && !st.IsDir() {
		return os.Remove(path)
	}
	return nil
}

// exportTo runs the export to path in the background. format.Export
// writes beside path and renames into place when complete, so a failed
// export never leaves anything half-written.
func (e *exporter) exportTo(path string) {
	w := e.wb
	st := w.st
	f, opt, err := store.PlanExport(e.request())
	if err == nil {
		err = st.PrepareExport(bg, f, &opt)
	}
	if err != nil {
		w.dialogs.showErrorDialog(fmt.Errorf("nothing was exported: %s", oneLineErr(err)))
		return
	}
	opt.Out = path
	total := opt.Total
	prog := newProgressDialog(&w.jobs, "Exporting", float64(max(total, 1)), w.win)
	opt.Progress = func(n int) { prog.update(n, fmt.Sprintf("%d of %d documents", n, total)) }
	w.jobs.Go(func() func() {
		sum, err := format.Export(bg, st.Bundles(bg, f), opt)
		return func() {
			prog.hide()
			if err != nil {
				w.dialogs.showErrorDialog(fmt.Errorf("export failed, nothing was written: %s", oneLineErr(err)))
				return
			}
			report := sum.Report()
			w.setMessage(strings.SplitN(report, "\n", 2)[0])
			text := widget.NewLabel(report)
			text.Wrapping = fyne.TextWrapWord
			d := dialog.NewCustom("Export finished", "OK", container.NewVScroll(text), w.win)
			d.Resize(fyne.NewSize(640, 360))
			w.dialogs.showDialog(d)
		}
	})
}
