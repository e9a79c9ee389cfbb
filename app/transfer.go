package app

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

// Export formats. exportFormats and writeExport are the window's only
// contact with export code: when annot/format gains more writers, list
// them in exportFormats and dispatch to them in writeExport.

// exportFormats lists the formats File › Export offers, default first.
func exportFormats() []string { return []string{"jsonl"} }

// exportExt is the file extension proposed for a format.
func exportExt(name string) string {
	switch name {
	case "jsonl":
		return ".jsonl"
	}
	return "." + name
}

// writeExport writes bundles to out in format name, calling done after
// each document so the window can show progress; it returns how many
// documents and spans were written.
func writeExport(out io.Writer, name string, bundles iter.Seq2[annot.Bundle, error], done func(docs int)) (docs, spans int, err error) {
	if name != "jsonl" {
		return 0, 0, fmt.Errorf("unknown export format %q (known: %s)", name, strings.Join(exportFormats(), ", "))
	}
	for b, err := range bundles {
		if err != nil {
			return docs, spans, err
		}
		if err := format.WriteJSONL(out, b); err != nil {
			return docs, spans, err
		}
		docs++
		spans += len(b.Spans)
		done(docs)
	}
	return docs, spans, nil
}

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
		p.jobs.Do(func() {
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
	summary   *widget.Label
	problems  *widget.Label
	importBtn *widget.Button
	cancelBtn *widget.Button
	dlg       *dialog.CustomDialog
	report    store.ImportReport
	checked   bool
}

func (w *Workbench) onImportFiles() {
	if w.st == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, w.win)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		w.showImport([]string{path})
	}, w.win)
	var exts []string
	for _, n := range format.ReaderNames() {
		exts = append(exts, "."+n)
	}
	d.SetFilter(storage.NewExtensionFileFilter(append(exts, ".ndjson")))
	if l := w.startDir(); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func (w *Workbench) onImportFolder() {
	if w.st == nil {
		return
	}
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, w.win)
			return
		}
		if l != nil {
			w.showImport([]string{l.Path()})
		}
	}, w.win)
	if l := w.startDir(); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// showImport opens the import preview for paths and starts checking them.
func (w *Workbench) showImport(paths []string) *importer {
	im := &importer{wb: w, paths: paths}
	im.dlg = dialog.NewCustomWithoutButtons("Import", im.buildUI(), w.win)
	im.dlg.Resize(fyne.NewSize(640, 420))
	im.dlg.Show()
	im.check()
	return im
}

func (im *importer) buildUI() fyne.CanvasObject {
	im.format = widget.NewSelect(append([]string{"auto"}, format.ReaderNames()...), im.onFormatChanged)
	im.format.Selected = "auto"
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
	form := container.New(layout.NewFormLayout(), widget.NewLabel("From"), files, widget.NewLabel("Format"), im.format)
	body := container.NewVScroll(container.NewVBox(im.summary, im.problems))
	return container.NewBorder(form, container.NewHBox(layout.NewSpacer(), im.cancelBtn, im.importBtn), nil, nil, body)
}

func (im *importer) onFormatChanged(string) { im.check() }

