package cli

import (
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
