package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/suggest"
	"spanbench/assets"
)

func mustSuggest(tb testing.TB, s *Store, docID string) ([]suggest.Suggestion, *annot.Index) {
	tb.Helper()
	b, err := s.Bundle(ctx, docID)
	if err != nil {
		tb.Fatal(err)
	}
	opt, err := s.SuggestOptions(ctx, docID)
	if err != nil {
		tb.Fatal(err)
	}
	ix := annot.NewIndex(b.Doc.Text)
	sgs, err := suggest.Run(ctx, b, ix, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return sgs, ix
}

func TestAcceptSuggestionIsOneUndoableAction(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, assets.SampleText())
	sgs, ix := mustSuggest(t, s, doc)
	quotes := suggest.WithLabel(sgs, annot.LabelQuote)
	// The five quoted passages and six reported ones of the sample
	// (annot/suggest TestSampleArticle); the third and fourth are Patel's.
	if len(quotes) != 11 {
		t.Fatalf("%d quote suggestions, want 11", len(quotes))
	}
	// Patel's second quote: its speaker span is the same "Patel" as the first's.
	for _, q := range quotes[2:4] {
		if _, err := s.AcceptSuggestions(ctx, "ana", doc, q); err != nil {
			t.Fatalf("accept %s: %v", q, err)
		}
	}
	b, _ := s.Bundle(ctx, doc)
	counts := map[annot.Layer]int{}
	for _, sp := range b.Spans {
		counts[sp.Layer]++
		if sp.Annotator != "ana" {
			t.Errorf("span %q saved by %q, want ana", ix.SpanText(sp), sp.Annotator)
		}
		if sp.Attrs[suggest.AttrSuggested] != "" || sp.Attrs[suggest.AttrReason] != "" {
			t.Errorf("span %q keeps suggestion attrs %v", ix.SpanText(sp), sp.Attrs)
		}
		if sp.Layer == annot.LayerQuote && sp.Attrs[annot.AttrKind] != "direct" {
			t.Errorf("quote kind = %q", sp.Attrs[annot.AttrKind])
		}
	}
	// SPEAKER links the words naming the source ("Patel", then "he"), and
	// SAME_AS each to who it is: "Patel" to "Vedant Patel", "he" to that
	// same "Patel". So 3 entities (Patel, Vedant Patel, he) and 6 relations
	// (per quote: SPEAKER, CUE, SAME_AS).
	if counts[annot.LayerQuote] != 2 || counts[annot.LayerEntity] != 3 || counts[annot.LayerCue] != 2 || len(b.Relations) != 6 {
		t.Fatalf("saved %v spans and %d relations; want 2 quotes, 3 source mentions, 2 cues, 6 relations", counts, len(b.Relations))
	}
	// Running again proposes neither accepted quote, and links the next
	// Patel quote's speaker… to a new "Patel" (another mention).
	again, _ := mustSuggest(t, s, doc)
	if n := len(suggest.WithLabel(again, annot.LabelQuote)); n != 9 {
		t.Errorf("after accepting 2, %d quotes suggested, want 9", n)
	}
	// One Undo takes the whole second suggestion back ("he", its cue and
	// links), the first's spans staying.
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	b, _ = s.Bundle(ctx, doc)
	if len(b.Spans) != 4 || len(b.Relations) != 3 { // quote, cue, Patel, Vedant Patel; SPEAKER, CUE, SAME_AS
		t.Errorf("after undo: %d spans, %d relations; want 4 and 3", len(b.Spans), len(b.Relations))
	}
	// Accepting what is already there does nothing.
	res, err := s.AcceptSuggestions(ctx, "ana", doc, quotes[2])
	if err != nil || res.ActionID != 0 {
		t.Errorf("accepting a saved suggestion: %+v, %v", res, err)
	}
}

