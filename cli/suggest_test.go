package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if !strings.Contains(errs, "5 QUOTE") {
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
	if quotes != 5 {
		t.Errorf("%d quotes, want 5", quotes)
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
	if docs[0].Counts.Quote != 5 {
		t.Errorf("%d quotes saved, want 5", docs[0].Counts.Quote)
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
	sp, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 0, End: 6, Layer: annot.LayerQuote, Label: "QUOTE"})
	if err != nil {
		t.Fatal(err)
	}
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
