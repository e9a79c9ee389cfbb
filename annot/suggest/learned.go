package suggest

import (
	"spanbench/annot"
)

// learnedShare scales a model's probability into a suggestion's
// confidence: a proposal from a few dozen coded documents is surer than a
// scare quote but less sure than a name the coder labelled elsewhere.
const learnedShare = 0.9

// learnedEntities turns the model's proposals (Options.Names with a Confidence) into
// entity suggestions: only where no existing entity span and no dictionary
// suggestion (labelled elsewhere, gazetteer) is, so the model adds names
// the dictionaries do not know.
func (r *run) learnedEntities(dict []Suggestion) []Suggestion {
	if r.opt.Names == nil {
		return nil
	}
	var taken []annot.Fragment
	for _, s := range dict {
		taken = append(taken, annot.Fragment{Start: s.Start, End: s.End})
	}
	var out []Suggestion
	for _, e := range r.foundNames() {
		if e.Confidence <= 0 || e.End <= e.Start || e.Start < 0 || e.End > r.t.ix.Len() || e.Label == "" {
			continue
		}
		if _, ok := r.existingEntity(e.Start, e.End); ok || r.overlapsEntity(e.Start, e.End) {
			continue
		}
		clash := false
		for _, f := range taken {
			clash = clash || f.Start < e.End && e.Start < f.End
		}
		if clash {
			continue
		}
		g := r.newGroup(SourceEntities, e.Confidence*learnedShare, e.Reason)
		pieces := []annot.Fragment{{Start: e.Start, End: e.End}}
		key := SpanKey(annot.LayerEntity, e.Label, pieces)
		g.span(annot.LayerEntity, e.Label, pieces, nil)
		if sg, ok := g.done(key, e.Start, e.End); ok {
			out = append(out, sg)
		}
	}
	return out
}
