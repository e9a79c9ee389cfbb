package app

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/annot/adjudicate"
	"spanbench/annot/agree"
	"spanbench/app/article"
	"spanbench/store"
)

// The window's adjudication mode (Ctrl+Shift+J): the open document's
// coders side by side, their disagreements listed, each settled by a key
// into the gold version. The rules (what disagrees, what the pre-merge
// takes, what a decision writes, provenance) are annot/adjudicate's; the
// writes are store/adjudicate.go's, one undoable action each. This view
// only shows them and turns keys into those calls.

// adjHost is what the adjudication view needs from the window.
type adjHost struct {
	st        *store.Store
	annotator string
	view      *article.View                 // the article: the view draws its marks there
	colors    func() map[string]color.NRGBA // label colours ("layer/label"), for gold spans
	wrote     func(docID, summary string)   // after a write: read the document again, as after any edit
	// write does a store write without waiting on the project's file lock
	// on the UI goroutine (editor.write); done runs once it is stored.
	write     func(write func(ctx context.Context) error, done func(error)) bool
	message   func(string)
	showError func(error)
	run       func(work func() (show func())) // background work, shown on the UI goroutine
	focus     func()                          // give the keyboard back to the article
}

// coderColors tell the coders apart in the article and the pane
// (Okabe–Ito's colour-blind-safe palette, unlike the label colours).
var coderColors = []color.NRGBA{
	{0x00, 0x72, 0xb2, 0xff}, // blue
	{0xd5, 0x5e, 0x00, 0xff}, // vermillion
	{0x00, 0x9e, 0x73, 0xff}, // bluish green
	{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	{0xe6, 0x9f, 0x00, 0xff}, // orange
	{0x56, 0xb4, 0xe9, 0xff}, // sky blue
}

func coderColor(i int) color.NRGBA { return coderColors[i%len(coderColors)] }

// adjudication is the adjudication pane and what it shows of one document.
type adjudication struct {
	host      adjHost
	docID     string
	threshold int // coders who must agree for the pre-merge; 0: all

	// Read from the store by load.
	doc      agree.Doc            // the document by coder, gold included
	ix       *annot.Index         // its text
	an       *adjudicate.Analysis // nil: fewer than two coders
	cur      int                  // the current disagreement, an index into an.Disagreements
	curKey   string
	docFig   map[string]agree.Value // span F1 (exact) per "layer/label", this document
	projFig  map[string]agree.Value // the same over the project; nil until read
	projLeft map[string]int         // disagreements left per document of the project; nil until read
	projAdj  map[string]bool        // documents marked adjudicated
	projErr  error
	gen      int // counts project reads; a stale one is dropped
	stale    bool
	left     bool              // the window left the mode: a write that waited redraws nothing here
	restore  fyne.CanvasObject // what the window's side showed before

	box          *fyne.Container
	title        *widget.Label
	thresh       *widget.Select
	threshRow    *fyne.Container
	legend       *fyne.Container
	progress     *widget.Label // this document
	projProgress *widget.Label
	list         *keyList
	detail       *fyne.Container
	hint         *widget.Label
	markBtn      *widget.Button
	table        *fyne.Container
	tableNote    *widget.Label
}

func newAdjudication(h adjHost) *adjudication {
	a := &adjudication{host: h}
	a.buildUI()
	return a
}

// buildUI makes the pane: legend and progress on top, the disagreements,
// then the current one's versions, the keys and the agreement table.
func (a *adjudication) buildUI() fyne.CanvasObject {
	a.title = boldLabel("Adjudication")
	a.thresh = widget.NewSelect(nil, a.onThreshold)
	a.legend = container.NewHBox()
	a.progress = widget.NewLabel("")
	a.progress.Truncation = fyne.TextTruncateEllipsis
	a.projProgress = widget.NewLabel("")
	a.projProgress.Truncation = fyne.TextTruncateEllipsis
	a.list = newKeyList(a.rowCount, a.createRow, a.updateRow)
	a.list.OnSelected = a.onRowSelected
	a.list.onRune = func(r rune) { a.typedRune(r) }
	a.list.onKey = func(ev *fyne.KeyEvent) bool {
		switch ev.Name {
		case fyne.KeyDown:
			a.step(1)
		case fyne.KeyUp:
			a.step(-1)
		case fyne.KeyEscape:
			a.host.focus()
		default:
			return false
		}
		return true
	}
	a.detail = container.NewVBox()
	a.hint = widget.NewLabel("")
	a.hint.Wrapping = fyne.TextWrapWord
	a.hint.Importance = widget.LowImportance
	a.markBtn = widget.NewButton("Mark adjudicated (M)", func() { a.mark(); a.host.focus() })
	a.table = container.NewVBox()
	a.tableNote = widget.NewLabel("")
	a.tableNote.Wrapping = fyne.TextWrapWord
	a.tableNote.Importance = widget.LowImportance

	a.threshRow = container.NewBorder(nil, nil, widget.NewLabel("Pre-merge when"), nil, a.thresh)
	top := container.NewVBox(a.title, a.threshRow, a.legend, a.progress, a.projProgress)
	// The agreement table stays in view under the list and the current
	// disagreement's versions.
	figures := container.NewVBox(widget.NewSeparator(), boldLabel("Coders' agreement (span F1, exact)"), a.table, a.tableNote,
		lowLabel("spanbench agree: κ, α, αU, γ, links"))
	split := container.NewVSplit(a.list, container.NewVScroll(container.NewVBox(a.detail, a.hint, container.NewHBox(a.markBtn))))
	split.SetOffset(0.4)
	a.box = container.New(fixedWidth(panelWidth), container.NewBorder(top, figures, nil, nil, split))
	return a.box
}

// active reports whether the open document has coders to adjudicate.
func (a *adjudication) active() bool { return a != nil && a.an != nil }

// open shows document id: it reads it and writes its pre-merge (what the
// coders agree on) as gold. The project's figures, read when the mode
// starts (readProject), stay: this document's part of them is counted live.
func (a *adjudication) open(id string) {
	a.docID, a.cur, a.curKey = id, 0, ""
	if err := a.load(); err != nil {
		a.host.showError(err)
	}
	a.docFigures()
	if a.an != nil && !a.an.Merge.Empty() {
		a.preMerge()
	}
	a.show()
}

// refresh reads the document again (after a decision, an undo or another
// process's change) and shows it, keeping the current disagreement.
func (a *adjudication) refresh() {
	if err := a.load(); err != nil {
		a.host.showError(err)
	}
	a.show()
}

// load reads the document and its analysis.
func (a *adjudication) load() error {
	a.stale = false
	a.an = nil
	d, err := a.host.st.CodedDocument(bg, a.docID)
	if err != nil {
		return err
	}
	an, err := store.AnalyseAdjudication(d, a.threshold)
	if err != nil {
		return err
	}
	if a.ix == nil || a.doc.ID != d.ID || a.ix.Text() != d.Text {
		a.ix = annot.NewIndex(d.Text)
	}
	a.doc = d
	if len(an.Coders) >= 2 {
		a.an = an
	}
	// The current disagreement stays current while it is left; once
	// decided, the one after it (now at its place) is.
	if a.an != nil {
		for i, dis := range a.an.Disagreements {
			if dis.Key == a.curKey {
				a.cur = i
			}
		}
		a.cur = max(0, min(a.cur, len(a.an.Disagreements)-1))
		a.curKey = ""
		if a.cur < len(a.an.Disagreements) {
			a.curKey = a.an.Disagreements[a.cur].Key
		}
	}
	return nil
}

// current returns the current disagreement.
func (a *adjudication) current() (adjudicate.Disagreement, bool) {
	if !a.active() || a.cur >= len(a.an.Disagreements) {
		return adjudicate.Disagreement{}, false
	}
	return a.an.Disagreements[a.cur], true
}

// coderIndex is a coder's number in the pane, from 0.
func (a *adjudication) coderIndex(c string) int {
	for i, x := range a.an.Coders {
		if x == c {
			return i
		}
	}
	return -1
}

// show puts the state in the pane and the marks in the article.
func (a *adjudication) show() {
	a.showThreshold()
	a.legend.RemoveAll()
	if !a.active() {
		n := 0
		for _, c := range a.doc.Coders {
			if c != adjudicate.Gold {
				n++
			}
		}
		a.progress.SetText(fmt.Sprintf("This document has %s: nothing to adjudicate.", plural(n, "coder", "coders")))
		a.projProgress.SetText("")
		a.list.Refresh()
		a.detail.RemoveAll()
		a.hint.SetText("Alt+↓ opens the next document; Ctrl+Shift+J leaves adjudication.")
		a.markBtn.Hide()
		a.fillTable()
		return
	}
	for i, c := range a.an.Coders {
		a.legend.Add(container.NewHBox(container.NewCenter(swatch(coderColor(i))), widget.NewLabel(fmt.Sprintf("%d %s", i+1, c))))
	}
	a.showProgress()
	a.list.Refresh()
	if a.cur < len(a.an.Disagreements) {
		a.list.Select(a.cur)
		a.list.ScrollTo(a.cur)
	} else {
		a.list.UnselectAll()
	}
	a.fillDetail()
	a.fillTable()
	a.host.view.SetMarks(a.marks())
	if d, ok := a.current(); ok {
		a.host.view.SetSelection(d.Start, d.End)
		a.host.view.ScrollTo(d.Start)
	}
}

// showThreshold offers "all coders", then k of n for every k from 2; with
// two coders there is no choice and it hides.
func (a *adjudication) showThreshold() {
	n := 0
	if a.active() {
		n = len(a.an.Coders)
	}
	opts := []string{"all agree"}
	for k := n - 1; k >= 2; k-- {
		opts = append(opts, fmt.Sprintf("%d of %d agree", k, n))
	}
	a.thresh.Options = opts
	sel := opts[0]
	if a.threshold >= 2 && a.threshold < n {
		sel = fmt.Sprintf("%d of %d agree", a.threshold, n)
	}
	a.thresh.Selected = sel // not SetSelected: that would write a pre-merge
	a.thresh.Refresh()
	if len(opts) == 1 {
		a.threshRow.Hide()
	} else {
		a.threshRow.Show()
	}
}

// onThreshold takes a new threshold and pre-merges what it lets through.
func (a *adjudication) onThreshold(opt string) {
	k := 0
	fmt.Sscanf(opt, "%d of", &k)
	if k == a.threshold || !a.active() {
		return
	}
	a.threshold = k
	a.refresh()
	a.preMerge()
	a.readProject()
	a.host.focus()
}

// showProgress says what is left here and in the project.
func (a *adjudication) showProgress() {
	an := a.an
	left := len(an.Disagreements)
	// One line each, truncated: wrapped labels at the top of a border
	// layout were laid out a line short.
	var here string
	switch {
	case left == 0 && an.Merge.Empty() && a.adjudicated():
		here = "This document is adjudicated."
	case left == 0 && an.Merge.Empty():
		here = fmt.Sprintf("All settled (%d decided): M marks it adjudicated.", an.Settled)
	default:
		here = fmt.Sprintf("Here: %s left, %d settled", plural(left, "disagreement", "disagreements"), an.Settled)
		if n := len(an.Merge.Create) + len(an.Merge.Link); n > 0 {
			here += fmt.Sprintf(", %d to pre-merge (G)", n)
		}
	}
	a.progress.SetText(here)
	switch {
	case a.projErr != nil:
		a.projProgress.SetText("Project: " + oneLineErr(a.projErr))
	case a.projLeft != nil:
		if _, ok := a.projLeft[a.docID]; ok {
			a.projLeft[a.docID], a.projAdj[a.docID] = left, a.adjudicated()
		}
		total, docs, adj := 0, 0, 0
		for id, n := range a.projLeft {
			total += n
			if n > 0 {
				docs++
			}
			if a.projAdj[id] {
				adj++
			}
		}
		a.projProgress.SetText(fmt.Sprintf("Project: %d left in %s, %d of %d adjudicated", total, plural(docs, "doc", "docs"), adj, len(a.projLeft)))
	default:
		a.projProgress.SetText("Project: counting…")
	}
	if left == 0 && an.Merge.Empty() && !a.adjudicated() {
		a.markBtn.Show()
	} else {
		a.markBtn.Hide()
	}
}

func (a *adjudication) adjudicated() bool {
	return strings.EqualFold(a.doc.Meta[store.MetaAdjudicated], "yes")
}

// readProject reads the project's progress and the coders' agreement per
// label in the background. Decisions change neither the coders' spans nor
// other documents, so both are read when the mode starts and when the
// threshold changes; the open document's part is counted live.
func (a *adjudication) readProject() {
	a.gen++
	gen, st, k := a.gen, a.host.st, a.threshold
	a.host.run(func() func() {
		prog, err := st.AdjudicationProgress(bg, store.AgreeFilter{}, k)
		var fig map[string]agree.Value
		if err == nil {
			var docs []agree.Doc
			if docs, err = st.CodedDocuments(bg, store.AgreeFilter{}); err == nil {
				fig = labelF1(docs)
			}
		}
		return func() {
			if gen != a.gen {
				return
			}
			a.projErr = err
			if err == nil {
				a.projLeft, a.projAdj, a.projFig = map[string]int{}, map[string]bool{}, fig
				for _, d := range prog {
					a.projLeft[d.ID] = d.Left
					a.projAdj[d.ID] = d.Adjudicated
				}
			}
			if a.active() {
				a.showProgress()
			}
			a.fillTable()
		}
	})
}

// docFigures measures the open document's coders.
func (a *adjudication) docFigures() {
	a.docFig = labelF1([]agree.Doc{a.doc})
}

// labelF1 is the coders' span F1 (exact match, pooled over pairs) per
// "layer/label" of every span layer in docs (gold left out).
func labelF1(docs []agree.Doc) map[string]agree.Value {
	out := map[string]agree.Value{}
	coders := store.AgreeCoders(docs)
	if len(coders) < 2 {
		return out
	}
	for _, l := range annot.SpanLayers {
		rep, err := agree.Project(docs, agree.Options{Layer: l, Coders: coders, NoGamma: true})
		if err != nil {
			continue
		}
		for label, f := range rep.PerLabel {
			out[string(l)+"/"+label] = f.SpanF1Exact
		}
	}
	return out
}

// fillTable shows the agreement per label, one compact row each: the
// label, then this document's figure and the project's, each over a bar.
func (a *adjudication) fillTable() {
	keys := map[string]bool{}
	for k := range a.docFig {
		keys[k] = true
	}
	for k := range a.projFig {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	layerOf := func(k string) uint8 { return layerGroup(annot.Layer(k[:strings.Index(k, "/")])) }
	sort.Slice(sorted, func(i, j int) bool {
		if li, lj := layerOf(sorted[i]), layerOf(sorted[j]); li != lj {
			return li < lj
		}
		return sorted[i] < sorted[j]
	})
	fg, low := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNamePlaceHolder)
	var rows []fyne.CanvasObject
	if len(sorted) > 0 {
		rows = append(rows, container.New(figureRow{}, smallText("", fg), smallText("this doc", low), smallText("project", low)))
	}
	for _, k := range sorted {
		c, ok := a.host.colors()[k]
		if !ok {
			c = parseColor("")
		}
		name := container.NewHBox(container.NewCenter(swatch(c)), smallText(k[strings.Index(k, "/")+1:], fg))
		proj := fyne.CanvasObject(smallText("…", low))
		if a.projFig != nil {
			proj = newFigureBar(a.projFig[k], keyOr(a.projFig, k), c)
		}
		rows = append(rows, container.New(figureRow{}, name, newFigureBar(a.docFig[k], keyOr(a.docFig, k), c), proj))
	}
	a.table.Objects = rows
	a.table.Refresh()
	note := ""
	switch {
	case len(sorted) == 0:
		note = "No spans to compare yet."
	case a.projErr != nil:
		note = "Project figures: " + oneLineErr(a.projErr)
	}
	a.tableNote.SetText(note)
	a.tableNote.Hidden = note == ""
}

func keyOr(m map[string]agree.Value, k string) bool { _, ok := m[k]; return ok }

// smallText is a table cell's text, smaller than a label and unpadded.
func smallText(s string, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = theme.TextSize() * 0.9
	return t
}

// figureRow lays out a table row: the first object takes what the two
// figure columns (figureWidth each, on the right) leave.
type figureRow struct{}

const figureWidth = 64

func (figureRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objs[0].MinSize().Width+2*(figureWidth+theme.Padding())+theme.Padding(), h)
}

