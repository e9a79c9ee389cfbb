package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/app/article"
	"spanbench/assets"
	"spanbench/edit"
	"spanbench/store"
)

// Workbench is the annotation window. All its fields are used on the UI
// goroutine only; background jobs hand their results back through jobs.
type Workbench struct {
	app   fyne.App
	win   fyne.Window
	prefs fyne.Preferences
	jobs  jobs

	// The open project; st is nil while none is.
	st        *store.Store
	path      string
	labels    []annot.Label
	colors    map[string]color.NRGBA
	progress  store.Progress
	annotator string

	// ses is the editing session: the open document, the one selection
	// and the suggestions; every edit is one of its intents.
	ses     *edit.Session
	loadGen int // counts document opens; a stale background read is dropped
	openGen int // counts project opens; a stale one is closed, not shown
	link    *linkMode
	relate  *relatePicker // Ctrl+R's choice of relation label (relate.go)
	adj     *adjudication // the adjudication mode, while on (adjudicate.go)

	// Views.
	list   *docList
	view   *article.View
	header *docHeader
	panel  *panel
	bar    *labelBar
	arcs   *arcs // the links drawn as arcs (arcs.go)
	status *statusBar
	find   *findBar
	help   *helpOverlay
	main   fyne.CanvasObject
	conc   *concordance // the span search, once opened (concordance.go)
	guide  *guidelines  // the guidelines pane (guidelines.go)
	// side holds the panel, and the guidelines under it while shown.
	side    *fyne.Container
	panelUI fyne.CanvasObject

	recentMenu *fyne.Menu
	openErr    *openError // the error view, while a project failed to open

	// Keyboard: shortcut name -> handler (see keys.go).
	shortcuts map[string]func()
	// modifiers reports the modifier keys held (Shift+Tab); tests replace it.
	modifiers func() fyne.KeyModifier
	// quit ends the application; tests replace it.
	quit func()

	// dialogs are the dialogs open, for Esc.
	dialogs dialogs
	// live follows other processes' commits to the project (live.go).
	live live
	// linker makes links (link.go, relate.go), keys is the keyboard
	// (keys.go), files the menus, import and export (menu.go, transfer.go).
	linker linker
	keys   keyboard
	files  files
	// ed runs the session's intents for the keys, menus and panel, and
	// redraws what they changed (the editor, below).
	ed editor

	// busy says why edits must wait ("an import is running"); "" when not.
	busy string

	// Extension point for suggestions and lints (see assist.go): the
	// option WithAssistant sets it for New, which hands it to the session;
	// afterwards the session's Assistant() is the one in use.
	assistant Assistant
	assist    assistView
}

