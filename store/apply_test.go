package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"spanbench/annot"
)

// TestApplyReturnsDelta checks that an action's Result names everything it
// changed, the relations deleted with a span included, so a caller holding
// the document applies it without working out the cascade itself.
func TestApplyReturnsDelta(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	doc := mustDoc(t, s, "Ann said she would come, Bob said.")
	q, _ := s.CreateSpan(ctx, "ann", annot.Span{DocID: doc, Start: 9, End: 23, Layer: annot.LayerQuote, Label: annot.LabelQuote})
	a, _ := s.CreateSpan(ctx, "ann", annot.Span{DocID: doc, Start: 0, End: 3, Layer: annot.LayerEntity, Label: annot.LabelPerson})
	b, _ := s.CreateSpan(ctx, "ann", annot.Span{DocID: doc, Start: 25, End: 28, Layer: annot.LayerEntity, Label: annot.LabelPerson})
	r1, err := s.Link(ctx, "ann", annot.Relation{DocID: doc, Label: annot.RelSpeaker, From: q.ID, To: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := s.Link(ctx, "ann", annot.Relation{DocID: doc, Label: annot.RelSameAs, From: b.ID, To: a.ID})
	r3, _ := s.Link(ctx, "ann", annot.Relation{DocID: doc, Label: annot.RelSameAs, From: a.ID, To: b.ID})

	res, err := s.Apply(ctx, "ann", doc, "delete Ann", Change{Unlink: []string{r3.ID}, Delete: []string{a.ID},
		Link: []annot.Relation{{Label: annot.RelSpeaker, From: q.ID, To: b.ID}}, Status: annot.StatusDone})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.DeletedSpans, []string{a.ID}) {
		t.Errorf("deleted spans %v, want %v", res.DeletedSpans, []string{a.ID})
	}
	// r3 unlinked first, then the two relations left that touch a.
	got := slices.Clone(res.DeletedRelations)
	slices.Sort(got)
	want := []string{r1.ID, r2.ID, r3.ID}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("deleted relations %v, want %v", got, want)
	}
	if len(res.Relations) != 1 || res.Relations[0].To != b.ID {
		t.Errorf("relations %+v, want the new SPEAKER", res.Relations)
	}
	if res.Status != annot.StatusDone {
		t.Errorf("status %q, want done", res.Status)
	}
	// A status already set is no change.
	if res, err = s.Apply(ctx, "ann", doc, "mark done", Change{Status: annot.StatusDone}); err != nil || res.Status != "" {
		t.Errorf("status %q, %v; want none", res.Status, err)
	}
}

// TestApplyNowDoesNotWait: while another connection holds the write lock
// (BEGIN IMMEDIATE), ApplyNow returns ErrBusy without waiting out the
// busy timeout and writes nothing; Apply started meanwhile waits and lands
// once the lock is released.
func TestApplyNowDoesNotWait(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, "Ann said so.")
	other, err := sql.Open("sqlite3", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	c := Change{Create: []annot.Span{{Start: 0, End: 3, Layer: annot.LayerEntity, Label: annot.LabelPerson}}}
	// The lock is still held when ApplyNow returns: it did not wait for
	// the release (which comes only after it), and said busy.
	if _, err := s.ApplyNow(ctx, "ann", doc, "add Ann", c); !errors.Is(err, ErrBusy) {
		t.Fatalf("ApplyNow under a held lock: %v, want ErrBusy", err)
	}
	if _, err := s.Undo(NoWait(ctx), "ana"); !errors.Is(err, ErrBusy) {
		t.Errorf("Undo under NoWait and a held lock: %v, want ErrBusy", err)
	}
	if _, err := s.RejectSuggestion(NoWait(ctx), "ann", doc, "k", ""); !errors.Is(err, ErrBusy) {
		t.Errorf("RejectSuggestion under NoWait and a held lock: %v, want ErrBusy", err)
	}
	if err := s.SetSetting(NoWait(ctx), GuidelinesKey, "# Names"); !errors.Is(err, ErrBusy) {
		t.Errorf("SetSetting under NoWait and a held lock: %v, want ErrBusy", err)
	}
	if _, err := s.EditLabels(NoWait(ctx), "ann", func(l []annot.Label) ([]annot.Label, error) { return l, nil }); !errors.Is(err, ErrBusy) {
		t.Errorf("EditLabels under NoWait and a held lock: %v, want ErrBusy", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.Apply(ctx, "ann", doc, "add Ann", c)
		done <- err
	}()
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Apply after the release: %v", err)
	}
	if spans, _ := s.Spans(ctx, doc); len(spans) != 1 {
		t.Errorf("%d spans stored, want the one Apply made", len(spans))
	}
}
