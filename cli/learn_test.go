package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// learn trains on the coded documents and reports; a second run without
// edits keeps the model; suggest then proposes the names the model
// learned to see, in a document nobody coded.
func TestLearnThenSuggest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	// The CoNLL-2002 Spanish sample the brat tests carry (licence beside it).
	corpus := filepath.Join("..", "annot", "format", "testdata", "brat-corpus", "CoNLL-ST_2002", "esp")
	if code, _, e := run("import", "--db", db, corpus); code != 0 {
		t.Fatalf("import: %d %s", code, e)
	}
	code, out, e := run("learn", "--db", db)
	if code != 0 || !strings.Contains(out, "trained the entity model on 10 documents, 540 entities (labels: LOC, MISC, ORG, PER)") {
		t.Fatalf("learn: %d %q %q", code, out, e)
	}
	if code, out, e := run("learn", "--db", db); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("learn again: %d %q %q", code, out, e)
	}
	txt := filepath.Join(dir, "new.txt")
	os.WriteFile(txt, []byte("El presidente de la Comisión Europea, Romano Prodi, llegó el lunes a Lisboa.\n"), 0o644)
	if code, _, e := run("import", "--db", db, txt); code != 0 {
		t.Fatalf("import: %d %s", code, e)
	}
	code, out, e = run("suggest", "--db", db, "--only", "entities", "--out", "-")
	if code != 0 {
		t.Fatalf("suggest: %d %s", code, e)
	}
	if !strings.Contains(out, `"reason":"learned from 10 documents"`) {
		t.Errorf("suggest proposes nothing learned: %s", e)
	}
}

// A project with nothing coded says so.
func TestLearnNothingCoded(t *testing.T) {
	db := sampleProject(t)
	code, out, e := run("learn", "--db", db)
	if code != 0 || !strings.Contains(out, "no coded documents yet") {
		t.Errorf("learn: %d %q %q", code, out, e)
	}
}