// New builds the window's views into w; OpenProject then fills them.
func New(a fyne.App, w fyne.Window, opts ...Option) *Workbench {
	wb := &Workbench{app: a, win: w, prefs: a.Preferences()}
	for _, o := range opts {
		o(wb)
	}
	wb.annotator = strings.TrimSpace(wb.prefs.StringWithFallback(prefAnnotator, annot.DefaultAnnotator()))
	if wb.annotator == "" {
		wb.annotator = annot.DefaultAnnotator()
	}
	wb.ses = edit.New(nil, wb.annotator, wb.assistant)
	wb.ses.Later = wb.jobs.Go // an edit the busy project cannot take at once waits off the UI goroutine
	wb.ses.OnApplied = func(out edit.Outcome, err error) {
		wb.setMessage("") // the wait is over
		wb.ed.applied(out, err)
	}
	wb.assist.wb, wb.assist.ses = wb, wb.ses
	wb.live.wb, wb.linker.wb, wb.keys.wb, wb.files.wb, wb.ed.wb, wb.dialogs.wb = wb, wb, wb, wb, wb, wb
	wb.quit = a.Quit
	applyTheme(a, wb.prefs.StringWithFallback(prefTheme, themeSystem))

	wb.view = article.New()
	wb.view.SetSnapWords(wb.prefs.BoolWithFallback(prefSnapWords, true))
	wb.view.SetTextSize(float32(wb.prefs.Float(prefTextSize)))
	wb.view.OnSelectionChanged = wb.onSelectionChanged
	wb.view.OnMarkTapped = wb.ed.onMarkTapped
	wb.view.OnAddFragment = wb.ed.addFragment
	wb.view.OnTypedRune = wb.keys.onTypedRune
	wb.view.OnTypedKey = wb.keys.onTypedKey
	wb.view.OnShortcut = wb.keys.onShortcut
	wb.modifiers = wb.view.HeldModifiers
	wb.arcs = newArcs(wb.view, wb.ses, wb.prefs, func() map[string]color.NRGBA { return wb.colors }, wb.setMessage)

	wb.list = &docList{wb: wb}
	wb.header = &docHeader{wb: wb}
	wb.panel = &panel{wb: wb}
	wb.bar = &labelBar{wb: wb}
	wb.status = &statusBar{wb: wb}
	wb.find = &findBar{wb: wb}
	wb.help = &helpOverlay{wb: wb}
	wb.guide = &guidelines{wb: wb}

	centre := container.NewBorder(container.NewVBox(wb.header.buildUI(), wb.find.buildUI()), nil, nil, nil, wb.view)
	wb.panelUI = wb.panel.buildUI()
	wb.guide.buildUI()
	wb.side = container.NewStack(wb.panelUI)
	right := container.NewHSplit(centre, wb.side)
	right.SetOffset(0.66)
	split := container.NewHSplit(wb.list.buildUI(), right)
	split.SetOffset(0.22)
	wb.main = container.NewBorder(wb.bar.buildUI(), wb.status.buildUI(), nil, nil, split)

	w.SetContent(wb.main)
	w.SetMainMenu(wb.files.buildMenu())
	wb.keys.bindKeys()
	w.SetCloseIntercept(wb.onClose)
	w.SetOnDropped(wb.files.onDropped)
	a.Lifecycle().SetOnStopped(wb.flush)
	if width, height := wb.prefs.Float(prefWinW), wb.prefs.Float(prefWinH); width >= 400 && height >= 300 {
		w.Resize(fyne.NewSize(float32(width), float32(height)))
	} else {
		w.Resize(fyne.NewSize(1280, 800))
	}
	wb.updateTitle()
	return wb
}

// project is what opening a project file loads, off the UI goroutine.
type project struct {
	st       *store.Store
	labels   []annot.Label
	docs     []annot.DocInfo
	progress store.Progress
	created  bool
	// version and last are the data version and the newest action read
	// before the rest, where the window starts following other processes.
	version, last int64
}

// loadProject opens path, creating it with the sample article when the
// file does not exist yet, and reads what the window shows first.
func loadProject(path, annotator string) (*project, error) {
	_, statErr := os.Stat(path)
	missing := errors.Is(statErr, fs.ErrNotExist)
	st, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	st.SetViewer(annotator) // blind coding: a coder reads only their own work
	p := &project{st: st, created: missing}
	if missing {
		if _, err := st.Import(bg, annotator, sampleBundle(), store.ImportOptions{Summary: "sample article"}); err != nil {
			st.Close()
			return nil, fmt.Errorf("%s: adding the sample article: %w", path, err)
		}
	}
	if p.version, err = st.DataVersion(bg); err == nil {
		p.last, err = st.LastAction(bg)
	}
	if err == nil {
		p.labels, err = st.Labels(bg)
	}
	if err == nil {
		if p.docs, err = st.ListDocuments(bg, store.DocFilter{}); err == nil {
			p.progress, err = st.Progress(bg)
		}
	}
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// sampleBundle is the article a new project opens with, byte for byte.
func sampleBundle() iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		yield(annot.Bundle{Source: "sample", Doc: annot.Document{Title: assets.SampleTitle, Text: assets.SampleText(),
			Meta: map[string]string{"source": "Spanbench sample article"}, Status: annot.StatusTodo}}, nil)
	}
}

