package suggest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"spanbench/annot"
)

// accept returns b with the suggestions saved as a coder accepting them
// would: their spans without the suggestion attributes, and, when rels is
// set, their relations.
func accept(b annot.Bundle, sgs []Suggestion, rels bool) annot.Bundle {
	out := b
	out.Spans = append([]annot.Span(nil), b.Spans...)
	out.Relations = append([]annot.Relation(nil), b.Relations...)
	have := map[string]bool{}
	for _, sp := range b.Spans {
		have[sp.ID] = true
	}
	for _, sg := range sgs {
		for _, sp := range sg.Spans {
			if !have[sp.ID] {
				have[sp.ID] = true
				out.Spans = append(out.Spans, Plain(sp))
			}
		}
		if rels {
			out.Relations = append(out.Relations, sg.Relations...)
		}
	}
	return out
}

// TestAcceptedQuotesAreNotSuggestedAgain accepts the quotes suggested for
// each evaluation text (only the QUOTE spans, or whole suggestions) and runs
// again: no new QUOTE may overlap a saved one, interrupted (two-fragment)
// quotes included.
func TestAcceptedQuotesAreNotSuggestedAgain(t *testing.T) {
	docs := []annot.Bundle{{Doc: annot.Document{ID: "x", Text: "Ana Ruiz spoke. “We are ready,” she said, “and we will not wait.”"}}}
	for _, g := range readGold(t) {
		docs = append(docs, annot.Bundle{Doc: g.Doc})
	}
	interrupted := 0
	for _, in := range docs {
		ix := annot.NewIndex(in.Doc.Text)
		opt := Options{Suggesters: []string{SourceQuotes}}
		first, err := Run(context.Background(), in, ix, opt)
		if err != nil {
			t.Fatal(err)
		}
		quotesOnly := in
		for _, sg := range first {
			if sg.Label == annot.LabelQuote {
				quotesOnly.Spans = append(quotesOnly.Spans, Plain(sg.Spans[0]))
				if len(sg.Spans[0].Fragments) > 1 {
					interrupted++
				}
			}
		}
		for _, saved := range []annot.Bundle{quotesOnly, accept(in, first, true)} {
			again, err := Run(context.Background(), saved, ix, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, sg := range again {
				for _, sp := range sg.Spans {
					if sp.Layer != annot.LayerQuote {
						continue
					}
					for _, old := range saved.Spans {
						if old.Layer == annot.LayerQuote && Overlap(sp.Pieces(), old.Pieces()) > 0 {
							t.Errorf("%s: suggested again %q (%s), overlapping the saved %q",
								in.Doc.Title, ix.SpanText(sp), sg.Reason, ix.SpanText(old))
						}
					}
				}
			}
		}
	}
	if interrupted < 3 {
		t.Errorf("%d interrupted quotes suggested, want at least 3 to test", interrupted)
	}
}

// TestSavedPartsOfAnInterruptedQuote: parts a coder saved as two quotes stay
// two quotes, each offered its speaker; a part left unsaved is offered as a
// quote of its own.
func TestSavedPartsOfAnInterruptedQuote(t *testing.T) {
	text := "Ana Ruiz spoke. “We are ready,” she said, “and we will not wait.”"
	ix := annot.NewIndex(text)
	part := func(id, s string) annot.Span {
		start, _ := ix.FromByte(strings.Index(text, s))
		return annot.Span{ID: id, Start: start, End: start + len([]rune(s)), Layer: annot.LayerQuote, Label: annot.LabelQuote}
	}
	a, b := part("a", "We are ready"), part("b", "and we will not wait")
	tests := []struct {
		name  string
		spans []annot.Span
		want  []string
	}{
		{"both saved", []annot.Span{a, b}, []string{"SPEAKER We are ready", "SPEAKER and we will not wait"}},
		{"first saved", []annot.Span{a}, []string{"SPEAKER We are ready", "QUOTE and we will not wait"}},
	}
	for _, tt := range tests {
		sgs, err := Run(context.Background(), annot.Bundle{Doc: annot.Document{Text: text}, Spans: tt.spans}, ix,
			Options{Suggesters: []string{SourceQuotes}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sg := range sgs {
			got = append(got, sg.Label+" "+ix.Slice(sg.Start, sg.End))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
