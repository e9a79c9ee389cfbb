package annot

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// The rules of an edit: what changing a label, adding a fragment or
// touching a document does besides the change asked for. The window's
// editing session, spanbench suggest --apply and import onto an existing
// document build their changes with them, so the same intents give the
// same stored result from every door.

// CompareSpans is the one span order: by start, longest first, then by id.
// The store returns spans in it and the editing session keeps them in it.
func CompareSpans(a, b Span) int {
	if a.Start != b.Start {
		return cmp.Compare(a.Start, b.Start)
	}
	if a.End != b.End {
		return cmp.Compare(b.End, a.End)
	}
	return strings.Compare(a.ID, b.ID)
}

// SortSpans sorts spans in the span order (CompareSpans).
func SortSpans(spans []Span) { slices.SortFunc(spans, CompareSpans) }

// attrLayers names the layer each attribute with a meaning belongs to; a
// span moved to another layer loses it. Other attributes (imported ones)
// belong to no layer and are kept.
var attrLayers = map[string]Layer{
	AttrKind:        LayerQuote,
	AttrCheckworthy: LayerClaim,
}

// PruneAttrs returns the attributes a span in layer keeps: those with a
// meaning in another layer (a quote's kind on a claim) are dropped. The
// map given is not changed; nil stays nil.
func PruneAttrs(attrs map[string]string, layer Layer) map[string]string {
	if attrs == nil {
		return nil
	}
	out := make(map[string]string, len(attrs))
	for k, v := range attrs {
		if l, ok := attrLayers[k]; ok && l != layer {
			continue
		}
		out[k] = v
	}
	return out
}

// WithAttr returns sp with attribute key set to value ("" removes it),
// on a copy of its attributes.
func WithAttr(sp Span, key, value string) Span {
	attrs := make(map[string]string, len(sp.Attrs)+1)
	for k, v := range sp.Attrs {
		attrs[k] = v
	}
	if value == "" {
		delete(attrs, key)
	} else {
		attrs[key] = value
	}
	sp.Attrs = attrs
	return sp
}

// Relabel returns sp carrying label l: moved to l's layer, without the
// attributes the new layer does not take (PruneAttrs).
func Relabel(sp Span, l Label) Span {
	if sp.Layer != l.Layer {
		sp.Attrs = PruneAttrs(sp.Attrs, l.Layer)
	}
	sp.Layer, sp.Label = l.Layer, l.Name
	return sp
}

// Relink works out what moving span sp to layer does to its relations
// (rels are the document's; layerOf gives the layer of any span of it):
// links that stay valid are kept; a SPEAKER becomes a CLAIMANT (and back)
// when a quote becomes a claim; any other link the new layer cannot carry
// is removed. It returns the ids of the relations to remove and the
// relations to add (without ids).
func Relink(rels []Relation, layerOf func(id string) Layer, sp Span, layer Layer) (unlink []string, link []Relation) {
	if sp.Layer == layer {
		return nil, nil
	}
	for _, r := range rels {
		if r.From != sp.ID && r.To != sp.ID {
			continue
		}
		from, to := layerOf(r.From), layerOf(r.To)
		if r.From == sp.ID {
			from = layer
		}
		if r.To == sp.ID {
			to = layer
		}
		if CheckRelationLayers(r.Label, from, to) == nil {
			continue
		}
		unlink = append(unlink, r.ID)
		if r.From == sp.ID && (r.Label == RelSpeaker || r.Label == RelClaimant) {
			if nl := LinkLabel(layer); nl != "" && CheckRelationLayers(nl, layer, to) == nil {
				link = append(link, Relation{Label: nl, From: r.From, To: r.To})
			}
		}
	}
	return unlink, link
}

// InPieces reports whether [start, end) lies inside one of sp's pieces.
func InPieces(sp Span, start, end int) bool {
	for _, p := range sp.Pieces() {
		if start >= p.Start && end <= p.End {
			return true
		}
	}
	return false
}

// AddFragment returns sp with [start, end) added to its pieces: pieces
// that overlap or touch the new one merge with it, so the result stays
// sorted and apart, as the store requires.
func AddFragment(sp Span, start, end int) Span {
	pieces := append(append([]Fragment(nil), sp.Pieces()...), Fragment{Start: start, End: end})
	sort.Slice(pieces, func(i, j int) bool { return pieces[i].Start < pieces[j].Start })
	merged := pieces[:1]
	for _, p := range pieces[1:] {
		last := &merged[len(merged)-1]
		if p.Start <= last.End {
			last.End = max(last.End, p.End)
			continue
		}
		merged = append(merged, p)
	}
	sp.Start, sp.End = merged[0].Start, merged[len(merged)-1].End
	sp.Fragments = nil
	if len(merged) > 1 {
		sp.Fragments = merged
	}
	return sp
}

// StatusAfterEdit is the status rule: the first edit of the annotations
// of a document still to do puts it in progress. asked is the status the
// edit sets itself ("" none), touches whether it changes spans or
// relations. It returns the status to store, "" for none.
func StatusAfterEdit(current, asked Status, touches bool) Status {
	if asked == "" && touches && (current == StatusTodo || current == "") {
		return StatusInProgress
	}
	return asked
}

// OnlyLink works out what makes to the only relation label from span
// from (a quote's one SPEAKER, a claim's one CLAIMANT; "" to: none): the
// ids of the other links to remove and the link to add, nil when it is
// there already.
func OnlyLink(rels []Relation, from, label, to string) (unlink []string, link *Relation) {
	have := false
	for _, r := range rels {
		if r.From != from || r.Label != label {
			continue
		}
		if r.To == to {
			have = true
			continue
		}
		unlink = append(unlink, r.ID)
	}
	if to != "" && !have {
		link = &Relation{Label: label, From: from, To: to}
	}
	return unlink, link
}

// SameSpanAt returns the index in spans (in the span order) of a
// contiguous span over exactly [start, end) with label l, or -1: applying
// a label to text that already carries it selects that span instead of
// doubling it.
func SameSpanAt(spans []Span, start, end int, l Label) int {
	for i := sort.Search(len(spans), func(i int) bool { return spans[i].Start >= start }); i < len(spans) && spans[i].Start == start; i++ {
		if sp := spans[i]; sp.End == end && sp.Label == l.Name && sp.Layer == l.Layer && len(sp.Fragments) < 2 {
			return i
		}
	}
	return -1
}
