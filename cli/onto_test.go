package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportOnto: import --onto adds a file's spans to the document with
// the same text instead of skipping it, without doubling a span it has.
func TestImportOnto(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	write := func(name, spans string) string {
		p := filepath.Join(dir, name)
		line := `{"title": "t", "text": "Ann Lee said so.", "spans": [` + spans + `]}` + "\n"
		if err := os.WriteFile(p, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	person := `{"start": 0, "end": 7, "text": "Ann Lee", "layer": "entity", "label": "PERSON"}`
	quote := `{"start": 8, "end": 15, "text": "said so", "layer": "quote", "label": "QUOTE"}`
	if code, out, errs := run("import", "--db", db, write("a.jsonl", person)); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	b := write("b.jsonl", person+", "+quote)
	if code, out, _ := run("import", "--db", db, b); code != 0 || !strings.Contains(out, "skipped") {
		t.Fatalf("import without --onto: %d %s; want the document skipped", code, out)
	}
	code, out, errs := run("import", "--db", db, "--onto", b)
	if code != 0 || !strings.Contains(out, "imported 0 documents, 1 spans, 0 relations") || !strings.Contains(out, "added spans and relations to 1 documents") {
		t.Fatalf("import --onto: %d %s %s", code, out, errs)
	}
	if n := len(projectState(t, db)); n != 2 {
		t.Errorf("%d spans and relations stored, want the PERSON once and the QUOTE", n)
	}
}
