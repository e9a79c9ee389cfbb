package store

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"spanbench/annot"
)

// TestImportRefusesDuplicateIDs: the README lists duplicate ids as an
// import error. Two documents with the id "a" and different texts were
// both imported (a non-UUID id becomes a UUID derived from the text);
// now the import stops, naming both sources, and nothing is written. The
// same document twice stays a repeat that is skipped.
func TestImportRefusesDuplicateIDs(t *testing.T) {
	const uuid = "7a1f0c3e-2222-4c1e-9a55-2f6f3c1d0a01"
	for _, id := range []string{"a", uuid} {
		s := mustOpen(t)
		first := annot.Bundle{Source: "in.jsonl:1", Doc: annot.Document{ID: id, Text: "First text."}}
		second := annot.Bundle{Source: "in.jsonl:2", Doc: annot.Document{ID: id, Text: "Second text."}}
		_, err := s.Import(ctx, "ana", seq(first, second), ImportOptions{})
		if annot.KindOf(err) != annot.KindConflict || !strings.Contains(err.Error(), `in.jsonl:2: id: duplicate document id "`+id+`": in.jsonl:1 has it too`) {
			t.Errorf("id %s: %v", id, err)
		}
		if docs, _ := s.ListDocuments(ctx, DocFilter{}); len(docs) != 0 {
			t.Errorf("id %s: a refused import left %d documents", id, len(docs))
		}
		rep, err := s.Import(ctx, "ana", seq(first, first), ImportOptions{})
		if err != nil || rep.Documents != 1 || len(rep.Skipped) != 1 {
			t.Errorf("id %s: the same document twice: %+v, %v", id, rep, err)
		}
	}
}

// TestLongQuery: a search longer than SQLite's LIKE pattern limit (50,000
// bytes, SQLITE_MAX_LIKE_PATTERN_LENGTH) failed with SQLite's bare "LIKE or
// GLOB pattern too complex". A query over MaxQuery characters is refused,
// naming the field; one of MaxQuery characters (500 words) runs, and finds
// the document whose title and text hold them.
func TestLongQuery(t *testing.T) {
	s := mustOpen(t)
	words := strings.TrimSpace(strings.Repeat("a ", MaxQuery/2))
	mustDoc(t, s, "Title\n\n"+words+".")
	for _, q := range []string{strings.Repeat("a", 60000), strings.Repeat("x ", MaxQuery)} {
		for _, f := range []func() error{
			func() error { _, err := s.ListDocuments(ctx, DocFilter{Query: q}); return err },
			func() error { _, err := s.CountDocuments(ctx, DocFilter{Query: q}); return err },
		} {
			err := f()
			if annot.KindOf(err) != annot.KindInvalid || !strings.HasPrefix(err.Error(), "query: the search is") {
				t.Errorf("query of %d bytes: %v", len(q), err)
			}
		}
	}
	if len([]rune(words)) != MaxQuery-1 {
		t.Fatalf("words are %d characters", len([]rune(words)))
	}
	docs, err := s.ListDocuments(ctx, DocFilter{Query: words + "b"})
	if err != nil || len(docs) != 0 {
		t.Errorf("query of %d characters: %d documents, %v", MaxQuery, len(docs), err)
	}
	docs, err = s.ListDocuments(ctx, DocFilter{Query: words})
	if err != nil || len(docs) != 1 {
		t.Errorf("query of %d characters: %d documents, %v", MaxQuery-1, len(docs), err)
	}
	// While texts wait for the index, the search matches them word by
	// word with LIKE: 500 words once passed SQLite's expression depth
	// limit (1,000). Which way ListDocuments goes depends on the
	// background indexer, so the query with waiting texts runs here.
	where, args := DocFilter{Query: words}.where(true)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents d`+where, args...).Scan(&n); err != nil || n != 1 {
		t.Errorf("query of %d words with texts waiting for the index: %d documents, %v", len(args)-2, n, err)
	}
}

// TestImportRefusesDamagedProject: pages overwritten in the middle of a
// project (as TestDamageInsideAProject does) are not read by Open, nor by
// an import that writes elsewhere, so the import succeeded and only check
// noticed. Import now checks the project before writing: it refuses, says
// the file is damaged, and leaves it as it was.
func TestImportRefusesDamagedProject(t *testing.T) {
	path := damagedProject(t)
	b, _ := os.ReadFile(path)
	s, err := Open(path)
	if err != nil {
		t.Skipf("Open noticed the damage itself: %v", err)
	}
	defer s.Close()
	doc := annot.Bundle{Source: "new.txt", Doc: annot.Document{Text: "A new document, not in the project."}}
	_, err = s.Import(ctx, "ana", seq(doc), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "project file is damaged") || !strings.Contains(err.Error(), "it was not changed — run spanbench check") {
		t.Fatalf("import into a damaged project: %v", err)
	}
	t.Log(err)
	s.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
		t.Error("a refused import changed the project file")
	}
}
