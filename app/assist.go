package app

import (
	"context"
	"fmt"
	"sort"

	"spanbench/annot"
	"spanbench/store"
)

// Assistant is the hook for machine help (suggesters and lints, issue 5).
// Plug one in with Run(a, db, WithAssistant(x)). The window runs Suggest in
// a background goroutine whenever a document opens or changes, draws the
// suggested spans as dashed outlines (article.Mark.Suggested), lists them
// and the lints in the panel, and handles the keys: A accepts the selected
// suggestion, X rejects it, Tab on a suggestion goes to the next one, and
// the panel offers "accept all of this label". Accepting is an ordinary,
// undoable edit by the annotator.
type Assistant interface {
	// Suggest proposes spans and relations for the document as it is now,
	// and lists its problems. ctx is cancelled when the document changes
	// again; the result is then dropped.
	Suggest(ctx context.Context, b annot.Bundle) (Suggestions, error)
	// Reject records that a suggestion was turned down, so that it is not
	// proposed again for this document.
	Reject(ctx context.Context, docID string, sp annot.Span) error
}

// Suggestions is what an Assistant proposes for one document.
type Suggestions struct {
	// Spans are proposed spans, ids unique within the set; attrs
	// "confidence" and "reason" are shown, and dropped on acceptance.
	Spans []annot.Span
	// Relations are proposed relations from or to a proposed span; the
	// other end is an existing span or another proposed one.
	Relations []annot.Relation
	// Lints are problems in the document as stored.
	Lints []Lint
}

// Lint is one problem the panel lists; clicking it selects the span.
type Lint struct {
	SpanID  string
	Message string
}

// assistState is the open document's suggestions.
type assistState struct {
	stop     context.CancelFunc
	gen      int
	sugg     []annot.Span
	rels     []annot.Relation
	lints    []Lint
	selected string // selected suggestion id
}

func (a *assistState) spans() []annot.Span { return a.sugg }

func (a *assistState) has(id string) bool { return id != "" && a.find(id) >= 0 }

func (a *assistState) find(id string) int {
	for i, sp := range a.sugg {
		if sp.ID == id {
			return i
		}
	}
	return -1
}

func (a *assistState) cancel() {
	if a.stop != nil {
		a.stop()
		a.stop = nil
	}
	a.gen++
}

func (a *assistState) clear() {
	a.cancel()
	a.sugg, a.rels, a.lints, a.selected = nil, nil, nil, ""
}

func (a *assistState) remove(id string) {
	if i := a.find(id); i >= 0 {
		a.sugg = append(a.sugg[:i:i], a.sugg[i+1:]...)
	}
	if a.selected == id {
		a.selected = ""
	}
}

// startAssist asks the Assistant about the open document in the background.
func (w *Workbench) startAssist() {
	if w.assistant == nil || w.doc == nil {
		return
	}
	w.assist.cancel()
	ctx, stop := context.WithCancel(bg)
	w.assist.stop = stop
	gen, d := w.assist.gen, w.doc
	b := annot.Bundle{Doc: annot.Document{ID: d.info.ID, Title: d.info.Title, Text: d.ix.Text(), Meta: d.info.Meta, Status: d.info.Status},
		Spans: append([]annot.Span(nil), d.spans...), Relations: append([]annot.Relation(nil), d.rels...)}
	as := w.assistant
	w.jobs.Go(func() func() {
		s, err := as.Suggest(ctx, b)
		return func() {
			if gen != w.assist.gen || w.doc == nil || w.doc.info.ID != b.Doc.ID {
				return
			}
			if err != nil {
				w.setMessage("Suggestions failed: " + oneLineErr(err))
				return
			}
			sort.SliceStable(s.Spans, func(i, j int) bool { return spanLess(s.Spans[i], s.Spans[j]) })
			w.assist.sugg, w.assist.rels, w.assist.lints = s.Spans, s.Relations, s.Lints
			if !w.assist.has(w.assist.selected) {
				w.assist.selected = ""
			}
			w.view.SetMarks(buildMarks(w.doc, w.colors, w.assist.sugg))
			w.panel.refresh()
		}
	})
}

