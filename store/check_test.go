package store

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"spanbench/annot"
	"spanbench/annot/synth"
)

func mustCheck(tb testing.TB, s *Store) {
	tb.Helper()
	problems, err := s.Check(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range problems {
		tb.Error(p)
	}
}

func TestCheckSoundProject(t *testing.T) {
	s := mustOpen(t)
	mustCheck(t, s)
	if _, err := s.Import(ctx, "ana", synth.Bundles(20, synth.Options{Seed: 3, SpansPerDoc: 15}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	doc := mustDoc(t, s, sample)
	a, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 25, End: 37, Layer: annot.LayerEntity, Label: "PERSON"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 45, End: 82, Layer: annot.LayerQuote, Label: "QUOTE"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Link(ctx, "ana", annot.Relation{DocID: doc, Label: annot.RelSpeaker, From: q.ID, To: a.ID}); err != nil {
		t.Fatal(err)
	}
	a.Label = "ORG"
	if _, err := s.UpdateSpan(ctx, "ana", a); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, "ana", doc, annot.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSpan(ctx, "ana", doc, a.ID); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	for i := 0; i < 3; i++ {
		if _, err := s.Undo(ctx, "ana"); err != nil {
			t.Fatal(err)
		}
		mustCheck(t, s)
	}
	if _, err := s.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
}

func TestCheckFindsHalfAppliedChanges(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, sample)
	sp, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 25, End: 37, Layer: annot.LayerEntity, Label: "PERSON"})
	if err != nil {
		t.Fatal(err)
	}
	// Simulate a change that reached the table without its log entry, and
	// a count the triggers did not keep.
	if _, err := s.db.Exec(`UPDATE spans SET label = 'ORG' WHERE id = ?`, sp.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE documents SET n_quote = 7 WHERE id = ?`, doc); err != nil {
		t.Fatal(err)
	}
	problems, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 {
		t.Errorf("problems = %q, want the span and the counts", problems)
	}
}

// TestBundlesStopsCleanly leaves an export early and cancels one: the
// read-ahead goroutine ends and its read transaction with it.
func TestBundlesStopsCleanly(t *testing.T) {
	s := mustOpen(t)
	if _, err := s.Import(ctx, "ana", synth.Bundles(60, synth.Options{Seed: 2, SpansPerDoc: 5}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	s.WaitIndexed()
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		n := 0
		for _, err := range s.Bundles(ctx, ExportFilter{}) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 3 {
				break
			}
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n, sawErr := 0, false
	for _, err := range s.Bundles(cctx, ExportFilter{}) {
		if err != nil {
			sawErr = true
			break
		}
		if n++; n == 5 {
			cancel()
		}
	}
	if !sawErr || n >= 60 {
		t.Errorf("cancelled export: %d documents, error seen %v", n, sawErr)
	}
	all := 0
	for _, err := range s.Bundles(ctx, ExportFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		all++
	}
	if all != 60 {
		t.Errorf("full export: %d", all)
	}
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
	// No read transaction is left open: a write and a full checkpoint pass.
	if _, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: mustDoc(t, s, sample), Start: 0, End: 6, Layer: annot.LayerEntity, Label: "EVENT"}); err != nil {
		t.Fatal(err)
	}
	var busy, logged, done int
	if err := s.db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done); err != nil || busy != 0 {
		t.Errorf("checkpoint: busy %d, %v", busy, err)
	}
}

// TestDamagedColumnsAreReported: a span's fragments or attributes, or a
// document's meta, that are not the JSON Spanbench writes are damage. They
// were read as empty, so a damaged discontinuous span came back continuous
// (and was saved so on the next edit); now every read says the file is
// damaged and names the span or document.
func TestDamagedColumnsAreReported(t *testing.T) {
	for _, c := range []struct{ name, sql, want string }{
		{"fragments", `UPDATE spans SET fragments = '[[1,2],' WHERE id = ?`, "fragments of span"},
		{"attrs", `UPDATE spans SET attrs = '{"kind":' WHERE id = ?`, "attributes of span"},
		{"meta", `UPDATE documents SET meta = '{"a":1' WHERE id = (SELECT doc_id FROM spans WHERE id = ?)`, "meta of document"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := mustOpen(t)
			doc := mustDoc(t, s, sample)
			sp, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 0, End: 20, Fragments: []annot.Fragment{{Start: 0, End: 5}, {Start: 10, End: 20}}, Layer: annot.LayerQuote, Label: "QUOTE"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.Exec(c.sql, sp.ID); err != nil {
				t.Fatal(err)
			}
			_, err = s.Bundle(ctx, doc)
			if err == nil || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("reading a document with damaged %s: %v", c.name, err)
			}
		})
	}
}