func (figureRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	col, pad := float32(figureWidth), theme.Padding()
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(max(0, size.Width-2*(col+pad)-pad), size.Height))
	for i, o := range objs[1:] {
		o.Move(fyne.NewPos(size.Width-pad-float32(2-i)*col-float32(1-i)*pad, 0))
		o.Resize(fyne.NewSize(col, size.Height))
	}
}

// newFigureBar is a value in [0, 1] over a bar of that fraction ("–" when
// undefined or absent).
func newFigureBar(v agree.Value, present bool, c color.NRGBA) fyne.CanvasObject {
	text := "–"
	frac := float32(0)
	if present && v.Defined() {
		f := float64(v)
		text = fmt.Sprintf("%.2f", f)
		frac = float32(math.Max(0, math.Min(1, f)))
	}
	track := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	fill := c
	fill.A = 0xd0
	bar := canvas.NewRectangle(fill)
	return container.New(&figureLayout{frac: frac}, track, bar, smallText(text, theme.Color(theme.ColorNameForeground)))
}

// figureLayout lays a figure's text over a track of the full width, and a
// bar of frac of it under the text.
type figureLayout struct{ frac float32 }

const barHeight = 4

func (b *figureLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[2].MinSize()
	return fyne.NewSize(s.Width, s.Height+barHeight+2)
}

