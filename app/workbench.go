package app

import (
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/app/article"
	"spanbench/assets"
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

	// The open document (nil: none) and what is selected in it.
	doc     *openDoc
	loadGen int    // counts document opens; a stale background read is dropped
	openGen int    // counts project opens; a stale one is closed, not shown
	selSpan string // the outlined span, "" for none
	link    *linkMode
	relate  *relatePicker // Ctrl+R's choice of relation label (relate.go)
	adj     *adjudication // the adjudication mode, while on (adjudicate.go)

	// Views.
	list   *docList
	view   *article.View
	header *docHeader
	panel  *panel
	bar    *labelBar
	status *statusBar
	find   *findBar
	help   *helpOverlay
	main   fyne.CanvasObject
	conc   *concordance // the span search, once opened (concordance.go)
	guide  *guidelines  // the guidelines pane (guidelines.go)
	// side holds the panel, and the guidelines under it while shown.
	side    *fyne.Container
	panelUI fyne.CanvasObject

	// countRows are the label counts last shown (counts.go).
	countRows []countRow

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
	// hist orders rejections of suggestions among the edits, for undo.
	hist history

	// live follows other processes' commits to the project (live.go).
	live live

	// busy says why edits must wait ("an import is running"); "" when not.
	busy string

	// Extension point for suggestions and lints (see assist.go).
	assistant Assistant
	assist    assistState
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
	wb.quit = a.Quit
	applyTheme(a, wb.prefs.StringWithFallback(prefTheme, themeSystem))

	wb.view = article.New()
	wb.view.SetSnapWords(wb.prefs.BoolWithFallback(prefSnapWords, true))
	wb.view.SetTextSize(float32(wb.prefs.Float(prefTextSize)))
	wb.view.OnSelectionChanged = wb.onSelectionChanged
	wb.view.OnMarkTapped = wb.onMarkTapped
	wb.view.OnAddFragment = wb.addFragment
	wb.view.OnTypedRune = wb.onTypedRune
	wb.view.OnTypedKey = wb.onTypedKey
	wb.view.OnShortcut = wb.onShortcut
	wb.modifiers = wb.view.HeldModifiers

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
	w.SetMainMenu(wb.buildMenu())
	wb.bindKeys()
	w.SetCloseIntercept(wb.onClose)
	w.SetOnDropped(wb.onDropped)
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
	w.openErr = nil
	w.setLabels(p.labels)
	w.win.SetContent(w.main)
	w.rememberProject(path)
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
	if w.guide.shown { // the other project's guidelines
		w.guide.editing = false
		w.guide.layout()
		w.guide.load()
	}
	w.startLive(p.version, p.last)
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
	w.assist.cancel()
	w.stopLive()
	w.st.Close()
	w.st, w.doc, w.selSpan, w.link = nil, nil, "", nil
	w.hist.reset()
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
	w.doc, w.selSpan = nil, ""
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
		b, err := w.st.Bundle(bg, id)
		if err != nil {
			w.showError(err)
			return false
		}
		w.show(newOpenDoc(b, nil), "")
	} else {
		doc, err := w.st.Document(bg, id)
		if err != nil {
			w.showError(err)
			return false
		}
		d := newOpenDoc(annot.Bundle{Doc: doc}, nil)
		d.loading, d.info.Counts = true, info.Counts // the list row and status bar count them already
		w.show(d, "")
		w.loadSpans(d)
	}
	w.prefs.SetString(prefLastDoc+w.path, id)
	w.focusView()
	return true
}

// loadSpans reads a big document's spans and relations in the background
// and shows them, unless another document was opened meanwhile.
func (w *Workbench) loadSpans(d *openDoc) {
	gen, st, id := w.loadGen, w.st, d.info.ID
	w.setMessage(fmt.Sprintf("Reading %d spans…", d.info.Counts.Total()))
	w.jobs.Go(func() func() {
		spans, err := st.Spans(bg, id)
		var rels []annot.Relation
		if err == nil {
			rels, err = st.Relations(bg, id)
		}
		return func() {
			if gen != w.loadGen || w.doc != d {
				return
			}
			if err != nil {
				w.showError(err)
				return
			}
			d.spans, d.rels, d.loading, d.byID = spans, rels, false, nil
			d.entRev++
			d.info.Counts = d.counts()
			w.list.showDoc(d.info)
			w.view.SetMarks(w.marks())
			w.panel.refresh()
			w.status.refresh()
			w.setMessage("")
			w.startAssist()
		}
	})
}

