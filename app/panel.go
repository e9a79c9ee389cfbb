package app

import (
	"fmt"
	"image/color"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/edit"
)

// Span attributes the panel edits.
const ()

var (
	quoteKinds  = []string{"direct", "indirect", "mixed"}
	checkValues = []string{"yes", "no", "unsure"}
	layerTitles = map[annot.Layer]string{
		annot.LayerQuote: "Quotes", annot.LayerClaim: "Claims", annot.LayerEntity: "Entities", annot.LayerCue: "Cues",
	}
)

// noteDelay is how long after the last keystroke a note is saved; leaving
// the field, Enter, switching spans or documents and quitting save at once.
var noteDelay = 800 * time.Millisecond

const noSpeaker = "— nobody —"

// panelRow is one line of the span list: a group header, a span (span >=
// 0, an index into the open document's spans), a suggestion (sugg >= 0, an
// index into the suggestions) or a lint finding. Rows are rebuilt whenever
// the document changes, so the indexes hold.
type panelRow struct {
	header string
	span   int
	sugg   int
	lint   *suggest.Finding
}

// layerGroup is the place of a span layer in annot.SpanLayers, where the
// panel lists its group; len(annot.SpanLayers) for any other layer.
func layerGroup(l annot.Layer) uint8 {
	for g, sl := range annot.SpanLayers {
		if l == sl {
			return uint8(g)
		}
	}
	return uint8(len(annot.SpanLayers))
}

// panel is the right pane: the open document's spans grouped by layer
// (then suggestions and problems, when an Assistant provides them), and an
// editor for the selected span: label, attributes, speaker or claimant,
// note and links.
type panel struct {
	wb      *Workbench
	list    *keyList
	rows    []panelRow
	spanRow []int   // index in spans -> row
	group   []uint8 // index in spans -> layerGroup, while rows are built
	syncing bool

	editor    *fyne.Container
	empty     *widget.Label
	heading   *widget.Label
	text      *widget.Label
	label     *widget.Select
	kind      *widget.RadioGroup
	kindRow   *fyne.Container
	check     *widget.RadioGroup
	checkRow  *fyne.Container
	speaker   *widget.Select
	speakerL  *widget.Label
	speakerRw *fyne.Container
	speakerID map[string]string // option -> entity span id
	speakerOf struct {          // what speakerID and the options were built for
		doc *edit.Doc
		rev int // the document's entRev
	}
	speakerOpts map[string]speakerOption // entity span id -> its option
	choices     *widget.Label            // the entities Tab offers while linking
	note        *keyEntry
	links       *fyne.Container
	linkBtn     *widget.Button
	relateBtn   *widget.Button
	deleteBtn   *widget.Button
	acceptAll   *widget.Button

	updating    bool   // filling the editor: its callbacks must not edit
	noteSpan    string // span whose note is being typed, "" when none
	noteGen     int
	notePending bool
}

