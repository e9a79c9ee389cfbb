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
// labelled entities, index and tokenizing included:
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
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		sgs, err := Run(context.Background(), bundle, annot.NewIndex(text), opt)
		if err != nil {
			b.Fatal(err)
		}
		n = len(sgs)
	}
	b.ReportMetric(float64(n), "suggestions")
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
