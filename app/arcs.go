package app

import (
	"image/color"

	"fyne.io/fyne/v2"

	"spanbench/annot"
	"spanbench/app/article"
	"spanbench/edit"
)

// prefArcs says whether the article view draws the open document's links
// (relations) as arcs; on by default.
const prefArcs = "showArcs"

// arcs feeds the article view the open document's relations and toggles
// them (Ctrl+Shift+A). The view asks for them whenever its marks change,
// which every change of relations (a link made or removed, a span deleted,
// undo, another process's commit, a label's colour) comes with.
type arcs struct {
	view    *article.View
	ses     *edit.Session
	prefs   fyne.Preferences
	colors  func() map[string]color.NRGBA
	message func(string)
	// buf is the list handed to the view, made in the same memory each
	// time: the view reads it only until it asks again (after every change
	// of marks, a suggestion list coming back too).
	buf []article.Link
}

func newArcs(view *article.View, ses *edit.Session, prefs fyne.Preferences, colors func() map[string]color.NRGBA, message func(string)) *arcs {
	a := &arcs{view: view, ses: ses, prefs: prefs, colors: colors, message: message}
	view.SetShowLinks(prefs.BoolWithFallback(prefArcs, true))
	view.LinkSource = func() []article.Link {
		a.buf = docLinks(a.buf[:0], a.ses.Doc(), a.colors())
		return a.buf
	}
	return a
}

// docLinks appends d's relations to links, as the article view draws them,
// each in its label's colour.
func docLinks(links []article.Link, d *edit.Doc, colors map[string]color.NRGBA) []article.Link {
	if d == nil {
		return links
	}
	for _, r := range d.Relations() {
		c, ok := colors[string(annot.LayerRelation)+"/"+r.Label]
		if !ok {
			c = parseColor("")
		}
		links = append(links, article.Link{ID: r.ID, From: r.From, To: r.To, Label: r.Label, Color: c})
	}
	return links
}

// toggle shows or hides the links in the article view, and remembers it.
func (a *arcs) toggle() {
	on := !a.view.ShowLinks()
	a.view.SetShowLinks(on)
	a.prefs.SetBool(prefArcs, on)
	if on {
		a.message("Links shown (Ctrl+Shift+A hides them)")
	} else {
		a.message("Links hidden (Ctrl+Shift+A shows them)")
	}
}