func (p *panel) buildUI() fyne.CanvasObject {
	p.list = newKeyList(func() int { return len(p.rows) }, p.createRow, p.updateRow)
	p.list.OnSelected = p.onRowSelected
	p.list.onRune = p.wb.keys.onTypedRune
	p.list.onKey = p.onListKey

	p.empty = widget.NewLabel("Select text and press a label key (1–9, Ctrl+L for any), or Tab to a span.")
	p.empty.Wrapping = fyne.TextWrapWord
	p.heading = boldLabel("")
	p.text = widget.NewLabel("")
	p.text.Wrapping = fyne.TextWrapWord
	p.text.Truncation = fyne.TextTruncateEllipsis
	p.label = widget.NewSelect(nil, p.onLabelChanged)
	// The choices stand one under the other: side by side they made the
	// editor wider than the panel at 800×600.
	p.kind = widget.NewRadioGroup(quoteKinds, p.onKindChanged)
	p.check = widget.NewRadioGroup(checkValues, p.onCheckChanged)
	p.speaker = widget.NewSelect(nil, p.onSpeakerChanged)
	p.speakerL = widget.NewLabel("Speaker")
	p.note = newKeyEntry("Note")
	p.note.OnChanged = p.onNoteChanged
	p.note.OnSubmitted = p.onNoteSubmitted
	p.note.onKey = p.onNoteKey
	p.note.onFocusLost = p.commitNote
	p.note.onShortcut = p.wb.keys.runShortcut
	p.links = container.NewVBox()
	p.choices = widget.NewLabel("")
	p.choices.Wrapping = fyne.TextWrapWord
	// The buttons give the keyboard back to the article, so Tab picks the
	// speaker after "Link…".
	p.linkBtn = widget.NewButtonWithIcon("Link… (L)", theme.ContentAddIcon(), func() { p.wb.linker.startLink(); p.wb.focusView() })
	p.relateBtn = widget.NewButtonWithIcon("Relate… (Ctrl+R)", theme.ContentAddIcon(), p.wb.linker.openRelate)
	p.deleteBtn = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() { p.wb.ed.deleteSelected(); p.wb.focusView() })
	p.acceptAll = widget.NewButton("Accept all of this label", p.wb.assist.acceptAllOfLabel)
	p.acceptAll.Hide()

	p.kindRow = container.New(layout.NewFormLayout(), widget.NewLabel("Kind"), p.kind)
	p.checkRow = container.New(layout.NewFormLayout(), widget.NewLabel("Check-worthy"), p.check)
	p.speakerRw = container.New(layout.NewFormLayout(), p.speakerL, p.speaker)
	p.editor = container.NewVBox(
		p.heading, p.text,
		container.New(layout.NewFormLayout(), widget.NewLabel("Label"), p.label),
		p.kindRow, p.checkRow, p.speakerRw, p.choices,
		container.New(layout.NewFormLayout(), widget.NewLabel("Note"), p.note),
		p.links,
		container.NewHBox(p.relateBtn),
		container.NewHBox(p.linkBtn, layout.NewSpacer(), p.deleteBtn),
		p.acceptAll,
	)
	split := container.NewVSplit(p.list, container.NewVScroll(container.NewVBox(p.empty, p.editor)))
	split.SetOffset(0.55)
	return container.New(fixedWidth(panelWidth), split)
}

// panelWidth is the panel's minimum width. The panel asks for this width
// whatever it shows, so selecting a span (whose editor may want more) never
// moves the split and wraps the article again; what is wider is truncated
// or wraps inside the panel.
const panelWidth = 240

// fixedWidth is a layout whose minimum width is a constant, not its
// content's; the content fills the space given.
type fixedWidth float32

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(f), h)
}

func (fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (p *panel) createRow() fyne.CanvasObject {
	sw := swatch(theme.Color(theme.ColorNameDisabled))
	name := boldLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	who := widget.NewLabel("")
	who.Importance = widget.LowImportance
	who.Truncation = fyne.TextTruncateEllipsis
	left := container.NewBorder(nil, nil, container.NewCenter(sw), nil, name)
	return container.New(&rowLayout{sw: sw, name: name, text: text, who: who}, text, left, who)
}

// rowLayout lays out a panel row inside its width: the label (swatch and
// name) on the left takes up to 40% of it, the speaker on the right up to
// 30%, each less when shorter, and the text the rest, truncated. (A border
// layout gave both sides their whole width, and in a narrow panel drew the
// speaker over the text.) A row with no text (a group header) gives the
// label all the room.
type rowLayout struct {
	sw              *canvas.Rectangle
	name, text, who *widget.Label
}

// textWidth is the width label l needs to show its text untruncated.
func textWidth(l *widget.Label) float32 {
	if l.Text == "" {
		return 0
	}
	// the label's inner padding each side, and a little more so that
	// rounding never truncates a text that fits
	return fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding() + 2*theme.Padding()
}

func (r *rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = fyne.NewSize(s.Width+m.Width, max(s.Height, m.Height))
	}
	return s
}

func (r *rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	left := textWidth(r.name)
	if r.sw.Visible() {
		left += r.sw.MinSize().Width + pad
	}
	who := min(textWidth(r.who), size.Width*0.3)
	if r.text.Text != "" {
		left = min(left, size.Width*0.4)
	}
	left = min(left, size.Width-who)
	gap := func(w float32) float32 {
		if w > 0 {
			return pad
		}
		return 0
	}
	text := max(0, size.Width-left-gap(left)-who-gap(who))
	objs[1].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(left, size.Height))
	objs[0].Move(fyne.NewPos(left+gap(left), 0))
	objs[0].Resize(fyne.NewSize(text, size.Height))
	objs[2].Move(fyne.NewPos(size.Width-who, 0))
	objs[2].Resize(fyne.NewSize(who, size.Height))
}