// show puts d in the views, keeping span keep selected when it still exists.
func (w *Workbench) show(d *openDoc, keep string) {
	w.cancelLink()
	same := w.doc != nil && w.doc.info.ID == d.info.ID
	w.doc = d
	w.selSpan = ""
	if !same {
		w.assist.clear()
		w.view.SetText(d.ix.Text(), d.ix)
	}
	w.view.SetMarks(w.marks())
	if _, _, ok := d.find(keep); ok {
		w.selSpan = keep
	}
	w.outlineSelected()
	w.list.showDoc(d.info)
	if !same {
		w.list.selectOpen()
	}
	w.header.refresh()
	w.panel.refresh()
	w.status.refresh()
	w.updateTitle()
	w.startAssist()
	w.followAdjudication()
}

// reloadDoc reads document id again from the store (after an undo, which
// may change anything in it) and shows it.
func (w *Workbench) reloadDoc(id string) {
	if w.doc == nil || w.doc.info.ID != id {
		w.openDoc(id)
		return
	}
	b, err := w.st.Bundle(bg, id)
	if err != nil {
		w.showError(err)
		return
	}
	w.show(newOpenDoc(b, w.doc.ix), w.selSpan)
}

// edit applies c to the open document as one undoable action and updates
// the views from what the store returns. The first edit of a document
// still to do marks it in progress, in the same action.
func (w *Workbench) edit(summary string, c store.Change) (store.Result, bool) {
	if w.doc == nil || w.st == nil {
		return store.Result{}, false
	}
	// A refused edit puts the header and panel back to what is stored
	// (a status picked, a radio or speaker chosen); a note being typed
	// stays in its entry, pending.
	refused := func() (store.Result, bool) {
		w.header.refresh()
		w.panel.showSelection()
		return store.Result{}, false
	}
	if !w.canWrite() {
		return refused()
	}
	if w.doc.loading {
		w.setMessage("Not saved: this document's spans are still being read; try again in a moment.")
		return refused()
	}
	touches := len(c.Create)+len(c.Update)+len(c.Delete)+len(c.Link)+len(c.Unlink) > 0
	if c.Status == "" && touches && w.doc.info.Status == annot.StatusTodo {
		c.Status = annot.StatusInProgress
	}
	res, err := w.st.Apply(bg, w.annotator, w.doc.info.ID, summary, c)
	if err != nil {
		w.showError(err)
		return refused()
	}
	w.live.wrote++
	d := w.doc
	// The marks to redraw: the spans changed, and the quotes and claims
	// whose speakers' names change with them.
	var touched []string
	seen := map[string]bool{}
	touch := func(id string) {
		if !seen[id] {
			seen[id] = true
			touched = append(touched, id)
		}
	}
	for _, id := range c.Unlink {
		for _, r := range d.rels {
			if r.ID == id {
				touch(r.From)
			}
		}
		d.unlink(id)
	}
	for _, id := range c.Delete {
		touch(id)
		for _, r := range d.touching(id) {
			touch(r.From)
		}
		d.remove(id)
		if id == w.selSpan {
			w.selSpan = ""
		}
	}
	for _, sp := range res.Spans {
		touch(sp.ID)
		for _, r := range d.rels {
			if r.To == sp.ID {
				touch(r.From)
			}
		}
		d.put(sp)
	}
	for _, r := range res.Relations {
		touch(r.From)
	}
	d.rels = append(d.rels, res.Relations...)
	if c.Status != "" && c.Status != d.info.Status {
		d.info.Status = c.Status
		w.progress, _ = w.st.Progress(bg)
	}
	w.view.UpdateMarks(markChanges(d, touched, w.colors))
	w.outlineSelected()
	w.list.showDoc(d.info)
	w.header.refresh()
	w.panel.refresh()
	w.status.saved(summary)
	w.hist.logged()
	w.startAssist()
	w.followAdjudication()
	return res, true
}

