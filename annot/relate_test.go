package annot

import (
	"slices"
	"testing"
)

func TestRelationLabelsFrom(t *testing.T) {
	// The default label set (DefaultLabels) plus a relation a brat corpus
	// brings without a rule, and a span label that must never be offered.
	labels := append(DefaultLabels(), Label{Layer: LayerRelation, Name: "Located"})
	for _, c := range []struct {
		from Layer
		want []string // from relationRules in model.go: which labels start at this layer
	}{
		{LayerQuote, []string{RelSpeaker, RelCue, "Located"}},
		{LayerClaim, []string{RelClaimant, "Located"}},
		{LayerEntity, []string{RelSameAs, "Located"}},
		{LayerCue, []string{"Located"}},
	} {
		var got []string
		for _, l := range RelationLabelsFrom(labels, c.from) {
			got = append(got, l.Name)
		}
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("from %s: got %v, want %v", c.from, got, want)
		}
	}
}

func TestRelationTargets(t *testing.T) {
	// Positions by hand: e1 [0,5), q [10,30), e2 [12,18) inside q, c [31,35),
	// e3 [40,45), cl [50,60). Gaps from e3: e1 35, q 10, e2 22, c 5, cl 5.
	spans := []Span{
		{ID: "e1", Start: 0, End: 5, Layer: LayerEntity},
		{ID: "q", Start: 10, End: 30, Layer: LayerQuote},
		{ID: "e2", Start: 12, End: 18, Layer: LayerEntity},
		{ID: "c", Start: 31, End: 35, Layer: LayerCue},
		{ID: "e3", Start: 40, End: 45, Layer: LayerEntity},
		{ID: "cl", Start: 50, End: 60, Layer: LayerClaim},
	}
	at := func(id string) Span {
		for _, s := range spans {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("no span %s", id)
		return Span{}
	}
	for _, c := range []struct {
		label, from string
		want        []string
	}{
		{RelSameAs, "e3", []string{"e2", "e1"}},                 // entities only, not itself, nearest first
		{RelSameAs, "e1", []string{"e2", "e3"}},                 // gaps 7 and 35
		{RelSameAs, "q", nil},                                   // SAME_AS does not start at a quote
		{RelSpeaker, "q", []string{"e2", "e1", "e3"}},           // e2 overlaps q (gap 0), e1 5, e3 10
		{RelCue, "q", []string{"c"}},                            // quote -> cue
		{RelClaimant, "cl", []string{"e3", "q", "e2", "e1"}},    // entity or quote: gaps e3 5, q 20, e2 32, e1 45
		{"Located", "c", []string{"q", "e3", "e2", "cl", "e1"}}, // no rule: any layer; gaps q 1, e3 5, e2 13, cl 15, e1 26
	} {
		var got []string
		for _, i := range RelationTargets(c.label, at(c.from), spans) {
			got = append(got, spans[i].ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s from %s: got %v, want %v", c.label, c.from, got, c.want)
		}
	}
}