func (p *panel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.rows) {
		return
	}
	r := p.rows[i]
	c := o.(*fyne.Container)
	rl := c.Layout.(*rowLayout)
	text, who, sw, name := rl.text, rl.who, rl.sw, rl.name
	defer rl.Layout(c.Objects, c.Size()) // the widths follow the texts
	d := p.wb.ses.Doc()
	switch {
	case r.header != "":
		sw.Hide()
		setText(name, r.header)
		setText(text, "")
		setText(who, "")
	case r.lint != nil:
		setSwatch(sw, theme.Color(theme.ColorNameWarning))
		setText(name, r.lint.Rule)
		setText(text, r.lint.Reason)
		setText(who, "")
	case r.sugg >= len(p.wb.assist.sugg()):
		return
	case r.sugg >= 0:
		sg := p.wb.assist.sugg()[r.sugg]
		setSwatch(sw, theme.Color(theme.ColorNameDisabled))
		setText(name, sg.Label)
		setText(text, oneLine(d.Ix.Slice(sg.Start, sg.End), 80))
		setText(who, oneLine(sg.Reason, 16))
	default:
		sp := d.Spans()[r.span]
		setSwatch(sw, p.wb.colors[string(sp.Layer)+"/"+sp.Label])
		setText(name, sp.Label)
		setText(text, snippet(d.Ix, sp, 80))
		if s := d.SpeakerText(sp); s != "" {
			setText(who, "← "+oneLine(s, 12))
		} else {
			setText(who, "")
		}
	}
}

// setSwatch shows a row's colour square, redrawing it only on a change.
func setSwatch(sw *canvas.Rectangle, c color.Color) {
	if !sw.Visible() || sw.FillColor != c {
		sw.FillColor = c
		sw.Show()
		sw.Refresh()
	}
}

// refresh rebuilds the span list and the editor from the open document.
func (p *panel) refresh() {
	d := p.wb.ses.Doc()
	p.rows = p.rows[:0]
	if d != nil {
		// One pass over the spans notes each one's group; the rows are then
		// laid out from those bytes, not from the spans again (a document
		// of 20,000 spans is rebuilt at every edit).
		n := len(d.Spans())
		p.spanRow = slices.Grow(p.spanRow[:0], n)[:n]
		p.group = slices.Grow(p.group[:0], n)[:n]
		count := make([]int, len(annot.SpanLayers)+1)
		for i := range d.Spans() {
			g := layerGroup(d.Spans()[i].Layer)
			p.group[i] = g
			count[g]++
		}
		p.rows = slices.Grow(p.rows, n+len(annot.SpanLayers))
		for g, l := range annot.SpanLayers {
			if count[g] == 0 {
				continue
			}
			p.rows = append(p.rows, panelRow{header: fmt.Sprintf("%s · %d", layerTitles[l], count[g]), span: -1, sugg: -1})
			for i, sg := range p.group {
				if int(sg) == g {
					p.spanRow[i] = len(p.rows)
					p.rows = append(p.rows, panelRow{span: i, sugg: -1})
				}
			}
		}
		if sugg := p.wb.assist.sugg(); len(sugg) > 0 {
			p.rows = append(p.rows, panelRow{header: fmt.Sprintf("Suggestions · %d", len(sugg)), span: -1, sugg: -1})
			for i := range sugg {
				p.rows = append(p.rows, panelRow{span: -1, sugg: i})
			}
		}
		if lints := p.wb.assist.lints(); len(lints) > 0 {
			p.rows = append(p.rows, panelRow{header: fmt.Sprintf("Problems · %d", len(lints)), span: -1, sugg: -1})
			for i := range lints {
				p.rows = append(p.rows, panelRow{lint: &lints[i], span: -1, sugg: -1})
			}
		}
	}
	p.list.Refresh()
	p.showSelection()
}

// showSelection follows a change of the selected span or suggestion: the
// list's selection and the editor; the rows stay.
func (p *panel) showSelection() {
	p.syncSelection()
	p.fillEditor()
}

// rowOf returns the row showing span or suggestion id, or -1.
func (p *panel) rowOf(id string) int {
	if id == "" || p.wb.ses.Doc() == nil {
		return -1
	}
	if _, i, ok := p.wb.ses.Doc().Find(id); ok && i < len(p.spanRow) {
		return p.spanRow[i]
	}
	for i, r := range p.rows {
		if r.sugg >= 0 && r.sugg < len(p.wb.assist.sugg()) && isMarkOf(id, p.wb.assist.sugg()[r.sugg]) {
			return i
		}
	}
	return -1
}

