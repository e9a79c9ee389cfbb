package format

import (
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"spanbench/annot"
)

// Reader is an import format: it reads the files or folders given.
type Reader struct {
	Name string
	// Exts are the file extensions "auto" maps to this format.
	Exts []string
	// Read streams the bundles of the paths.
	Read func(paths ...string) iter.Seq2[annot.Bundle, error]
}

var readers = map[string]Reader{}

// RegisterReader adds an import format.
func RegisterReader(r Reader) { readers[r.Name] = r }

func init() {
	RegisterReader(Reader{Name: "txt", Exts: []string{".txt"}, Read: TxtFiles})
	RegisterReader(Reader{Name: "jsonl", Exts: []string{".jsonl", ".ndjson"}, Read: JSONLFiles})
}

// ReaderNames lists the import formats, sorted, for help texts.
func ReaderNames() []string {
	var out []string
	for n := range readers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Read streams the bundles in paths in format name; "auto" (or "") picks
// each path's format from its extension, and a folder's from the files in it.
func Read(name string, paths ...string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		for _, p := range paths {
			r, err := pick(name, p)
			if err != nil {
				yield(annot.Bundle{}, err)
				return
			}
			for b, err := range r.Read(p) {
				if !yield(b, err) || err != nil {
					return
				}
			}
		}
	}
}

func pick(name, path string) (Reader, error) {
	if name != "" && name != "auto" {
		r, ok := readers[name]
		if !ok {
			return Reader{}, fmt.Errorf("unknown import format %q (known: auto, %s)", name, strings.Join(ReaderNames(), ", "))
		}
		return r, nil
	}
	if _, err := os.Stat(path); err != nil {
		return Reader{}, err // "no such file", not "cannot tell the format"
	}
	if name := Detect(path); name != "" {
		return readers[name], nil
	}
	return Reader{}, fmt.Errorf("%s: cannot tell the format from the name; give --format (%s)", path, strings.Join(ReaderNames(), ", "))
}

// Detect names the import format of path from its extension; for a folder,
// the format of most files in it. "" when unknown.
func Detect(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	byExt := func(ext string) string {
		ext = strings.ToLower(ext)
		best := ""
		for _, r := range readers {
			for _, e := range r.Exts {
				if e == ext && (best == "" || r.Name < best) {
					best = r.Name
				}
			}
		}
		return best
	}
	if !st.IsDir() {
		return byExt(filepath.Ext(path))
	}
	counts := map[string]int{}
	filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if n := byExt(filepath.Ext(p)); n != "" {
				counts[n]++
			}
		}
		return nil
	})
	best := ""
	for n, c := range counts {
		if best == "" || c > counts[best] || (c == counts[best] && n < best) {
			best = n
		}
	}
	return best
}

// JSONLFiles reads native JSONL files (a folder: every .jsonl in it).
func JSONLFiles(paths ...string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		for _, p := range paths {
			files, err := filesWithExt(p, ".jsonl")
			if err != nil {
				yield(annot.Bundle{}, err)
				return
			}
			for _, f := range files {
				if !streamFile(f, ReadJSONL, yield) {
					return
				}
			}
		}
	}
}

// streamFile opens path within MaxFileBytes and feeds its bundles to
// yield; false means stop.
func streamFile(path string, read func(io.Reader, string) iter.Seq2[annot.Bundle, error], yield func(annot.Bundle, error) bool) bool {
	f, err := openLimited(path, MaxFileBytes)
	if err != nil {
		yield(annot.Bundle{}, err)
		return false
	}
	defer f.Close()
	n := 0
	for b, err := range read(f, path) {
		if !yield(b, err) || err != nil {
			return false
		}
		n++
	}
	if n == 0 {
		yield(annot.Bundle{}, fmt.Errorf("%s: empty file (no documents)", path))
		return false
	}
	return true
}
