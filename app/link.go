package app

import (
	"errors"
	"fmt"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/edit"
)

// linkMode is the state after L: the quote or claim being attributed and
// the entities that can be chosen with Tab.
type linkMode struct {
	from  string   // the quote or claim
	label string   // SPEAKER or CLAIMANT
	cands []string // entity span ids, in the order Tab offers them (suggest.SpeakerChoices)
	cur   int      // index into cands; -1 before the first Tab
}

// linker makes and removes links: L's speaker choice (link mode) and
// Ctrl+R's relation of any label.
type linker struct{ wb *Workbench }

// startLink enters link mode for the selected quote or claim.
func (lk *linker) startLink() {
	w := lk.wb
	sp, ok := w.ses.Selected()
	if !ok || annot.LinkLabel(sp.Layer) == "" {
		w.setMessage("Select a quote or claim first (Tab or click), then press L to link it to who said it.")
		return
	}
	var ents []annot.Span
	for _, e := range w.ses.Doc().Spans() {
		if e.Layer == annot.LayerEntity {
			ents = append(ents, e)
		}
	}
	if len(ents) == 0 {
		w.setMessage("No entities in this document yet: select the speaker's name and press 3 (PERSON) or 4 (ORG) first.")
		return
	}
	// The suggester's speaker for this quote comes first, when it has one.
	var hint *annot.Span
	if h, ok := suggest.SuggestedSpeaker(w.assist.sugg(), sp.ID, func(id string) (annot.Span, bool) {
		e, _, ok := w.ses.Doc().Find(id)
		return e, ok
	}); ok {
		hint = &h
	}
	var cands []string
	for _, i := range suggest.SpeakerChoices(w.ses.Doc().Ix, sp, ents, hint) {
		cands = append(cands, ents[i].ID)
	}
	w.link = &linkMode{from: sp.ID, label: annot.LinkLabel(sp.Layer), cands: cands, cur: -1}
	w.setMessage(fmt.Sprintf("Link this %s to who said it: Tab to an entity and press Enter, or click one. Esc cancels.", sp.Label))
	w.panel.showSelection()
}

// linkStep moves the link candidate along the candidates: the first Tab
// picks the likeliest speaker, Shift+Tab goes back.
func (lk *linker) linkStep(back bool) {
	w := lk.wb
	l := w.link
	n := len(l.cands)
	if l.cur < 0 {
		l.cur = 0
		if back {
			l.cur = n - 1
		}
	} else if back {
		l.cur = (l.cur - 1 + n) % n
	} else {
		l.cur = (l.cur + 1) % n
	}
	id := l.cands[l.cur]
	sp, _, _ := w.ses.Doc().Find(id)
	w.view.SetSelectedMark(id)
	w.view.ScrollTo(sp.Start)
	if from, _, _ := w.ses.Doc().Find(l.from); l.label != annot.LinkLabel(from.Layer) {
		w.setMessage(fmt.Sprintf("%s to “%s” (%s)? Enter makes it, Tab picks another span, Esc cancels.",
			l.label, oneLine(w.ses.Doc().Ix.Slice(sp.Start, sp.End), 40), sp.Label))
	} else {
		w.setMessage(fmt.Sprintf("Link to “%s” (%s)? Enter links it, Tab picks another entity, Esc cancels.",
			oneLine(w.ses.Doc().Ix.Slice(sp.Start, sp.End), 40), sp.Label))
	}
	w.panel.fillChoices()
}

func (lk *linker) confirmLink() {
	w := lk.wb
	if w.link.cur < 0 {
		w.setMessage("Tab to an entity first, or click one.")
		return
	}
	w.linker.linkTo(w.link.cands[w.link.cur])
}

// linkTo makes span id the target of the relation being made: the speaker
// (or claimant) of the span in link mode, replacing the one it had, or a
// relation of the label chosen with Ctrl+R; one action either way. A span
// the label's layer rule refuses is not taken.
func (lk *linker) linkTo(id string) {
	w := lk.wb
	l := w.link
	to, _, ok := w.ses.Doc().Find(id)
	from, _, ok2 := w.ses.Doc().Find(l.from)
	if !ok || !ok2 {
		return
	}
	speaker := l.label == annot.LinkLabel(from.Layer)
	if speaker && to.Layer != annot.LayerEntity {
		w.setMessage("Pick an entity (a PERSON, ORG…) as who said it, or press Esc.")
		return
	}
	if err := annot.CheckRelationLayers(l.label, from.Layer, to.Layer); err != nil || id == l.from {
		why := "a span cannot be related to itself"
		var e *annot.Error
		if errors.As(err, &e) {
			why = e.Msg
		}
		w.setMessage(fmt.Sprintf("Not that %s: %s. Pick another span, or press Esc.", to.Label, why))
		return
	}
	w.link = nil
	if speaker {
		w.linker.setSpeaker(l.from, id)
	} else {
		w.linker.relateTo(l.label, l.from, id)
	}
	w.selectSpan(l.from, false)
}

// setSpeaker makes entity to ("" for nobody) the only SPEAKER or CLAIMANT
// of span from, as one action (edit.Session.SetSpeaker).
func (lk *linker) setSpeaker(from, to string) {
	w := lk.wb
	if out, ok := w.ed.do(func() (edit.Outcome, error) { return w.ses.SetSpeaker(bg, from, to) }); ok && out.Saved() {
		w.setMessage(capitalize(out.Summary) + ".")
	}
}

// cancelLink leaves link mode without linking.
func (lk *linker) cancelLink() {
	w := lk.wb
	if w.link == nil {
		return
	}
	w.link = nil
	w.assist.outlineSelected()
	w.panel.showSelection()
}
