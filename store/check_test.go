package store

import (
	"testing"

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
