package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/annot/suggest"
	"spanbench/store"
)

func sampleProject(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, e := run("import", "--db", db, filepath.Join("..", "assets", "state-dept-afghanistan.txt")); code != 0 {
		t.Fatalf("import: %d %s", code, e)
	}
	return db
}

func TestSuggestWritesJSONLAndSavesNothing(t *testing.T) {
	db := sampleProject(t)
	code, out, errs := run("suggest", "--db", db, "--out", "-")
	if code != 0 {
		t.Fatalf("suggest: %d %s", code, errs)
	}
	// The sample's five quoted passages and six reported ones
	// (annot/suggest TestSampleArticle).
	if !strings.Contains(errs, "11 QUOTE") {
		t.Errorf("summary %q", errs)
	}
	var bs []annot.Bundle
	for b, err := range format.ReadJSONL(strings.NewReader(out), "out") {
		if err != nil {
			t.Fatal(err)
		}
		bs = append(bs, b)
	}
	if len(bs) != 1 {
		t.Fatalf("%d documents", len(bs))
	}
	quotes := 0
	for _, sp := range bs[0].Spans {
		if sp.Attrs[suggest.AttrSuggested] != "true" || sp.Attrs[suggest.AttrConfidence] == "" || sp.Attrs[suggest.AttrReason] == "" {
			t.Errorf("span %+v lacks suggestion attrs", sp)
		}
		if sp.Layer == annot.LayerQuote {
			quotes++
		}
	}
	if quotes != 11 {
		t.Errorf("%d quotes, want 11", quotes)
	}
	if err := bs[0].Validate(nil); err != nil {
		t.Errorf("output bundle: %v", err)
	}
	// Nothing was saved.
	s, _ := store.Open(db)
	defer s.Close()
	docs, _ := s.ListDocuments(context.Background(), store.DocFilter{})
	if docs[0].Counts.Total() != 0 {
		t.Errorf("suggest without --apply saved %+v", docs[0].Counts)
	}
}

