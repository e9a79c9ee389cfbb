package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"spanbench/annot"
	"spanbench/annot/suggest"
)

// walSize is the size of the project's -wal file, 0 when there is none.
func walSize(s *Store) int64 {
	st, err := os.Stat(s.Path() + "-wal")
	if err != nil {
		return 0
	}
	return st.Size()
}

// copyFile copies a closed project file to dst.
func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkSuggestApply is spanbench suggest --apply over a project of
// synthetic articles (the fixture: spanbench gen --docs N, 20 spans each),
// copied fresh for every run. It reports the largest -wal file seen after
// any document (max-wal-MB), the spans saved and the CPU time.
// SPANBENCH_BENCH_SUGGEST_DOCS sets N (default 1000).
func BenchmarkSuggestApply(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("SPANBENCH_BENCH_SUGGEST_DOCS")); err == nil && v > 0 {
		n = v
	}
	src := fixture(b, n)
	path := src.Path()
	src.Close()
	b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
		var maxWAL int64
		saved := 0
		cpu := startCPU(b)
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			cpuPaused := cpuNow()
			dst := filepath.Join(b.TempDir(), "p.db")
			copyFile(b, path, dst)
			s, err := Open(dst)
			if err != nil {
				b.Fatal(err)
			}
			opt, err := s.ProjectSuggestOptions(ctx)
			if err != nil {
				b.Fatal(err)
			}
			cpu.start += cpuNow() - cpuPaused
			b.StartTimer()
			saved = 0
			err = s.SuggestAll(ctx, SuggestRun{Options: opt, Apply: true, Each: func(done, total int, d DocSuggestions) error {
				saved += len(d.Saved.Spans)
				maxWAL = max(maxWAL, walSize(s))
				return nil
			}})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
		cpu.report(b)
		b.ReportMetric(float64(maxWAL)/1e6, "max-wal-MB")
		b.ReportMetric(float64(saved), "spans-saved")
	})
}

// TestUnapplied checks what counts as applied: a suggestion whose spans
// and relations are all stored, or one with a new span overlapping, in
// its layer, a span the suggest annotator saved.
func TestUnapplied(t *testing.T) {
	ent := func(id, who string, pieces ...annot.Fragment) annot.Span {
		sp := annot.Span{ID: id, Start: pieces[0].Start, End: pieces[len(pieces)-1].End, Layer: annot.LayerEntity, Label: "ORG", Annotator: who}
		if len(pieces) > 1 {
			sp.Fragments = pieces
		}
		return sp
	}
	quote := func(id string, s, e int) annot.Span {
		return annot.Span{ID: id, Start: s, End: e, Layer: annot.LayerQuote, Label: "QUOTE", Annotator: SuggestAnnotator}
	}
	f := func(s, e int) annot.Fragment { return annot.Fragment{Start: s, End: e} }
	b := annot.Bundle{
		Spans: []annot.Span{
			ent("human", "ana", f(0, 5)),
			ent("own-outer", SuggestAnnotator, f(10, 40)),
			ent("own-inner", SuggestAnnotator, f(12, 15)),
		},
		Relations: []annot.Relation{{ID: "rel-stored", Label: "SAME_AS", From: "human", To: "own-outer", Annotator: SuggestAnnotator}},
	}
	rel := func(id string) annot.Relation {
		return annot.Relation{ID: id, Label: "SAME_AS", From: "human", To: "own-outer"}
	}
	for _, tc := range []struct {
		name string
		sg   suggest.Suggestion
		keep bool
	}{
		{"all stored", suggest.Suggestion{Spans: []annot.Span{ent("own-outer", "", f(10, 40))}, Relations: []annot.Relation{rel("rel-stored")}}, false},
		{"stored span, new relation", suggest.Suggestion{Spans: []annot.Span{ent("own-outer", "", f(10, 40))}, Relations: []annot.Relation{rel("rel-new")}}, true},
		{"new relation between stored spans", suggest.Suggestion{Relations: []annot.Relation{rel("rel-new")}}, true},
		{"new span clear of others", suggest.Suggestion{Spans: []annot.Span{ent("new", "", f(50, 55))}}, true},
		{"new span inside a saved one", suggest.Suggestion{Spans: []annot.Span{ent("new", "", f(30, 33))}}, false},
		// the outer saved span ends at 40, the inner one at 15: the
		// overlap is found through the largest end so far.
		{"new span overlapping the end of a saved one", suggest.Suggestion{Spans: []annot.Span{ent("new", "", f(38, 45))}}, false},
		{"new span ending where a saved one starts", suggest.Suggestion{Spans: []annot.Span{ent("new", "", f(6, 10))}}, true},
		{"new span over a span people made", suggest.Suggestion{Spans: []annot.Span{ent("new", "", f(0, 8))}}, true},
		{"pieces around a saved span", suggest.Suggestion{Spans: []annot.Span{ent("new", "", f(6, 10), f(40, 45))}}, true},
		{"same place, another layer", suggest.Suggestion{Spans: []annot.Span{quote("q", 10, 40)}}, true},
		{"stored main span, new span overlapping", suggest.Suggestion{Spans: []annot.Span{ent("own-outer", "", f(10, 40)), ent("new", "", f(11, 12))}}, false},
	} {
		got := unapplied(b, []suggest.Suggestion{tc.sg})
		if (len(got) == 1) != tc.keep {
			t.Errorf("%s: kept %v, want %v", tc.name, len(got) == 1, tc.keep)
		}
	}
}
