package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// assignProject makes a project of n small documents.
func assignProject(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("doc%02d.txt", i))
		if err := os.WriteFile(p, []byte(fmt.Sprintf("Document number %d says little.\n", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run(append([]string{"import", "--db", db}, paths...)...); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	return db
}

// listCoders maps each listed document's id to its CODERS column.
func listCoders(t *testing.T, db string) map[string]string {
	t.Helper()
	code, out, stderr := run("list", "--db", db)
	if code != 0 {
		t.Fatalf("list: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if h := strings.Fields(lines[0]); len(h) < 7 || h[6] != "CODERS" {
		t.Fatalf("list header %q has no CODERS column 7", lines[0])
	}
	got := map[string]string{}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		got[f[0]] = f[6]
	}
	return got
}

func TestAssignCLI(t *testing.T) {
	db := assignProject(t, 10)
	before := listCoders(t, db)
	for id, c := range before {
		if c != "-" {
			t.Errorf("%s has coders %q before any assignment", id, c)
		}
	}
	code, out, stderr := run("assign", "--db", db, "--coders", "ana,ben,cy", "--per-doc", "2", "--seed", "3")
	if code != 0 {
		t.Fatalf("assign: %d %s", code, stderr)
	}
	if !strings.Contains(out, "assigned 10 documents, 2 coders each (seed 3)") {
		t.Errorf("assign said %q", out)
	}
	first := listCoders(t, db)
	load := map[string]int{}
	for id, c := range first {
		cs := strings.Split(c, ",")
		if len(cs) != 2 || cs[0] == cs[1] {
			t.Errorf("%s: coders %q, want two distinct", id, c)
		}
		for _, n := range cs {
			load[n]++
		}
	}
	// 20 assignments over 3 coders: 6 or 7 each (hand count 7+7+6).
	for _, n := range []string{"ana", "ben", "cy"} {
		if load[n] < 6 || load[n] > 7 {
			t.Errorf("%s has %d documents, want 6 or 7 (%v)", n, load[n], load)
		}
	}
	// --show prints the same table, and each coder's count.
	code, out, stderr = run("assign", "--db", db, "--show")
	if code != 0 {
		t.Fatalf("assign --show: %d %s", code, stderr)
	}
	for id, c := range first {
		if !strings.Contains(out, id+"  "+c+"  ") {
			t.Errorf("--show lacks %s %s:\n%s", id, c, out)
		}
	}
	for n, k := range load {
		if !strings.Contains(out, fmt.Sprintf("%s: %d documents", n, k)) {
			t.Errorf("--show lacks %s's count %d:\n%s", n, k, out)
		}
	}
	// The same seed again: the same table (re-running replaces, adds nothing).
	if code, _, stderr = run("assign", "--db", db, "--coders", "ana,ben,cy", "--per-doc", "2", "--seed", "3"); code != 0 {
		t.Fatalf("assign again: %d %s", code, stderr)
	}
	if again := listCoders(t, db); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("same seed, different table:\n%v\n%v", first, again)
	}
	// Only the todo documents: all are todo, so all are replaced.
	if code, _, stderr = run("assign", "--db", db, "--coders", "dee", "--per-doc", "1", "--status", "todo"); code != 0 {
		t.Fatalf("assign --status todo: %d %s", code, stderr)
	}
	for id, c := range listCoders(t, db) {
		if c != "dee" {
			t.Errorf("%s: coders %q after re-assigning to dee", id, c)
		}
	}
	// Nothing is done: no document changes.
	if code, out, _ = run("assign", "--db", db, "--coders", "eve", "--per-doc", "1", "--status", "done"); code != 0 || !strings.Contains(out, "assigned 0 documents") {
		t.Errorf("assign --status done: %d %q", code, out)
	}
	code, out, stderr = run("coders", "--db", db)
	if code != 0 {
		t.Fatalf("coders: %d %s", code, stderr)
	}
	for _, n := range []string{"ana", "ben", "cy", "dee", "eve"} {
		if !strings.Contains(out, "\n"+n+" ") {
			t.Errorf("coders lacks %s:\n%s", n, out)
		}
	}
}

func TestCodersCLI(t *testing.T) {
	db := assignProject(t, 1)
	code, out, stderr := run("coders", "--db", db, "--add", "ana", "--add", "Zoë Ångström")
	if code != 0 || !strings.Contains(out, "added 2 coders") {
		t.Fatalf("coders --add: %d %q %s", code, out, stderr)
	}
	code, out, stderr = run("coders", "--db", db)
	if code != 0 {
		t.Fatalf("coders: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// Sorted by name, byte order: "Z" before "a".
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "Zoë Ångström ") || !strings.HasPrefix(lines[2], "ana ") || strings.Fields(lines[2])[1] != "yes" {
		t.Errorf("coders:\n%s", out)
	}
}

func TestAssignBadInput(t *testing.T) {
	db := assignProject(t, 2)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"assign", "--coders", "ana,ben", "--per-doc", "3"}, "--per-doc must be between 1 and the 2 coders given, not 3"},
		{[]string{"assign", "--coders", "ana,ben", "--per-doc", "0"}, "--per-doc must be between 1 and the 2 coders given, not 0"},
		{[]string{"assign", "--per-doc", "1"}, "--coders is required"},
		{[]string{"assign", "--coders", "ana,,ben", "--per-doc", "1"}, "--coders: coder name is empty"},
		{[]string{"assign", "--coders", "ana,ana", "--per-doc", "1"}, `--coders: "ana" is listed twice`},
		{[]string{"assign", "--coders", "ana, ben", "--per-doc", "1"}, `begins or ends with white space`},
		{[]string{"assign", "--coders", "ana", "--per-doc", "1", "--status", "finished"}, "--status:"},
		{[]string{"assign", "--show", "--coders", "ana"}, "--show takes no"},
		{[]string{"coders", "--add", ""}, "--add: coder name is empty"},
		{[]string{"coders", "--add", "a\x1b[2Jb"}, "--add: coder name"},
		{[]string{"coders", "--add", "a,b"}, "contains a comma"},
	} {
		code, out, stderr := run(append(c.args, "--db", db)...)
		first, _, _ := strings.Cut(stderr, "\n")
		if code != 2 || out != "" || !strings.Contains(first, c.want) || strings.Contains(first, "\x1b") {
			t.Errorf("%q: %d %q; first line %q, want %q", c.args, code, out, first, c.want)
		}
	}
	// Nothing was written by the refused commands.
	if code, out, _ := run("coders", "--db", db); code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("coders after refusals: %d %q, want the header only", code, out)
	}
	for id, c := range listCoders(t, db) {
		if c != "-" {
			t.Errorf("%s assigned %q after refusals", id, c)
		}
	}
}
