package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"spanbench/annot"
	"spanbench/annot/synth"
)

// Two processes on one project: two windows, or a window and the CLI. The
// children are this test binary re-executed with TestWriterChild.

const writerEnv = "SPANBENCH_WRITER_CHILD"

// startWriter starts a child process doing job on db; its stdout is
// returned line by line.
func startWriter(t *testing.T, db, job string, extra ...string) (*exec.Cmd, <-chan string) {
	t.Helper()
	return startChild(t, "TestWriterChild", append([]string{writerEnv + "=" + db, "SPANBENCH_WRITER_JOB=" + job}, extra...)...)
}

// TestTwoProcessesWriteConcurrently runs two writers on one project, both
// creating a new project file at the same moment and then editing the
// same documents as fast as they can, while this process reads.
func TestTwoProcessesWriteConcurrently(t *testing.T) {
	if os.Getenv(writerEnv) != "" {
		t.Skip("in the child")
	}
	db := filepath.Join(t.TempDir(), "shared.db")
	type result struct {
		ids   []int64
		spans int
		err   error
		out   []string // the child's other lines: its failure, if any
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range results {
		cmd, lines := startWriter(t, db, "edit", "SPANBENCH_WRITER_NAME=w"+strconv.Itoa(i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range lines {
				var id int64
				var n int
				if _, err := fmt.Sscanf(l, "ok %d %d", &id, &n); err == nil {
					results[i].ids = append(results[i].ids, id)
					results[i].spans += n
				} else {
					results[i].out = append(results[i].out, l)
				}
			}
			results[i].err = cmd.Wait()
		}()
	}
	// Read while they write: listing and searching never wait for writers.
	deadline := time.Now().Add(20 * time.Second)
	reads := 0
	for done := false; !done && time.Now().Before(deadline); {
		done = waitTimeout(&wg, 20*time.Millisecond)
		s, err := Open(db)
		if err != nil {
			if errors.Is(err, ErrBusy) {
				continue
			}
			t.Fatalf("open while others write: %v", err)
		}
		if _, err := s.ListDocuments(ctx, DocFilter{}); err != nil {
			t.Errorf("list while others write: %v", err)
		}
		s.Close()
		reads++
	}
	wg.Wait()
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("writer %d: %v\n%s", i, r.err, strings.Join(r.out, "\n"))
		}
		if len(r.ids) < 300 {
			t.Errorf("writer %d reported %d actions", i, len(r.ids))
		}
		for _, id := range r.ids {
			a, err := loadAction(ctx, s.db, id)
			if err != nil || a.Annotator != "w"+strconv.Itoa(i) {
				t.Errorf("writer %d: action %d: %+v, %v", i, id, a, err)
			}
		}
		var n int
		s.db.QueryRow(`SELECT count(*) FROM spans WHERE annotator = ?`, "w"+strconv.Itoa(i)).Scan(&n)
		if n != r.spans {
			t.Errorf("writer %d created %d spans, the project has %d", i, r.spans, n)
		}
	}
	var docs int
	s.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&docs)
	if docs != 10 {
		t.Errorf("%d documents, want the 10 both writers imported once", docs)
	}
	t.Logf("writers: %d and %d actions; %d reads meanwhile", len(results[0].ids), len(results[1].ids), reads)
}

func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	c := make(chan struct{})
	go func() { wg.Wait(); close(c) }()
	select {
	case <-c:
		return true
	case <-time.After(d):
		return false
	}
}