func TestAcceptAllOfALabel(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, "Ana Ruiz met Ana Ruiz’s lawyer. Later Ana Ruiz left.")
	if _, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 0, End: 8, Layer: annot.LayerEntity, Label: "PERSON"}); err != nil {
		t.Fatal(err)
	}
	sgs, _ := mustSuggest(t, s, doc)
	people := suggest.WithLabel(sgs, "PERSON")
	// "Ana Ruiz’s" is "Ana Ruiz" and "’s" (the tokenizer splits a
	// possessive as spaCy's English rules do), so both other mentions.
	if len(people) != 2 {
		t.Fatalf("%d PERSON suggestions: %v", len(people), people)
	}
	if _, err := s.AcceptSuggestions(ctx, "ana", doc, people...); err != nil {
		t.Fatal(err)
	}
	info, _ := s.DocInfo(ctx, doc)
	if info.Counts.Entity != 3 {
		t.Errorf("%d entities, want 3", info.Counts.Entity)
	}
}

func TestRejectedSuggestionIsNotProposedAgain(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, assets.SampleText())
	sgs, _ := mustSuggest(t, s, doc)
	first := sgs[0]
	if id, err := s.RejectSuggestion(ctx, "ana", doc, first.Key, ""); err != nil || id == 0 {
		t.Fatal(id, err)
	}
	if id, err := s.RejectSuggestion(ctx, "bob", doc, first.Key, ""); err != nil || id != 0 {
		t.Errorf("rejecting twice: action %d, %v; want none", id, err)
	}
	again, _ := mustSuggest(t, s, doc)
	for _, sg := range again {
		if sg.Key == first.Key {
			t.Fatalf("rejected %s proposed again", first)
		}
	}
	if len(again) != len(sgs)-1 {
		t.Errorf("%d suggestions after one rejection, had %d", len(again), len(sgs))
	}
	// Another document is not affected.
	other := mustDoc(t, s, assets.SampleText()+"\n")
	if o, _ := mustSuggest(t, s, other); len(o) != len(sgs) {
		t.Errorf("other document: %d suggestions, want %d", len(o), len(sgs))
	}
	// The rejection is ana's last action: her undo takes it back, after
	// the project is closed and opened again too.
	path := s.Path()
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Undo(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if a.DocID != doc || !strings.Contains(a.Summary, "reject") {
		t.Errorf("undo %+v, want the rejection on %s", a, doc)
	}
	if back, _ := mustSuggest(t, s, doc); len(back) != len(sgs) {
		t.Errorf("after undo: %d suggestions, want %d", len(back), len(sgs))
	}
	if _, err := s.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if again, _ := mustSuggest(t, s, doc); len(again) != len(sgs)-1 {
		t.Errorf("after redo: %d suggestions, want %d", len(again), len(sgs)-1)
	}
	if _, err := s.RejectSuggestion(ctx, "ana", "no-such-doc", first.Key, ""); !errors.Is(err, annot.ErrNotFound) {
		t.Errorf("reject on a missing document: %v", err)
	}
}

