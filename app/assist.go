package app

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/app/article"
	"spanbench/edit"
)

// Assistant is the hook for machine help: suggestions and lints (issue 5),
// edit.Assistant. Plug one in with Run(a, db, WithAssistant(x)); without
// one the window has no suggestions. The editing session runs Suggest in
// the background whenever a document opens or changes (its result is
// dropped when it changes again), so typing and scrolling never wait for
// it; the window draws each suggestion's main span as a dashed outline
// (article.Mark.Suggested) and lists suggestions and findings in the
// panel, under the spans; S selects the next suggestion after the caret, A
// accepts the selected one, X rejects it (Ctrl+Z takes a rejection back
// when the Assistant logs it, as edit.Suggester does), Tab on a suggestion
// goes to the next one; the panel's "Accept all of this label" accepts
// suggest.WithLabel of the selected one's label.
type Assistant = edit.Assistant

// Suggester is the Assistant over the suggest package and the project
// (edit.Suggester), the one spanbench suggest uses too.
type Suggester = edit.Suggester

// assistView is the window's side of the session's suggestions: their
// mark ids, and which one is drawn selected.
type assistView struct {
	wb    *Workbench
	ses   *edit.Session
	drawn string // mark id of the suggestion drawn selected (solid), "" for none
}

// forget forgets the suggestion drawn selected, when another document's
// text is shown.
func (a *assistView) forget() { a.drawn = "" }

// markID is the article mark id of a suggestion: its key, kept apart from
// span ids.
func markID(sg suggest.Suggestion) string { return suggestionPrefix + sg.Key }

const suggestionPrefix = "suggestion:"

// isMarkOf reports whether id is the mark id of sg, without building it (a
// document can have tens of thousands of suggestions).
func isMarkOf(id string, sg suggest.Suggestion) bool {
	return len(id) == len(suggestionPrefix)+len(sg.Key) && strings.HasPrefix(id, suggestionPrefix) && id[len(suggestionPrefix):] == sg.Key
}

// sugg are the open document's suggestions, by position.
func (a *assistView) sugg() []suggest.Suggestion { return a.ses.Suggestions() }

// lints are the open document's findings.
func (a *assistView) lints() []suggest.Finding { return a.ses.Findings() }

// selected is the mark id of the selected suggestion, "" for none.
func (a *assistView) selected() string {
	if k := a.ses.SelectedKey(); k != "" {
		return suggestionPrefix + k
	}
	return ""
}

// find returns the index of the suggestion with mark id, -1 when there is
// none.
func (a *assistView) find(id string) int {
	key, ok := strings.CutPrefix(id, suggestionPrefix)
	if !ok {
		return -1
	}
	return a.ses.FindSuggestion(key)
}

func (a *assistView) has(id string) bool { return id != "" && a.find(id) >= 0 }

// marks draws each suggestion's main span (for a relation-only suggestion,
// where it is) as a dashed outline; the selected one as a span.
func (a *assistView) marks(colors map[string]color.NRGBA) []article.Mark {
	out := make([]article.Mark, 0, len(a.sugg()))
	a.drawn = ""
	sel := a.selected()
	for _, sg := range a.sugg() {
		m := suggestionMark(sg, colors)
		if isMarkOf(sel, sg) {
			m.Suggested, a.drawn = false, sel
		}
		out = append(out, m)
	}
	return out
}

// outlineSelected outlines the selected span or suggestion in the article.
// The selected suggestion is drawn as a span is (filled, with the solid
// outline of the selection), the others dashed, so it stands out among
// them; the view draws no outline on a dashed mark.
func (av *assistView) outlineSelected() {
	w := av.wb
	a := &w.assist
	if sel := a.selected(); a.drawn != sel {
		var up []article.Mark
		if i := a.find(a.drawn); i >= 0 {
			up = append(up, suggestionMark(a.sugg()[i], w.colors))
		}
		a.drawn = ""
		if i := a.find(sel); i >= 0 {
			m := suggestionMark(a.sugg()[i], w.colors)
			m.Suggested, a.drawn = false, sel
			up = append(up, m)
		}
		if len(up) > 0 {
			w.view.UpdateMarks(up, nil)
		}
	}
	w.view.SetSelectedMark(w.assist.selectedMark())
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
	if w.ses.Doc() == nil {
		return nil
	}
	m := buildMarks(w.ses.Doc(), w.colors)
	if len(w.assist.sugg()) > 0 {
		m = append(m, w.assist.marks(w.colors)...)
	}
	return m
}

