package app

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"sort"
	"strings"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/app/article"
	"spanbench/store"
)

// Assistant is the hook for machine help: suggestions and lints (issue 5).
// Plug one in with Run(a, db, WithAssistant(x)); without one the window
// has no suggestions. The window
//
//   - calls Suggest in a background goroutine whenever a document opens or
//     changes (ctx is cancelled when it changes again; the result is then
//     dropped), so typing and scrolling never wait for it;
//   - draws each suggestion's main span as a dashed outline
//     (article.Mark.Suggested) and lists suggestions and findings in the
//     panel, under the spans;
//   - binds the keys: S selects the next suggestion after the caret, A
//     accepts the selected one, X rejects it, Tab on a suggestion goes to
//     the next one (Tab with no spans in the document too); the panel's
//     "Accept all of this label" accepts suggest.WithLabel of the selected
//     one's label;
//   - accepts by applying the Change that Accept returns as any other
//     edit: one undoable action by the annotator (a document to do goes
//     in progress), the views updated from what the store saved.
//
// An implementation over the suggest package and the store is a few lines:
// Suggest = st.SuggestOptions + suggest.Run + suggest.Lint, Accept =
// store.SuggestionChange, Reject = st.RejectSuggestion(..., sg.Key).
type Assistant interface {
	Suggest(ctx context.Context, st *store.Store, b annot.Bundle, ix *annot.Index) ([]suggest.Suggestion, []suggest.Finding, error)
	Accept(sgs ...suggest.Suggestion) store.Change
	Reject(ctx context.Context, st *store.Store, annotator, docID string, sg suggest.Suggestion) error
}

// assistState is the open document's suggestions and findings.
type assistState struct {
	stop     context.CancelFunc
	gen      int
	sugg     []suggest.Suggestion // by position
	lints    []suggest.Finding
	selected string // mark id of the selected suggestion
	drawn    string // mark id of the suggestion drawn selected (solid), "" for none
}

// markID is the article mark id of a suggestion: its key, kept apart from
// span ids.
func markID(sg suggest.Suggestion) string { return suggestionPrefix + sg.Key }

const suggestionPrefix = "suggestion:"

// isMarkOf reports whether id is the mark id of sg, without building it (a
// document can have tens of thousands of suggestions).
func isMarkOf(id string, sg suggest.Suggestion) bool {
	return len(id) == len(suggestionPrefix)+len(sg.Key) && strings.HasPrefix(id, suggestionPrefix) && id[len(suggestionPrefix):] == sg.Key
}

func (a *assistState) find(id string) int {
	for i, sg := range a.sugg {
		if isMarkOf(id, sg) {
			return i
		}
	}
	return -1
}

func (a *assistState) has(id string) bool { return id != "" && a.find(id) >= 0 }

func (a *assistState) cancel() {
	if a.stop != nil {
		a.stop()
		a.stop = nil
	}
	a.gen++
}

func (a *assistState) clear() {
	a.cancel()
	a.sugg, a.lints, a.selected = nil, nil, ""
}

func (a *assistState) remove(ids ...string) {
	drop := map[string]bool{}
	for _, id := range ids {
		drop[id] = true
	}
	out := a.sugg[:0]
	for _, sg := range a.sugg {
		if !drop[markID(sg)] {
			out = append(out, sg)
		}
	}
	a.sugg = out
	if drop[a.selected] {
		a.selected = ""
	}
}

// marks draws each suggestion's main span (for a relation-only suggestion,
// where it is) as a dashed outline; the selected one as a span.
func (a *assistState) marks(colors map[string]color.NRGBA) []article.Mark {
	out := make([]article.Mark, 0, len(a.sugg))
	a.drawn = ""
	for _, sg := range a.sugg {
		m := suggestionMark(sg, colors)
		if isMarkOf(a.selected, sg) {
			m.Suggested, a.drawn = false, a.selected
		}
		out = append(out, m)
	}
	return out
}

// outlineSelected outlines the selected span or suggestion in the article.
// The selected suggestion is drawn as a span is (filled, with the solid
// outline of the selection), the others dashed, so it stands out among
// them; the view draws no outline on a dashed mark.
func (w *Workbench) outlineSelected() {
	a := &w.assist
	if a.drawn != a.selected {
		var up []article.Mark
		if i := a.find(a.drawn); i >= 0 {
			up = append(up, suggestionMark(a.sugg[i], w.colors))
		}
		a.drawn = ""
		if i := a.find(a.selected); i >= 0 {
			m := suggestionMark(a.sugg[i], w.colors)
			m.Suggested, a.drawn = false, a.selected
			up = append(up, m)
		}
		if len(up) > 0 {
			w.view.UpdateMarks(up, nil)
		}
	}
	w.view.SetSelectedMark(w.selectedMark())
}

