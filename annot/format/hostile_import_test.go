package format_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

// The hostile-input harness feeds every import format the files a careless
// or malicious source produces, through format.Read and store.Import as
// "spanbench import" and File › Import do, and checks each gives a
// one-line error naming the file, does not panic, and leaves the project
// exactly as it was. (hostile_test.go, from the formats work, adds cases
// in each format's own syntax.)
//
// Byte-level cases (binary data, bad encodings, empty and oversized files)
// run for every registered reader, whatever it is: a format added later
// gets them without asking. Cases about annotations (offsets, ids, layers,
// labels, relations) need the format's own syntax: a format opts in by
// adding an encoder to hostileEncoders (from its own _test.go file, in an
// init function), which writes an abstract document in that syntax.

// hostileDoc is a document with annotations as a hostile file may hold
// them: offsets need not be in range, ids need not be unique or exist.
type hostileDoc struct {
	ID        string
	Text      string
	Spans     []hostileSpan
	Relations []hostileRel
}

type hostileSpan struct {
	ID         string
	Start, End int
	Layer      string
	Label      string
}

type hostileRel struct {
	ID, Label, From, To string
}

// hostileLayouts put hostile bytes where a format that reads several
// files per document keeps its text, and return the path to import; other
// formats get them in one file named after their first extension.
var hostileLayouts = map[string]func(t *testing.T, dir string, content []byte) string{
	// brat: the text in NAME.txt beside an empty NAME.ann; import the folder.
	"brat": func(t *testing.T, dir string, content []byte) string {
		writeFile(t, filepath.Join(dir, "hostile.ann"), nil)
		writeFile(t, filepath.Join(dir, "hostile.txt"), content)
		return dir
	},
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// hostilePath lays out content for format name in a new folder.
func hostilePath(t *testing.T, name string, r format.Reader, content []byte) string {
	dir := t.TempDir()
	if lay, ok := hostileLayouts[name]; ok {
		return lay(t, dir, content)
	}
	path := filepath.Join(dir, "hostile"+r.Exts[0])
	writeFile(t, path, content)
	return path
}

// hostileEncoders write hostile documents in each annotated format: the
// files (name relative to a fresh folder -> content) and the path to give
// format.Read (a file or that folder).
var hostileEncoders = map[string]func(dir string, docs []hostileDoc) (files map[string][]byte, path string){
	"jsonl": func(dir string, docs []hostileDoc) (map[string][]byte, string) {
		var b strings.Builder
		for _, d := range docs {
			b.WriteString(nativeLine(d))
			b.WriteByte('\n')
		}
		return map[string][]byte{"hostile.jsonl": []byte(b.String())}, filepath.Join(dir, "hostile.jsonl")
	},
}

func nativeLine(d hostileDoc) string {
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	var spans, rels []string
	for _, s := range d.Spans {
		spans = append(spans, fmt.Sprintf(`{"id":%s,"start":%d,"end":%d,"layer":%s,"label":%s}`, q(s.ID), s.Start, s.End, q(s.Layer), q(s.Label)))
	}
	for _, r := range d.Relations {
		rels = append(rels, fmt.Sprintf(`{"id":%s,"label":%s,"from":%s,"to":%s}`, q(r.ID), q(r.Label), q(r.From), q(r.To)))
	}
	id := ""
	if d.ID != "" {
		id = `"id":` + q(d.ID) + ","
	}
	return fmt.Sprintf(`{%s"title":"Hostile","text":%s,"meta":{},"status":"todo","spans":[%s],"relations":[%s]}`,
		id, jsonString(d.Text), strings.Join(spans, ","), strings.Join(rels, ","))
}

// jsonString quotes s as JSON (Go's %q differs for some characters).
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

const (
	hostileText = "“We are 👩‍👩‍👧 here,” said Zoë Ångström in Genève.\nThe talks went on."
	uuidA       = "7a1f0c3e-1111-4c1e-9a55-2f6f3c1d0a01"
	uuidB       = "7a1f0c3e-1111-4c1e-9a55-2f6f3c1d0a02"
	uuidDoc     = "7a1f0c3e-2222-4c1e-9a55-2f6f3c1d0a01"
	projectDoc  = "7a1f0c3e-3333-4c1e-9a55-2f6f3c1d0a01"
)

func cp(sub string) int {
	i := strings.Index(hostileText, sub)
	return len([]rune(hostileText[:i]))
}

// annotatedCases are the hostile documents, with what the error must say.
func annotatedCases() []struct {
	name string
	docs []hostileDoc
	want string
} {
	zoe, famStart := cp("Zoë"), cp("👩")
	person := func(id string) hostileSpan {
		return hostileSpan{ID: id, Start: zoe, End: zoe + 12, Layer: "entity", Label: "PERSON"}
	}
	quote := hostileSpan{ID: uuidB, Start: 1, End: cp("”"), Layer: "quote", Label: "QUOTE"}
	doc := func(spans []hostileSpan, rels []hostileRel) []hostileDoc {
		return []hostileDoc{{Text: hostileText, Spans: spans, Relations: rels}}
	}
	n := len([]rune(hostileText))
	return []struct {
		name string
		docs []hostileDoc
		want string
	}{
		{"end past the text", doc([]hostileSpan{{ID: uuidA, Start: 3, End: n + 1, Layer: "entity", Label: "MISC"}}, nil), "past the end"},
		{"negative start", doc([]hostileSpan{{ID: uuidA, Start: -4, End: 3, Layer: "entity", Label: "MISC"}}, nil), "negative"},
		{"start after end", doc([]hostileSpan{{ID: uuidA, Start: 9, End: 4, Layer: "entity", Label: "MISC"}}, nil), "must be before"},
		{"huge offset", doc([]hostileSpan{{ID: uuidA, Start: 0, End: 1 << 62, Layer: "entity", Label: "MISC"}}, nil), "past the end"},
		{"span splits an emoji family", doc([]hostileSpan{{ID: uuidA, Start: famStart + 2, End: famStart + 5, Layer: "entity", Label: "MISC"}}, nil), "splits the character"},
		{"span splits a letter from its accent", []hostileDoc{{Text: "cafe\u0301 noir", Spans: []hostileSpan{{ID: uuidA, Start: 0, End: 4, Layer: "entity", Label: "MISC"}}}}, "splits the character"},
		{"relation to an unknown span", doc([]hostileSpan{person(uuidA)}, []hostileRel{{ID: "r1", Label: "SAME_AS", From: uuidA, To: "no-such-span"}}), "no-such-span"},
		{"duplicate span ids", doc([]hostileSpan{person(uuidA), person(uuidA)}, nil), "duplicate span id"},
		{"duplicate document ids in the file", []hostileDoc{{ID: uuidDoc, Text: "First text."}, {ID: uuidDoc, Text: "Second, other text."}}, "duplicate document id"},
		{"duplicate non-UUID document ids in the file", []hostileDoc{{ID: "a1", Text: "First text."}, {ID: "a1", Text: "Second, other text."}}, `duplicate document id "a1"`},
		{"document id already in the project", []hostileDoc{{ID: projectDoc, Text: "A different text with the project's id."}}, "already in the project"},
		{"span in a layer that does not exist", doc([]hostileSpan{{ID: uuidA, Start: 0, End: 3, Layer: "topic", Label: "POLITICS"}}, nil), "unknown layer"},
		{"relation label that does not exist", doc([]hostileSpan{quote, person(uuidA)}, []hostileRel{{ID: "r1", Label: "SPOKEN_BY", From: uuidB, To: uuidA}}), "SPOKEN_BY"},
		{"relation against its rule", doc([]hostileSpan{quote, person(uuidA)}, []hostileRel{{ID: "r1", Label: "SPEAKER", From: uuidA, To: uuidB}}), "SPEAKER"},
		{"relation from a span to itself", doc([]hostileSpan{person(uuidA)}, []hostileRel{{ID: "r1", Label: "SAME_AS", From: uuidA, To: uuidA}}), "itself"},
		{"empty label", doc([]hostileSpan{{ID: uuidA, Start: 0, End: 3, Layer: "entity", Label: ""}}, nil), "label"},
		{"empty text", []hostileDoc{{Text: ""}}, "empty"},
	}
}

// byteCases are files whose bytes are wrong whatever the format.
func byteCases() []struct {
	name    string
	content []byte
	want    string
} {
	le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	be := func(s string) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
	for i := 0; i < 2000; i++ {
		png = append(png, byte(i*37+i/7))
	}
	sample := `{"title":"Café","text":"Zoë said “hi”.","spans":[]}` + "\n"
	return []struct {
		name    string
		content []byte
		want    string
	}{
		{"binary file", png, "binary"},
		{"NUL in the middle of text", []byte("Some words\x00and more words, looking like text otherwise.\n"), "binary"},
		{"invalid UTF-8 (Latin-1)", []byte(strings.ReplaceAll(sample, "é", "\xe9")), "UTF-8"},
		{"UTF-16 little-endian with BOM", le(sample, true), "UTF-16"},
		{"UTF-16 big-endian with BOM", be(sample), "UTF-16"},
		{"UTF-16 without BOM", le(sample, false), "UTF-16"},
		{"0-byte file", nil, "empty"},
		{"only whitespace", []byte(" \n\t\n  \n"), ""},
	}
}

// projectState is what must not change when an import fails.
func projectState(t *testing.T, s *store.Store) string {
	t.Helper()
	// A reader of its own (the store's driver, read-only) beside the open store.
	db, err := sql.Open("sqlite3", "file:"+s.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var parts []string
	for _, tbl := range []string{"documents", "doc_texts", "spans", "relations", "labels", "annotators", "actions", "edits", "settings", "fts_pending"} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%s=%d", tbl, n))
	}
	return strings.Join(parts, " ")
}

// hostileProject opens a project holding one document, so that clashes
// with existing ids can be tried.
func hostileProject(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b := annot.Bundle{Doc: annot.Document{ID: projectDoc, Title: "In the project", Text: "Already here."}}
	if _, err := s.Import(context.Background(), "ana", func(yield func(annot.Bundle, error) bool) { yield(b, nil) }, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// The background indexing after an import would change the state the
	// cases compare.
	s.WaitIndexed()
	if _, err := s.IndexPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// importHostile imports path in format name and checks the failure.
func importHostile(t *testing.T, s *store.Store, name, path, want string) {
	t.Helper()
	before := projectState(t, s)
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		_, err = s.Import(context.Background(), "ana", format.Read(name, path), store.ImportOptions{Summary: "hostile"})
	}()
	if err == nil {
		t.Fatalf("imported without error")
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Errorf("error is not one line: %q", msg)
	}
	if !strings.Contains(msg, filepath.Base(path)) {
		t.Errorf("error does not name the file %s: %q", filepath.Base(path), msg)
	}
	if rest := strings.ReplaceAll(msg, path, ""); want != "" && !strings.Contains(rest, want) {
		t.Errorf("error %q does not say %q", msg, want)
	}
	if after := projectState(t, s); after != before {
		t.Errorf("project changed:\n before %s\n after  %s", before, after)
	}
	t.Log(msg)
}

func TestHostileBytesEveryFormat(t *testing.T) {
	for _, name := range format.ReaderNames() {
		r := readerByName(name)
		if len(r.Exts) == 0 {
			continue
		}
		t.Run(name, func(t *testing.T) {
			for _, c := range byteCases() {
				t.Run(c.name, func(t *testing.T) {
					s := hostileProject(t)
					importHostile(t, s, name, hostilePath(t, name, r, c.content), c.want)
				})
			}
		})
	}
}

// TestHostileOversizedFile imports a file past format.MaxFileBytes (a
// sparse file: it takes no disk) and checks it is refused without being
// read into memory.
func TestHostileOversizedFile(t *testing.T) {
	for _, name := range format.ReaderNames() {
		r := readerByName(name)
		if len(r.Exts) == 0 {
			continue
		}
		t.Run(name, func(t *testing.T) {
			s := hostileProject(t)
			path := hostilePath(t, name, r, nil)
			huge := path
			if st, _ := os.Stat(path); st.IsDir() {
				huge = filepath.Join(path, "hostile.txt") // the text of a folder format
			}
			f, err := os.OpenFile(huge, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(`{"text": "`)
			if err := f.Truncate(format.MaxFileBytes + 1); err != nil {
				t.Skipf("cannot make a sparse file here: %v", err)
			}
			f.Close()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			importHostile(t, s, name, path, "limit")
			runtime.ReadMemStats(&m1)
			if grew := m1.TotalAlloc - m0.TotalAlloc; grew > 32<<20 {
				t.Errorf("refusing an oversized file allocated %d MB", grew>>20)
			}
		})
	}
}

func TestHostileAnnotations(t *testing.T) {
	for _, name := range format.ReaderNames() {
		enc, ok := hostileEncoders[name]
		if !ok {
			continue // a format without annotations, or one that has not opted in
		}
		t.Run(name, func(t *testing.T) {
			for _, c := range annotatedCases() {
				t.Run(c.name, func(t *testing.T) {
					s := hostileProject(t)
					dir := t.TempDir()
					files, path := enc(dir, c.docs)
					for f, b := range files {
						if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
							t.Fatal(err)
						}
					}
					importHostile(t, s, name, path, c.want)
				})
			}
		})
	}
}

// TestHostileJSONLines covers what only a JSON reader meets: lines cut
// short, JSON that is not a document, nesting bombs, wrong types.
func TestHostileJSONLines(t *testing.T) {
	good := nativeLine(hostileDoc{Text: hostileText})
	for _, c := range []struct{ name, content, want string }{
		{"line truncated halfway", good + "\n" + good[:len(good)/2] + "\n", ":2:"},
		{"last line truncated, no newline", good + "\n" + good[:len(good)/2], ":2:"},
		{"not an object", "[1, 2, 3]\n", ":1:"},
		{"a string", "\"just text\"\n", ":1:"},
		{"wrong type for text", `{"title":"x","text":42}` + "\n", "text"},
		{"wrong type for offsets", `{"title":"x","text":"abc","spans":[{"start":"0","end":2,"label":"MISC"}]}` + "\n", "start"},
		{"missing text", `{"title":"x"}` + "\n", "text"},
		{"nesting bomb", `{"title":"x","text":"abc","meta":` + strings.Repeat("[", 100000) + "\n", ":1:"},
		{"unknown status", `{"title":"x","text":"abc","status":"finished"}` + "\n", "status"},
		{"fragments overlap", `{"text":"abcdefghij","spans":[{"start":0,"end":9,"fragments":[[0,5],[3,9]],"label":"MISC"}]}` + "\n", "fragments"},
		{"span text does not match", `{"text":"abcdefghij","spans":[{"start":0,"end":3,"text":"xyz","label":"MISC"}]}` + "\n", "does not match"},
		{"bad line after good ones", good + "\n" + good + "\n{oops}\n", ":3:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := hostileProject(t)
			path := filepath.Join(t.TempDir(), "lines.jsonl")
			os.WriteFile(path, []byte(c.content), 0o644)
			importHostile(t, s, "jsonl", path, c.want)
		})
	}
}

func readerByName(name string) format.Reader {
	r, _ := format.LookupReaderForTest(name)
	return r
}
