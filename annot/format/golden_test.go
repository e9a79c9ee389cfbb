package format_test

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"spanbench/annot/format"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden exports the test documents in every format and compares every
// file written (data, card, configs) with testdata/golden/FORMAT/. Run
// with -update to accept a deliberate change, then read the diff.
func TestGolden(t *testing.T) {
	for _, f := range format.ExportFormats() {
		t.Run(f, func(t *testing.T) {
			dir := t.TempDir()
			sum := export(t, dir, f, format.ExportOptions{Filter: "everything (test)", Total: 3}, testBundles()...)
			golden := filepath.Join("testdata", "golden", f)
			got := map[string][]byte{}
			for _, p := range sum.Files {
				rel, _ := filepath.Rel(dir, p)
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				got[filepath.ToSlash(rel)] = b
			}
			if *update {
				os.RemoveAll(golden)
				for rel, b := range got {
					p := filepath.Join(golden, filepath.FromSlash(rel))
					os.MkdirAll(filepath.Dir(p), 0o755)
					if err := os.WriteFile(p, b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			var want []string
			filepath.WalkDir(golden, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(golden, p)
					want = append(want, filepath.ToSlash(rel))
				}
				return nil
			})
			sort.Strings(want)
			if len(want) == 0 {
				t.Fatalf("no golden files in %s; run go test -run TestGolden -update", golden)
			}
			var names []string
			for rel := range got {
				names = append(names, rel)
			}
			sort.Strings(names)
			if len(names) != len(want) {
				t.Errorf("files = %v, want %v", names, want)
			}
			for _, rel := range want {
				w, _ := os.ReadFile(filepath.Join(golden, filepath.FromSlash(rel)))
				if string(got[rel]) != string(w) {
					t.Errorf("%s differs from %s:\n%s", rel, filepath.Join(golden, rel), firstDiff(string(w), string(got[rel])))
				}
			}
		})
	}
}

// firstDiff shows where two texts part.
func firstDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	lo := max(0, i-80)
	return "want …" + want[lo:min(len(want), i+80)] + "…\n got …" + got[lo:min(len(got), i+80)] + "…"
}
