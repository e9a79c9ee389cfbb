package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGen(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	code, out, stderr := run("gen", "--db", db, "--docs", "25", "--spans-per-doc", "12", "--seed", "4")
	if code != 0 || !strings.Contains(out, "generated 25 documents, 300 spans") {
		t.Fatalf("gen: %d %q %q", code, out, stderr)
	}
	_, list, _ := run("list", "--db", db)
	if n := strings.Count(list, "\n"); n != 26 {
		t.Errorf("list shows %d lines, want a header and 25 documents", n)
	}
	if code, out, _ := run("check", "--db", db); code != 0 {
		t.Errorf("check: %q", out)
	}
	// The same seed writes the same JSONL; another seed does not.
	a, b, c := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "c.jsonl")
	for _, x := range []struct{ out, seed string }{{a, "4"}, {b, "4"}, {c, "5"}} {
		if code, _, stderr := run("gen", "--docs", "25", "--spans-per-doc", "12", "--seed", x.seed, "--out", x.out); code != 0 {
			t.Fatal(stderr)
		}
	}
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	cb, _ := os.ReadFile(c)
	if string(ab) != string(bb) || string(ab) == string(cb) || strings.Count(string(ab), "\n") != 25 {
		t.Error("gen --out is not deterministic for a seed")
	}
	// What gen writes imports as it is: the same documents as gen --db.
	db2 := filepath.Join(dir, "g2.db")
	if code, out, stderr := run("import", "--db", db2, a); code != 0 || !strings.Contains(out, "imported 25 documents, 300 spans") {
		t.Errorf("import of gen output: %d %q %q", code, out, stderr)
	}
	_, e1, _ := run("export", "--db", db, "--out", "-")
	_, e2, _ := run("export", "--db", db2, "--out", "-")
	if e1 != e2 {
		t.Error("gen --db and import of gen --out differ")
	}
	if code, _, _ := run("gen", "--docs", "-1", "--db", db); code != 2 {
		t.Errorf("negative --docs: exit %d", code)
	}
}

// TestGenRefusesTextOverLimit: a document larger than the 64 MiB text limit
// that every reader enforces is refused before anything is generated.
func TestGenRefusesTextOverLimit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "big.jsonl")
	code, _, stderr := run("gen", "--docs", "1", "--bytes-per-doc", "67108865", "--out", out)
	if code != 2 || !strings.Contains(stderr, "text limit") {
		t.Fatalf("exit %d, stderr %q; want 2 and the text limit named", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was written", out)
	}
}
