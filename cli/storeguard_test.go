package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs the command line and fails the test if it does not return
// within d: a FIFO must be refused, not read.
func runWithin(t *testing.T, d time.Duration, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		c, o, e := run(args...)
		done <- result{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(d):
		t.Fatalf("%v did not return within %s", args, d)
		return 0, "", ""
	}
}

func TestImportRefusesAFIFOInAFolder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	os.WriteFile(filepath.Join(in, "a.txt"), []byte("A text."), 0o644)
	fifo := filepath.Join(in, "b.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	code, _, stderr := runWithin(t, 10*time.Second, "import", "--db", db, in)
	if code != 1 || !strings.Contains(stderr, fifo) || !strings.Contains(stderr, "not a regular file") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
		t.Errorf("import of a folder with a FIFO: %d %q; want one line naming the FIFO", code, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("the refused import created the project")
	}
	code, _, stderr = runWithin(t, 10*time.Second, "import", "--db", db, fifo)
	if code != 1 || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("import of a FIFO: %d %q", code, stderr)
	}
}

func TestFIFOAsProjectIsRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.db")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("A text."), 0o644)
	code, _, stderr := runWithin(t, 10*time.Second, "import", "--db", fifo, filepath.Join(dir, "a.txt"))
	if code != 1 || !strings.Contains(stderr, fifo) || !strings.Contains(stderr, "not a Spanbench project") {
		t.Errorf("--db FIFO: %d %q", code, stderr)
	}
}

// TestReadOnlyCommandsChangeNothing: check, list, export, lint, labels,
// cues, coders and assign --show read a read-only project, leave its bytes
// as they were, and do not turn a missing or empty file into a project.
func TestReadOnlyCommandsChangeNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	os.Chmod(db, 0o444)
	before, _ := os.ReadFile(db)
	for _, args := range [][]string{
		{"check"}, {"list"}, {"list", "--query", "Afghanistan"}, {"labels"}, {"cues"}, {"lint"}, {"coders"}, {"assign", "--show"},
		{"export", "--format", "jsonl", "--out", filepath.Join(dir, "out.jsonl")},
	} {
		code, _, stderr := run(append(args, "--db", db)...)
		if code != 0 && !(args[0] == "lint" && code == 1) {
			t.Errorf("%v: %d %s", args, code, stderr)
		}
		if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
			t.Fatalf("%v changed the project", args)
		}
		for _, sfx := range []string{"-wal", "-shm"} {
			if st, err := os.Stat(db + sfx); err == nil && st.Size() > 0 && sfx == "-wal" {
				t.Errorf("%v left a WAL with content", args)
			}
		}
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	for _, p := range []string{filepath.Join(dir, "missing.db"), empty} {
		code, _, stderr := run("check", "--db", p)
		if code != 1 || !strings.Contains(stderr, "no Spanbench project") {
			t.Errorf("check %s: %d %q", filepath.Base(p), code, stderr)
		}
		if st, err := os.Stat(p); p == empty && (err != nil || st.Size() != 0) || p != empty && err == nil {
			t.Errorf("check %s created a project", filepath.Base(p))
		}
	}
}