func suggestionMark(sg suggest.Suggestion, colors map[string]color.NRGBA) article.Mark {
	layer := sg.Layer
	if layer == annot.LayerRelation {
		layer = annot.LayerCue
	}
	c, ok := colors[string(sg.Layer)+"/"+sg.Label]
	if !ok {
		c = parseColor("")
	}
	return article.Mark{ID: markID(sg), Pieces: suggestionPieces(sg), Layer: layer, Label: sg.Label, Color: c,
		Tooltip: fmt.Sprintf("suggested %s (%s, %.0f%%): A accepts, X rejects", sg.Label, sg.Reason, sg.Confidence*100), Suggested: true}
}

func suggestionPieces(sg suggest.Suggestion) []annot.Fragment {
	if len(sg.Spans) > 0 {
		return sg.Spans[0].Pieces()
	}
	return []annot.Fragment{{Start: sg.Start, End: sg.End}}
}

// suggestionChanges works out what the article view must redraw when the
// suggestions old are replaced by sugg: the marks of new or changed
// suggestions, and the ids of those gone. After an edit most suggestions
// come back unchanged and in the same order (a big document can have tens
// of thousands): the runs that agree at both ends are compared in place,
// only the part between goes through a map.
func suggestionChanges(old, sugg []suggest.Suggestion, colors map[string]color.NRGBA) (upsert []article.Mark, remove []string) {
	lo := 0
	for lo < len(old) && lo < len(sugg) && old[lo].Key == sugg[lo].Key {
		lo++
	}
	ho, hn := len(old), len(sugg)
	for ho > lo && hn > lo && old[ho-1].Key == sugg[hn-1].Key {
		ho, hn = ho-1, hn-1
	}
	for i := range lo {
		if !sameSuggestion(old[i], sugg[i]) {
			upsert = append(upsert, suggestionMark(sugg[i], colors))
		}
	}
	prev := make(map[string]int, ho-lo)
	for i := lo; i < ho; i++ {
		prev[old[i].Key] = i
	}
	for _, sg := range sugg[lo:hn] {
		if i, ok := prev[sg.Key]; ok {
			delete(prev, sg.Key)
			if sameSuggestion(old[i], sg) {
				continue
			}
		}
		upsert = append(upsert, suggestionMark(sg, colors))
	}
	for i := range len(old) - ho {
		if !sameSuggestion(old[ho+i], sugg[hn+i]) {
			upsert = append(upsert, suggestionMark(sugg[hn+i], colors))
		}
	}
	for _, sg := range old[lo:ho] {
		if _, gone := prev[sg.Key]; gone {
			remove = append(remove, markID(sg))
		}
	}
	return upsert, remove
}

// sameSuggestion reports whether a and b (of the same key) are drawn alike.
func sameSuggestion(a, b suggest.Suggestion) bool {
	if a.Start != b.Start || a.End != b.End || a.Layer != b.Layer || a.Label != b.Label ||
		a.Reason != b.Reason || a.Confidence != b.Confidence || len(a.Spans) != len(b.Spans) {
		return false
	}
	if len(a.Spans) == 0 {
		return true
	}
	x, y := a.Spans[0], b.Spans[0]
	if len(x.Fragments) > 1 || len(y.Fragments) > 1 {
		return slices.Equal(x.Fragments, y.Fragments)
	}
	return x.Start == y.Start && x.End == y.End
}

// marks returns everything the article view draws: spans and suggestions.
func (w *Workbench) marks() []article.Mark {
	if w.doc == nil {
		return nil
	}
	m := buildMarks(w.doc, w.colors)
	if len(w.assist.sugg) > 0 {
		m = append(m, w.assist.marks(w.colors)...)
	}
	return m
}

