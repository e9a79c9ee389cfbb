package learn_test

import (
	"strings"
	"syscall"
	"testing"
	"time"

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

// cpuTime is the process's user and system CPU time: on a shared machine
// it says what the work cost when wall time says how busy the others were.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkTrain100 trains on 100 coded articles (about 500 KB, 100,000
// tokens): the cost of one background retrain per 100 documents a project
// has coded, tokenizing included.
//
//	go test ./annot/learn -run '^$' -bench Train100 -benchmem -count 3
func BenchmarkTrain100(b *testing.B) {
	docs := synthDocs(100)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		// Fresh indexes, as a retrain reads the texts again: their tokens
		// and sentences are part of the cost.
		fresh := make([]learn.Document, len(docs))
		for i, d := range docs {
			fresh[i] = learn.Document{Index: annot.NewIndex(d.Index.Text()), Spans: d.Spans}
		}
		learn.Train(fresh, learn.Options{})
	}
	reportCPU(b, start)
}

// BenchmarkPredict1MB proposes entities in a 1 MB text (synthetic
// articles joined) with a model trained on 100 articles: model is the
// tagger alone on an index whose tokens and sentences the suggesters have
// already built; all adds building them.
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
	b.Run("model", func(b *testing.B) {
		ix := annot.NewIndex(text)
		ix.Tokens()
		ix.Sentences()
		b.SetBytes(int64(len(text)))
		b.ResetTimer()
		start := cpuTime()
		for b.Loop() {
			m.Predict(ix, nil)
		}
		reportCPU(b, start)
	})
	b.Run("all", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		start := cpuTime()
		for b.Loop() {
			m.Predict(annot.NewIndex(text), nil)
		}
		reportCPU(b, start)
	})
}
