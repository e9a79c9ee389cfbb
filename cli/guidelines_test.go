package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGuidelinesImportPrintExport imports a Markdown file, prints it back
// and exports it byte for byte; a file that is not UTF-8 or is over 1 MiB
// is refused with one line naming it, leaving the stored guidelines as
// they were.
func TestGuidelinesImportPrintExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	md := filepath.Join(dir, "guide.md")
	text := "# Quotes\n\nMark **direct** speech only; « guillemets » count.\n"
	os.WriteFile(md, []byte(text), 0o644)

	if code, _, stderr := run("guidelines", "--db", db, "--import", md); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	if code, out, stderr := run("guidelines", "--db", db); code != 0 || out != text {
		t.Errorf("print: %d %q %s; want %q", code, out, stderr, text)
	}
	exp := filepath.Join(dir, "out.md")
	if code, _, stderr := run("guidelines", "--db", db, "--export", exp); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(exp); string(b) != text {
		t.Errorf("exported %q, want %q", b, text)
	}

	// --export naming the project is refused, as every --out is, and the
	// project is left byte for byte (it was replaced by the guidelines).
	before, _ := os.ReadFile(db)
	if code, _, stderr := run("guidelines", "--db", db, "--export", db); code != 2 || !strings.Contains(stderr, "--export") || !strings.Contains(stderr, "is the project file") {
		t.Errorf("export onto the project: %d %s", code, stderr)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("export onto the project changed it")
	}

	// Latin-1 "é" (0xE9) is not UTF-8; 1 MiB + 1 byte is over the limit.
	bad := filepath.Join(dir, "latin1.md")
	os.WriteFile(bad, []byte("caf\xe9\n"), 0o644)
	big := filepath.Join(dir, "big.md")
	os.WriteFile(big, bytes.Repeat([]byte("a"), 1<<20+1), 0o644)
	for _, c := range []struct{ path, want string }{{bad, "not UTF-8"}, {big, "1 MiB"}} {
		code, _, stderr := run("guidelines", "--db", db, "--import", c.path)
		if code != 1 || !strings.Contains(stderr, c.path) || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("import %s: %d %q; want one line naming it and %q", c.path, code, stderr, c.want)
		}
	}
	if _, out, _ := run("guidelines", "--db", db); out != text {
		t.Errorf("after refused imports, print %q; want %q unchanged", out, text)
	}
}