// OpenProject closes the open project and opens path in the background;
// the window shows "Opening…" meanwhile, and the error view when it fails.
func (w *Workbench) OpenProject(path string) {
	if w.busy != "" {
		w.setMessage("Not now: " + w.busy + "; open the project when it is finished.")
		return
	}
	w.closeProject()
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	w.path = abs
	w.win.SetContent(loadingView(abs))
	w.updateTitle()
	annotator := w.annotator
	w.openGen++
	gen := w.openGen
	w.jobs.Go(func() func() {
		p, err := loadProject(abs, annotator)
		return func() {
			if gen != w.openGen { // another project (or this one again) was asked for meanwhile
				if p != nil {
					p.st.Close()
				}
				return
			}
			if err != nil {
				w.showOpenError(abs, err)
				return
			}
			w.attach(abs, p)
		}
	})
}

// attach shows a freshly opened project.
func (w *Workbench) attach(path string, p *project) {
	w.st, w.path, w.progress = p.st, path, p.progress
	w.ses.SetStore(p.st)
	w.ses.SetAnnotator(w.annotator)
	w.openErr = nil
	w.setLabels(p.labels)
	w.win.SetContent(w.main)
	w.files.rememberProject(path)
	w.list.reset(p.docs)
	id := w.prefs.String(prefLastDoc + path)
	if w.list.indexOf(id) < 0 && len(p.docs) > 0 {
		id = p.docs[0].ID
	}
	if id != "" {
		w.openDoc(id)
	} else {
		w.showNoDocument()
	}
	w.status.refresh()
	w.guide.projectChanged()
	w.live.startLive(p.version, p.last)
	if p.created {
		w.setMessage("New project with the sample article. Select text and press 1–9; F1 lists every key.")
	}
}

// closeProject saves what is pending and closes the store.
func (w *Workbench) closeProject() {
	if w.st == nil {
		return
	}
	w.flushDoc()
	w.live.stopLive()
	w.ses.SetStore(nil)
	w.st.Close()
	w.st, w.link = nil, nil
	w.list.set(nil)
}

// showOpenError replaces the window's content with the reason the project
// could not be opened and ways out. The file is not touched.
func (w *Workbench) showOpenError(path string, err error) {
	e := &openError{wb: w, path: path, err: err}
	w.openErr = e
	w.win.SetContent(e.buildUI())
	w.win.SetTitle("Spanbench — cannot open " + filepath.Base(path))
}

func (w *Workbench) showNoDocument() {
	w.ses.Close()
	w.view.SetText("", nil)
	w.view.SetMarks(nil)
	w.header.refresh()
	w.panel.refresh()
	w.status.refresh()
	w.updateTitle()
}

// bigDoc is the number of spans from which a document's text is shown
// first and its spans are read in the background: reading 20,000 spans
// takes longer than a frame should.
const bigDoc = 5000

// openDoc shows document id; the list, panel and status bar follow. It runs
// on the UI goroutine so that keys typed after it apply to the new
// document. A document with more than bigDoc spans shows its text at once
// and its spans when they are read; edits wait for them.
func (w *Workbench) openDoc(id string) bool {
	if w.st == nil {
		return false
	}
	w.flushDoc()
	w.loadGen++
	info, err := w.st.DocInfo(bg, id)
	if err != nil {
		w.showError(err)
		return false
	}
	if info.Counts.Total() <= bigDoc {
		d, err := w.ses.Read(bg, id)
		if err != nil {
			w.showError(err)
			return false
		}
		w.show(d, "")
	} else {
		doc, err := w.st.Document(bg, id)
		if err != nil {
			w.showError(err)
			return false
		}
		d := edit.NewDoc(annot.Bundle{Doc: doc}, nil)
		d.Loading, d.Info.Counts = true, info.Counts // the list row and status bar count them already
		w.show(d, "")
		w.loadSpans(d)
	}
	w.prefs.SetString(prefLastDoc+w.path, id)
	w.focusView()
	return true
}

