package format_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot/format"
)

// TestFolderOfEveryExtension: a folder is read with every extension its
// format accepts, not only the first, in name order.
func TestFolderOfEveryExtension(t *testing.T) {
	page := "<html><body><article><p>" + strings.Repeat("Vedant Patel said the allies would keep working together. ", 5) + "</p></article></body></html>"
	conll := "Vedant\tB-PERSON\nPatel\tI-PERSON\nsaid\tO\n"
	cases := []struct {
		format string
		files  map[string]string
	}{
		{"conll", map[string]string{"b.iob": conll, "a.bio": conll, "c.IOB2": conll, "d.conll2003": conll, "e.conll": conll}},
		{"jsonl", map[string]string{"b.ndjson": `{"text":"Second."}` + "\n", "a.jsonl": `{"text":"First."}` + "\n"}},
		{"html", map[string]string{"a.htm": page, "b.xhtml": page, "c.html": page}},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := format.Detect(dir); got != c.format {
				t.Errorf("Detect = %q", got)
			}
			var sources []string
			for b, err := range format.Read("auto", dir) {
				if err != nil {
					t.Fatal(err)
				}
				sources = append(sources, b.Doc.Text)
			}
			if len(sources) != len(c.files) {
				t.Errorf("read %d documents from %d files: %q", len(sources), len(c.files), sources)
			}
			if c.format == "jsonl" && strings.Join(sources, " ") != "First. Second." {
				t.Errorf("not in name order: %q", sources)
			}
		})
	}
}

// TestFolderWithNoFiles names every extension looked for.
func TestFolderWithNoFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("x"), 0o644)
	for _, err := range format.Read("conll", dir) {
		if err == nil || !strings.Contains(err.Error(), "no .conll, .iob, .iob2, .bio, .conll2003 files") {
			t.Errorf("err = %v", err)
		}
		break
	}
}