func (b *figureLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := size.Height - barHeight - 1
	objs[0].Move(fyne.NewPos(0, y))
	objs[0].Resize(fyne.NewSize(size.Width, barHeight))
	objs[1].Move(fyne.NewPos(0, y))
	objs[1].Resize(fyne.NewSize(size.Width*b.frac, barHeight))
	objs[2].Move(fyne.NewPos(0, 0))
	objs[2].Resize(fyne.NewSize(size.Width, y))
}

// marks are what the article shows in the mode: gold spans in their label
// colours, and each coder's spans of the disagreements left in the
// coder's colour (the tooltip names coder, label and attributes).
func (a *adjudication) marks() []article.Mark {
	var out []article.Mark
	for _, sp := range a.doc.Spans[adjudicate.Gold] {
		c, ok := a.host.colors()[string(sp.Layer)+"/"+sp.Label]
		if !ok {
			c = parseColor("")
		}
		tip := "gold · " + sp.Label
		if from := sp.Attrs[adjudicate.AttrFrom]; from != "" {
			tip += " · from " + from
		}
		out = append(out, article.Mark{ID: sp.ID, Pieces: sp.Pieces(), Layer: sp.Layer, Label: sp.Label, Color: c, Tooltip: tip})
	}
	seen := map[string]bool{}
	for _, d := range a.an.Disagreements {
		for _, v := range d.Versions {
			for _, sp := range d.Shows(v) {
				if seen[sp.ID] {
					continue
				}
				seen[sp.ID] = true
				i := a.coderIndex(sp.Annotator)
				if i < 0 && len(v.Coders) > 0 {
					i = a.coderIndex(v.Coders[0])
				}
				out = append(out, article.Mark{ID: sp.ID, Pieces: sp.Pieces(), Layer: sp.Layer, Label: sp.Label, Color: coderColor(max(i, 0)),
					Tooltip: strings.Join(v.Coders, ", ") + " · " + spanWords(sp)})
			}
		}
	}
	return out
}