// canWrite reports whether the project takes a write now. While a long
// job (an import) writes, it says so in the status bar and returns false:
// every write from the UI asks first, since it would otherwise wait on the
// job's transaction on the UI goroutine.
func (w *Workbench) canWrite() bool {
	if w.st == nil {
		return false
	}
	if w.busy != "" {
		w.setMessage("Not saved: " + w.busy + "; try again when it is finished.")
		return false
	}
	return true
}

// selected returns the outlined span.
func (w *Workbench) selected() (annot.Span, bool) {
	if w.doc == nil || w.selSpan == "" {
		return annot.Span{}, false
	}
	sp, _, ok := w.doc.find(w.selSpan)
	return sp, ok
}

// selectSpan outlines span id ("" for none) and shows it in the panel;
// with reveal, the text selection becomes the span and the view scrolls
// to it.
func (w *Workbench) selectSpan(id string, reveal bool) {
	w.panel.commitNote()
	w.selSpan = id
	w.assist.selected = ""
	w.outlineSelected()
	if sp, ok := w.selected(); ok && reveal {
		w.view.SetSelection(sp.Start, sp.End)
		w.view.ScrollTo(sp.Start)
	}
	w.panel.showSelection()
	w.status.refresh()
}

func (w *Workbench) onSelectionChanged(start, end int) {
	w.status.refreshSelection()
}

func (w *Workbench) onMarkTapped(id string) {
	if w.link != nil {
		if id != "" {
			w.linkTo(id)
		}
		return
	}
	if w.assist.has(id) {
		w.selectSuggestion(id)
		return
	}
	w.selectSpan(id, false)
}

// labelByKey returns the span label bound to key ("1".."9").
func (w *Workbench) labelByKey(key string) (annot.Label, bool) {
	for _, l := range w.labels {
		if l.Key == key && l.Layer != annot.LayerRelation {
			return l, true
		}
	}
	return annot.Label{}, false
}

// applyLabel is what a label key or label bar button does: with a span
// selected and no other text selected, it changes the span's label;
// otherwise it makes the selected text a new span. Selections are trimmed
// of surrounding white space and snapped to whole characters; an existing
// span with the same extent and label is selected instead of doubled.
func (w *Workbench) applyLabel(l annot.Label) {
	if w.doc == nil {
		return
	}
	w.cancelLink()
	s, e := w.view.Selection()
	if sp, ok := w.selected(); ok && (s == e || (s == sp.Start && e == sp.End)) {
		w.relabel(sp, l)
		return
	}
	if ts, te := w.doc.ix.TrimSpace(s, e); ts < te && (ts != s || te != e) {
		// The selection becomes what is labelled, so the status bar's
		// "selected s–e" and the keyboard's next extension start there.
		w.view.SetSelection(ts, te)
	}
	s, e = w.doc.ix.TrimSpace(s, e)
	if s >= e {
		w.setMessage("Select some text first (drag, Shift+arrows or Ctrl+F), then press a label key.")
		return
	}
	spans := w.doc.spans
	for i := sort.Search(len(spans), func(i int) bool { return spans[i].Start >= s }); i < len(spans) && spans[i].Start == s; i++ {
		if sp := spans[i]; sp.End == e && sp.Label == l.Name && sp.Layer == l.Layer && len(sp.Fragments) == 0 {
			w.selectSpan(sp.ID, false)
			return
		}
	}
	sp := annot.Span{Start: s, End: e, Layer: l.Layer, Label: l.Name}
	res, ok := w.edit(fmt.Sprintf("add %s %q", l.Name, oneLine(w.doc.ix.Slice(s, e), 40)), store.Change{Create: []annot.Span{sp}})
	if ok && len(res.Spans) > 0 {
		w.selectSpan(res.Spans[0].ID, false)
	}
}

