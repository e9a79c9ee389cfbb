package store

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/synth"
)

// The store benchmarks run on synthetic news projects (annot/synth, the
// same documents "spanbench gen" writes) at 1k and 10k documents; 100k
// joins when SPANBENCH_BENCH_100K=1, because building that project takes
// minutes. Projects for the read benchmarks are built once and kept in the
// temp folder between runs (spanbench-bench-*.db). BENCHMARKS.md has the
// commands and figures.

func benchSizes() []int {
	if os.Getenv("SPANBENCH_BENCH_100K") != "" {
		return []int{1000, 10000, 100000}
	}
	return []int{1000, 10000}
}

const benchSpansPerDoc = 20

// benchFixtureVersion changes when the fixture projects must be rebuilt.
const benchFixtureVersion = 3

// fixture returns a read-only project of n synthetic documents with 20
// spans each, building it on first use.
func fixture(b *testing.B, n int) *Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("spanbench-bench-v%d-s%d-%dx%d.db", benchFixtureVersion, SchemaVersion(), n, benchSpansPerDoc))
	if _, err := os.Stat(path); err != nil {
		b.StopTimer()
		tmp := path + ".building"
		os.Remove(tmp)
		s, err := Open(tmp)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := s.Import(ctx, "bench", synth.Bundles(n, synth.Options{Seed: 1, SpansPerDoc: benchSpansPerDoc}), ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.IndexPending(ctx); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s in %s", path, time.Since(start).Round(time.Millisecond))
		b.StartTimer()
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// cpuClock measures the CPU time the process spends, user and system: on
// a machine shared with other work, wall-clock figures swing with the
// load, CPU time much less. Benchmarks report both.
type cpuClock struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU(b *testing.B) *cpuClock {
	b.Helper()
	c := &cpuClock{start: cpuNow()}
	return c
}

// report adds cpu-ms/op; call it after the timed loop.
func (c *cpuClock) report(b *testing.B) {
	b.ReportMetric(float64(cpuNow()-c.start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func pregen(n, spans int) []annot.Bundle {
	out := make([]annot.Bundle, n)
	for i := range out {
		out[i] = synth.Doc(i, synth.Options{Seed: 1, SpansPerDoc: spans})
	}
	return out
}

func textBytes(bs []annot.Bundle) int64 {
	var n int64
	for _, b := range bs {
		n += int64(len(b.Doc.Text))
	}
	return n
}

// BenchmarkImport imports n articles into a new project in one Import:
// plain articles (spans=0, the "10,000 articles, about 50 MB" target) and
// articles with 20 spans each. MB/s counts text bytes.
func BenchmarkImport(b *testing.B) {
	for _, n := range benchSizes() {
		for _, spans := range []int{0, benchSpansPerDoc} {
			b.Run(fmt.Sprintf("docs=%d/spans=%d", n, spans), func(b *testing.B) {
				docs := pregen(n, spans)
				b.SetBytes(textBytes(docs))
				b.ResetTimer()
				cpu := startCPU(b)
				defer cpu.report(b)
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					s := mustOpen(b)
					b.StartTimer()
					rep, err := s.Import(ctx, "bench", seq(docs...), ImportOptions{})
					if err != nil {
						b.Fatal(err)
					}
					if rep.Documents != n {
						b.Fatalf("imported %d", rep.Documents)
					}
					b.StopTimer()
					s.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	}
}

// BenchmarkImportAndIndex is BenchmarkImport for plain articles followed
// by the full-text indexing that runs after an import commits: the time
// until every imported text is searchable.
func BenchmarkImportAndIndex(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("docs=%d/spans=0", n), func(b *testing.B) {
			docs := pregen(n, 0)
			b.SetBytes(textBytes(docs))
			b.ResetTimer()
			cpu := startCPU(b)
			defer cpu.report(b)
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := mustOpen(b)
				b.StartTimer()
				if _, err := s.Import(ctx, "bench", seq(docs...), ImportOptions{}); err != nil {
					b.Fatal(err)
				}
				if _, err := s.IndexPending(ctx); err != nil {
					b.Fatal(err)
				}
				s.WaitIndexed()
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkExportJSONL exports the whole project to native JSONL, as
// "spanbench export --format jsonl" does: Store.Bundles streamed through
// format.WriteJSONL. MB/s counts the JSONL bytes written.
func BenchmarkExportJSONL(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			s := fixture(b, n)
			b.ResetTimer()
			cpu := startCPU(b)
			defer cpu.report(b)
			var total int64
			for i := 0; i < b.N; i++ {
				w := &countingWriter{}
				bw := bufio.NewWriterSize(w, 1<<16)
				for bu, err := range s.Bundles(ctx, ExportFilter{}) {
					if err != nil {
						b.Fatal(err)
					}
					if err := format.WriteJSONL(bw, bu); err != nil {
						b.Fatal(err)
					}
				}
				bw.Flush()
				total += w.n
			}
			b.SetBytes(total / int64(b.N))
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// BenchmarkBundles streams the whole project through Store.Bundles alone.
func BenchmarkBundles(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			s := fixture(b, n)
			b.ResetTimer()
			cpu := startCPU(b)
			defer cpu.report(b)
			for i := 0; i < b.N; i++ {
				docs, spans := 0, 0
				for bu, err := range s.Bundles(ctx, ExportFilter{}) {
					if err != nil {
						b.Fatal(err)
					}
					docs++
					spans += len(bu.Spans)
				}
				if docs != n || spans != n*benchSpansPerDoc {
					b.Fatalf("%d docs, %d spans", docs, spans)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkListDocuments lists every document (the window's document list),
// one status, and a title filter.
func BenchmarkListDocuments(b *testing.B) {
	done := annot.StatusDone
	for _, n := range benchSizes() {
		for _, c := range []struct {
			name string
			f    DocFilter
		}{
			{"all", DocFilter{}},
			{"status", DocFilter{Status: &done}},
			{"title", DocFilter{Query: "Geneva: Ministers"}},
			{"page", DocFilter{Limit: 100, Offset: n / 2}},
		} {
			b.Run(fmt.Sprintf("docs=%d/%s", n, c.name), func(b *testing.B) {
				s := fixture(b, n)
				b.ResetTimer()
				cpu := startCPU(b)
				defer cpu.report(b)
				for i := 0; i < b.N; i++ {
					docs, err := s.ListDocuments(ctx, c.f)
					if err != nil || len(docs) == 0 {
						b.Fatal(len(docs), err)
					}
				}
			})
		}
	}
}

// BenchmarkSearch runs full-text queries, from rare to common: one
// document's dateline number, a prefix as typed (Reykjavík, in about one
// document in 18), a topic (one in 8), two words, and a surname most
// documents contain (so listing the hits costs as much as listing all).
func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes() {
		for _, q := range []string{"Wire 742", "Reykja", "ceasefire", "Tanaka ceasefire", "Kierkegaard"} {
			b.Run(fmt.Sprintf("docs=%d/q=%s", n, q), func(b *testing.B) {
				s := fixture(b, n)
				b.ResetTimer()
				cpu := startCPU(b)
				defer cpu.report(b)
				for i := 0; i < b.N; i++ {
					docs, err := s.ListDocuments(ctx, DocFilter{Query: q})
					if err != nil || len(docs) == 0 {
						b.Fatal(len(docs), err)
					}
				}
			})
		}
	}
}

// BenchmarkBundleLarge opens one 1 MB document with 20,000 spans, as the
// window does when it shows it.
func BenchmarkBundleLarge(b *testing.B) {
	s := mustOpen(b)
	doc := synth.Doc(0, synth.Options{Seed: 9, SpansPerDoc: 20000, TextBytes: 1 << 20})
	rep, err := s.Import(ctx, "bench", seq(doc), ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	id := rep.DocIDs[0]
	b.SetBytes(int64(len(doc.Doc.Text)))
	b.ResetTimer()
	cpu := startCPU(b)
	defer cpu.report(b)
	for i := 0; i < b.N; i++ {
		bu, err := s.Bundle(ctx, id)
		if err != nil || len(bu.Spans) != 20000 {
			b.Fatal(len(bu.Spans), err)
		}
	}
}

// BenchmarkOpen opens and closes a project, as the window and every
// command do; quick_check is what Open would add if it checked the whole
// file (it does so only before migrating), Check what "spanbench check"
// costs.
func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			path := fixture(b, n).Path()
			b.ResetTimer()
			cpu := startCPU(b)
			defer cpu.report(b)
			for i := 0; i < b.N; i++ {
				s, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
		b.Run(fmt.Sprintf("docs=%d/quick_check", n), func(b *testing.B) {
			s := fixture(b, n)
			b.ResetTimer()
			cpu := startCPU(b)
			defer cpu.report(b)
			for i := 0; i < b.N; i++ {
				if p, err := quickCheck(ctx, s.db); err != nil || len(p) > 0 {
					b.Fatal(p, err)
				}
			}
		})
		b.Run(fmt.Sprintf("docs=%d/Check", n), func(b *testing.B) {
			s := fixture(b, n)
			b.ResetTimer()
			cpu := startCPU(b)
			defer cpu.report(b)
			for i := 0; i < b.N; i++ {
				if p, err := s.Check(ctx); err != nil || len(p) > 0 {
					b.Fatal(p, err)
				}
			}
		})
	}
}
