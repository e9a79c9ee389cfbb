package store

import (
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/synth"
)

// TestBundlesReadsLongTextsAlone: texts over bigText come from a query of
// their own; the stream must be what Bundle reads document by document,
// with and without a filter (whose arguments the extra query must not
// shift).
func TestBundlesReadsLongTextsAlone(t *testing.T) {
	defer func(n int) { bigText = n }(bigText)
	s := mustOpen(t)
	var docs []annot.Bundle
	for i := 0; i < 12; i++ {
		b := synth.Doc(i, synth.Options{Seed: 5, SpansPerDoc: 3, TextBytes: 100 + 90*i})
		if i%3 == 0 {
			b.Doc.Text += " 👩‍👩‍👧 " + strings.Repeat("é", i*20)
		}
		if i%2 == 0 {
			b.Doc.Status = annot.StatusDone
		}
		docs = append(docs, b)
	}
	if _, err := s.Import(ctx, "ana", seq(docs...), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// Half the texts are long.
	var lens []int
	for _, b := range docs {
		lens = append(lens, len([]rune(b.Doc.Text)))
	}
	slices.Sort(lens)
	bigText = lens[len(lens)/2]
	done := annot.StatusDone
	nDone := 0
	for _, f := range []ExportFilter{{}, {Status: &done}} {
		long, n := 0, 0
		for b, err := range s.Bundles(ctx, f) {
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.Bundle(ctx, b.Doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if b.Doc.Text != want.Doc.Text || !reflect.DeepEqual(b.Spans, want.Spans) {
				t.Errorf("document %s: Bundles and Bundle differ", b.Doc.ID)
			}
			if b.Doc.Status == done && f.Status == nil {
				nDone++
			}
			if f.Status != nil && b.Doc.Status != done {
				t.Errorf("document %s: status %s passed the filter", b.Doc.ID, b.Doc.Status)
			}
			if len([]rune(b.Doc.Text)) > bigText {
				long++
			}
			n++
		}
		if want := map[bool]int{false: len(docs), true: nDone}[f.Status != nil]; n != want || long == 0 || long == n {
			t.Errorf("filter %+v: %d documents (%d long), want %d, some long and some short", f, n, long, want)
		}
	}
}

// rssFileKB is the file-backed part of this process's resident memory
// (Linux), which includes the pages of a mapped database file.
func rssFileKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "RssFile:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestBundlesDoesNotMapLongText: an export whose selection has a text over
// mapTextMax must not read it through the memory map, where its pages count
// in the process's memory a second time beside the Go copy (issue #11: a 60
// MB text exported in under four times its size).
func TestBundlesDoesNotMapLongText(t *testing.T) {
	defer func(n int) { mapTextMax = n }(mapTextMax)
	mapTextMax = 1 << 20
	s := mustOpen(t)
	b := synth.Doc(0, synth.Options{Seed: 7, SpansPerDoc: 20, TextBytes: 6 << 20})
	if _, err := s.Import(ctx, "ana", seq(b), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := rssFileKB(t)
	for got, err := range s.Bundles(ctx, ExportFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if got.Doc.Text != b.Doc.Text {
			t.Fatal("text differs")
		}
		if grew, limit := rssFileKB(t)-before, len(b.Doc.Text)/2/1024; grew > limit {
			t.Errorf("reading a %d KB text mapped %d KB of the file into memory, want at most %d KB", len(b.Doc.Text)/1024, grew, limit)
		}
	}
}

// TestBundlesDoesNotReadAheadPastLongText: Bundles reads the next
// documents while the caller exports one, but not past a long text: three
// 60 MB texts read ahead would all be in memory at once.
func TestBundlesDoesNotReadAheadPastLongText(t *testing.T) {
	defer func(n int) { bigText = n }(bigText)
	defer func() { bundleRead = nil }()
	s := mustOpen(t)
	var docs []annot.Bundle
	for i := 0; i < 4; i++ {
		docs = append(docs, synth.Doc(i, synth.Options{Seed: 6, TextBytes: 3000}))
	}
	if _, err := s.Import(ctx, "ana", seq(docs...), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	bigText = 1000 // every text is long
	var read atomic.Int32
	bundleRead = func() { read.Add(1) }
	n := 0
	for _, err := range s.Bundles(ctx, ExportFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		// Give a reader that does not wait the time to read everything.
		time.Sleep(50 * time.Millisecond)
		if got := int(read.Load()); got > n {
			t.Fatalf("holding document %d, Bundles had read %d", n, got)
		}
	}
	if n != len(docs) {
		t.Errorf("%d documents, want %d", n, len(docs))
	}
}