// spanWords is a span's label and the attributes coders compare.
func spanWords(sp annot.Span) string {
	return sp.Label + adjudicate.AttrWords(sp)
}

// versionText describes one version: its spans (label, text, attributes)
// or, for a link, its targets; "nothing" for a coder who marked nothing.
func (a *adjudication) versionText(d adjudicate.Disagreement, v adjudicate.Version, n int) string {
	spans, prefix := d.Shows(v), ""
	if d.Kind == adjudicate.Link {
		prefix = d.Relation + " → "
	}
	if len(spans) == 0 {
		return "nothing"
	}
	var parts []string
	for _, sp := range spans {
		text := snippet(a.ix, sp, n)
		if r, _ := utf8.DecodeRuneInString(text); !strings.ContainsRune("“\"«„‘'", r) {
			text = "“" + text + "”" // a quote's own marks need no more
		}
		parts = append(parts, prefix+spanWords(sp)+" "+text)
	}
	return strings.Join(parts, "; ")
}

// coderNumbers are a version's coders as the keys that take it: "1", "2,3".
func (a *adjudication) coderNumbers(v adjudicate.Version) string {
	var ns []string
	for _, c := range v.Coders {
		ns = append(ns, fmt.Sprint(a.coderIndex(c)+1))
	}
	return strings.Join(ns, ",")
}