// check runs the import as a dry run in the background and shows what it
// would do.
func (im *importer) check() {
	w := im.wb
	st, annotator, name, paths := w.st, w.annotator, im.format.Selected, im.paths
	im.checked = false
	im.importBtn.Disable()
	im.summary.SetText("Checking " + strings.Join(baseNames(paths), ", ") + " …")
	im.problems.SetText("")
	w.jobs.Go(func() func() {
		rep, err := st.Import(bg, annotator, format.Read(name, paths...), store.ImportOptions{DryRun: true})
		return func() {
			if name != im.format.Selected {
				return
			}
			if err != nil {
				im.summary.SetText("Nothing can be imported:")
				im.problems.SetText(oneLineErr(err))
				return
			}
			im.report, im.checked = rep, true
			im.summary.SetText(describeImport("Will import", rep))
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
	if !im.checked || w.st == nil {
		return
	}
	im.dlg.Hide()
	st, annotator, name, paths := w.st, w.annotator, im.format.Selected, im.paths
	total := im.report.Documents + len(im.report.Skipped)
	prog := newProgressDialog(&w.jobs, "Importing", float64(max(total, 1)), w.win)
	w.busy = "an import is running"
	w.jobs.Go(func() func() {
		rep, err := st.Import(bg, annotator, format.Read(name, paths...), store.ImportOptions{
			Summary:  "import " + strings.Join(baseNames(paths), ", "),
			Progress: func(n int) { prog.update(n, fmt.Sprintf("%d of %d documents", n, total)) },
		})
		return func() {
			prog.hide()
			w.busy = ""
			if st != w.st {
				return
			}
			if err != nil {
				dialog.ShowError(fmt.Errorf("nothing was imported: %s", oneLineErr(err)), w.win)
				return
			}
			w.afterImport(rep)
		}
	})
}

// afterImport shows the imported documents and a summary.
func (w *Workbench) afterImport(rep store.ImportReport) {
	w.progress, _ = w.st.Progress(bg)
	msg := describeImport("Imported", rep)
	if p := importProblems(rep); p != "" {
		msg += "\n\n" + p
	}
	w.setMessage(strings.ReplaceAll(msg, "\n", " "))
	w.list.reload()
	if w.doc == nil && len(rep.DocIDs) > 0 {
		w.openDoc(rep.DocIDs[0])
	}
	w.status.refresh()
	dialog.ShowInformation("Import finished", msg, w.win)
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

func oneLineErr(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// exporter is File › Export: format and scope, then a file, then the export
// in the background with a progress bar and a summary.
type exporter struct {
	wb     *Workbench
	format *widget.Select
	scope  *widget.RadioGroup
}

const (
	scopeAll  = "All documents"
	scopeDone = "Documents marked done"
	scopeOpen = "This document"
)

func (w *Workbench) onExport() {
	if w.st == nil {
		return
	}
	e := &exporter{wb: w}
	dialog.ShowCustomConfirm("Export", "Choose file…", "Cancel", e.buildUI(), func(ok bool) {
		if ok {
			e.chooseFile()
		}
	}, w.win)
}

func (e *exporter) buildUI() fyne.CanvasObject {
	e.format = widget.NewSelect(exportFormats(), nil)
	e.format.SetSelected(exportFormats()[0])
	scopes := []string{scopeAll, scopeDone}
	if e.wb.doc != nil {
		scopes = append(scopes, scopeOpen)
	}
	e.scope = widget.NewRadioGroup(scopes, nil)
	e.scope.Required = true
	e.scope.SetSelected(scopeAll)
	return container.New(layout.NewFormLayout(), widget.NewLabel("Format"), e.format, widget.NewLabel("Documents"), e.scope)
}

func (e *exporter) filter() store.ExportFilter {
	var f store.ExportFilter
	switch e.scope.Selected {
	case scopeDone:
		done := annot.StatusDone
		f.Status = &done
	case scopeOpen:
		if e.wb.doc != nil {
			f.DocIDs = []string{e.wb.doc.info.ID}
		}
	}
	return f
}

func (e *exporter) chooseFile() {
	w := e.wb
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, w.win)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		e.exportTo(path)
	}, w.win)
	base := strings.TrimSuffix(filepath.Base(w.path), filepath.Ext(w.path))
	d.SetFileName(base + exportExt(e.format.Selected))
	if l := w.startDir(); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// exportTo writes the export to path in the background. The file is
// written beside path and renamed over it when complete, so a failed export
// never leaves half a file.
func (e *exporter) exportTo(path string) {
	w := e.wb
	st, name, f := w.st, e.format.Selected, e.filter()
	total := w.progress.Total
	switch {
	case len(f.DocIDs) > 0:
		total = 1
	case f.Status != nil:
		total = w.progress.Done
	}
	prog := newProgressDialog(&w.jobs, "Exporting", float64(max(total, 1)), w.win)
	w.jobs.Go(func() func() {
		docs, spans, err := writeFileAtomic(path, func(out io.Writer) (int, int, error) {
			return writeExport(out, name, st.Bundles(bg, f), func(n int) {
				prog.update(n, fmt.Sprintf("%d of %d documents", n, total))
			})
		})
		return func() {
			prog.hide()
			if err != nil {
				dialog.ShowError(fmt.Errorf("export failed, nothing was written: %s", oneLineErr(err)), w.win)
				return
			}
			msg := fmt.Sprintf("Exported %s with %s to %s (%s).", plural(docs, "document", "documents"), plural(spans, "span", "spans"), path, name)
			w.setMessage(msg)
			dialog.ShowInformation("Export finished", msg, w.win)
		}
	})
}

func writeFileAtomic(path string, fn func(io.Writer) (int, int, error)) (int, int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, 0, err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	docs, spans, err := fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return docs, spans, err
}
