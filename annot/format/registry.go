package format

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"spanbench/annot"
)

// ReadOptions tune an import.
type ReadOptions struct {
	// Unit is the offset unit of formats whose files do not say
	// (doccano: utf16 by default, as its annotation screen counts; set
	// codepoint for files written by Python, grapheme for projects with
	// "count grapheme clusters as one character"). "" is the format's
	// default; formats with a fixed unit ignore it.
	Unit Unit

	// confs holds the configs read for one Open, shared by Labels and Read.
	confs *confCache
}

// confCache remembers parsed config files (brat's annotation.conf, Label
// Studio's labelling config) by path, so one import reads each once
// rather than once for its labels and once per file it configures.
type confCache struct {
	mu sync.Mutex
	m  map[string]confEntry
}

type confEntry struct {
	v   any
	err error
}

// load returns what parse gave for path, calling it the first time. A nil
// cache calls parse every time.
func (c *confCache) load(path string, parse func() (any, error)) (any, error) {
	if c == nil {
		return parse()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[path]; ok {
		return e.v, e.err
	}
	v, err := parse()
	if c.m == nil {
		c.m = map[string]confEntry{}
	}
	c.m[path] = confEntry{v, err}
	return v, err
}

// Reader is an import format: it reads the files or folders given.
type Reader struct {
	Name string
	// Exts are the file extensions "auto" maps to this format.
	Exts []string
	// Sniff, when set, tells whether a file with one of Exts is in this
	// format (a .jsonl may be native, spaCy or doccano). It reads at most
	// the first line.
	Sniff func(path string) bool
	// Read streams the bundles of the paths.
	Read func(opt ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error]
	// Labels, when set, returns the labels the files declare (brat's
	// annotation.conf, Label Studio's labelling config), to be added to
	// the project even when no span uses them. Open passes it the options
	// it passes Read, so the two share the configs they parse.
	Labels func(opt ReadOptions, paths ...string) ([]annot.Label, error)
}

var readers = map[string]Reader{}

// RegisterReader adds an import format.
func RegisterReader(r Reader) { readers[r.Name] = r }

func init() {
	RegisterReader(Reader{Name: "txt", Exts: []string{".txt"}, Read: func(_ ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
		return TxtFiles(paths...)
	}})
	RegisterReader(Reader{Name: "jsonl", Exts: jsonlExts, Read: func(_ ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
		return JSONLFiles(paths...)
	}})
}

// ReaderNames lists the import formats, sorted, for help texts.
func ReaderNames() []string {
	return slices.Sorted(maps.Keys(readers))
}

// Import is an import ready to run: the bundles to hand to store.Import,
// the labels the files declare (for store.ImportOptions.Labels), and the
// format picked for each path (for a preview).
type Import struct {
	Bundles iter.Seq2[annot.Bundle, error]
	Labels  []annot.Label
	Formats []string // the format of each path, in order
}

// Open prepares the import of paths in format name; "auto" (or "")
// picks each path's format from its extension and, where extensions are
// shared, its first line; a folder's from the files in it. Errors found
// before reading (unknown format, missing file, bad config) come back here;
// errors in the data come from Bundles, naming file, line and field.
func Open(name string, opt ReadOptions, paths ...string) (Import, error) {
	if opt.confs == nil {
		opt.confs = &confCache{}
	}
	var im Import
	var rs []Reader
	for _, p := range paths {
		r, err := pick(name, p)
		if err != nil {
			return Import{}, err
		}
		rs = append(rs, r)
		im.Formats = append(im.Formats, r.Name)
		if r.Labels != nil {
			ls, err := r.Labels(opt, p)
			if err != nil {
				return Import{}, err
			}
			im.Labels = append(im.Labels, ls...)
		}
	}
	im.Bundles = func(yield func(annot.Bundle, error) bool) {
		for i, p := range paths {
			for b, err := range rs[i].Read(opt, p) {
				if err == nil {
					err = checkTextSize(&b, p)
				}
				if !yield(b, err) || err != nil {
					return
				}
			}
		}
	}
	return im, nil
}

// Read streams the bundles in paths in format name ("auto" or "" picks
// it), with default options. Use Open to get the labels files declare.
func Read(name string, paths ...string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		im, err := Open(name, ReadOptions{}, paths...)
		if err != nil {
			yield(annot.Bundle{}, err)
			return
		}
		for b, err := range im.Bundles {
			if !yield(b, err) || err != nil {
				return
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
		if _, err := os.Stat(path); err != nil {
			return Reader{}, err
		}
		return r, nil
	}
	if _, err := os.Stat(path); err != nil {
		return Reader{}, err
	}
	if name := Detect(path); name != "" {
		return readers[name], nil
	}
	return Reader{}, fmt.Errorf("%s: cannot tell the format from the name; give --format (%s)", path, strings.Join(ReaderNames(), ", "))
}

// Detect names the import format of path from its extension (and, for
// extensions several formats share, its first line); for a folder, the
// format of most files in it, brat when it holds .ann files. "" when
// unknown.
func Detect(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	if !st.IsDir() {
		return detectFile(path)
	}
	counts := map[string]int{}
	filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if n := detectFile(p); n != "" {
				counts[n]++
			}
		}
		return nil
	})
	if counts["brat"] > 0 {
		return "brat"
	}
	best := ""
	for n, c := range counts {
		if best == "" || c > counts[best] || (c == counts[best] && n < best) {
			best = n
		}
	}
	return best
}

