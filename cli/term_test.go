package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerm(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Plain title, “quoted” — café 👩‍👩‍👧 مرحبا", "Plain title, “quoted” — café 👩‍👩‍👧 مرحبا"},
		{"\x1b]0;owned\x07", `\x1b]0;owned\x07`},
		{"\x1b[2J", `\x1b[2J`},
		{"a\tb\nc\r", `a\tb\nc\r`},
		{"del\x7f c1\u0085\u009b", `del\x7f c1\u0085\u009b`},
		{"evil\u202etxt.exe \u2066x\u2069 \u200f", `evil\u202etxt.exe \u2066x\u2069 \u200f`},
		{"line\u2028para\u2029", `line\u2028para\u2029`},
		{"bad \xff\xc3 utf8", `bad \xff\xc3 utf8`},
	} {
		if got := term(c.in); got != c.want {
			t.Errorf("term(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// safeOutput fails when out holds what would drive or reorder a terminal:
// control characters other than the line break and the tab (flag help
// indents with tabs), bidi controls, line separators, or non-UTF-8 bytes.
func safeOutput(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: not UTF-8: %q", what, out)
	}
	for _, r := range out {
		if r != '\n' && r != '\t' && unsafeRune(r, utf8.RuneLen(r)) {
			t.Errorf("%s: prints U+%04X raw: %q", what, r, out)
			return
		}
	}
}

// TestHostileTitlesPrintInert imports titles that would retitle the window
// (OSC 0), clear the screen, or reverse the line (RLO), and a file whose
// name does the same: list, import and the error lines print them escaped.
func TestHostileTitlesPrintInert(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	titles := []string{"\x1b]0;owned\x07", "\x1b[2J", "Report \u202etxt.exe", "two\u2028lines", "c1 \u009b31m red", "del\x7f"}
	var lines []string
	for i, title := range titles {
		lines = append(lines, `{"title":`+jsonQuote(title)+`,"text":"Document `+string(rune('A'+i))+` said."}`)
	}
	path := filepath.Join(dir, "evil\x1b[2J\u202e.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run("import", "--db", db, path)
	if code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	safeOutput(t, "import", out+stderr)
	code, out, stderr = run("list", "--db", db)
	if code != 0 {
		t.Fatalf("list: %d %s", code, stderr)
	}
	safeOutput(t, "list", out)
	for _, want := range []string{`\x1b]0;owned\x07`, `\x1b[2J`, `Report \u202etxt.exe`, `two\u2028lines`, `c1 \u009b31m red`, `del\x7f`} {
		if !strings.Contains(out, want) {
			t.Errorf("list does not show %s:\n%s", want, out)
		}
	}
	// An error naming the file, and one quoting a flag's value.
	bad := filepath.Join(dir, "bad\x1b]0;owned\x07.jsonl")
	os.WriteFile(bad, []byte("{oops}\n"), 0o644)
	code, out, stderr = run("import", "--db", db, bad)
	if code != 1 || !strings.Contains(stderr, `bad\x1b]0;owned\x07.jsonl:1:`) {
		t.Errorf("import of a bad file: %d %q", code, stderr)
	}
	safeOutput(t, "import error", out+stderr)
	code, out, stderr = run("labels", "--db", db, "--add", "entity:\x1b[2JX")
	if code == 0 {
		t.Errorf("a label with ESC was added")
	}
	safeOutput(t, "labels error", out+stderr)
	code, out, stderr = run("list", "--db", db, "--\x1b[2J")
	if code != 2 {
		t.Errorf("unknown flag: %d", code)
	}
	safeOutput(t, "flag error", out+stderr)
	code, out, stderr = run("labels", "--db", db)
	if code != 0 {
		t.Fatalf("labels: %d %s", code, stderr)
	}
	safeOutput(t, "labels", out)
}

// jsonQuote writes s as a JSON string, control characters escaped.
func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestListLongQuery: a --query over SQLite's LIKE pattern limit printed
// SQLite's bare "LIKE or GLOB pattern too complex"; it is now a usage error
// naming the flag.
func TestListLongQuery(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	code, _, stderr := run("list", "--db", db, "--query", strings.Repeat("a", 60000))
	if first, _, _ := strings.Cut(stderr, "\n"); code != 2 || first != "spanbench list: --query: the search is 60000 characters long; at most 1000" {
		t.Errorf("list --query of 60,000 characters: %d %q", code, stderr)
	}
	code, out, stderr := run("list", "--db", db, "--query", strings.TrimSpace(strings.Repeat("Patel ", 166)))
	if code != 0 || !strings.Contains(out, "State Department") {
		t.Errorf("list --query of 166 words: %d %q %q", code, out, stderr)
	}
}