func (p *panel) syncSelection() {
	p.syncing = true
	defer func() { p.syncing = false }()
	id := p.wb.ses.SelectedID()
	if p.wb.assist.selected() != "" {
		id = p.wb.assist.selected()
	}
	if i := p.rowOf(id); i >= 0 {
		p.list.Select(i)
	} else {
		p.list.UnselectAll()
	}
}

// onRowSelected: a span row selects the span, scrolls to it and flashes
// it; in link mode an entity row links it.
func (p *panel) onRowSelected(i widget.ListItemID) {
	if p.syncing || i < 0 || i >= len(p.rows) {
		return
	}
	r := p.rows[i]
	switch {
	case r.header != "":
		p.syncSelection()
	case r.sugg >= 0:
		id := markID(p.wb.assist.sugg()[r.sugg])
		p.wb.assist.selectSuggestion(id)
		p.wb.view.Flash(id)
	case r.lint != nil:
		if _, _, ok := p.wb.ses.Doc().Find(r.lint.SpanID); ok {
			p.wb.selectSpan(r.lint.SpanID, true)
			p.wb.view.Flash(r.lint.SpanID)
		} else {
			p.wb.view.SetSelection(r.lint.Start, r.lint.End)
			p.wb.view.ScrollTo(r.lint.Start)
			p.syncSelection()
		}
	case r.span >= 0:
		id := p.wb.ses.Doc().Spans()[r.span].ID
		if p.wb.link != nil {
			p.wb.linker.linkTo(id)
			return
		}
		p.wb.selectSpan(id, true)
		p.wb.view.Flash(id)
	}
}

// onListKey: Up and Down walk the spans; the other keys are the window's.
func (p *panel) onListKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp:
		p.wb.ed.nextSpan(ev.Name == fyne.KeyUp)
		return true
	}
	p.wb.keys.onTypedKey(ev)
	return true
}

// fillEditor shows the selected span in the editor.
func (p *panel) fillEditor() {
	p.updating = true
	defer func() { p.updating = false }()
	w := p.wb
	sp, ok := w.ses.Selected()
	if !ok {
		p.editor.Hide()
		p.empty.Show()
		if w.assist.selected() != "" {
			p.empty.SetText("Suggestion selected: A accepts it, X rejects it, Tab goes to the next one.")
			p.acceptAll.Show()
			p.editor.Show()
			p.showOnly(p.acceptAll)
		} else {
			p.empty.SetText("Select text and press a label key (1–9, Ctrl+L for any), or Tab to a span.")
		}
		return
	}
	p.showOnly(nil)
	p.empty.Hide()
	p.editor.Show()
	d := w.ses.Doc()
	where := fmt.Sprintf("%s · %d–%d", sp.Label, sp.Start, sp.End)
	if n := len(sp.Fragments); n > 1 {
		where += fmt.Sprintf(" · %d pieces", n)
	}
	p.heading.SetText(where)
	p.text.SetText(snippet(d.Ix, sp, 300))

	var opts []string
	for _, l := range w.spanLabels() {
		opts = append(opts, l.Name)
	}
	p.label.Options = opts
	p.label.SetSelected(sp.Label)

	p.kindRow.Hidden = sp.Layer != annot.LayerQuote
	p.kind.SetSelected(sp.Attrs[annot.AttrKind])
	p.checkRow.Hidden = sp.Layer != annot.LayerClaim
	p.check.SetSelected(sp.Attrs[annot.AttrCheckworthy])

	if label := annot.LinkLabel(sp.Layer); label != "" {
		p.speakerRw.Show()
		p.linkBtn.Show()
		p.speakerL.SetText(map[string]string{annot.RelSpeaker: "Speaker", annot.RelClaimant: "Claimant"}[label])
		if p.speakerOf.doc != d || p.speakerOf.rev != d.EntRev() {
			if p.speakerOf.doc != d || len(p.speakerOpts) > 2*d.Info.Counts.Entity+64 {
				p.speakerOpts = map[string]speakerOption{}
			}
			p.speakerOf.doc, p.speakerOf.rev = d, d.EntRev()
			p.speakerID = make(map[string]string, d.Info.Counts.Entity)
			opts := make([]string, 1, d.Info.Counts.Entity+1)
			opts[0] = noSpeaker
			for _, e := range d.Spans() {
				if e.Layer == annot.LayerEntity {
					o := p.speakerOption(d, e)
					p.speakerID[o] = e.ID
					opts = append(opts, o)
				}
			}
			p.speaker.Options = opts
		}
		cur := noSpeaker
		for _, r := range d.Links(sp.ID, label) {
			if e, _, ok := d.Find(r.To); ok {
				cur = p.speakerOption(d, e)
			}
		}
		p.speaker.SetSelected(cur)
	} else {
		p.speakerRw.Hide()
		p.linkBtn.Hide()
	}

	if p.noteSpan != sp.ID {
		p.notePending = false // a note left unsaved on another span is not this one's
	}
	if !p.notePending && p.note.Text != sp.Note {
		p.note.SetText(sp.Note)
		// Typing goes on at the end of the note, not before it.
		p.note.CursorRow, p.note.CursorColumn = 0, len([]rune(sp.Note))
		p.note.Refresh()
	}
	p.fillLinks(sp)
	p.fillChoices()
}