// loadSpans reads a big document's spans and relations in the background
// and shows them, unless another document was opened meanwhile.
func (w *Workbench) loadSpans(d *edit.Doc) {
	gen, st, id := w.loadGen, w.st, d.Info.ID
	w.setMessage(fmt.Sprintf("Reading %d spans…", d.Info.Counts.Total()))
	w.jobs.Go(func() func() {
		spans, err := st.Spans(bg, id)
		var rels []annot.Relation
		if err == nil {
			rels, err = st.Relations(bg, id)
		}
		return func() {
			if gen != w.loadGen || w.ses.Doc() != d {
				return
			}
			if err != nil {
				w.showError(err)
				return
			}
			d.SetSpans(spans, rels)
			w.list.showDoc(d.Info)
			w.view.SetMarks(w.marks())
			w.panel.refresh()
			w.status.refresh()
			w.setMessage("")
			w.assist.startAssist()
		}
	})
}

// show puts d in the views, keeping span keep selected when it still exists.
func (w *Workbench) show(d *edit.Doc, keep string) {
	w.linker.cancelLink()
	same := w.ses.Doc() != nil && w.ses.Doc().Info.ID == d.Info.ID
	w.ses.Show(d, keep)
	if !same {
		w.assist.forget()
		w.view.SetText(d.Ix.Text(), d.Ix)
	}
	w.view.SetMarks(w.marks())
	w.assist.outlineSelected()
	w.list.showDoc(d.Info)
	if !same {
		w.list.selectOpen()
	}
	w.header.refresh()
	w.panel.refresh()
	w.status.refresh()
	w.updateTitle()
	w.assist.startAssist()
	w.followAdjudication()
}

// reloadDoc reads document id again from the store (after an undo, which
// may change anything in it) and shows it.
func (w *Workbench) reloadDoc(id string) {
	if w.ses.Doc() == nil || w.ses.Doc().Info.ID != id {
		w.openDoc(id)
		return
	}
	if err := w.ses.Reload(bg); err != nil {
		w.showError(err)
		return
	}
	w.show(w.ses.Doc(), w.ses.SelectedID())
}

// editor turns the user's keys and clicks into the editing session's
// intents, and updates the views from their outcomes.
type editor struct{ wb *Workbench }

// do runs an intent of the editing session and updates the views from
// its outcome. A refused intent puts the header and panel back to what is
// stored (a status picked, a radio or speaker chosen) and says why; a note
// being typed stays in its entry, pending.
func (ed *editor) do(intent func() (edit.Outcome, error)) (edit.Outcome, bool) {
	w := ed.wb
	refused := func() (edit.Outcome, bool) {
		w.header.refresh()
		w.panel.showSelection()
		return edit.Outcome{}, false
	}
	if w.ses.Doc() == nil || !w.ed.canWrite() {
		return refused()
	}
	out, err := intent()
	if err != nil {
		w.showError(err)
		return refused()
	}
	if out.Waiting {
		w.setMessage(waitingMessage)
		return out, true
	}
	w.ed.applied(out, nil)
	return out, true
}

// waitingMessage is the status bar's while an edit waits for the project.
const waitingMessage = "Waiting for the project: another program is writing to it; the edit is saved as soon as it is done."

// write does one store write of the window's own that is not an intent
// (the label set, the guidelines, an adjudication decision) the way the
// intents run (edit.Session.Write), so no write from the UI waits on the
// project's file lock: tried at once; while another program holds the
// lock, the status bar says the write waits, it waits on a background job,
// and done runs once it is stored, back on the UI goroutine. write may run
// off the UI goroutine, so it touches no window state. done runs exactly
// once (with edit.ErrWaiting when another write is still waiting); write
// reports whether it waits.
func (ed *editor) write(write func(ctx context.Context) error, done func(error)) bool {
	w := ed.wb
	waited := false
	if w.ses.Write(bg, write, func(err error) {
		if waited {
			w.setMessage("") // the wait is over
		}
		done(err)
	}) {
		waited = true
		w.setMessage(waitingMessage)
		return true
	}
	return false
}