// relabel changes a span's label, moving it to the label's layer; links
// the new layer cannot carry are converted or removed in the same action,
// and attributes of the old layer are dropped.
func (w *Workbench) relabel(sp annot.Span, l annot.Label) {
	if sp.Label == l.Name && sp.Layer == l.Layer {
		return
	}
	unlink, link := relinkFor(w.doc, sp, l.Layer)
	old := sp.Label
	if sp.Layer != l.Layer && len(sp.Attrs) > 0 {
		attrs := map[string]string{}
		for k, v := range sp.Attrs {
			if (k == attrKind && l.Layer != annot.LayerQuote) || (k == attrCheckworthy && l.Layer != annot.LayerClaim) {
				continue
			}
			attrs[k] = v
		}
		sp.Attrs = attrs
	}
	sp.Layer, sp.Label = l.Layer, l.Name
	sp.Annotator = w.annotator
	if _, ok := w.edit(fmt.Sprintf("relabel %s to %s", old, l.Name), store.Change{Unlink: unlink, Update: []annot.Span{sp}, Link: link}); ok && len(unlink) > len(link) {
		w.setMessage(fmt.Sprintf("Relabelled %s to %s; %d link(s) that a %s cannot have were removed (Ctrl+Z brings them back).", old, l.Name, len(unlink)-len(link), l.Layer))
	}
}

// deleteSelected removes the outlined span and its links.
func (w *Workbench) deleteSelected() {
	sp, ok := w.selected()
	if !ok {
		if w.assist.selected != "" {
			w.rejectSuggestion()
			return
		}
		w.setMessage("No span selected: Tab to one or click it, then Delete.")
		return
	}
	// The caret stays where the span was, so Tab goes on to the next one.
	if _, ok := w.edit(fmt.Sprintf("delete %s %q", sp.Label, oneLine(w.doc.ix.Slice(sp.Start, sp.End), 40)), store.Change{Delete: []string{sp.ID}}); ok {
		w.selectSpan("", false)
		w.view.SetSelection(sp.Start, sp.Start)
	}
}

// addFragment adds [start, end) to the selected span, making it
// discontinuous (the "+" key, and Ctrl+drag in the article view). The new
// fragment stays selected; text already in the span adds nothing (a second
// + would otherwise join the pieces over what lies between them).
func (w *Workbench) addFragment(start, end int) {
	sp, ok := w.selected()
	if !ok {
		w.setMessage("Select a span first (Tab or click), then select more text and press +.")
		return
	}
	start, end = w.doc.ix.TrimSpace(start, end)
	if start >= end {
		w.setMessage("Select the text to add to the span, then press +.")
		return
	}
	if inPieces(sp, start, end) {
		w.setMessage(fmt.Sprintf("That text is already in the %s; select text outside it, then press +.", sp.Label))
		return
	}
	nsp := addFragment(sp, start, end)
	nsp.Annotator = w.annotator
	if _, ok := w.edit(fmt.Sprintf("add fragment to %s", sp.Label), store.Change{Update: []annot.Span{nsp}}); ok {
		w.view.SetSelection(start, end)
	}
}

// nextSpan moves the span selection forward (or back) in document order;
// with no span selected, or the caret moved away from it (PageDown, a
// click, Ctrl+End), it starts from the caret.
func (w *Workbench) nextSpan(back bool) {
	if w.doc == nil || len(w.doc.spans) == 0 {
		w.setMessage("This document has no spans yet.")
		return
	}
	spans := w.doc.spans
	i := -1
	if sp, j, ok := w.doc.find(w.selSpan); ok && selectionOn(w.view, sp) {
		i = j
		if back {
			i--
		} else {
			i++
		}
	} else {
		caret, _ := w.view.Selection()
		if back {
			for i = len(spans) - 1; i >= 0 && spans[i].Start >= caret; i-- {
			}
		} else {
			for i = 0; i < len(spans) && spans[i].Start < caret; i++ {
			}
		}
	}
	n := len(spans)
	i = ((i % n) + n) % n
	w.selectSpan(spans[i].ID, true)
}

// docStep opens the document delta places away in the list.
func (w *Workbench) docStep(delta int) {
	if w.doc == nil {
		if len(w.list.docs) > 0 {
			w.openDoc(w.list.docs[0].ID)
		}
		return
	}
	i := w.list.indexOf(w.doc.info.ID) + delta
	if i < 0 || i >= len(w.list.docs) {
		if delta > 0 {
			w.setMessage("This is the last document in the list.")
		} else {
			w.setMessage("This is the first document in the list.")
		}
		return
	}
	w.openDoc(w.list.docs[i].ID)
}

