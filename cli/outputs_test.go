package cli

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
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

// outCommands are the commands with --out, each with what it needs.
var outCommands = [][]string{
	{"export", "--format", "jsonl"},
	{"export", "--format", "csv"},
	{"suggest"},
	{"gen", "--docs", "2"},
	{"gazetteer", "export"},
}

// outProject makes a project with the sample article and a gazetteer.
func outProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	g := filepath.Join(dir, "g.csv")
	os.WriteFile(g, []byte("text,label\nVedant Patel,PERSON\n"), 0o644)
	if code, _, stderr := run("gazetteer", "import", "--db", db, g); code != 0 {
		t.Fatalf("gazetteer import: %d %s", code, stderr)
	}
	return db
}

// TestOutNeverReplacesSpecialFiles: every --out writes into a FIFO and
// /dev/null without replacing them, follows a symbolic link to its file
// (the link stays), and refuses a socket, leaving it be.
func TestOutNeverReplacesSpecialFiles(t *testing.T) {
	db := outProject(t)
	dir := t.TempDir()
	for _, c := range outCommands {
		name := strings.Join(c, " ")
		args := func(out string) []string { return append(append([]string(nil), c...), "--db", db, "--out", out) }

		fifo := filepath.Join(dir, "fifo")
		os.Remove(fifo)
		if err := unix.Mkfifo(fifo, 0o644); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		got := make(chan int, 1)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- -1
				return
			}
			b, _ := io.ReadAll(f)
			f.Close()
			got <- len(b)
		}()
		if code, _, stderr := run(args(fifo)...); code != 0 {
			t.Errorf("%s into a FIFO: %d %s", name, code, stderr)
			os.WriteFile(fifo, nil, 0) // let the reader go
		}
		if n := <-got; n <= 0 {
			t.Errorf("%s: the FIFO's reader got %d bytes", name, n)
		}
		if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("%s replaced the FIFO", name)
		}

		if code, _, stderr := run(args(os.DevNull)...); code != 0 {
			t.Errorf("%s into /dev/null: %d %s", name, code, stderr)
		}
		if st, err := os.Lstat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("%s: /dev/null is no longer a character device", name)
		}

		real := filepath.Join(dir, "real.out")
		os.WriteFile(real, []byte("old"), 0o644)
		link := filepath.Join(dir, "link.out")
		os.Remove(link)
		os.Symlink("real.out", link)
		if code, _, stderr := run(args(link)...); code != 0 {
			t.Errorf("%s through a link: %d %s", name, code, stderr)
		}
		if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s replaced the link", name)
		}
		if b, _ := os.ReadFile(real); len(b) <= 3 {
			t.Errorf("%s: the link's file holds %q", name, b)
		}

		sock := filepath.Join(dir, "sock")
		l, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		if code, _, _ := run(args(sock)...); code == 0 {
			t.Errorf("%s wrote over a socket", name)
		}
		if st, _ := os.Lstat(sock); st.Mode()&os.ModeSocket == 0 {
			t.Errorf("%s replaced the socket", name)
		}
		l.Close()
		os.Remove(sock)
	}
	for _, e := range mustEntries(t, dir) {
		if strings.Contains(e, ".spanbench-") {
			t.Errorf("temporary %s left", e)
		}
	}
}

func mustEntries(t *testing.T, dir string) []string {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestOutModesFollowUmask: new outputs are 0666 less the umask (0644 under
// 022), brat folders 0777 less it, so other users (a brat server) can read
// them.
func TestOutModesFollowUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	db := outProject(t)
	dir := t.TempDir()
	for i, c := range outCommands {
		out := filepath.Join(dir, fmt.Sprintf("out%d", i))
		args := append(append([]string(nil), c...), "--db", db, "--out", out)
		if code, _, stderr := run(args...); code != 0 {
			t.Fatalf("%v: %d %s", c, code, stderr)
		}
		if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
			t.Errorf("%v: mode %v %v, want 0644", c, st.Mode(), err)
		}
	}
	b := filepath.Join(dir, "brat")
	if code, _, stderr := run("export", "--db", db, "--format", "brat", "--out", b); code != 0 {
		t.Fatalf("brat: %d %s", code, stderr)
	}
	if st, _ := os.Stat(b); st.Mode().Perm() != 0o755 {
		t.Errorf("brat folder: mode %v, want 0755", st.Mode())
	}
}

