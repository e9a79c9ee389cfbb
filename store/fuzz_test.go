package store

import (
	"bytes"
	"iter"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
)

// FuzzImportJSONL imports arbitrary native JSONL into a project, first as
// a dry run, then for real when the dry run passes: no panic, errors on
// one line, a failed import leaves the project as it was, and what is
// imported comes back out of the project with the same texts. Seeds are
// in testdata/fuzz/FuzzImportJSONL; run it with
//
//	go test ./store -run '^$' -fuzz '^FuzzImportJSONL$' -fuzztime 1m
func FuzzImportJSONL(f *testing.F) {
	s, err := Open(filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	count := func() (n int) {
		s.db.QueryRow(`SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM spans) + (SELECT count(*) FROM relations) + (SELECT count(*) FROM labels)`).Scan(&n)
		return n
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		read := func() iter.Seq2[annot.Bundle, error] {
			return format.ReadJSONL(bytes.NewReader(data), "fuzz.jsonl")
		}
		before := count()
		rep, err := s.Import(ctx, "fuzz", read(), ImportOptions{DryRun: true})
		if count() != before {
			t.Fatal("a dry run changed the project")
		}
		if err != nil {
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		real, err := s.Import(ctx, "fuzz", read(), ImportOptions{})
		if err != nil {
			t.Fatalf("the dry run passed, the import failed: %v", err)
		}
		if real.Documents != rep.Documents || real.Spans != rep.Spans || real.Relations != rep.Relations {
			t.Fatalf("dry run %+v, import %+v", rep, real)
		}
		texts := map[string]bool{}
		for b, err := range read() {
			if err != nil {
				t.Fatal(err)
			}
			texts[b.Doc.Text] = true
		}
		for _, id := range real.DocIDs {
			b, err := s.Bundle(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !texts[b.Doc.Text] {
				t.Fatalf("imported text %q is not in the file", b.Doc.Text)
			}
		}
	})
}