// maxChoices is how many link candidates the panel names.
const maxChoices = 8

// fillChoices lists, while linking (L), the entities Tab offers, in order,
// the current one marked; otherwise it hides the list.
func (p *panel) fillChoices() {
	l, d := p.wb.link, p.wb.ses.Doc()
	if l == nil || d == nil {
		p.choices.Hide()
		relayout(p.editor)
		return
	}
	var b strings.Builder
	what := plural(len(l.cands), "entity", "entities")
	if from, _, _ := d.Find(l.from); l.label != annot.LinkLabel(from.Layer) {
		what = l.label + " to " + plural(len(l.cands), "span", "spans")
	}
	fmt.Fprintf(&b, "Tab offers %s, in this order:", what)
	from := max(0, min(l.cur-maxChoices/2, len(l.cands)-maxChoices))
	for i := from; i < len(l.cands) && i < from+maxChoices; i++ {
		e, _, _ := d.Find(l.cands[i])
		mark := "   "
		if i == l.cur {
			mark = "→ "
		}
		fmt.Fprintf(&b, "\n%s%d. %s · %s", mark, i+1, oneLine(d.Ix.Slice(e.Start, e.End), 40), e.Label)
	}
	if rest := len(l.cands) - from - maxChoices; rest > 0 {
		fmt.Fprintf(&b, "\n   … and %d more", rest)
	}
	p.choices.SetText(b.String())
	p.choices.Show()
	relayout(p.editor)
}

// relayout lays c out again after rows were shown or hidden and redraws
// it. Unlike c.Refresh it does not refresh every widget inside: those that
// changed have refreshed themselves, and refreshing the rest (radio
// buttons, wrapped labels) would shape their text again at every edit.
func relayout(c *fyne.Container) {
	c.Layout.Layout(c.Objects, c.Size())
	canvas.Refresh(c)
}

// speakerOption is entity e's line in the speaker picker. Lines are kept
// between rebuilds of the picker: a document can have thousands of
// entities, and the picker is rebuilt whenever one changes.
func (p *panel) speakerOption(d *edit.Doc, e annot.Span) string {
	if o, ok := p.speakerOpts[e.ID]; ok && o.start == e.Start && o.end == e.End && o.label == e.Label {
		return o.text
	}
	text := fmt.Sprintf("%s · %s @%d", oneLine(d.Ix.Slice(e.Start, e.End), 30), e.Label, e.Start)
	if p.speakerOpts == nil {
		p.speakerOpts = map[string]speakerOption{}
	}
	p.speakerOpts[e.ID] = speakerOption{e.Start, e.End, e.Label, text}
	return text
}

type speakerOption struct {
	start, end int
	label      string
	text       string
}