// applied updates the views after an intent, at once or, when it had to
// wait for the project, once stored (edit.Session.OnApplied).
func (ed *editor) applied(out edit.Outcome, err error) {
	w := ed.wb
	if err != nil {
		w.showError(err)
		w.header.refresh()
		w.panel.showSelection()
		return
	}
	switch {
	case out.Action != nil: // an undo or redo
		w.ed.afterLogAction(*out.Action)
		w.status.saved(out.Summary)
		w.setMessage(capitalize(out.Summary))
		return
	case len(out.Rejected) > 0:
		w.live.ownWrite()
		for _, k := range out.Rejected {
			w.view.RemoveMark(suggestionPrefix + k)
		}
		w.panel.refresh()
		w.assist.selectSuggestion(w.assist.selected())
		w.status.saved(out.Summary)
		w.setMessage("Rejected the suggestion (Ctrl+Z takes it back); it will not be proposed again here.")
		return
	case !out.Saved():
		w.assist.outlineSelected()
		w.panel.showSelection()
		w.status.refresh()
		return
	}
	w.live.ownWrite()
	if out.Result.Status != "" {
		w.ed.readProgress()
	}
	w.list.showDoc(out.Info)
	d := w.ses.Doc()
	if d == nil || d.Info.ID != out.Info.ID {
		w.status.saved(out.Summary)
		return
	}
	w.view.UpdateMarks(markChanges(d, out.Touched, w.colors))
	w.assist.outlineSelected()
	w.header.refresh()
	w.panel.refresh()
	w.status.saved(out.Summary)
	w.assist.startAssist()
	w.followAdjudication()
}

// readProgress reads the project's progress for the status bar.
func (ed *editor) readProgress() {
	w := ed.wb
	p, err := w.st.Progress(bg)
	if err != nil {
		w.showError(err)
		return
	}
	w.progress = p
}

// canWrite reports whether the project takes a write now. While a long
// job (an import) writes, it says so in the status bar and returns false:
// every write from the UI asks first, since it would otherwise wait on the
// job's transaction on the UI goroutine.
func (ed *editor) canWrite() bool {
	w := ed.wb
	if w.st == nil {
		return false
	}
	if w.busy != "" {
		w.setMessage("Not saved: " + w.busy + "; try again when it is finished.")
		return false
	}
	return true
}

// selectSpan outlines span id ("" for none) and shows it in the panel;
// with reveal, the text selection becomes the span and the view scrolls
// to it.
func (w *Workbench) selectSpan(id string, reveal bool) {
	w.panel.commitNote()
	w.ses.Select(id)
	w.assist.outlineSelected()
	if sp, ok := w.ses.Selected(); ok && reveal {
		w.view.SetSelection(sp.Start, sp.End)
		w.view.ScrollTo(sp.Start)
	}
	w.panel.showSelection()
	w.status.refresh()
}

func (w *Workbench) onSelectionChanged(start, end int) {
	w.status.refreshSelection()
}

// labelByKey returns the span label bound to key ("1".."9").
func labelByKey(labels []annot.Label, key string) (annot.Label, bool) {
	for _, l := range labels {
		if l.Key == key && l.Layer != annot.LayerRelation {
			return l, true
		}
	}
	return annot.Label{}, false
}

func (ed *editor) onMarkTapped(id string) {
	w := ed.wb
	if w.link != nil {
		if id != "" {
			w.linker.linkTo(id)
		}
		return
	}
	if w.assist.has(id) {
		w.assist.selectSuggestion(id)
		return
	}
	w.selectSpan(id, false)
}

// applyLabel is what a label key or label bar button does (see
// edit.Session.ApplyLabel): relabel the selected span, or make the
// selected text a new span. The text selection becomes what is labelled,
// trimmed of surrounding white space, so the status bar's "selected s–e"
// and the keyboard's next extension start there.
func (ed *editor) applyLabel(l annot.Label) {
	w := ed.wb
	d := w.ses.Doc()
	if d == nil {
		return
	}
	w.linker.cancelLink()
	s, e := w.view.Selection()
	if _, ok := w.ses.Selected(); !ok || (s != e && (s != w.ed.selStart() || e != w.ed.selEnd())) {
		if ts, te := d.Ix.TrimSpace(s, e); ts < te && (ts != s || te != e) {
			w.view.SetSelection(ts, te)
		}
	}
	before := w.ses.SelectedID()
	out, ok := w.ed.do(func() (edit.Outcome, error) { return w.ses.ApplyLabel(bg, l, s, e) })
	switch {
	case !ok:
	case out.Dropped > 0:
		w.setMessage(fmt.Sprintf("Relabelled to %s; %d link(s) that a %s cannot have were removed (Ctrl+Z brings them back).", l.Name, out.Dropped, l.Layer))
	case w.ses.SelectedID() != before:
		w.selectSpan(w.ses.SelectedID(), false)
	}
}