// TestCSVFormulasFlag: CSV and gazetteer exports neutralize formula cells
// by default (the validator kit's --fail-on-formulas passes); a gazetteer
// export refuses --csv-formulas keep (TestGazetteerFormulaRoundTrip).
func TestCSVFormulasFlag(t *testing.T) {
	db := outProject(t)
	dir := t.TempDir()
	g := filepath.Join(dir, "g.csv")
	os.WriteFile(g, []byte("text,label\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",ORG\n@handle,PERSON\n"), 0o644)
	if code, _, stderr := run("gazetteer", "import", "--db", db, g); code != 0 {
		t.Fatalf("gazetteer import: %d %s", code, stderr)
	}
	for _, keep := range []bool{false, true} {
		out := filepath.Join(dir, fmt.Sprintf("keep-%v.csv", keep))
		args := []string{"gazetteer", "export", "--db", db, "--out", out}
		if keep {
			args = append(args, "--csv-formulas", "keep")
		}
		code, _, stderr := run(args...)
		if keep {
			if code != 2 {
				t.Errorf("%v: exit %d %s, want 2", args, code, stderr)
			}
			continue
		}
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
		b, _ := os.ReadFile(out)
		if !strings.Contains(string(b), "\n'@handle,") || !strings.Contains(string(b), "\"'=HYPERLINK(") {
			t.Errorf("wrote:\n%s", b)
		}
	}
	if code, _, stderr := run("export", "--db", db, "--format", "csv", "--out", filepath.Join(dir, "x.csv"), "--csv-formulas", "maybe"); code != 2 {
		t.Errorf("--csv-formulas maybe: exit %d %s", code, stderr)
	}
}

// TestGazetteerFormulaRoundTrip: whatever --csv-formulas a gazetteer export
// accepts, gazetteer import reads every name back as it was, a name that
// starts with '= (kept by a user on purpose) as well as one that starts
// with =. Import removes the ' of an escaped cell, so keep, which writes
// '=x as it is, would bring it back as =x: it is refused, naming the flag.
func TestGazetteerFormulaRoundTrip(t *testing.T) {
	db := outProject(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	// As gazetteer export escapes them: ''=x is the name '=x, '=x is =x.
	os.WriteFile(in, []byte("text,label\n''=x,ORG\n'=x,PERSON\n"), 0o644)
	if code, _, stderr := run("gazetteer", "import", "--db", db, "--replace", in); code != 0 {
		t.Fatalf("gazetteer import: %d %s", code, stderr)
	}
	_, want, _ := run("gazetteer", "export", "--db", db, "--out", "-")
	if !strings.Contains(want, "''=x,ORG") || !strings.Contains(want, "'=x,PERSON") {
		t.Fatalf("names not imported as '=x and =x:\n%s", want)
	}
	for _, mode := range []string{"escape", "keep"} {
		out := filepath.Join(dir, mode+".csv")
		code, _, stderr := run("gazetteer", "export", "--db", db, "--out", out, "--csv-formulas", mode)
		if code != 0 {
			if code != 2 || !strings.Contains(stderr, "--csv-formulas") {
				t.Errorf("%s: exit %d %s", mode, code, stderr)
			}
			continue
		}
		if code, _, stderr := run("gazetteer", "import", "--db", db, "--replace", out); code != 0 {
			t.Fatalf("%s: import: %d %s", mode, code, stderr)
		}
		if _, got, _ := run("gazetteer", "export", "--db", db, "--out", "-"); got != want {
			t.Errorf("%s: after the round trip\n%s\nwant\n%s", mode, got, want)
		}
	}
	if code, _, _ := run("gazetteer", "export", "--db", db, "--out", filepath.Join(dir, "k.csv"), "--csv-formulas", "keep"); code != 2 {
		t.Errorf("keep: exit %d, want 2", code)
	}
}