// selectSuggestion outlines suggestion id ("" for none).
func (w *Workbench) selectSuggestion(id string) {
	w.panel.commitNote()
	w.selSpan = ""
	w.assist.selected = id
	w.view.SetSelectedMark(id)
	if i := w.assist.find(id); i >= 0 {
		w.view.ScrollTo(w.assist.sugg[i].Start)
	}
	w.panel.refresh()
}

func (w *Workbench) nextSuggestion(back bool) {
	n := len(w.assist.sugg)
	if n == 0 {
		w.selectSuggestion("")
		return
	}
	i := w.assist.find(w.assist.selected)
	if back {
		i = (i - 1 + n) % n
	} else {
		i = (i + 1) % n
	}
	w.selectSuggestion(w.assist.sugg[i].ID)
}

// acceptSuggestion stores the selected suggestion as a span.
func (w *Workbench) acceptSuggestion() {
	if w.assistant == nil {
		return
	}
	i := w.assist.find(w.assist.selected)
	if i < 0 {
		w.setMessage("No suggestion selected: click a dashed span or Tab to one.")
		return
	}
	sp := w.assist.sugg[i]
	w.accept([]annot.Span{sp}, "accept suggested "+sp.Label)
}

// acceptAllOfLabel accepts every suggestion with the selected one's label.
func (w *Workbench) acceptAllOfLabel() {
	i := w.assist.find(w.assist.selected)
	if i < 0 {
		return
	}
	label := w.assist.sugg[i].Label
	var all []annot.Span
	for _, sp := range w.assist.sugg {
		if sp.Label == label {
			all = append(all, sp)
		}
	}
	w.accept(all, fmt.Sprintf("accept %d suggested %s", len(all), label))
}

// accept creates the suggested spans, and their suggested relations whose
// other end exists or is accepted too, as one action.
func (w *Workbench) accept(spans []annot.Span, summary string) {
	ids := map[string]string{} // suggestion id -> new span id
	var c store.Change
	for _, sp := range spans {
		nid := annot.NewID()
		ids[sp.ID] = nid
		sp.ID = nid
		attrs := map[string]string{}
		for k, v := range sp.Attrs {
			if k != "suggested" && k != "confidence" && k != "reason" {
				attrs[k] = v
			}
		}
		sp.Attrs, sp.Annotator = attrs, w.annotator
		c.Create = append(c.Create, sp)
	}
	end := func(id string) (string, bool) {
		if n, ok := ids[id]; ok {
			return n, true
		}
		_, _, ok := w.doc.find(id)
		return id, ok
	}
	for _, r := range w.assist.rels {
		if _, a := ids[r.From]; !a {
			if _, b := ids[r.To]; !b {
				continue
			}
		}
		from, ok1 := end(r.From)
		to, ok2 := end(r.To)
		if ok1 && ok2 {
			c.Link = append(c.Link, annot.Relation{Label: r.Label, From: from, To: to})
		}
	}
	next := ""
	if len(spans) == 1 {
		if i := w.assist.find(spans[0].ID); i >= 0 && len(w.assist.sugg) > 1 {
			next = w.assist.sugg[(i+1)%len(w.assist.sugg)].ID
		}
	}
	for _, sp := range spans {
		w.assist.remove(sp.ID)
	}
	if _, ok := w.edit(summary, c); ok && next != "" {
		w.selectSuggestion(next)
	}
}

// rejectSuggestion drops the selected suggestion and tells the Assistant.
func (w *Workbench) rejectSuggestion() {
	if w.assistant == nil {
		return
	}
	i := w.assist.find(w.assist.selected)
	if i < 0 {
		w.setMessage("No suggestion selected: click a dashed span or Tab to one.")
		return
	}
	sp := w.assist.sugg[i]
	next := ""
	if len(w.assist.sugg) > 1 {
		next = w.assist.sugg[(i+1)%len(w.assist.sugg)].ID
	}
	w.assist.remove(sp.ID)
	if err := w.assistant.Reject(bg, w.doc.info.ID, sp); err != nil {
		w.showError(err)
	}
	w.view.SetMarks(buildMarks(w.doc, w.colors, w.assist.sugg))
	w.selectSuggestion(next)
	w.setMessage("Rejected the suggested " + sp.Label + ".")
}