// selStart and selEnd are the selected span's extent (-1 for none).
func (ed *editor) selStart() int {
	w := ed.wb
	if sp, ok := w.ses.Selected(); ok {
		return sp.Start
	}
	return -1
}

func (ed *editor) selEnd() int {
	w := ed.wb
	if sp, ok := w.ses.Selected(); ok {
		return sp.End
	}
	return -1
}

// relabel changes a span's label (edit.Session.Relabel).
func (ed *editor) relabel(sp annot.Span, l annot.Label) {
	w := ed.wb
	if out, ok := w.ed.do(func() (edit.Outcome, error) { return w.ses.Relabel(bg, sp.ID, l) }); ok && out.Dropped > 0 {
		w.setMessage(fmt.Sprintf("Relabelled %s to %s; %d link(s) that a %s cannot have were removed (Ctrl+Z brings them back).", sp.Label, l.Name, out.Dropped, l.Layer))
	}
}

// deleteSelected removes the outlined span and its links, or rejects the
// selected suggestion.
func (ed *editor) deleteSelected() {
	w := ed.wb
	sp, ok := w.ses.Selected()
	if !ok {
		if w.ses.SelectedKey() != "" {
			w.assist.rejectSuggestion()
			return
		}
		w.setMessage("No span selected: Tab to one or click it, then Delete.")
		return
	}
	// The caret stays where the span was, so Tab goes on to the next one.
	if out, ok := w.ed.do(func() (edit.Outcome, error) { return w.ses.Delete(bg, sp.ID) }); ok && out.Saved() {
		w.selectSpan("", false)
		w.view.SetSelection(sp.Start, sp.Start)
	}
}

// addFragment adds [start, end) to the selected span, making it
// discontinuous (the "+" key, and Ctrl+drag in the article view). The new
// fragment stays selected; text already in the span adds nothing (a second
// + would otherwise join the pieces over what lies between them).
func (ed *editor) addFragment(start, end int) {
	w := ed.wb
	sp, _ := w.ses.Selected()
	out, ok := w.ed.do(func() (edit.Outcome, error) {
		out, err := w.ses.AddFragment(bg, start, end)
		switch {
		case errors.Is(err, edit.ErrNoSpan):
			err = hint("Select a span first (Tab or click), then select more text and press +.")
		case errors.Is(err, edit.ErrNoText):
			err = hint("Select the text to add to the span, then press +.")
		case errors.Is(err, edit.ErrInSpan):
			err = hintf("That text is already in the %s; select text outside it, then press +.", sp.Label)
		}
		return out, err
	})
	if ok && out.Saved() {
		w.view.SetSelection(w.ses.Doc().Ix.TrimSpace(start, end))
	}
}

// nextSpan moves the span selection forward (or back) in document order;
// with no span selected, or the caret moved away from it (PageDown, a
// click, Ctrl+End), it starts from the caret.
func (ed *editor) nextSpan(back bool) {
	w := ed.wb
	d := w.ses.Doc()
	if d == nil || len(d.Spans()) == 0 {
		w.setMessage("This document has no spans yet.")
		return
	}
	on := false
	if sp, ok := w.ses.Selected(); ok {
		on = selectionOn(w.view, sp)
	}
	caret, _ := w.view.Selection()
	if sp, ok := w.ses.NextSpan(back, caret, on); ok {
		w.selectSpan(sp.ID, true)
	}
}

// docStep opens the document delta places away in the list.
func (ed *editor) docStep(delta int) {
	w := ed.wb
	if id, ok := w.ses.Step(w.list.ids(), delta); ok {
		w.openDoc(id)
		return
	}
	if w.ses.Doc() == nil {
		return
	}
	if delta > 0 {
		w.setMessage("This is the last document in the list.")
	} else {
		w.setMessage("This is the first document in the list.")
	}
}