// startAssist asks the Assistant about the open document in the
// background (edit.Session.SuggestJob) and draws what it finds.
func (av *assistView) startAssist() {
	w := av.wb
	job, gen, ok := w.ses.SuggestJob()
	if !ok {
		return
	}
	w.jobs.Go(func() func() {
		sgs, lints, err := job()
		return func() {
			if err != nil {
				if gen == w.ses.SuggestGen() {
					w.setMessage("Suggestions failed: " + oneLineErr(err))
				}
				return
			}
			old, ok := w.ses.TakeSuggestions(gen, sgs, lints)
			if !ok {
				return
			}
			w.view.UpdateMarks(suggestionChanges(old, w.ses.Suggestions(), w.colors))
			if w.assist.drawn == w.assist.selected() {
				w.assist.drawn = "" // drawn again dashed if it changed: draw it selected again
			}
			w.assist.outlineSelected()
			w.panel.refresh()
		}
	})
}

// selectedMark is the mark outlined: a suggestion's or a span's.
func (av *assistView) selectedMark() string {
	w := av.wb
	if m := w.assist.selected(); m != "" {
		return m
	}
	return w.ses.SelectedID()
}

// selectSuggestion outlines suggestion mark id ("" for none).
func (av *assistView) selectSuggestion(id string) {
	w := av.wb
	w.panel.commitNote()
	w.ses.SelectSuggestion(strings.TrimPrefix(id, suggestionPrefix))
	w.assist.outlineSelected()
	if sg, ok := w.ses.SelectedSuggestion(); ok {
		w.view.ScrollTo(sg.Start)
		w.setMessage(fmt.Sprintf("Suggested %s: %s (%.0f%%). A accepts, X rejects, Tab goes to the next.", sg.Label, sg.Reason, sg.Confidence*100))
	}
	w.panel.showSelection()
}

// nextSuggestion selects the next suggestion, or with back the previous
// one, wrapping. With none selected it starts from the caret: the first suggestion at or
// after it, or with back the last one before it.
func (av *assistView) nextSuggestion(back bool) {
	w := av.wb
	caret, _ := w.view.Selection()
	sg, ok := w.ses.NextSuggestion(back, caret)
	if !ok {
		w.assist.selectSuggestion("")
		if w.ses.Assistant() != nil {
			w.setMessage("No suggestions for this document.")
		}
		return
	}
	w.assist.selectSuggestion(markID(sg))
}

// selectedSuggestion returns the selected suggestion; without one it
// tells the user how to select one.
func (av *assistView) selectedSuggestion() (suggest.Suggestion, bool) {
	w := av.wb
	if w.ses.Assistant() == nil {
		return suggest.Suggestion{}, false
	}
	sg, ok := w.ses.SelectedSuggestion()
	if !ok {
		w.setMessage("No suggestion selected: press S for the next one, or click a dashed span.")
	}
	return sg, ok
}

// acceptSuggestion saves the selected suggestion and selects the next.
func (av *assistView) acceptSuggestion() {
	w := av.wb
	if sg, ok := w.assist.selectedSuggestion(); ok {
		w.assist.accept([]suggest.Suggestion{sg})
	}
}

// acceptAllOfLabel accepts every suggestion with the selected one's label.
func (av *assistView) acceptAllOfLabel() {
	w := av.wb
	sg, ok := w.ses.SelectedSuggestion()
	if !ok || w.ses.Assistant() == nil {
		return
	}
	w.assist.accept(suggest.WithLabel(w.ses.Suggestions(), sg.Label))
}

// accept saves suggestions as one action (edit.Session.Accept).
func (av *assistView) accept(sgs []suggest.Suggestion) {
	w := av.wb
	if w.ses.Doc() == nil || len(sgs) == 0 {
		return
	}
	if _, ok := w.ed.do(func() (edit.Outcome, error) { return w.ses.Accept(bg, sgs...) }); !ok {
		return
	}
	ids := make([]string, len(sgs))
	for i, sg := range sgs {
		ids[i] = markID(sg)
	}
	w.view.UpdateMarks(nil, ids)
	w.panel.refresh()
	w.status.saved(fmt.Sprintf("accepted %s", plural(len(sgs), "suggestion", "suggestions")))
	if next := w.assist.selected(); next != "" {
		w.assist.selectSuggestion(next)
	}
}

// rejectSuggestion drops the selected suggestion (the Assistant remembers
// it) and selects the next. With edit.Suggester the rejection is an
// action of the edit log: Ctrl+Z takes it back, in order with the edits.
func (av *assistView) rejectSuggestion() {
	w := av.wb
	sg, ok := w.assist.selectedSuggestion()
	if !ok || !w.ed.canWrite() {
		return
	}
	out, err := w.ses.Reject(bg, sg)
	switch {
	case err != nil:
		w.showError(err)
	case out.Waiting:
		w.setMessage(waitingMessage)
	default:
		w.ed.applied(out, nil)
		w.setMessage("Rejected the suggested " + sg.Label + " (Ctrl+Z takes it back); it will not be proposed again here.")
	}
}