func detectFile(path string) string {
	ext := strings.ToLower(filepath.Ext(path))
	var cands []Reader
	for _, r := range readers {
		for _, e := range r.Exts {
			if e == ext {
				cands = append(cands, r)
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Name < cands[j].Name })
	// Readers that sniff go first; the one that does not is the fallback.
	var fallback string
	for _, r := range cands {
		if r.Sniff == nil {
			if fallback == "" {
				fallback = r.Name
			}
			continue
		}
		if r.Sniff(path) {
			return r.Name
		}
	}
	return fallback
}

// firstLine returns the first non-blank line of a file, at most limit
// bytes of it, for sniffing.
func firstLine(path string, limit int) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > limit {
			line = line[:limit]
		}
		if s := strings.TrimSpace(string(line)); s != "" || err != nil {
			if err == bufio.ErrBufferFull {
				return append([]byte(nil), line...)
			}
			return []byte(s)
		}
	}
}

// jsonlExts are the extensions of native JSONL files.
var jsonlExts = []string{".jsonl", ".ndjson"}

// JSONLFiles reads native JSONL files (a folder: every .jsonl and .ndjson
// in it).
func JSONLFiles(paths ...string) iter.Seq2[annot.Bundle, error] {
	return jsonLinesFiles(ReadJSONL, jsonlExts, paths...)
}

// jsonLinesFiles reads the files of paths (a folder: those ending in one of
// exts) with read.
func jsonLinesFiles(read func(io.Reader, string) iter.Seq2[annot.Bundle, error], exts []string, paths ...string) iter.Seq2[annot.Bundle, error] {
	return func(yield func(annot.Bundle, error) bool) {
		for _, p := range paths {
			files, err := filesWithExt(p, exts...)
			if err != nil {
				yield(annot.Bundle{}, err)
				return
			}
			for _, f := range files {
				if !streamFile(f, read, yield) {
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
	if err := checkHead(f, path); err != nil {
		yield(annot.Bundle{}, err)
		return false
	}
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

// checkHead refuses files that are empty, UTF-16 or binary by their first
// bytes, before a decoder reports something less clear, then rewinds.
func checkHead(f *os.File, path string) error {
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("%s: %w", path, err)
	}
	head = head[:n]
	if n == 0 {
		return fmt.Errorf("%s: empty file", path)
	}
	// The first 4096 bytes may end inside a character: invalid UTF-8 is
	// left to the readers, which check every line.
	if cerr := CheckText(head); cerr != nil && !errors.Is(cerr, ErrNotUTF8) {
		return fmt.Errorf("%s: %w", path, cerr)
	}
	_, err = f.Seek(0, io.SeekStart)
	return err
}

// ReaderExts lists the file extensions of every import format, sorted,
// for a file dialog's filter.
func ReaderExts() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range readers {
		for _, e := range r.Exts {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	sort.Strings(out)
	return out
}
