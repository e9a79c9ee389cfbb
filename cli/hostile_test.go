package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"spanbench/annot/format"
)

// TestImportHostileFiles runs "spanbench import" on hostile files, as a
// user would: exit status 1, one line on stderr naming the file, nothing
// on stdout, and the project exactly as before (list and export).
func TestImportHostileFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatal(stderr)
	}
	state := func() string {
		_, list, _ := run("list", "--db", db)
		_, export, _ := run("export", "--db", db, "--format", "jsonl", "--out", "-")
		return list + export
	}
	before := state()
	utf16le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	line := `{"title":"T","text":"Zoë said “hi” 👩‍👩‍👧.","spans":[{"id":"a","start":0,"end":3,"layer":"entity","label":"PERSON"}],"relations":[]}`
	withSpan := func(span, rels string) []byte {
		return []byte(`{"title":"T","text":"Zoë said “hi” 👩‍👩‍👧.","spans":[` + span + `],"relations":[` + rels + `]}` + "\n")
	}
	cases := []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"binary", "photo.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "binary"},
		{"invalid UTF-8", "latin1.txt", []byte("Caf\xe9 cr\xe8me\n"), "not valid UTF-8"},
		{"UTF-16 with BOM", "wide.txt", utf16le("A headline\r\nA body.\r\n", true), "UTF-16"},
		{"UTF-16 without BOM", "wide2.txt", utf16le("A headline\r\nA body.\r\n", false), "UTF-16"},
		{"UTF-16 JSON lines", "wide.jsonl", utf16le(line+"\n", true), "UTF-16"},
		{"0-byte file", "empty.txt", nil, "empty"},
		{"0-byte JSON lines", "empty.jsonl", nil, "empty"},
		{"JSON line truncated halfway", "cut.jsonl", []byte(line + "\n" + line[:len(line)/2] + "\n"), ":2: invalid JSON"},
		{"offset out of range", "range.jsonl", withSpan(`{"id":"a","start":0,"end":99,"layer":"entity","label":"PERSON"}`, ""), "past the end"},
		{"offset splitting a grapheme cluster", "split.jsonl", withSpan(`{"id":"a","start":15,"end":17,"layer":"entity","label":"MISC"}`, ""), "splits the character"},
		{"relation to an unknown span", "rel.jsonl", withSpan(`{"id":"a","start":0,"end":3,"layer":"entity","label":"PERSON"}`, `{"id":"r","label":"SAME_AS","from":"a","to":"zz"}`), "zz"},
		{"duplicate span ids", "dup.jsonl", withSpan(`{"id":"a","start":0,"end":3,"layer":"entity","label":"PERSON"},{"id":"a","start":4,"end":8,"layer":"cue","label":"CUE"}`, ""), "duplicate"},
		{"span in a layer that does not exist", "layer.jsonl", withSpan(`{"id":"a","start":0,"end":3,"layer":"sentiment","label":"POS"}`, ""), "unknown layer"},
		{"relation label that does not exist", "label.jsonl", withSpan(`{"id":"a","start":0,"end":3,"layer":"entity","label":"PERSON"},{"id":"b","start":9,"end":11,"layer":"entity","label":"MISC"}`, `{"id":"r","label":"LIKES","from":"a","to":"b"}`), "LIKES"},
		{"no such file", "missing.txt", nil, "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.file)
			if c.name != "no such file" {
				os.WriteFile(p, c.content, 0o644)
			}
			// A good file first on the command line: all or nothing.
			good := filepath.Join(dir, "good.txt")
			os.WriteFile(good, []byte("A fine headline\n\nAnd a body.\n"), 0o644)
			code, stdout, stderr := run("import", "--db", db, good, p)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr %q", code, stderr)
			}
			msg := strings.TrimSuffix(stderr, "\n")
			if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "spanbench import: nothing imported") ||
				!strings.Contains(msg, c.file) || !strings.Contains(strings.ReplaceAll(msg, p, ""), c.want) {
				t.Errorf("stderr = %q, want one line naming %s and saying %q", stderr, c.file, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q", stdout)
			}
			if after := state(); after != before {
				t.Errorf("project changed by a failed import")
			}
		})
	}
	t.Run("file past the size limit", func(t *testing.T) {
		p := filepath.Join(dir, "huge.jsonl")
		f, _ := os.Create(p)
		if err := f.Truncate(format.MaxFileBytes + 1); err != nil {
			t.Skip(err)
		}
		f.Close()
		code, _, stderr := run("import", "--db", db, p)
		if code != 1 || !strings.Contains(stderr, "limit") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
		if after := state(); after != before {
			t.Errorf("project changed by a failed import")
		}
	})
}

// TestOpenHostileProjects runs commands on project files that are not
// sound projects: exit 1, one line, file unchanged.
func TestOpenHostileProjects(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.db")
	os.WriteFile(notes, []byte("my shopping list\n"), 0o644)
	code, _, stderr := run("list", "--db", notes)
	if code != 1 || !strings.Contains(stderr, "not a Spanbench project") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("list on a text file: %d %q", code, stderr)
	}
	if b, _ := os.ReadFile(notes); string(b) != "my shopping list\n" {
		t.Error("the text file was changed")
	}
	db := filepath.Join(dir, "p.db")
	run("import", "--db", db, samplePath)
	code, stdout, stderr := run("check", "--db", db)
	if code != 0 || !strings.Contains(stdout, "ok") {
		t.Errorf("check on a sound project: %d %q %q", code, stdout, stderr)
	}
	b, _ := os.ReadFile(db)
	os.WriteFile(db, b[:len(b)/2], 0o644)
	os.Remove(db + "-wal")
	code, _, stderr = run("check", "--db", db)
	if code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("check on a truncated project: %d %q", code, stderr)
	}
	if code, _, _ := run("check", "--db", filepath.Join(dir, "none.db")); code != 1 {
		t.Errorf("check on a missing project: %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("check created a project")
	}
}