func TestCueLexicon(t *testing.T) {
	s := mustOpen(t)
	lx, err := s.Lexicon(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !lx.Has("said") || lx.Has("opined") {
		t.Fatalf("default lexicon: said %v, opined %v", lx.Has("said"), lx.Has("opined"))
	}
	if err := s.SetCueWord(ctx, "  Opine ", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCueWord(ctx, "say", false); err != nil {
		t.Fatal(err)
	}
	lx, _ = s.Lexicon(ctx)
	if !lx.Has("opined") || !lx.Has("opines") || lx.Has("said") {
		t.Errorf("changed lexicon: opined %v opines %v said %v", lx.Has("opined"), lx.Has("opines"), lx.Has("said"))
	}
	words, _ := s.CueWords(ctx)
	if len(words) != 2 || words[0] != (CueWord{"opine", true}) || words[1] != (CueWord{"say", false}) {
		t.Errorf("cue words = %v", words)
	}
	s.ResetCueWord(ctx, "say")
	if lx, _ = s.Lexicon(ctx); !lx.Has("said") {
		t.Errorf("reset did not bring 'say' back")
	}
	if err := s.SetCueWord(ctx, " ", true); annot.KindOf(err) != annot.KindInvalid {
		t.Errorf("empty cue word: %v", err)
	}
}

func TestGazetteer(t *testing.T) {
	s := mustOpen(t)
	n, err := s.ImportGazetteer(ctx, []suggest.GazetteerEntry{{Text: "Vedant Patel", Label: "PERSON"}, {Text: "Taliban", Label: "ORG"}}, false)
	if err != nil || n != 2 {
		t.Fatalf("import: %d, %v", n, err)
	}
	// An unknown label refuses the whole import.
	_, err = s.ImportGazetteer(ctx, []suggest.GazetteerEntry{{Text: "Kabul", Label: "GPE"}, {Text: "ISKP", Label: "TERROR"}}, false)
	if annot.KindOf(err) != annot.KindNotFound {
		t.Errorf("unknown label: %v", err)
	}
	// Entries the window or a caller hands over are checked as a CSV
	// file's are: invalid UTF-8 would be stored as U+FFFD.
	for _, e := range []suggest.GazetteerEntry{{Text: "Ka\xffbul", Label: "GPE"}, {Text: "Ka\nbul", Label: "GPE"},
		{Text: strings.Repeat("K", suggest.MaxGazetteerName+1), Label: "GPE"}} {
		_, err = s.ImportGazetteer(ctx, []suggest.GazetteerEntry{{Text: "Kabul", Label: "GPE"}, e}, false)
		if annot.KindOf(err) != annot.KindInvalid || !strings.Contains(err.Error(), "gazetteer[1].text") {
			t.Errorf("%.20q: %v", e.Text, err)
		}
	}
	g, _ := s.Gazetteer(ctx)
	if len(g) != 2 {
		t.Errorf("after refused import: %v", g)
	}
	// Re-importing a name changes its label.
	s.ImportGazetteer(ctx, []suggest.GazetteerEntry{{Text: "Taliban", Label: "NORP"}}, false)
	g, _ = s.Gazetteer(ctx)
	if g[0] != (suggest.GazetteerEntry{Text: "Taliban", Label: "NORP"}) {
		t.Errorf("gazetteer = %v", g)
	}
	doc := mustDoc(t, s, assets.SampleText())
	sgs, ix := mustSuggest(t, s, doc)
	var norp []string
	for _, sg := range suggest.WithLabel(sgs, "NORP") {
		norp = append(norp, ix.Slice(sg.Start, sg.End))
	}
	if len(norp) != 5 { // Taliban ×3, and ×2 before a possessive ’s (a token of its own)
		t.Errorf("NORP suggestions %q", norp)
	}
	if err := s.DeleteGazetteerEntry(ctx, "Taliban"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteGazetteerEntry(ctx, "Taliban"); annot.KindOf(err) != annot.KindNotFound {
		t.Errorf("deleting twice: %v", err)
	}
	if _, err := s.ImportGazetteer(ctx, []suggest.GazetteerEntry{{Text: "Kabul", Label: "GPE"}}, true); err != nil {
		t.Fatal(err)
	}
	if g, _ = s.Gazetteer(ctx); len(g) != 1 || g[0].Text != "Kabul" {
		t.Errorf("after replace: %v", g)
	}
}

// TestMigration0002 opens a project at schema 1 and finds it migrated,
// with its documents and a backup beside it.
func TestMigration0002(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustDoc(t, s, "An old document.")
	for _, q := range []string{`DROP TABLE suggestion_rejections`, `DROP TABLE cue_words`, `DROP TABLE gazetteer`, `DELETE FROM schema_migrations WHERE version = 2`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.db.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&v)
	if v != SchemaVersion() || SchemaVersion() < 2 {
		t.Errorf("schema %d, SchemaVersion %d; want the newest", v, SchemaVersion())
	}
	if n, _ := s.CountDocuments(ctx, DocFilter{}); n != 1 {
		t.Errorf("%d documents after migrating", n)
	}
	// The backup is named after the newest schema the file had (3 when
	// this runs with migration 3 applied and 2 deleted).
	if m, _ := filepath.Glob(path + ".bak-schema*"); len(m) != 1 {
		t.Errorf("backups: %v", m)
	}
	if _, err := s.Gazetteer(ctx); err != nil {
		t.Errorf("gazetteer after migrating: %v", err)
	}
}
