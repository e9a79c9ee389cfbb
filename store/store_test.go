package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
)

// mustOpen opens a fresh project file under the test's temp dir.
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "p.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

var ctx = context.Background()

const sample = "During a press briefing, Vedant Patel said: “We are cooperating 👩‍👩‍👧 with partners,” he added.\r\nThe U.S. agreed."

func seq(bs ...annot.Bundle) func(func(annot.Bundle, error) bool) {
	return func(yield func(annot.Bundle, error) bool) {
		for _, b := range bs {
			if !yield(b, nil) {
				return
			}
		}
	}
}

// mustDoc imports one document and returns its id.
func mustDoc(tb testing.TB, s *Store, text string) string {
	tb.Helper()
	rep, err := s.Import(ctx, "ana", seq(annot.Bundle{Doc: annot.Document{Title: "t", Text: text}}), ImportOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	if len(rep.DocIDs) != 1 {
		tb.Fatalf("imported %d documents", len(rep.DocIDs))
	}
	return rep.DocIDs[0]
}

func TestOpenCreatesProjectWithDefaultLabels(t *testing.T) {
	s := mustOpen(t)
	labels, err := s.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, l := range labels {
		if l.Key != "" {
			keys = append(keys, l.Key+"="+l.Name)
		}
	}
	want := "1=QUOTE 2=CLAIM 3=PERSON 4=ORG 5=GPE 6=LOC 7=NORP 8=EVENT 9=MISC"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("keys = %s, want %s", got, want)
	}
	for _, pragma := range []struct{ name, want string }{{"journal_mode", "wal"}, {"foreign_keys", "1"}} {
		var v string
		if err := s.db.QueryRow("PRAGMA " + pragma.name).Scan(&v); err != nil || v != pragma.want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma.name, v, err, pragma.want)
		}
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("hello, not a database at all"), 0o644)
	if _, err := Open(text); err == nil || !strings.Contains(err.Error(), "not a Spanbench project") {
		t.Errorf("text file: err = %v", err)
	}
	if b, _ := os.ReadFile(text); string(b) != "hello, not a database at all" {
		t.Errorf("text file was changed")
	}

	newer := filepath.Join(dir, "newer.db")
	s, err := Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`INSERT INTO schema_migrations (version, name, applied) VALUES (99, 'future', 'x')`)
	s.Close()
	if _, err := Open(newer); err == nil || !strings.Contains(err.Error(), "newer Spanbench") {
		t.Errorf("newer file: err = %v", err)
	}
}