// TestBusyProjectSaysSoAndLosesNothing holds the write lock in another
// process (a long import) past this process's busy timeout: every kind of
// write here fails with ErrBusy and writes nothing, reads go on, and once
// the other process is done the same writes succeed, with both processes'
// work in the project.
func TestBusyProjectSaysSoAndLosesNothing(t *testing.T) {
	if os.Getenv(writerEnv) != "" {
		t.Skip("in the child")
	}
	db := filepath.Join(t.TempDir(), "busy.db")
	defer func(d time.Duration) { busyTimeout = d }(busyTimeout)
	busyTimeout = 300 * time.Millisecond
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := mustDoc(t, s, sample)
	sp, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 25, End: 37, Layer: annot.LayerEntity, Label: "PERSON"})
	if err != nil {
		t.Fatal(err)
	}
	release := filepath.Join(t.TempDir(), "release")
	cmd, lines := startWriter(t, db, "hold", "SPANBENCH_WRITER_RELEASE="+release)
	for l := range lines {
		if l == "holding" {
			break
		}
	}
	before, err := s.ListDocuments(ctx, DocFilter{})
	if err != nil || len(before) != 1 {
		t.Fatalf("list while another process writes: %d, %v", len(before), err)
	}
	if docs, err := s.ListDocuments(ctx, DocFilter{Query: "cooperating"}); err != nil || len(docs) != 1 {
		t.Errorf("search while another process writes: %d, %v", len(docs), err)
	}
	writes := []struct {
		name string
		do   func() error
	}{
		{"create span", func() error {
			_, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 0, End: 6, Layer: annot.LayerEntity, Label: "EVENT"})
			return err
		}},
		{"update span", func() error { u := sp; u.Label = "ORG"; _, err := s.UpdateSpan(ctx, "ana", u); return err }},
		{"delete span", func() error { return s.DeleteSpan(ctx, "ana", doc, sp.ID) }},
		{"status", func() error { return s.SetStatus(ctx, "ana", doc, annot.StatusDone) }},
		{"undo", func() error { _, err := s.Undo(ctx, "ana"); return err }},
		{"import", func() error {
			_, err := s.Import(ctx, "ana", synth.Bundles(2, synth.Options{Seed: 77}), ImportOptions{})
			return err
		}},
		{"labels", func() error {
			ls, _ := s.Labels(ctx)
			_, err := s.SetLabels(ctx, "ana", append(ls, annot.Label{Layer: annot.LayerEntity, Name: "DATE", Color: "#123456"}))
			return err
		}},
		{"setting", func() error { return s.SetSetting(ctx, "k", "v") }},
	}
	var actions int
	s.db.QueryRow(`SELECT count(*) FROM actions`).Scan(&actions)
	for _, w := range writes {
		start := time.Now()
		err := w.do()
		if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "project is busy") {
			t.Errorf("%s while another process holds the project: %v, want ErrBusy", w.name, err)
		}
		if el := time.Since(start); el < busyTimeout/2 || el > 20*busyTimeout {
			t.Errorf("%s gave up after %s; the busy timeout is %s", w.name, el, busyTimeout)
		}
	}
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var childAction int64
	for l := range lines {
		fmt.Sscanf(l, "ok %d", &childAction)
	}
	if err := cmd.Wait(); err != nil || childAction == 0 {
		t.Fatalf("holder: %v, action %d", err, childAction)
	}
	var after int
	s.db.QueryRow(`SELECT count(*) FROM actions`).Scan(&after)
	if after != actions+1 {
		t.Errorf("%d actions logged while busy; want only the other process's import", after-actions)
	}
	// The same writes now go through, in order.
	for _, w := range writes {
		if err := w.do(); err != nil {
			t.Errorf("%s after the other process finished: %v", w.name, err)
		}
	}
	docs, _ := s.ListDocuments(ctx, DocFilter{})
	if len(docs) != 1+3+2 {
		t.Errorf("%d documents, want 1 + the other process's 3 + 2", len(docs))
	}
	mustCheck(t, s)
}

// TestTranslateBusy checks the busy codes SQLite may return at BEGIN, in
// a statement or at COMMIT all read "project is busy".
func TestTranslateBusy(t *testing.T) {
	for _, err := range []error{sqliteErr(5, 5), sqliteErr(5, 261), sqliteErr(5, 517), sqliteErr(6, 6), fmt.Errorf("commit: %w", sqliteErr(5, 5))} {
		if got := translate(err); got != ErrBusy {
			t.Errorf("translate(%v) = %v", err, got)
		}
	}
}

func sqliteErr(code, extended int) error {
	return sqlite3.Error{Code: sqlite3.ErrNo(code), ExtendedCode: sqlite3.ErrNoExtended(extended)}
}

// TestWriterChild is the child of the two-process tests.
func TestWriterChild(t *testing.T) {
	db := os.Getenv(writerEnv)
	if db == "" {
		t.Skip("started by the two-process tests")
	}
	say := func(format string, args ...any) { io.WriteString(os.Stdout, fmt.Sprintf(format, args...)+"\n") }
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	switch os.Getenv("SPANBENCH_WRITER_JOB") {
	case "hold":
		// A long import: the write lock is held until the parent says.
		release := os.Getenv("SPANBENCH_WRITER_RELEASE")
		// Import reads its source before it takes the lock; its progress
		// callback runs inside the transaction.
		hold := func(n int) {
			if n == 1 {
				say("holding")
				for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
					if _, err := os.Stat(release); err == nil {
						break
					}
				}
			}
		}
		rep, err := s.Import(ctx, "holder", synth.Bundles(3, synth.Options{Seed: 66, SpansPerDoc: 5}), ImportOptions{Progress: hold})
		if err != nil {
			t.Fatal(err)
		}
		say("ok %d", rep.ActionID)
	case "edit":
		name := os.Getenv("SPANBENCH_WRITER_NAME")
		// Both writers import the same ten documents: one imports them, the
		// other finds them there and skips them.
		if _, err := s.Import(ctx, name, synth.Bundles(10, synth.Options{Seed: 5, SpansPerDoc: 4}), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		docs, err := s.ListDocuments(ctx, DocFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 400; i++ {
			d := docs[i%len(docs)]
			start := (i * 7) % (d.Length - 10)
			res, err := s.Apply(ctx, name, d.ID, "add", Change{Create: []annot.Span{{Start: start, End: start + 1, Layer: annot.LayerEntity, Label: "MISC"}}})
			if errors.Is(err, annot.ErrInvalid) {
				continue // split a character: fine
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			say("ok %d %d", res.ActionID, len(res.Spans))
			if i%10 == 9 {
				a, err := s.Undo(ctx, name)
				if err != nil {
					t.Fatalf("%s undo: %v", name, err)
				}
				say("ok %d -1", a.ID)
			}
		}
	}
}