func (a *adjudication) rowCount() int {
	if !a.active() {
		return 0
	}
	return len(a.an.Disagreements)
}

func (a *adjudication) createRow() fyne.CanvasObject {
	kind := boldLabel("")
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, kind, nil, text)
}

func (a *adjudication) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if !a.active() || i >= len(a.an.Disagreements) {
		return
	}
	d := a.an.Disagreements[i]
	c := o.(*fyne.Container)
	text, kind := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
	setText(kind, string(d.Kind))
	var parts []string
	for _, v := range d.Versions {
		parts = append(parts, a.coderNumbers(v)+": "+a.versionText(d, v, 24))
	}
	setText(text, strings.Join(parts, " | "))
}

// rowText is row i as the list shows it (tests read it).
func (a *adjudication) rowText(i int) string {
	o := a.createRow()
	a.updateRow(i, o)
	c := o.(*fyne.Container)
	return c.Objects[1].(*widget.Label).Text + " " + c.Objects[0].(*widget.Label).Text
}

func (a *adjudication) onRowSelected(i widget.ListItemID) {
	if !a.active() || i == a.cur || i >= len(a.an.Disagreements) {
		return
	}
	a.goTo(i)
}

// fillDetail lists the current disagreement's versions, each with the
// key that takes it.
func (a *adjudication) fillDetail() {
	a.detail.RemoveAll()
	d, ok := a.current()
	if !ok {
		a.hint.SetText("Ctrl+Z undoes the last decision; Ctrl+Shift+J leaves adjudication.")
		return
	}
	where := fmt.Sprintf("%d of %d · %s %s · %d–%d", a.cur+1, len(a.an.Disagreements), d.Kind, d.Layer, d.Start, d.End)
	a.detail.Add(boldLabel(where))
	for _, v := range d.Versions {
		i := a.coderIndex(v.Coders[0])
		l := widget.NewLabel(a.coderNumbers(v) + " " + strings.Join(v.Coders, ", ") + ": " + a.versionText(d, v, 120))
		l.Wrapping = fyne.TextWrapWord
		a.detail.Add(container.NewBorder(nil, nil, container.NewVBox(swatch(coderColor(i))), nil, l))
	}
	a.hint.SetText(fmt.Sprintf("J/K next/previous · 1–%d take that coder's version · A take all · D drop · Ctrl+Z undo · Ctrl+Shift+J leave. "+
		"Coders' spans are drawn in their colours, gold spans in their labels'.", len(a.an.Coders)))
}