func TestApplyUndoRedo(t *testing.T) {
	s := mustOpen(t)
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
	// Deleting the speaker takes the relation with it, in one action.
	if err := s.DeleteSpan(ctx, "ana", doc, a.ID); err != nil {
		t.Fatal(err)
	}
	counts := func() (int, int) {
		b, err := s.Bundle(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		return len(b.Spans), len(b.Relations)
	}
	if sp, rel := counts(); sp != 1 || rel != 0 {
		t.Fatalf("after delete: %d spans, %d relations", sp, rel)
	}
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if sp, rel := counts(); sp != 2 || rel != 1 {
		t.Fatalf("after undo delete: %d spans, %d relations", sp, rel)
	}
	s.Undo(ctx, "ana") // the link
	s.Undo(ctx, "ana") // the quote
	if sp, rel := counts(); sp != 1 || rel != 0 {
		t.Fatalf("after 3 undos: %d spans, %d relations", sp, rel)
	}
	if _, err := s.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if sp, _ := counts(); sp != 2 {
		t.Fatalf("after redo: %d spans", sp)
	}
	// Another annotator's stack is their own.
	if _, err := s.Undo(ctx, "bob"); !errors.Is(err, annot.ErrNotFound) {
		t.Errorf("bob's undo: %v, want not found", err)
	}
	// A new edit clears the redo stack.
	if _, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 0, End: 6, Layer: annot.LayerEntity, Label: "EVENT"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redo(ctx, "ana"); !errors.Is(err, annot.ErrNotFound) {
		t.Errorf("redo after new edit: %v, want nothing to redo", err)
	}
	info, _ := s.DocInfo(ctx, doc)
	if info.Counts.Entity != 2 || info.Counts.Quote != 1 { // PERSON (restored), EVENT; the redone QUOTE
		t.Errorf("counts = %+v", info.Counts)
	}
	// The log cannot be rewritten.
	if _, err := s.db.Exec(`DELETE FROM edits`); err == nil {
		t.Errorf("deleting from the edit log succeeded")
	}
}

func TestApplyRejectsBadSpans(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, sample)
	fam := strings.Index(sample, "👩")
	famCP := len([]rune(sample[:fam]))
	tests := []struct {
		name string
		sp   annot.Span
		kind annot.Kind
		msg  string
	}{
		{"past end", annot.Span{Start: 10, End: 500, Layer: "entity", Label: "PERSON"}, annot.KindInvalid, "past the end"},
		{"splits emoji", annot.Span{Start: famCP + 1, End: famCP + 5, Layer: "entity", Label: "MISC"}, annot.KindInvalid, "splits the character"},
		{"unknown label", annot.Span{Start: 0, End: 6, Layer: "entity", Label: "ANIMAL"}, annot.KindNotFound, "does not exist"},
		{"unknown layer", annot.Span{Start: 0, End: 6, Layer: "topic", Label: "PERSON"}, annot.KindInvalid, "unknown layer"},
		{"crlf split", annot.Span{Start: 0, End: len([]rune(sample[:strings.Index(sample, "\r")])) + 1, Layer: "entity", Label: "MISC"}, annot.KindInvalid, "splits"},
	}
	for _, tt := range tests {
		tt.sp.DocID = doc
		_, err := s.CreateSpan(ctx, "ana", tt.sp)
		if annot.KindOf(err) != tt.kind || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: err = %v, want %v containing %q", tt.name, err, tt.kind, tt.msg)
		}
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM spans`).Scan(&n)
	if n != 0 {
		t.Errorf("%d spans written by failed actions", n)
	}
}

// TestUndoKeepsOthersChanges: an undo whose entity another annotator (or
// window) changed since is refused, and their change stays; without such a
// change the same undo goes through.
func TestUndoKeepsOthersChanges(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, sample)
	sp, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 25, End: 37, Layer: annot.LayerEntity, Label: "PERSON"})
	if err != nil {
		t.Fatal(err)
	}
	relabel := func(who, label string, end int) {
		t.Helper()
		cur, err := s.Span(ctx, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Label, cur.End = label, end
		if _, err := s.UpdateSpan(ctx, who, cur); err != nil {
			t.Fatal(err)
		}
	}
	relabel("ana", "ORG", 37)
	relabel("bob", "GPE", 31)
	if _, err := s.Undo(ctx, "ana"); !errors.Is(err, annot.ErrConflict) || !strings.Contains(err.Error(), "changed meanwhile") {
		t.Fatalf("ana's undo over bob's change: %v, want a conflict", err)
	}
	if got, _ := s.Span(ctx, sp.ID); got.Label != "GPE" || got.End != 31 {
		t.Fatalf("after the refused undo the span is %s %d-%d, want bob's GPE 25-31", got.Label, got.Start, got.End)
	}
	// Bob's own undo is his last action: it goes through, and then ana's does.
	if _, err := s.Undo(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatalf("ana's undo once bob's change is undone: %v", err)
	}
	if got, _ := s.Span(ctx, sp.ID); got.Label != "PERSON" || got.End != 37 {
		t.Fatalf("after both undos the span is %s %d-%d, want PERSON 25-37", got.Label, got.Start, got.End)
	}
	// The same for a document's status.
	if err := s.SetStatus(ctx, "ana", doc, annot.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, "bob", doc, annot.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, "ana"); !errors.Is(err, annot.ErrConflict) {
		t.Fatalf("ana's status undo over bob's: %v, want a conflict", err)
	}
	if info, _ := s.DocInfo(ctx, doc); info.Status != annot.StatusInProgress {
		t.Fatalf("status %s, want bob's in_progress", info.Status)
	}
	mustCheck(t, s)
}