// doneAndNext marks the document done and opens the next one in the list
// that is not done, wrapping around.
func (ed *editor) doneAndNext() {
	w := ed.wb
	if w.ses.Doc() == nil {
		return
	}
	cur := w.ses.Doc().Info.ID
	if _, ok := w.ed.do(func() (edit.Outcome, error) { return w.ses.SetStatus(bg, annot.StatusDone) }); !ok {
		return
	}
	docs := w.list.shown()
	start := w.list.indexOf(cur)
	for k := 1; k <= len(docs); k++ {
		d := docs[(start+k+len(docs))%len(docs)]
		if d.ID != cur && d.Status != annot.StatusDone {
			w.openDoc(d.ID)
			w.list.refilterIfStatus()
			return
		}
	}
	w.list.refilterIfStatus()
	w.setMessage(fmt.Sprintf("Marked done. All %d documents in the list are done.", len(docs)))
}

// setStatus changes the open document's status (Document menu, header).
func (ed *editor) setStatus(st annot.Status) {
	w := ed.wb
	if w.ses.Doc() == nil || w.ses.Doc().Info.Status == st {
		return
	}
	w.ed.do(func() (edit.Outcome, error) { return w.ses.SetStatus(bg, st) })
	w.list.refilterIfStatus()
}

// undo reverts the annotator's last action (an edit or a rejection of a
// suggestion), in whichever document it was, and shows that document. In
// a text field Ctrl+Z undoes typing instead.
func (ed *editor) undo() {
	w := ed.wb
	w.ed.undoRedo(true)
}

func (ed *editor) redo() {
	w := ed.wb
	w.ed.undoRedo(false)
}

func (ed *editor) undoRedo(undo bool) {
	w := ed.wb
	if e, ok := w.win.Canvas().Focused().(*keyEntry); ok {
		if undo {
			e.Entry.TypedShortcut(&fyne.ShortcutUndo{})
		} else {
			e.Entry.TypedShortcut(&fyne.ShortcutRedo{})
		}
		return
	}
	if !w.ed.canWrite() {
		return
	}
	w.panel.commitNote()
	w.linker.cancelLink()
	var out edit.Outcome
	var err error
	if undo {
		out, err = w.ses.Undo(bg)
	} else {
		out, err = w.ses.Redo(bg)
	}
	switch {
	case err != nil:
		w.showError(err)
	case out.Waiting:
		w.setMessage(waitingMessage)
	default:
		ed.applied(out, nil)
	}
}

// afterLogAction brings the window up to date after an undo or redo (the
// session has read the open document again when the action was in it).
func (ed *editor) afterLogAction(a store.Action) {
	w := ed.wb
	w.live.ownWrite()
	w.ed.readProgress()
	if a.DocID == "" { // labels
		labels, err := w.st.Labels(bg)
		if err != nil {
			w.showError(err)
			return
		}
		w.takeLabels(labels)
		return
	}
	if d := w.ses.Doc(); d == nil || d.Info.ID != a.DocID {
		w.openDoc(a.DocID) // its list row follows
	} else {
		w.show(d, w.ses.SelectedID())
		if k := w.ses.SelectedKey(); k != "" && len(a.Rejections) > 0 {
			for _, sg := range w.ses.Suggestions() {
				if sg.Key == k {
					w.view.ScrollTo(sg.Start)
				}
			}
		}
	}
	w.list.refilterIfStatus()
}

// setLabels installs the project's label set in the views.
func (w *Workbench) setLabels(labels []annot.Label) {
	w.labels = labels
	w.colors = labelColors(labels)
	w.bar.refresh()
	if w.ses.Doc() != nil {
		w.view.SetMarks(w.marks())
	}
	w.panel.refresh()
}

// takeLabels is setLabels after the labels changed in the store: the open
// document is read again, since its spans carry renamed labels, and that
// redraws its marks and the panel once.
func (w *Workbench) takeLabels(labels []annot.Label) {
	if w.ses.Doc() == nil {
		w.setLabels(labels)
		return
	}
	w.labels, w.colors = labels, labelColors(labels)
	w.bar.refresh()
	w.reloadDoc(w.ses.Doc().Info.ID)
}