// step moves to the next (delta 1) or previous (-1) disagreement,
// wrapping around.
func (a *adjudication) step(delta int) {
	if !a.active() {
		return
	}
	n := len(a.an.Disagreements)
	if n == 0 {
		a.host.message("No disagreement left in this document.")
		return
	}
	a.goTo(((a.cur+delta)%n + n) % n)
}

func (a *adjudication) goTo(i int) {
	a.cur = i
	a.curKey = a.an.Disagreements[i].Key
	a.list.Select(i)
	a.list.ScrollTo(i)
	a.fillDetail()
	d := a.an.Disagreements[i]
	a.host.view.SetSelection(d.Start, d.End)
	a.host.view.ScrollTo(d.Start)
}

// typedRune handles the mode's keys; false when the mode is off (or the
// key is F1's "?"), so the window handles it. In the mode every other
// character is swallowed: a label key would add the adjudicator's own
// span, not gold.
func (a *adjudication) typedRune(r rune) bool {
	if !a.active() || r == '?' {
		return false
	}
	switch unicode.ToLower(r) {
	case 'j', 'n':
		a.step(1)
	case 'k', 'p':
		a.step(-1)
	case 'a', 'b':
		a.decide(adjudicate.TakeAll, "")
	case 'd':
		a.decide(adjudicate.Drop, "")
	case 'g':
		a.preMerge()
	case 'm':
		a.mark()
	default:
		if r >= '1' && r <= '9' {
			if i := int(r - '1'); i < len(a.an.Coders) {
				a.decide(adjudicate.Take, a.an.Coders[i])
			} else {
				a.host.message(fmt.Sprintf("There is no coder %c: this document has %d.", r, len(a.an.Coders)))
			}
			return true
		}
		a.host.message(fmt.Sprintf("Adjudicating: J/K move, 1–%d take a coder's version, A all, D drop, M mark adjudicated; Ctrl+Shift+J leaves.", len(a.an.Coders)))
	}
	return true
}

