package annot

import "sort"

// RelationLabelsFrom returns the relation labels of labels that may start
// at a span of layer from, in the project's order: the built-in ones whose
// layer rule allows that layer (SAME_AS from an entity, CUE from a quote),
// and every label without a rule (a brat corpus' Located or Alias), which
// may start anywhere.
func RelationLabelsFrom(labels []Label, from Layer) []Label {
	var out []Label
	for _, l := range labels {
		if l.Layer != LayerRelation {
			continue
		}
		if r, ok := relationRules[l.Name]; ok && !hasLayer(r.from, from) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// RelationTargets returns the indexes into spans of the spans that relation
// label may point to from span from: those of a layer the label's rule
// allows (any layer for a label without a rule), never from itself, and
// none at all when the rule does not let the label start at from's layer.
// The nearest come first: by the gap in code points between the two spans
// (0 when they touch or overlap), then by position in the text.
func RelationTargets(label string, from Span, spans []Span) []int {
	var out []int
	for i, s := range spans {
		if s.ID == from.ID && s.ID != "" {
			continue
		}
		if CheckRelationLayers(label, from.Layer, s.Layer) != nil {
			continue
		}
		out = append(out, i)
	}
	gap := func(s Span) int {
		return max(0, max(s.Start, from.Start)-min(s.End, from.End))
	}
	sort.SliceStable(out, func(a, b int) bool {
		sa, sb := spans[out[a]], spans[out[b]]
		if ga, gb := gap(sa), gap(sb); ga != gb {
			return ga < gb
		}
		return sa.Start < sb.Start
	})
	return out
}