// spanLabels are the labels spans can carry, in label bar order.
func (w *Workbench) spanLabels() []annot.Label {
	var out []annot.Label
	for _, l := range w.labels {
		if l.Layer != annot.LayerRelation {
			out = append(out, l)
		}
	}
	return out
}

func (w *Workbench) focusView() {
	if f, ok := fyne.CanvasObject(w.view).(fyne.Focusable); ok && w.ses.Doc() != nil {
		w.win.Canvas().Focus(f)
		return
	}
	w.win.Canvas().Unfocus()
}

// updateTitle shows the document and the project file in the title bar.
func (w *Workbench) updateTitle() {
	t := "Spanbench"
	if w.path != "" {
		t = filepath.Base(w.path) + " (" + filepath.Dir(w.path) + ") — " + t
	}
	if w.ses.Doc() != nil {
		t = oneLine(w.ses.Doc().Info.Title, 80) + " — " + t
	}
	w.win.SetTitle(t)
}

// setMessage shows a one-line hint or outcome in the status bar.
func (w *Workbench) setMessage(msg string) { w.status.setMessage(msg) }

// showError reports a failed action. What the user can fix (nothing to
// undo, a span out of range) goes to the status bar, so typing is not
// interrupted; anything else (a busy or read-only project, a full disk)
// gets a dialog.
func (w *Workbench) showError(err error) {
	var h hint
	switch {
	case errors.As(err, &h):
		w.setMessage(string(h))
		return
	case errors.Is(err, edit.ErrLoading):
		w.setMessage("Not saved: this document's spans are still being read; try again in a moment.")
		return
	case errors.Is(err, edit.ErrNoText):
		w.setMessage("Select some text first (drag, Shift+arrows or Ctrl+F), then press a label key.")
		return
	case errors.Is(err, edit.ErrNoSpan):
		w.setMessage("No span selected: Tab to one or click it first.")
		return
	case errors.Is(err, edit.ErrWaiting):
		w.setMessage(waitingMessage)
		return
	case errors.Is(err, edit.ErrNoDocument), errors.Is(err, edit.ErrNoAssist):
		return
	}
	switch annot.KindOf(err) {
	case annot.KindNotFound, annot.KindInvalid:
		w.setMessage(capitalize(err.Error()))
		return
	}
	w.status.failed()
	w.dialogs.showErrorDialog(err)
}

// hint is a refusal the user mends (select a span first): the status
// bar says it.
type hint string

func (h hint) Error() string { return string(h) }

func hintf(format string, args ...any) error { return hint(fmt.Sprintf(format, args...)) }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// flushDoc commits what is still being typed (a note) and remembers the
// open document.
func (w *Workbench) flushDoc() {
	w.panel.commitNote()
	if w.ses.Doc() != nil && w.path != "" {
		w.prefs.SetString(prefLastDoc+w.path, w.ses.Doc().Info.ID)
	}
}

// flush saves everything pending; it runs on every way out (close button,
// Ctrl+Q, the Quit menu, SIGTERM through the app's stop hook).
func (w *Workbench) flush() {
	w.flushDoc()
	if s := w.win.Canvas().Size(); s.Width >= 400 && s.Height >= 300 {
		w.prefs.SetFloat(prefWinW, float64(s.Width))
		w.prefs.SetFloat(prefWinH, float64(s.Height))
	}
}

// onDropped imports files dropped on the window, after the usual preview.
func (fl *files) onDropped(_ fyne.Position, uris []fyne.URI) {
	w := fl.wb
	if w.st == nil {
		return
	}
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		w.files.showImport(paths)
	}
}

func (w *Workbench) onClose() {
	w.flush()
	w.closeProject()
	w.win.Close()
}

func (w *Workbench) onQuit() {
	w.flush()
	w.closeProject()
	w.quit()
}

// loadingView is shown while a project opens.
func loadingView(path string) fyne.CanvasObject {
	bar := widget.NewProgressBarInfinite()
	return container.NewCenter(container.NewVBox(widget.NewLabel("Opening "+path+" …"), bar))
}