// decide settles the current disagreement as one undoable action.
func (a *adjudication) decide(choice adjudicate.Choice, coder string) {
	d, ok := a.current()
	if !ok {
		a.host.message("No disagreement left in this document; M marks it adjudicated.")
		return
	}
	e, err := a.an.Decide(d, choice, coder)
	if err != nil {
		a.host.message(capitalize(err.Error()))
		return
	}
	what := map[adjudicate.Choice]string{adjudicate.Take: "take " + coder + "'s version of", adjudicate.TakeAll: "take every version of",
		adjudicate.Drop: "drop"}[choice]
	summary := fmt.Sprintf("adjudicate: %s the %s disagreement at %d-%d", what, d.Kind, d.Start, d.End)
	st, annotator, docID := a.host.st, a.host.annotator, a.docID
	a.write(summary, func(ctx context.Context) error {
		_, err := st.ApplyAdjudication(ctx, annotator, docID, summary, e)
		return err
	}, nil)
}

// preMerge writes what the coders agree on as gold, in one action.
func (a *adjudication) preMerge() {
	if !a.active() {
		return
	}
	if a.an.Merge.Empty() {
		a.host.message("Nothing to pre-merge: gold holds every span and link the coders agree on.")
		return
	}
	var e adjudicate.Edit
	st, annotator, docID, k := a.host.st, a.host.annotator, a.docID, a.threshold
	a.write("", func(ctx context.Context) (err error) {
		e, err = st.PreMerge(ctx, annotator, docID, k)
		return err
	}, func() {
		a.host.message(fmt.Sprintf("Pre-merged %s and %s the coders agree on into gold (Ctrl+Z takes them back).",
			plural(len(e.Create), "span", "spans"), plural(len(e.Link), "link", "links")))
	})
}

