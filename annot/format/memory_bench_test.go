package format_test

import (
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/synth"
)

// The export memory benchmark: one 60 MiB synthetic news text (accents,
// non-Latin names, curly quotes, emoji; synth seed 1) with 100,000 spans,
// exported to each token format. It reports the peak of the Go heap during
// the export (live and not yet collected objects, sampled every
// millisecond), the document included, in MiB, and what the export added
// to the heap the document already took, as a multiple of the text. Run:
//
//	go test ./annot/format -run '^$' -bench BenchmarkExportMemory -benchtime 1x
//
// Figures are in BENCHMARKS.md ("Export memory").

var (
	bigOnce sync.Once
	bigDoc  annot.Bundle
)

func bigBundle() annot.Bundle {
	bigOnce.Do(func() {
		bigDoc = synth.Doc(0, synth.Options{Seed: 1, SpansPerDoc: 100000, TextBytes: 60 << 20})
	})
	return bigDoc
}

// peakHeap runs f and returns the highest heap size seen while it ran.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	if v := read(); v > peak {
		peak = v
	}
	return peak
}

func BenchmarkExportMemory(b *testing.B) {
	doc := bigBundle()
	text := float64(len(doc.Doc.Text))
	runtime.GC()
	base := peakHeap(func() {})
	b.Logf("text: %.1f MiB, %d code points, %d spans, %d relations; heap before exporting (text, spans, relations): %.0f MiB",
		text/(1<<20), len([]rune(doc.Doc.Text)), len(doc.Spans), len(doc.Relations), float64(base)/(1<<20))
	for _, f := range []string{"conll", "hf", "spacy"} {
		b.Run(f, func(b *testing.B) {
			var peak uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				p := peakHeap(func() {
					_, err := format.Export(ctx, seq(doc), format.ExportOptions{Format: f, Writer: io.Discard, Labels: annot.DefaultLabels()})
					if err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(peak-base)/text, "export-peak/text")
		})
	}
}
