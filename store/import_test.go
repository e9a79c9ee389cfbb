package store

import (
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