// mark marks the document adjudicated, once nothing is left.
func (a *adjudication) mark() {
	if !a.active() {
		return
	}
	if a.adjudicated() {
		a.host.message("This document is already marked adjudicated.")
		return
	}
	// The store refuses too; said here, it is a hint, not an error dialog.
	if n, m := len(a.an.Disagreements), len(a.an.Merge.Create)+len(a.an.Merge.Link); n > 0 || m > 0 {
		a.host.message(fmt.Sprintf("Not marked adjudicated: %s left and %d agreed spans or links to pre-merge (G).",
			plural(n, "disagreement", "disagreements"), m))
		return
	}
	st, annotator, docID, k := a.host.st, a.host.annotator, a.docID, a.threshold
	a.write("adjudicate: mark adjudicated", func(ctx context.Context) error {
		return st.MarkAdjudicated(ctx, annotator, docID, k)
	}, nil)
}

// write runs a store write (adjHost.write: while another program holds
// the project's write lock it waits off the UI goroutine), then has the
// window read the document again (which refreshes this view too) or,
// failing that, refreshes it, and runs after.
func (a *adjudication) write(summary string, w func(ctx context.Context) error, after func()) {
	docID := a.docID
	a.host.write(w, func(err error) {
		if err != nil {
			a.host.showError(err)
			return
		}
		a.stale = true
		a.host.wrote(docID, summary)
		if a.left {
			return
		}
		if a.stale {
			a.refresh()
		}
		if after != nil {
			after()
		}
	})
}

// toggleAdjudication (Ctrl+Shift+J) puts the open document in
// adjudication mode, or leaves it.
func (w *Workbench) toggleAdjudication() {
	if w.adj != nil {
		w.leaveAdjudication()
		w.setMessage("Left adjudication.")
		return
	}
	if w.ses.Doc() == nil || w.st == nil {
		w.setMessage("Open a document coded by two or more coders first.")
		return
	}
	if !w.ed.canWrite() {
		return
	}
	w.adj = newAdjudication(adjHost{
		st: w.st, annotator: w.annotator, view: w.view, colors: func() map[string]color.NRGBA { return w.colors },
		wrote: func(id, summary string) {
			w.live.ownWrite()
			if d := w.ses.Doc(); d != nil && d.Info.ID == id { // not when another was opened while it waited
				w.reloadDoc(id)
			}
			if summary != "" {
				w.status.saved(summary)
			}
		},
		write:   w.ed.write,
		message: w.setMessage, showError: w.showError, run: w.jobs.Go, focus: w.focusView,
	})
	// The pane stands in for the panel, beside the guidelines if shown.
	w.adj.restore, w.panelUI = w.panelUI, w.adj.box
	w.showSide()
	w.adj.open(w.ses.Doc().Info.ID)
	w.adj.readProject()
	w.focusView()
}

// followAdjudication keeps the mode on the open document (show and edit
// call it): another document opened in the mode is adjudicated in turn.
func (w *Workbench) followAdjudication() {
	a := w.adj
	switch {
	case a == nil:
	case w.ses.Doc() == nil || w.st != a.host.st:
		w.leaveAdjudication()
	case w.ses.Doc().Info.ID != a.docID:
		a.open(w.ses.Doc().Info.ID)
	default:
		a.refresh()
	}
}

// leaveAdjudication gives the side back to the panel and the article its
// usual marks.
func (w *Workbench) leaveAdjudication() {
	if w.adj == nil {
		return
	}
	w.adj.gen++
	w.adj.left = true
	w.panelUI, w.adj = w.adj.restore, nil
	w.showSide()
	if w.ses.Doc() != nil {
		w.view.SetMarks(w.marks())
	}
	w.focusView()
}

// showSide lays out the side again: w.panelUI, and the guidelines under
// it while shown.
func (w *Workbench) showSide() {
	w.side.Objects = []fyne.CanvasObject{w.guide.under(w.panelUI)}
	w.side.Refresh()
}

func lowLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Importance = widget.LowImportance
	return l
}