func TestSuggestApplyThenLint(t *testing.T) {
	db := sampleProject(t)
	if code, _, errs := run("suggest", "--db", db, "--apply", "--only", "quotes"); code != 0 || !strings.Contains(errs, "saved") {
		t.Fatalf("suggest --apply: %d %s", code, errs)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	docs, _ := s.ListDocuments(ctx, store.DocFilter{})
	doc := docs[0].ID
	b, _ := s.Bundle(ctx, doc)
	for _, sp := range b.Spans {
		if sp.Annotator != "suggest" {
			t.Errorf("span saved by %q, want suggest", sp.Annotator)
		}
	}
	if docs[0].Counts.Quote != 11 {
		t.Errorf("%d quotes saved, want 11", docs[0].Counts.Quote)
	}
	// A second run suggests none of them again.
	code, out, _ := run("suggest", "--db", db, "--only", "quotes", "--out", "-")
	if code != 0 || strings.Contains(out, `"layer":"quote"`) {
		t.Errorf("second run proposes saved quotes again: %s", out)
	}
	if code, _, errs := run("lint", "--db", db); code != 0 {
		t.Errorf("lint after apply: %d %s", code, errs)
	}
	// A quote without speaker, with a trailing comma.
	res, err := s.Apply(ctx, "ana", doc, "add QUOTE", store.Change{Create: []annot.Span{{DocID: doc, Start: 0, End: 6, Layer: annot.LayerQuote, Label: "QUOTE"}}})
	if err != nil {
		t.Fatal(err)
	}
	sp := res.Spans[0]
	s.Close()
	code, out, errs := run("lint", "--db", db)
	if code != 1 {
		t.Fatalf("lint exit %d, want 1; %s", code, errs)
	}
	if !strings.Contains(out, doc) || !strings.Contains(out, sp.ID) || !strings.Contains(out, "no-speaker") || !strings.Contains(out, "ends with punctuation") {
		t.Errorf("lint output:\n%s", out)
	}
	if !strings.Contains(errs, "2 problems in 1 documents") {
		t.Errorf("lint stderr %q", errs)
	}
}

func TestSuggestUsage(t *testing.T) {
	db := sampleProject(t)
	for _, args := range [][]string{
		{"suggest", "--db", db},
		{"suggest", "--db", db, "--out", "-", "--only", "poems"},
		{"suggest", "--db", db, "--out", "-", "--min-confidence", "2"},
	} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := run("suggest", "--db", db, "--doc", "nope", "--out", "-"); code != 1 || !strings.Contains(errs, "does not exist") {
		t.Errorf("unknown doc: %d %s", code, errs)
	}
}

func TestGazetteerAndCuesCommands(t *testing.T) {
	db := sampleProject(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "g.csv")
	os.WriteFile(csvPath, []byte("text,label\n# people\nVedant Patel,PERSON\n\"Institute for the Study of War\",ORG\n"), 0o644)
	if code, out, errs := run("gazetteer", "import", "--db", db, csvPath); code != 0 || !strings.Contains(out, "imported 2") {
		t.Fatalf("gazetteer import: %d %s %s", code, out, errs)
	}
	code, out, _ := run("gazetteer", "export", "--db", db, "--out", "-")
	if code != 0 || out != "text,label\nInstitute for the Study of War,ORG\nVedant Patel,PERSON\n" {
		t.Errorf("export: %d %q", code, out)
	}
	os.WriteFile(csvPath, []byte("Kabul,CITY\n"), 0o644)
	if code, _, errs := run("gazetteer", "import", "--db", db, csvPath); code != 1 || !strings.Contains(errs, "nothing imported") {
		t.Errorf("bad label: %d %s", code, errs)
	}
	if code, _, _ := run("gazetteer", "--db", db, "frobnicate"); code != 2 {
		t.Errorf("unknown action: exit %d", code)
	}
	code, out, _ = run("cues", "--db", db, "--add", "opine, point out", "--remove", "say")
	if code != 0 || !strings.Contains(out, "opine\n") || !strings.Contains(out, "point out") || strings.Contains(out, "\nsay\n") {
		t.Errorf("cues: %d\n%s", code, out)
	}
}

// projectState lists a project's spans and relations, one line each,
// sorted, with what identifies them and what they say but not when they
// were made: two runs that saved the same give the same list.
func projectState(t *testing.T, db string) []string {
	return projectLines(t, db,
		func(b annot.Bundle, sp annot.Span) string {
			return fmt.Sprintf("span %s %s %s %s/%s %v %v %s", b.Doc.ID, sp.ID, sp.Annotator, sp.Layer, sp.Label, sp.Pieces(), sp.Attrs, sp.Note)
		},
		func(b annot.Bundle, r annot.Relation) string {
			return fmt.Sprintf("rel %s %s %s %s %s>%s", b.Doc.ID, r.ID, r.Annotator, r.Label, r.From, r.To)
		})
}

// projectLines lists a project's spans and relations, one line each as
// span and rel write them, sorted.
func projectLines(t *testing.T, db string, span func(annot.Bundle, annot.Span) string, rel func(annot.Bundle, annot.Relation) string) []string {
	t.Helper()
	s, err := store.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []string
	for b, err := range s.Bundles(context.Background(), store.ExportFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range b.Spans {
			out = append(out, span(b, sp))
		}
		for _, r := range b.Relations {
			out = append(out, rel(b, r))
		}
	}
	sort.Strings(out)
	return out
}

func genProject(t *testing.T, docs int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "gen.db")
	if code, _, e := run("gen", "--db", db, "--docs", strconv.Itoa(docs)); code != 0 {
		t.Fatalf("gen: %d %s", code, e)
	}
	return db
}

// copyProject copies a closed project, with its WAL when one is left:
// a process that ends while another connection (the search indexer) still
// reads leaves its last commits in the WAL, and a copy of the main file
// alone then lacks them (the child of TestSuggestApplyKilledAndResumed saw
// no documents now and then).
func copyProject(t *testing.T, db string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy.db")
	for _, ext := range []string{"", "-wal"} {
		data, err := os.ReadFile(db + ext)
		if ext != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+ext, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// A second suggest --apply saves nothing. Before, it saw the spans the
// first had saved and built on them: the sample article got 5 more entity
// spans (4 ORG, 1 PERSON) and 20 generated articles 47 more.
func TestSuggestApplyTwiceChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sample", sampleProject},
		{"generated", func(t *testing.T) string { return genProject(t, 20) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := tc.db(t)
			code, _, errs := run("suggest", "--db", db, "--apply")
			if code != 0 || strings.Contains(errs, "saved 0 spans") {
				t.Fatalf("first run: %d %s", code, errs)
			}
			first := projectState(t, db)
			code, out, errs := run("suggest", "--db", db, "--apply", "--out", "-")
			if code != 0 || !strings.Contains(errs, "0 suggestions in ") || !strings.Contains(errs, "saved 0 spans") {
				t.Errorf("second run: %d %s", code, errs)
			}
			if strings.Contains(out, `"spans":[{`) {
				t.Errorf("second run proposes spans: %.300s", out)
			}
			if second := projectState(t, db); !slices.Equal(first, second) {
				t.Errorf("the second run changed the project: %d spans and relations, then %d", len(first), len(second))
			}
		})
	}
}

