package app

import (
	"spanbench/annot"
	"spanbench/app/article"
)

// prefArcs says whether the article view draws the open document's links
// (relations) as arcs; on by default.
const prefArcs = "showArcs"

// wireArcs makes the article view draw the open document's relations: it
// asks for them whenever its marks change, which every change of relations
// (a link made or removed, a span deleted, undo, another process's commit, a
// label's colour) comes with.
func (w *Workbench) wireArcs() {
	w.view.SetShowLinks(w.prefs.BoolWithFallback(prefArcs, true))
	// The view asks again after every change of marks (a suggestion list
	// coming back too), so the list is made in the same memory each time:
	// the view reads it only until it asks again.
	var buf []article.Link
	w.view.LinkSource = func() []article.Link {
		buf = w.viewLinks(buf[:0])
		return buf
	}
}

// viewLinks appends the open document's relations to links, as the article
// view draws them, each in its label's colour.
func (w *Workbench) viewLinks(links []article.Link) []article.Link {
	d := w.ses.Doc()
	if d == nil {
		return links
	}
	for _, r := range d.Relations() {
		c, ok := w.colors[string(annot.LayerRelation)+"/"+r.Label]
		if !ok {
			c = parseColor("")
		}
		links = append(links, article.Link{ID: r.ID, From: r.From, To: r.To, Label: r.Label, Color: c})
	}
	return links
}

// toggleArcs shows or hides the links in the article view, and remembers it.
func (w *Workbench) toggleArcs() {
	on := !w.view.ShowLinks()
	w.view.SetShowLinks(on)
	w.prefs.SetBool(prefArcs, on)
	if on {
		w.setMessage("Links shown (Ctrl+Shift+A hides them)")
	} else {
		w.setMessage("Links hidden (Ctrl+Shift+A shows them)")
	}
}
