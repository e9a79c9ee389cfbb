package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutRefusesProjectFile checks every --out refuses the project file
// (and its -wal) with exit 2, leaving the project byte-identical.
func TestOutRefusesProjectFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(filepath.Dir(db), "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{db, link, db + "-wal"} {
		for _, args := range [][]string{
			{"export", "--format", "jsonl"},
			{"suggest"},
			{"gen", "--docs", "1"},
			{"gazetteer", "export"},
		} {
			args = append(args, "--db", db, "--out", out)
			code, _, stderr := run(args...)
			if code != 2 || !strings.Contains(stderr, "is the project file") {
				t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
			}
		}
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("project changed")
	}
}

// TestOutKeepsExistingMode checks a replaced regular file keeps its mode.
func TestOutKeepsExistingMode(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	out := filepath.Join(dir, "g.csv")
	if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(out, 0o644)
	if code, _, stderr := run("gazetteer", "export", "--db", db, "--out", out); code != 0 {
		t.Fatalf("gazetteer export: %d %s", code, stderr)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}