// startAssist asks the Assistant about the open document in the background.
func (w *Workbench) startAssist() {
	if w.assistant == nil || w.doc == nil || w.st == nil || w.doc.loading {
		return
	}
	w.assist.cancel()
	ctx, stop := context.WithCancel(bg)
	w.assist.stop = stop
	gen, d, st := w.assist.gen, w.doc, w.st
	b := annot.Bundle{Doc: annot.Document{ID: d.info.ID, Title: d.info.Title, Text: d.ix.Text(), Meta: d.info.Meta, Status: d.info.Status},
		Spans: append([]annot.Span(nil), d.spans...), Relations: append([]annot.Relation(nil), d.rels...)}
	as, ix := w.assistant, d.ix
	w.jobs.Go(func() func() {
		sgs, lints, err := as.Suggest(ctx, st, b, ix)
		return func() {
			if gen != w.assist.gen || w.doc == nil || w.doc.info.ID != b.Doc.ID {
				return
			}
			if err != nil {
				w.setMessage("Suggestions failed: " + oneLineErr(err))
				return
			}
			sort.SliceStable(sgs, func(i, j int) bool { return sgs[i].Start < sgs[j].Start })
			old := w.assist.sugg
			w.assist.sugg, w.assist.lints = sgs, lints
			if !w.assist.has(w.assist.selected) {
				w.assist.selected = ""
			}
			w.view.UpdateMarks(suggestionChanges(old, sgs, w.colors))
			if w.assist.drawn == w.assist.selected {
				w.assist.drawn = "" // drawn again dashed if it changed: draw it selected again
			}
			w.outlineSelected()
			w.panel.refresh()
		}
	})
}

// selectedMark is the mark outlined: a suggestion's or a span's.
func (w *Workbench) selectedMark() string {
	if w.assist.selected != "" {
		return w.assist.selected
	}
	return w.selSpan
}

// selectSuggestion outlines suggestion mark id ("" for none).
func (w *Workbench) selectSuggestion(id string) {
	w.panel.commitNote()
	w.selSpan = ""
	w.assist.selected = id
	w.outlineSelected()
	if i := w.assist.find(id); i >= 0 {
		w.view.ScrollTo(w.assist.sugg[i].Start)
		sg := w.assist.sugg[i]
		w.setMessage(fmt.Sprintf("Suggested %s: %s (%.0f%%). A accepts, X rejects, Tab goes to the next.", sg.Label, sg.Reason, sg.Confidence*100))
	}
	w.panel.showSelection()
}

// nextSuggestion selects the next suggestion, or with back the previous
// one, wrapping. With none selected it starts from the caret: the first suggestion at or
// after it, or with back the last one before it.
func (w *Workbench) nextSuggestion(back bool) {
	sugg := w.assist.sugg
	n := len(sugg)
	if n == 0 {
		w.selectSuggestion("")
		if w.assistant != nil {
			w.setMessage("No suggestions for this document.")
		}
		return
	}
	i := w.assist.find(w.assist.selected)
	switch {
	case i < 0:
		caret, _ := w.view.Selection()
		i = sort.Search(n, func(j int) bool { return sugg[j].Start >= caret })
		if back {
			i--
		}
	case back:
		i--
	default:
		i++
	}
	w.selectSuggestion(markID(sugg[(i%n+n)%n]))
}

// selectedSuggestion is the index of the selected suggestion; without one
// it tells the user how to select one.
func (w *Workbench) selectedSuggestion() (int, bool) {
	if w.assistant == nil {
		return 0, false
	}
	i := w.assist.find(w.assist.selected)
	if i < 0 {
		w.setMessage("No suggestion selected: press S for the next one, or click a dashed span.")
		return 0, false
	}
	return i, true
}

// acceptSuggestion saves the selected suggestion and selects the next.
func (w *Workbench) acceptSuggestion() {
	i, ok := w.selectedSuggestion()
	if !ok {
		return
	}
	w.accept(w.assist.sugg[i:i+1], w.nextAfter(i))
}

// acceptAllOfLabel accepts every suggestion with the selected one's label.
func (w *Workbench) acceptAllOfLabel() {
	i := w.assist.find(w.assist.selected)
	if i < 0 || w.assistant == nil {
		return
	}
	w.accept(suggest.WithLabel(w.assist.sugg, w.assist.sugg[i].Label), "")
}

func (w *Workbench) nextAfter(i int) string {
	if n := len(w.assist.sugg); n > 1 {
		return markID(w.assist.sugg[(i+1)%n])
	}
	return ""
}

// accept saves suggestions as one action through the Assistant.
func (w *Workbench) accept(sgs []suggest.Suggestion, next string) {
	if w.doc == nil || len(sgs) == 0 {
		return
	}
	if _, ok := w.edit(store.AcceptSummary(sgs), w.assistant.Accept(sgs...)); !ok {
		return
	}
	ids := make([]string, len(sgs))
	for i, sg := range sgs {
		ids[i] = markID(sg)
	}
	w.assist.remove(ids...)
	w.view.UpdateMarks(nil, ids)
	w.panel.refresh()
	w.status.saved(fmt.Sprintf("accepted %s", plural(len(sgs), "suggestion", "suggestions")))
	if w.assist.has(next) {
		w.selectSuggestion(next)
	}
}