// doneAndNext marks the document done and opens the next one in the list
// that is not done, wrapping around.
func (w *Workbench) doneAndNext() {
	if w.doc == nil {
		return
	}
	cur := w.doc.info.ID
	if w.doc.info.Status != annot.StatusDone {
		if _, ok := w.edit("mark done", store.Change{Status: annot.StatusDone}); !ok {
			return
		}
	}
	docs := w.list.docs
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
func (w *Workbench) setStatus(st annot.Status) {
	if w.doc == nil || w.doc.info.Status == st {
		return
	}
	w.edit("mark "+string(st), store.Change{Status: st})
	w.list.refilterIfStatus()
}

// undo reverts the annotator's last action, in whichever document it was,
// and shows that document. In a text field Ctrl+Z undoes typing instead.
func (w *Workbench) undo() { w.undoRedo(true) }

func (w *Workbench) redo() { w.undoRedo(false) }

func (w *Workbench) undoRedo(undo bool) {
	if e, ok := w.win.Canvas().Focused().(*keyEntry); ok {
		if undo {
			e.Entry.TypedShortcut(&fyne.ShortcutUndo{})
		} else {
			e.Entry.TypedShortcut(&fyne.ShortcutRedo{})
		}
		return
	}
	if !w.canWrite() {
		return
	}
	w.panel.commitNote()
	w.cancelLink()
	var a store.Action
	var rej *rejection
	run := func(r *rejection) (err error) {
		if rej = r; r != nil {
			return w.replayRejection(r, undo)
		}
		if undo {
			a, err = w.st.Undo(bg, w.annotator)
		} else {
			a, err = w.st.Redo(bg, w.annotator)
		}
		return err
	}
	var err error
	if undo {
		err = w.hist.undo(run)
	} else {
		err = w.hist.redo(run)
	}
	if err != nil {
		w.showError(err)
		return
	}
	if rej != nil {
		return
	}
	w.afterLogAction(a)
	w.status.saved(a.Summary)
	w.setMessage(capitalize(a.Summary))
}

// afterLogAction brings the window up to date after an undo or redo.
func (w *Workbench) afterLogAction(a store.Action) {
	w.live.wrote++
	w.progress, _ = w.st.Progress(bg)
	if a.DocID == "" { // labels
		if labels, err := w.st.Labels(bg); err == nil {
			w.takeLabels(labels)
		}
		return
	}
	w.reloadDoc(a.DocID) // its list row follows
	w.list.refilterIfStatus()
}

// setLabels installs the project's label set in the views.
func (w *Workbench) setLabels(labels []annot.Label) {
	w.labels = labels
	w.colors = labelColors(labels)
	w.bar.refresh()
	if w.doc != nil {
		w.view.SetMarks(w.marks())
	}
	w.panel.refresh()
}

// takeLabels is setLabels after the labels changed in the store: the open
// document is read again, since its spans carry renamed labels, and that
// redraws its marks and the panel once.
func (w *Workbench) takeLabels(labels []annot.Label) {
	if w.doc == nil {
		w.setLabels(labels)
		return
	}
	w.labels, w.colors = labels, labelColors(labels)
	w.bar.refresh()
	w.reloadDoc(w.doc.info.ID)
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
	if f, ok := fyne.CanvasObject(w.view).(fyne.Focusable); ok && w.doc != nil {
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
	if w.doc != nil {
		t = oneLine(w.doc.info.Title, 80) + " — " + t
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
	switch annot.KindOf(err) {
	case annot.KindNotFound, annot.KindInvalid:
		w.setMessage(capitalize(err.Error()))
		return
	}
	w.status.failed()
	w.showErrorDialog(err)
}

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
	if w.doc != nil && w.path != "" {
		w.prefs.SetString(prefLastDoc+w.path, w.doc.info.ID)
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
func (w *Workbench) onDropped(_ fyne.Position, uris []fyne.URI) {
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
		w.showImport(paths)
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
