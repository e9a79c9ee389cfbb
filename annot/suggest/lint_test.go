package suggest

import (
	"reflect"
	"testing"

	"spanbench/annot"
)

func TestLint(t *testing.T) {
	text := "“We will win,” Ana Ruiz said. Ana Ruiz left the U.S. Ruiz claims taxes will fall."
	//       0          12     15      23     30      38        48   53
	span := func(id string, s, e int, layer annot.Layer, label string) annot.Span {
		return annot.Span{ID: id, Start: s, End: e, Layer: layer, Label: label}
	}
	tests := []struct {
		name  string
		spans []annot.Span
		rels  []annot.Relation
		want  []string // rule/span
	}{
		{"clean", []annot.Span{span("q", 1, 12, annot.LayerQuote, "QUOTE"), span("a", 15, 23, annot.LayerEntity, "PERSON"), span("u", 48, 52, annot.LayerEntity, "GPE")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "q", To: "a"}}, nil},
		{"quote without speaker", []annot.Span{span("q", 1, 12, annot.LayerQuote, "QUOTE")}, nil, []string{"no-speaker/q"}},
		{"claim without claimant", []annot.Span{span("c", 65, 80, annot.LayerClaim, "CLAIM")}, nil, []string{"no-claimant/c"}},
		{"trailing comma and quote marks", []annot.Span{span("q", 0, 13, annot.LayerQuote, "QUOTE"), span("a", 15, 23, annot.LayerEntity, "PERSON")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "q", To: "a"}}, []string{"edges/q"}},
		{"leading space", []annot.Span{span("a", 14, 23, annot.LayerEntity, "PERSON")}, nil, []string{"edges/a"}},
		{"full stop", []annot.Span{span("a", 38, 47, annot.LayerEntity, "PERSON")}, nil, []string{"edges/a"}},
		{"one string two labels", []annot.Span{span("a", 15, 23, annot.LayerEntity, "PERSON"), span("b", 30, 38, annot.LayerEntity, "PERSON"), span("c", 30, 38, annot.LayerEntity, "ORG")},
			nil, []string{"label-conflict/c"}},
		{"relation in the wrong layers", []annot.Span{span("q", 1, 12, annot.LayerQuote, "QUOTE"), span("a", 15, 23, annot.LayerEntity, "PERSON")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "a", To: "q"}}, []string{"no-speaker/q", "relation-layer/a"}},
		{"fragments checked each", []annot.Span{{ID: "q", Start: 1, End: 23, Fragments: []annot.Fragment{{Start: 1, End: 12}, {Start: 14, End: 23}}, Layer: annot.LayerQuote, Label: "QUOTE"}, span("a", 15, 23, annot.LayerEntity, "PERSON")},
			[]annot.Relation{{ID: "r", Label: annot.RelSpeaker, From: "q", To: "a"}}, []string{"edges/q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text}, Spans: tt.spans, Relations: tt.rels}
			var got []string
			for _, f := range Lint(b, nil) {
				id := f.SpanID
				got = append(got, f.Rule+"/"+id)
				if f.DocID != "d" || f.Reason == "" {
					t.Errorf("finding %+v lacks document or reason", f)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEdgeProblem(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Vedant Patel", ""},
		{" Vedant", "starts with whitespace"},
		{"Vedant ", "ends with whitespace"},
		{"“Vedant", "starts with a quote mark"},
		{"Vedant”", "ends with a quote mark"},
		{"Vedant,", "ends with punctuation"},
		{"the U.S.", ""},
		{"Mr.", ""},
		{"Who pays?", ""},
		{"(ISW)", "starts with punctuation"},
		{"Institute (ISW)", ""},
		{"ISW)", "ends with an unmatched bracket"},
	}
	for _, tt := range tests {
		ix := annot.NewIndex(tt.text)
		if got := EdgeProblem(ix, annot.Span{Start: 0, End: ix.Len()}); got != tt.want {
			t.Errorf("EdgeProblem(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestLintOutOfRange: spans outside the text (a bundle not yet validated)
// are reported where they can be, never a panic.
func TestLintOutOfRange(t *testing.T) {
	b := annot.Bundle{Doc: annot.Document{ID: "d", Text: "Ana Ruiz left."}, Spans: []annot.Span{
		{ID: "neg", Start: -1, End: 3, Layer: annot.LayerEntity, Label: "PERSON"},
		{ID: "back", Start: 5, End: 2, Layer: annot.LayerEntity, Label: "PERSON"},
		{ID: "past", Start: 4, End: 99, Layer: annot.LayerEntity, Label: "ORG"},
		{ID: "ok", Start: 0, End: 8, Layer: annot.LayerEntity, Label: "PERSON"},
	}}
	for _, f := range Lint(b, nil) {
		t.Errorf("unexpected finding %s on %s", f, f.SpanID)
	}
}