// showOnly hides every editor row but keep (nil: shows them all).
func (p *panel) showOnly(keep fyne.CanvasObject) {
	for _, o := range p.editor.Objects {
		if keep == nil {
			if o != p.acceptAll {
				o.Show()
			} else {
				o.Hide()
			}
			continue
		}
		if o == keep {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// fillLinks lists every relation of the span with a button removing it.
func (p *panel) fillLinks(sp annot.Span) {
	d := p.wb.ses.Doc()
	p.links.RemoveAll()
	rels := d.Touching(sp.ID)
	sort.SliceStable(rels, func(i, j int) bool { return rels[i].Label < rels[j].Label })
	for _, r := range rels {
		other, dir := r.To, "→"
		if r.To == sp.ID {
			other, dir = r.From, "←"
		}
		o, _, _ := d.Find(other)
		id := r.ID
		rm := newRemoveButton(func() { p.onUnlink(id) })
		txt := widget.NewLabel(fmt.Sprintf("%s %s %s “%s”", r.Label, dir, o.Label, oneLine(d.Ix.Slice(o.Start, o.End), 40)))
		txt.Truncation = fyne.TextTruncateEllipsis
		p.links.Add(container.NewBorder(nil, nil, nil, rm, txt))
	}
}

func (p *panel) onUnlink(id string) {
	p.commitNote()
	p.wb.linker.unlink(id)
}

// removeButton is a relation row's remove button: a click, or Delete,
// Backspace or Space while it has the keyboard focus, removes the relation.
type removeButton struct {
	widget.Button
}

func newRemoveButton(tapped func()) *removeButton {
	b := &removeButton{}
	b.Icon = theme.ContentClearIcon()
	b.Importance = widget.LowImportance
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *removeButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		if b.OnTapped != nil {
			b.OnTapped()
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// setAttr sets attribute key of the selected span (edit.Session.SetAttr).
func (p *panel) setAttr(key, value string) {
	if p.updating {
		return
	}
	sp, ok := p.wb.ses.Selected()
	if !ok {
		return
	}
	p.commitNote()
	p.wb.ed.do(func() (edit.Outcome, error) { return p.wb.ses.SetAttr(bg, sp.ID, key, value) })
}

func (p *panel) onLabelChanged(name string) {
	if p.updating {
		return
	}
	p.commitNote() // first: the span relabelled carries the note just typed
	sp, ok := p.wb.ses.Selected()
	if !ok {
		return
	}
	for _, l := range p.wb.spanLabels() {
		if l.Name == name && (l.Layer == sp.Layer || name != sp.Label) {
			p.wb.ed.relabel(sp, l)
			return
		}
	}
}

func (p *panel) onKindChanged(v string) { p.setAttr(annot.AttrKind, v) }

func (p *panel) onCheckChanged(v string) { p.setAttr(annot.AttrCheckworthy, v) }

func (p *panel) onSpeakerChanged(opt string) {
	if p.updating {
		return
	}
	sp, ok := p.wb.ses.Selected()
	if !ok {
		return
	}
	p.commitNote()
	p.wb.linker.setSpeaker(sp.ID, p.speakerID[opt])
}

// onNoteChanged saves the note shortly after typing stops.
func (p *panel) onNoteChanged(string) {
	if p.updating {
		return
	}
	sp, ok := p.wb.ses.Selected()
	if !ok {
		return
	}
	if p.noteSpan != sp.ID {
		p.commitNote()
	}
	p.noteSpan, p.notePending = sp.ID, true
	p.wb.status.editing()
	p.noteGen++
	if noteDelay > 0 {
		gen := p.noteGen
		time.AfterFunc(noteDelay, func() {
			fyne.Do(func() {
				if gen == p.noteGen {
					p.commitNote()
				}
			})
		})
	}
}

func (p *panel) onNoteSubmitted(string) {
	p.commitNote()
	p.wb.focusView()
}

func (p *panel) onNoteKey(ev *fyne.KeyEvent) bool {
	if ev.Name == fyne.KeyEscape {
		p.commitNote()
	}
	return p.wb.keys.entryKey(ev)
}

// noteUnsaved reports whether a note is typed and not saved yet.
func (p *panel) noteUnsaved() bool { return p.notePending }

// commitNote stores the note being typed, if any, as one action.
func (p *panel) commitNote() {
	if p.note == nil || !p.notePending {
		return
	}
	d := p.wb.ses.Doc()
	if d == nil {
		p.notePending = false
		return
	}
	sp, _, ok := d.Find(p.noteSpan)
	if !ok || sp.Note == p.note.Text {
		p.notePending = false
		p.wb.status.refresh()
		return
	}
	// Pending until saved: a refused save (an import running) leaves the
	// note in its entry, to be saved by the next try.
	if _, ok := p.wb.ed.do(func() (edit.Outcome, error) { return p.wb.ses.SetNote(bg, sp.ID, p.note.Text) }); ok {
		p.notePending = false
	}
}
