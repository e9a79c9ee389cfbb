package app

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"spanbench/annot"
	"spanbench/assets"
	"spanbench/store"
)

// Benchmarks for BENCHMARKS.md, "Window (app)":
//
//	go test ./app -run '^$' -bench . -benchmem
//
// Documents are the sample article repeated; spans are one per 50 bytes
// (entities of one or two tokens, a quote of twenty tokens in ten with a
// SPEAKER, discontinuous claims), stored through the store like any import.

// benchDir holds the generated projects, shared by the benchmarks of a run.
var (
	benchDir     string
	benchDirOnce sync.Once
	benchDBs     = map[string]string{}
	benchMu      sync.Mutex
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchProject returns the path of a generated project, made once per run.
func benchProject(tb testing.TB, name string, gen func(path string) error) string {
	tb.Helper()
	benchDirOnce.Do(func() {
		d, err := os.MkdirTemp("", "spanbench-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		benchDir = d
	})
	benchMu.Lock()
	defer benchMu.Unlock()
	if p, ok := benchDBs[name]; ok {
		return p
	}
	p := filepath.Join(benchDir, name+".db")
	if err := gen(p); err != nil {
		tb.Fatal(err)
	}
	benchDBs[name] = p
	return p
}

// benchBundle is a document of at least size bytes with one span per 50
// bytes; n numbers its title so that no two texts are equal.
func benchBundle(n, size, spans int) annot.Bundle {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Generated article %d\n\n", n)
	for sb.Len() < size {
		sb.WriteString(assets.SampleText())
		sb.WriteString("\n\n")
	}
	text := sb.String()
	ix := annot.NewIndex(text)
	toks := ix.Tokens()
	b := annot.Bundle{Doc: annot.Document{Text: text}}
	if spans == 0 {
		return b
	}
	stride := max(len(toks)/spans, 1)
	entity := []string{"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC"}
	last := ""
	for i := 0; i < spans && i*stride < len(toks); i++ {
		k := i * stride
		t := toks[k]
		end := func(j int) int { return toks[min(j, len(toks)-1)].End }
		sp := annot.Span{ID: annot.NewID(), Start: t.Start, End: end(k + i%2), Layer: annot.LayerEntity, Label: entity[i%len(entity)]}
		switch i % 10 {
		case 0:
			sp.Layer, sp.Label, sp.End = annot.LayerQuote, "QUOTE", end(k+20)
			if last != "" {
				b.Relations = append(b.Relations, annot.Relation{Label: annot.RelSpeaker, From: sp.ID, To: last})
			}
		case 1:
			if k+7 < len(toks) {
				sp.Layer, sp.Label = annot.LayerClaim, "CLAIM"
				sp.Fragments = []annot.Fragment{{Start: t.Start, End: end(k + 2)}, {Start: toks[k+5].Start, End: end(k + 7)}}
				sp.End = end(k + 7)
			}
		default:
			last = sp.ID
		}
		b.Spans = append(b.Spans, sp)
	}
	return b
}

// genProject writes a project of docs documents of size bytes with spans
// spans each, in one import.
func genProject(path string, docs, size, spans int) error {
	st, err := store.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	src := func(yield func(annot.Bundle, error) bool) {
		for i := range docs {
			if !yield(benchBundle(i, size, spans), nil) {
				return
			}
		}
	}
	_, err = st.Import(bg, "bench", iter.Seq2[annot.Bundle, error](src), store.ImportOptions{})
	return err
}

// benchWorkbench opens a project in a headless 1280x800 window. pump
// finishes background work and shows its results, as the UI goroutine
// would.
func benchWorkbench(b *testing.B, path string, opts ...Option) (w *Workbench, pump func()) {
	b.Helper()
	a := test.NewTempApp(b)
	win := test.NewTempWindow(b, nil)
	w = New(a, win, opts...)
	var mu sync.Mutex
	var queue []func()
	w.jobs.ui = func(f func()) { mu.Lock(); queue = append(queue, f); mu.Unlock() }
	pump = func() {
		for {
			w.jobs.Wait()
			mu.Lock()
			q := queue
			queue = nil
			mu.Unlock()
			if len(q) == 0 {
				return
			}
			for _, f := range q {
				f()
			}
		}
	}
	win.Resize(fyne.NewSize(1280, 800))
	w.OpenProject(path)
	pump()
	if w.st == nil {
		b.Fatal("project did not open")
	}
	b.Cleanup(func() { pump(); w.closeProject() })
	return w, pump
}

var docSizes = []struct {
	name        string
	size, spans int
}{{"100KB_2k", 100 << 10, 2000}, {"1MB_20k", 1 << 20, 20000}}

// BenchmarkOpenDocument opens a document to its first frame: reading it
// from the store, indexing the text, the article view's layout and render,
// the panel, list and status bar. A document of more than bigDoc spans
// shows its text first; "complete" goes on until its spans are read and
// drawn. The "capture" variants add the test driver's software
// rasterisation of the whole window, which the GPU does faster.
func BenchmarkOpenDocument(b *testing.B) {
	for _, sz := range docSizes {
		path := benchProject(b, "open-"+sz.name, func(p string) error {
			if err := genProject(p, 1, sz.size, sz.spans); err != nil {
				return err
			}
			return genProject(p, 1, 1000, 0) // a small one to switch from
		})
		for _, variant := range []string{"frame", "capture", "complete"} {
			b.Run(sz.name+"/"+variant, func(b *testing.B) {
				w, pump := benchWorkbench(b, path)
				big, small := w.list.docs[0].ID, w.list.docs[1].ID
				for b.Loop() {
					b.StopTimer()
					pump()
					w.openDoc(small)
					pump()
					b.StartTimer()
					w.openDoc(big)
					switch variant {
					case "capture":
						w.win.Canvas().Capture()
					case "complete":
						pump()
					}
				}
				pump()
				if n := len(w.ses.Doc().Spans()); n < sz.spans*9/10 {
					b.Fatalf("%d spans open", n)
				}
			})
		}
	}
}

// newSpans counts the spans BenchmarkApplyLabel's "new" runs have made.
var newSpans int

// BenchmarkApplyLabel is one label key press on a fresh selection, until
// the span is stored (committed, fsynced) and the article, panel, list
// and status bar show it: "new" makes a PERSON, "quote" a QUOTE (the
// panel then offers every entity as its speaker); "relabel" presses a key
// on the selected span.
func BenchmarkApplyLabel(b *testing.B) {
	sample := benchProject(b, "sample", func(p string) error { return genProject(p, 1, 3000, 0) })
	for _, c := range []struct{ name, path string }{
		{"sample", sample},
		{"1MB_20k", benchProject(b, "label-1MB_20k", func(p string) error { return genProject(p, 1, 1<<20, 20000) })},
	} {
		for _, v := range []struct {
			name string
			key  rune
		}{{"new", '3'}, {"quote", '1'}} {
			b.Run(c.name+"/"+v.name, func(b *testing.B) {
				w, _ := benchWorkbench(b, c.path)
				toks := w.ses.Doc().Ix.Tokens()
				for b.Loop() {
					// Runs share the project: the count goes on from run
					// to run, so every key press makes a new span rather
					// than selecting one an earlier run made.
					t := toks[(newSpans*7+3)%len(toks)]
					newSpans++
					w.selectSpan("", false)
					w.view.SetSelection(t.Start, t.End)
					w.keys.onTypedRune(v.key)
				}
			})
		}
		b.Run(c.name+"/relabel", func(b *testing.B) {
			w, _ := benchWorkbench(b, c.path)
			t := w.ses.Doc().Ix.Tokens()[5]
			w.view.SetSelection(t.Start, t.End)
			w.keys.onTypedRune('3')
			i := 0
			for b.Loop() {
				w.keys.onTypedRune(rune('3' + i%2))
				i++
			}
		})
	}
}

// BenchmarkApplyLabelSuggester is the label key in the 1 MB / 20,000-span
// document with the Suggester the real window runs (about 80,000
// suggestions there): ns/op is the key press; suggest-ms/op the background
// work of recomputing the suggestions after the edit; arrive-ms/op the UI
// work when they come back. Each edit waits for them, so it runs only when
// SPANBENCH_BENCH_SUGGESTER is set:
//
//	SPANBENCH_BENCH_SUGGESTER=1 go test ./app -run '^$' -bench ApplyLabelSuggester -benchtime 20x
func BenchmarkApplyLabelSuggester(b *testing.B) {
	if os.Getenv("SPANBENCH_BENCH_SUGGESTER") == "" {
		b.Skip("set SPANBENCH_BENCH_SUGGESTER=1 (each edit waits for the suggestions)")
	}
	path := benchProject(b, "label-1MB_20k", func(p string) error { return genProject(p, 1, 1<<20, 20000) })
	// The assistant is given to New: the editing session takes it there.
	w, pump := benchWorkbench(b, path, WithAssistant(Suggester{}))
	if len(w.assist.sugg()) == 0 {
		b.Fatal("no suggestions after opening the document: the Suggester is not running")
	}
	toks := w.ses.Doc().Ix.Tokens()
	var arrive, background time.Duration
	for b.Loop() {
		t := toks[(newSpans*7+3)%len(toks)]
		newSpans++
		w.selectSpan("", false)
		w.view.SetSelection(t.Start, t.End)
		w.keys.onTypedRune('3')
		b.StopTimer()
		t0 := time.Now()
		w.jobs.Wait()
		background += time.Since(t0)
		t0 = time.Now()
		pump()
		arrive += time.Since(t0)
		b.StartTimer()
	}
	b.ReportMetric(float64(background)/float64(time.Millisecond)/float64(b.N), "suggest-ms/op")
	b.ReportMetric(float64(arrive)/float64(time.Millisecond)/float64(b.N), "arrive-ms/op")
	b.ReportMetric(float64(len(w.assist.sugg())), "suggestions")
}

// BenchmarkDocumentList10k lists a 10,000-document project in the document
// list (query and rows), unfiltered, by a full-text word, and by status.
func BenchmarkDocumentList10k(b *testing.B) {
	path := benchProject(b, "docs-10k", func(p string) error { return genProject(p, 10000, 2800, 20) })
	w, _ := benchWorkbench(b, path)
	todo := annot.StatusTodo
	for _, c := range []struct {
		name string
		f    store.DocFilter
	}{
		{"all", store.DocFilter{}},
		{"fulltext", store.DocFilter{Query: "counterterrorism"}},
		{"title", store.DocFilter{Query: "Generated article 99"}},
		{"status", store.DocFilter{Status: &todo}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				docs, err := w.st.ListDocuments(bg, c.f)
				if err != nil {
					b.Fatal(err)
				}
				w.list.set(docs)
			}
			b.ReportMetric(float64(len(w.list.docs)), "docs")
		})
	}
}

// TestWriteBenchProject writes the 10,000-document project used to measure
// the real binary's memory (BENCHMARKS.md) when SPANBENCH_BENCH_DB names a
// file that does not exist yet.
func TestWriteBenchProject(t *testing.T) {
	path := os.Getenv("SPANBENCH_BENCH_DB")
	if path == "" {
		t.Skip("set SPANBENCH_BENCH_DB=PATH to write the benchmark project")
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("%s exists", path)
	}
	if err := genProject(path, 10000, 2800, 20); err != nil {
		t.Fatal(err)
	}
}
