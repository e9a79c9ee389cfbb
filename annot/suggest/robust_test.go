package suggest

import (
	"context"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/assets"
)

// TestSuggestionsAreValidSpans runs every suggester on odd texts and checks
// every suggested span and relation would pass the store's validation.
func TestSuggestionsAreValidSpans(t *testing.T) {
	texts := []string{
		"",
		"“",
		"”",
		"\"\"\"",
		"“”",
		"« »",
		"‘’’‘",
		"“\u0301Café au lait\u0301,” Ana Ruiz said.",
		"\ufeff“We will win,” Ana Ruiz said.\r\n\r\n“We did,” she added.\r\n",
		"“👩‍👩‍👧 family first,” said Ana Ruiz 🇺🇸.",
		"「」『』",
		"(X)",
		"According to",
		"said said said said said",
		"“" + strings.Repeat("a", 1000),
		"the Institute for the Study of War (ISW) (ISW) ()",
		assets.SampleText(),
	}
	for _, g := range readGold(t) {
		texts = append(texts, g.Doc.Text)
	}
	for _, text := range texts {
		b := annot.Bundle{Doc: annot.Document{ID: "d", Text: text},
			Spans: []annot.Span{{ID: "x", Start: 0, End: min(3, len([]rune(text))), Layer: annot.LayerEntity, Label: "PERSON"}}}
		if len([]rune(text)) < 3 {
			b.Spans = nil
		}
		ix := annot.NewIndex(text)
		sgs, err := Run(context.Background(), b, ix, Options{MinConfidence: -1, Gazetteer: []GazetteerEntry{{Text: "Ana Ruiz", Label: "PERSON"}}})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		out := AsBundle(b, sgs)
		if err := out.Validate(nil); err != nil {
			t.Errorf("%.40q: %v", text, err)
		}
		for _, sg := range sgs {
			if sg.Key == "" || sg.Reason == "" || sg.Confidence <= 0 || sg.Confidence > 1 || sg.End < sg.Start {
				t.Errorf("%.40q: incomplete suggestion %+v", text, sg)
			}
			for _, r := range sg.Relations {
				from, to := spanOf(out, r.From), spanOf(out, r.To)
				if err := annot.CheckRelationLayers(r.Label, from.Layer, to.Layer); err != nil {
					t.Errorf("%.40q: %s: %v", text, sg, err)
				}
			}
		}
	}
}

func spanOf(b annot.Bundle, id string) annot.Span {
	for _, sp := range b.Spans {
		if sp.ID == id {
			return sp
		}
	}
	return annot.Span{}
}
