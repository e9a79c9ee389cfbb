package suggest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/assets"
)

// bigArticle returns about n bytes of news text: the sample article and the
// evaluation paragraphs, repeated.
func bigArticle(tb testing.TB, n int) string {
	var parts []string
	parts = append(parts, assets.SampleText())
	for _, b := range readGold(tb) {
		parts = append(parts, b.Doc.Text)
	}
	unit := strings.Join(parts, "\n\n")
	var sb strings.Builder
	for sb.Len() < n {
		sb.WriteString(unit)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkRun1MB runs every suggester on a 1 MB article with a few hundred
// labelled entities, index and tokenizing included: "plain" with no quotes
// tagged yet, "coded" with 5,000 of the suggested quotes saved, as after a
// coder accepted them:
//
//	go test ./annot/suggest -run '^$' -bench Run1MB -benchmem
func BenchmarkRun1MB(b *testing.B) {
	text := bigArticle(b, 1<<20)
	bundle := annot.Bundle{Doc: annot.Document{ID: "big", Text: text}}
	// Label the first few hundred names, as a coder would have, so entity
	// propagation has work to do.
	ix := annot.NewIndex(text)
	for _, name := range []string{"Vedant Patel", "Patel", "Taliban", "Afghanistan", "Marta Lindqvist", "Coastal Research Council"} {
		for i, n := 0, 0; n < 50; n++ {
			j := strings.Index(text[i:], name)
			if j < 0 {
				break
			}
			s, _ := ix.FromByte(i + j)
			bundle.Spans = append(bundle.Spans, annot.Span{ID: annot.NewID(), Start: s, End: s + len([]rune(name)), Layer: annot.LayerEntity, Label: "ORG"})
			i += j + len(name)
		}
	}
	opt := Options{Gazetteer: []GazetteerEntry{{Text: "Institute for the Study of War", Label: "ORG"}, {Text: "Helen Okafor", Label: "PERSON"}}}
	coded := bundle
	coded.Spans = append([]annot.Span(nil), bundle.Spans...)
	sgs, err := Run(context.Background(), bundle, ix, Options{Suggesters: []string{SourceQuotes}})
	if err != nil {
		b.Fatal(err)
	}
	for _, sg := range sgs {
		if sg.Label == annot.LabelQuote && len(coded.Spans)-len(bundle.Spans) < 5000 {
			coded.Spans = append(coded.Spans, Plain(sg.Spans[0]))
		}
	}
	if n := len(coded.Spans) - len(bundle.Spans); n < 5000 {
		b.Fatalf("%d quotes to save, want 5000", n)
	}
	// Quotes tagged by hand, without marks: every other sentence.
	hand := bundle
	hand.Spans = append([]annot.Span(nil), bundle.Spans...)
	for i, s := range ix.Sentences() {
		if i%2 == 0 && len(hand.Spans)-len(bundle.Spans) < 5000 {
			hand.Spans = append(hand.Spans, annot.Span{ID: annot.NewID(), Start: s.Start, End: s.End, Layer: annot.LayerQuote, Label: annot.LabelQuote})
		}
	}
	if n := len(hand.Spans) - len(bundle.Spans); n < 5000 {
		b.Fatalf("%d sentences to tag, want 5000", n)
	}
	for _, bc := range []struct {
		name   string
		bundle annot.Bundle
	}{{"plain", bundle}, {"coded", coded}, {"hand", hand}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			var n int
			for b.Loop() {
				sgs, err := Run(context.Background(), bc.bundle, annot.NewIndex(text), opt)
				if err != nil {
					b.Fatal(err)
				}
				n = len(sgs)
			}
			b.ReportMetric(float64(n), "suggestions")
		})
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	text := bigArticle(t, 200<<10)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, annot.Bundle{Doc: annot.Document{Text: text}}, nil, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v, want context.Canceled", err)
	}
}
