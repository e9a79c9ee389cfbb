package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot/format"
)

const bratCorpus = "../annot/format/testdata/brat-corpus/tutorial-news"

// TestImportPreviewAndExportEveryFormat drives the command line: a dry run
// that reports warnings and labels and changes nothing, the import, and an
// export in every format with its summary and card.
func TestImportPreviewAndExportEveryFormat(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	code, out, stderr := run("import", "--db", db, "--dry-run", bratCorpus)
	if code != 0 {
		t.Fatalf("dry run: %d %s", code, stderr)
	}
	for _, want := range []string{"as brat", "would import 13 documents", "warning: ", "1 E (event)",
		"added label Organization (entity)", "added label Located (relation)"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if _, list, _ := run("list", "--db", db); strings.Count(list, "\n") != 1 {
		t.Errorf("a dry run imported something:\n%s", list)
	}
	if code, out, stderr = run("import", "--db", db, bratCorpus); code != 0 || !strings.Contains(out, "imported 13 documents") {
		t.Fatalf("import: %d %s %s", code, out, stderr)
	}
	for _, f := range format.ExportFormats() {
		p := filepath.Join(dir, "out-"+f+formatExt(f))
		code, out, stderr := run("export", "--db", db, "--format", f, "--out", p, "--status", "todo")
		if code != 0 {
			t.Errorf("export %s: %d %s", f, code, stderr)
			continue
		}
		if !strings.Contains(out, "exported 13 documents") || !strings.Contains(out, "dataset card: ") {
			t.Errorf("export %s output:\n%s", f, out)
		}
		card := filepath.Join(dir, "out-"+f+".README.md")
		if formatInfo(f).Folder {
			card = filepath.Join(p, "README.md")
		}
		if b, err := os.ReadFile(card); err != nil || !strings.Contains(string(b), "Selection | status todo") {
			t.Errorf("%s card: %v\n%s", f, err, b)
		}
	}
	// Token formats report conflicts and tag one layer.
	_, out, _ = run("export", "--db", db, "--format", "conll", "--out", filepath.Join(dir, "x.conll"))
	if !strings.Contains(out, "spans per label: ") {
		t.Errorf("conll summary:\n%s", out)
	}
	// Filters: only Person spans.
	_, out, _ = run("export", "--db", db, "--format", "csv", "--label", "Person", "--out", filepath.Join(dir, "p.csv"))
	if !strings.Contains(out, "spans per label: Person 27") {
		t.Errorf("label filter:\n%s", out)
	}
}

func TestExportUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	// export reads an existing project only; create an empty one.
	if code, _, stderr := run("labels", "--db", db, "--add", "entity:ZZ"); code != 0 {
		t.Fatalf("create project: %d %s", code, stderr)
	}
	for _, args := range [][]string{
		{"export", "--db", db, "--format", "xml", "--out", "x"},
		{"export", "--db", db, "--format", "conll", "--layer", "quote,claim", "--out", "x"},
		{"export", "--db", db, "--format", "doccano", "--offsets", "bytes", "--out", "x"},
		{"export", "--db", db, "--format", "csv", "--layer", "speech", "--out", "x"},
		{"import", "--db", db, "--format", "pdf", "x"},
		{"import", "--db", db, "--offsets", "bytes", "x"},
	} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// A brat folder cannot go to standard output: one line, exit 1.
	code, _, stderr := run("export", "--db", db, "--format", "brat", "--out", "-")
	if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "folder") {
		t.Errorf("brat to stdout: %d %q", code, stderr)
	}
}

// TestImportDoccanoOffsets: --offsets picks the unit of a doccano file.
func TestImportDoccanoOffsets(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "d.jsonl")
	// "firetrucks" is at 19..29 in code points, 22..32 in UTF-16 units.
	os.WriteFile(p, []byte(`{"text":"👨🏻‍🚒 firemen drive firetrucks","label":[[19,29,"MISC"]]}`+"\n"), 0o644)
	// Read as doccano's default unit, the same numbers land elsewhere:
	// nothing in the file can tell, which is why --offsets exists.
	utf16db := filepath.Join(dir, "u.db")
	if code, _, stderr := run("import", "--db", utf16db, "--format", "doccano", p); code != 0 {
		t.Fatalf("as UTF-16: %s", stderr)
	}
	_, out, _ := run("export", "--db", utf16db, "--format", "csv", "--out", "-")
	if !strings.Contains(out, ",16,26,ve firetru,") {
		t.Errorf("as UTF-16, csv:\n%s", out)
	}
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run("import", "--db", db, "--format", "doccano", "--offsets", "codepoint", p); code != 0 {
		t.Fatalf("as code points: %s", stderr)
	}
	_, out, _ = run("export", "--db", db, "--format", "csv", "--out", "-")
	if !strings.Contains(out, ",19,29,firetrucks,") {
		t.Errorf("csv:\n%s", out)
	}
	// Exported again for doccano, the offsets are UTF-16 units.
	_, out, _ = run("export", "--db", db, "--format", "doccano", "--out", "-")
	if !strings.Contains(out, `[[22,32,"MISC"]]`) {
		t.Errorf("doccano:\n%s", out)
	}
}

// formatInfo is format.ExportFormatInfo of a format known to exist.
func formatInfo(name string) format.FormatInfo {
	info, _ := format.ExportFormatInfo(name)
	return info
}

// formatExt is the data file extension of an export format ("" for folders).
func formatExt(name string) string { return formatInfo(name).Ext }
