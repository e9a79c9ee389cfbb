package learn_test

import (
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/learn"
	"spanbench/annot/synth"
)

// synthDocs returns n synthetic news articles (about 5 KB each) with their
// entity spans, the documents spanbench gen writes.
func synthDocs(n int) []learn.Document {
	var out []learn.Document
	for b := range synth.Bundles(n, synth.Options{Seed: 1, SpansPerDoc: 20}) {
		out = append(out, learn.Document{Index: annot.NewIndex(b.Doc.Text), Spans: b.Spans})
	}
	return out
}

// BenchmarkTrain100 trains on 100 coded articles: the cost of one
// background retrain per 100 documents a project has coded.
//
//	go test ./annot/learn -run '^$' -bench Train100 -benchmem -count 3
func BenchmarkTrain100(b *testing.B) {
	docs := synthDocs(100)
	tokens := 0
	for _, d := range docs {
		tokens += len(d.Index.Tokens())
	}
	b.ReportMetric(float64(tokens), "tokens")
	b.ResetTimer()
	for b.Loop() {
		// Fresh indexes, as a retrain reads the texts again: their tokens
		// and sentences are part of the cost.
		fresh := make([]learn.Document, len(docs))
		for i, d := range docs {
			fresh[i] = learn.Document{Index: annot.NewIndex(d.Index.Text()), Spans: d.Spans}
		}
		learn.Train(fresh, learn.Options{})
	}
}

// BenchmarkPredict1MB proposes entities in a 1 MB text (synthetic
// articles joined) with a model trained on 100 articles.
//
//	go test ./annot/learn -run '^$' -bench Predict1MB -benchmem -count 3
func BenchmarkPredict1MB(b *testing.B) {
	m := learn.Train(synthDocs(100), learn.Options{})
	var sb strings.Builder
	for i := 100; sb.Len() < 1<<20; i++ {
		sb.WriteString(synth.Doc(i, synth.Options{Seed: 1}).Doc.Text)
		sb.WriteString("\n\n")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		m.Predict(annot.NewIndex(text), nil)
	}
}