// rejectSuggestion drops the selected suggestion (the Assistant remembers
// it) and selects the next. Ctrl+Z takes the rejection back when the
// Assistant can (an Unrejecter), in order with the edits (see history).
func (w *Workbench) rejectSuggestion() {
	i, ok := w.selectedSuggestion()
	if !ok || !w.canWrite() {
		return
	}
	sg := w.assist.sugg[i]
	next := w.nextAfter(i)
	if err := w.assistant.Reject(bg, w.st, w.annotator, w.doc.info.ID, sg); err != nil {
		w.showError(err)
		return
	}
	w.dropSuggestion(sg)
	w.selectSuggestion(next)
	msg := "Rejected the suggested " + sg.Label + "; it will not be proposed again here."
	if _, ok := w.assistant.(Unrejecter); ok {
		w.hist.rejected(&rejection{annotator: w.annotator, docID: w.doc.info.ID, sg: sg})
		msg = "Rejected the suggested " + sg.Label + " (Ctrl+Z takes it back); it will not be proposed again here."
	}
	w.status.saved(rejectSummary(sg))
	w.setMessage(msg)
}

// dropSuggestion takes a suggestion out of the open document's.
func (w *Workbench) dropSuggestion(sg suggest.Suggestion) {
	w.assist.remove(markID(sg))
	w.view.RemoveMark(markID(sg))
	w.panel.refresh()
}

func rejectSummary(sg suggest.Suggestion) string {
	return fmt.Sprintf("reject suggestion %s %d-%d", sg.Label, sg.Start, sg.End)
}

// Unrejecter is an Assistant that can take a rejection back: the window
// then undoes X with Ctrl+Z.
type Unrejecter interface {
	Unreject(ctx context.Context, st *store.Store, docID string, sg suggest.Suggestion) error
}

// replayRejection takes a rejection back (undo) or makes it again (redo)
// and shows its document, the suggestion selected when it is back.
func (w *Workbench) replayRejection(r *rejection, undo bool) error {
	un, ok := w.assistant.(Unrejecter)
	if !ok {
		return fmt.Errorf("the suggestions in use cannot take a rejection back")
	}
	var err error
	if undo {
		err = un.Unreject(bg, w.st, r.docID, r.sg)
	} else {
		err = w.assistant.Reject(bg, w.st, r.annotator, r.docID, r.sg)
	}
	if err != nil {
		return err
	}
	summary := rejectSummary(r.sg)
	if undo {
		summary = "undo: " + summary
	} else {
		summary = "redo: " + summary
	}
	switch {
	case w.doc == nil || w.doc.info.ID != r.docID:
		w.openDoc(r.docID) // its suggestions are worked out afresh
	case undo:
		w.panel.commitNote()
		w.cancelLink()
		w.selSpan, w.assist.selected = "", markID(r.sg) // selected when the suggestions come back
		w.outlineSelected()
		w.view.ScrollTo(r.sg.Start)
		w.startAssist()
		w.panel.showSelection()
	default:
		w.dropSuggestion(r.sg)
		w.outlineSelected()
	}
	w.status.saved(summary)
	w.setMessage(capitalize(summary))
	return nil
}

// Suggester is the Assistant over the suggest package and the project:
// the project's cue lexicon, gazetteer and rejected suggestions shape what
// is proposed, and accepting or rejecting goes through the store.
type Suggester struct{}

var _ Assistant = Suggester{}

// Suggest runs every suggester and the lints on the open document.
func (Suggester) Suggest(ctx context.Context, st *store.Store, b annot.Bundle, ix *annot.Index) ([]suggest.Suggestion, []suggest.Finding, error) {
	opt, err := st.SuggestOptions(ctx, b.Doc.ID)
	if err != nil {
		return nil, nil, err
	}
	sgs, err := suggest.Run(ctx, b, ix, opt)
	if err != nil {
		return nil, nil, err
	}
	return sgs, suggest.Lint(b, ix), nil
}

// Accept is the change accepting suggestions makes: their spans and
// relations, those already saved left out.
func (Suggester) Accept(sgs ...suggest.Suggestion) store.Change {
	return store.SuggestionChange(sgs...)
}

// Reject remembers that a suggestion is not to be proposed again for docID.
func (Suggester) Reject(ctx context.Context, st *store.Store, annotator, docID string, sg suggest.Suggestion) error {
	return st.RejectSuggestion(ctx, annotator, docID, sg.Key)
}

var _ Unrejecter = Suggester{}

// Unreject forgets a rejection: the suggestion may be proposed again.
func (Suggester) Unreject(ctx context.Context, st *store.Store, docID string, sg suggest.Suggestion) error {
	return st.UnrejectSuggestion(ctx, docID, sg.Key)
}