// TestSuggestChild is the child of TestSuggestApplyKilledAndResumed: with
// SPANBENCH_SUGGEST_CHILD set to a project, it runs suggest --apply on it
// with a progress line after every document.
func TestSuggestChild(t *testing.T) {
	db := os.Getenv("SPANBENCH_SUGGEST_CHILD")
	if db == "" {
		t.Skip("child process of TestSuggestApplyKilledAndResumed")
	}
	progressEvery = 0
	os.Exit(Run([]string{"suggest", "--db", db, "--apply"}, io.Discard, os.Stderr, nil))
}

// A suggest --apply killed half way (SIGKILL: no clean-up at all) and run
// again leaves the project as one clean run does. Before, the documents
// the killed run had finished were built upon by the second run (as in
// TestSuggestApplyTwiceChangesNothing), and there was no progress line.
func TestSuggestApplyKilledAndResumed(t *testing.T) {
	const docs, killAfter = 30, 5
	clean := genProject(t, docs)
	killed := copyProject(t, clean)
	if code, _, errs := run("suggest", "--db", clean, "--apply"); code != 0 {
		t.Fatalf("clean run: %d %s", code, errs)
	}
	want := projectState(t, clean)

	cmd := exec.Command(os.Args[0], "-test.run=^TestSuggestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SPANBENCH_SUGGEST_CHILD="+killed)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	seen := false
	for !seen && sc.Scan() {
		seen = strings.HasPrefix(sc.Text(), fmt.Sprintf("suggest: %d/%d documents", killAfter, docs))
	}
	if !seen {
		t.Fatalf("the child ended without reporting %d documents done", killAfter)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	partial := projectState(t, killed)
	if len(partial) >= len(want) {
		t.Fatalf("the child was killed too late: %d spans and relations saved of %d", len(partial), len(want))
	}
	code, _, errs := run("suggest", "--db", killed, "--apply")
	if code != 0 {
		t.Fatalf("resumed run: %d %s", code, errs)
	}
	if got := projectState(t, killed); !slices.Equal(got, want) {
		t.Errorf("killed and resumed: %d spans and relations; clean run: %d", len(got), len(want))
		for _, l := range diff(got, want) {
			t.Log(l)
		}
	}
}

// diff lists up to 10 lines in only one of two sorted lists.
func diff(a, b []string) []string {
	in := func(xs []string, x string) bool { _, ok := slices.BinarySearch(xs, x); return ok }
	var out []string
	for _, x := range a {
		if !in(b, x) && len(out) < 10 {
			out = append(out, "only resumed: "+x)
		}
	}
	for _, x := range b {
		if !in(a, x) && len(out) < 20 {
			out = append(out, "only clean: "+x)
		}
	}
	return out
}

// walSampler is a stderr that looks at the size of the project's -wal
// file whenever something is written to it.
type walSampler struct {
	db  string
	max int64
}

func (w *walSampler) Write(p []byte) (int, error) {
	if st, err := os.Stat(w.db + "-wal"); err == nil {
		w.max = max(w.max, st.Size())
	}
	return len(p), nil
}

// suggest --apply keeps the WAL small. Before, one read transaction spanned
// the run, so no checkpoint could start the WAL over and it grew by every
// page every document's commit wrote, more per document as the project
// grows (67 MB here by the end of the run, where the summary line is
// written; 2.5 GB at 1,000 articles, BENCHMARKS.md). Now it stays near
// SQLite's automatic checkpoint size (1,000 pages of 4 KB): 7 MB at most
// over 1,000 articles.
func TestSuggestApplyKeepsTheWALSmall(t *testing.T) {
	db := genProject(t, 60)
	progressEvery = 0
	defer func() { progressEvery = 2 * time.Second }()
	w := &walSampler{db: db}
	if code := Run([]string{"suggest", "--db", db, "--apply"}, io.Discard, w, nil); code != 0 {
		t.Fatalf("suggest: exit %d", code)
	}
	if w.max == 0 || w.max > 16<<20 {
		t.Errorf("largest WAL seen: %.1f MB", float64(w.max)/1e6)
	}
}
