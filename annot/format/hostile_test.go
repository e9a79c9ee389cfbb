package format_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

// Every importer, on hostile input: one clear line naming the file (and
// the line, for line formats), no panic, and the project unchanged.

// importer describes how to lay out one document of a format on disk.
type importer struct {
	format string
	file   string // the file hostile bytes go into
	valid  string // a valid document
	// extra files beside it (brat's .txt/.ann pair)
	extra map[string]string
	// arg is what is passed to the import: the file, or the folder
	folder bool
	limit  int64 // the size the file may not exceed
	lines  bool  // errors name a line
}

var importers = []importer{
	{format: "txt", file: "a.txt", valid: "Headline\n\nVedant Patel said.", limit: format.MaxTextBytes},
	{format: "jsonl", file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"start":0,"end":12,"label":"PERSON","layer":"entity"}]}` + "\n", limit: format.MaxFileBytes, lines: true},
	{format: "spacy", file: "a.jsonl", valid: `{"text":"Vedant Patel said.","tokens":[],"spans":[{"start":0,"end":12,"label":"PERSON"}]}` + "\n", limit: format.MaxFileBytes, lines: true},
	{format: "doccano", file: "a.jsonl", valid: `{"text":"Vedant Patel said.","label":[[0,12,"PERSON"]]}` + "\n", limit: format.MaxFileBytes, lines: true},
	{format: "conll", file: "a.conll", valid: "-DOCSTART-\tO\n\nVedant\tB-PERSON\nPatel\tI-PERSON\nsaid\tO\n", limit: format.MaxFileBytes, lines: true},
	{format: "labelstudio", file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":12,"labels":["PERSON"]}}]}]}]`, limit: format.MaxFileBytes},
	{format: "html", file: "a.html", valid: "<html><head><title>Patel speaks</title></head><body><article><h1>Patel speaks</h1><p>Vedant Patel said the United States and its allies would keep working together against the threats they face in the region, and that more talks are planned.</p><p>He spoke at a briefing in Washington on Tuesday.</p></article></body></html>", limit: format.MaxTextBytes},
	{format: "brat", file: "a.txt", valid: "Vedant Patel said.", extra: map[string]string{"a.ann": "T1\tPERSON 0 12\tVedant Patel\n"}, folder: true, limit: format.MaxTextBytes},
	{format: "brat", file: "a.ann", valid: "T1\tPERSON 0 12\tVedant Patel\n", extra: map[string]string{"a.txt": "Vedant Patel said."}, folder: true, limit: format.MaxTextBytes, lines: true},
}

// layout writes a document with file's content replaced by content and
// returns the path to import.
func (im importer) layout(t *testing.T, content []byte) string {
	dir := t.TempDir()
	for n, c := range im.extra {
		os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644)
	}
	if err := os.WriteFile(filepath.Join(dir, im.file), content, 0o644); err != nil {
		t.Fatal(err)
	}
	if im.folder {
		return dir
	}
	return filepath.Join(dir, im.file)
}

// seeded is a project with one document in it, and its state.
func seeded(t *testing.T) (*store.Store, string) {
	s := mustStore(t)
	if _, err := s.Import(ctx, "ana", seq(canonical(plainBundle())), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return s, snapshot(t, s)
}

func snapshot(t *testing.T, s *store.Store) string {
	var b bytes.Buffer
	for _, x := range projectBundles(t, s) {
		format.WriteJSONL(&b, x)
	}
	labels, _ := s.Labels(ctx)
	for _, l := range labels {
		b.WriteString(string(l.Layer) + "/" + l.Name + "\n")
	}
	return b.String()
}

// mustFail imports path in format f and checks the error: one line,
// naming the file and containing want, and the project unchanged.
func mustFail(t *testing.T, f, path, file, want string, line bool) {
	t.Helper()
	s, before := seeded(t)
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		im, oerr := format.Open(f, format.ReadOptions{}, path)
		if oerr != nil {
			err = oerr
			return
		}
		_, err = s.Import(ctx, "tester", im.Bundles, store.ImportOptions{Labels: im.Labels})
	}()
	if err == nil {
		t.Fatalf("imported without an error")
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error is more than one line: %q", msg)
	}
	if !strings.Contains(msg, file) {
		t.Errorf("error %q does not name %s", msg, file)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("error %q does not say %q", msg, want)
	}
	if line && !strings.Contains(msg, file+":") {
		t.Errorf("error %q does not name the line", msg)
	}
	t.Logf("%s", msg)
	if after := snapshot(t, s); after != before {
		t.Errorf("a failed import changed the project")
	}
}

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestHostileEncodings(t *testing.T) {
	for _, im := range importers {
		name := im.format + "/" + im.file
		t.Run(name, func(t *testing.T) {
			// The valid document imports.
			s := mustStore(t)
			importAll(t, s, im.format, format.ReadOptions{}, im.layout(t, []byte(im.valid)))
			bad := strings.Replace(im.valid, "Patel", "Pat\xe9l", 1)
			cases := []struct {
				name    string
				content []byte
				want    string
			}{
				{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), "binary"},
				{"invalid utf-8", []byte(bad), "not valid UTF-8"},
				{"utf-16 with bom", utf16le(im.valid, true), "UTF-16"},
				{"utf-16 without bom", utf16le(im.valid, false), "UTF-16"},
				{"empty", nil, "empty"},
			}
			for _, c := range cases {
				if c.name == "empty" && im.file == "a.ann" {
					continue // an empty .ann is a document without annotations
				}
				t.Run(c.name, func(t *testing.T) {
					path := im.layout(t, c.content)
					mustFail(t, im.format, path, im.file, c.want, false)
				})
			}
			t.Run("oversized", func(t *testing.T) {
				path := im.layout(t, nil)
				file := path
				if im.folder {
					file = filepath.Join(path, im.file)
				}
				// A sparse file: refused by its size, never read.
				if err := os.Truncate(file, im.limit+1); err != nil {
					t.Fatal(err)
				}
				mustFail(t, im.format, path, im.file, "limit", false)
			})
		})
	}
}

// TestHostileContent: the content errors each importer can meet.
func TestHostileContent(t *testing.T) {
	const zwj = "A 👩‍👩‍👧 family." // the family emoji is code points 2..7
	cases := []struct {
		format, name string
		im           importer
		want         string
	}{
		// Truncated JSON.
		{"jsonl", "truncated", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"start":0,"e`}, "truncated"},
		{"spacy", "truncated", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","tokens":[],"spans":[{"sta`}, "truncated"},
		{"doccano", "truncated", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","label":[[0,12,"PER`}, "truncated"},
		{"labelstudio", "truncated", importer{file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","from_na`}, "truncated"},
		// Offsets out of range.
		{"jsonl", "out of range", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"start":0,"end":99,"label":"PERSON","layer":"entity"}]}`}, "spans[0].end"},
		{"spacy", "out of range", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","tokens":[],"spans":[{"start":0,"end":99,"label":"PERSON"}]}`}, "spans[0].end"},
		{"doccano", "out of range", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","label":[[0,99,"PERSON"]]}`}, "label[0].end_offset"},
		{"labelstudio", "out of range", importer{file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","type":"labels","value":{"start":0,"end":99,"labels":["PERSON"]}}]}]}]`}, "result[0].value.end"},
		{"brat", "out of range", importer{file: "a.ann", valid: "T1\tPERSON 0 99\tVedant Patel\n", extra: map[string]string{"a.txt": "Vedant Patel said."}, folder: true}, "a.ann:1: text"},
		// Offsets splitting a grapheme cluster (inside the family emoji).
		{"jsonl", "splits grapheme", importer{file: "a.jsonl", valid: `{"text":"` + zwj + `","spans":[{"start":2,"end":4,"label":"MISC","layer":"entity"}]}`}, "splits the character"},
		{"spacy", "splits grapheme", importer{file: "a.jsonl", valid: `{"text":"` + zwj + `","spans":[{"start":2,"end":4,"label":"MISC"}]}`}, "splits the character"},
		{"doccano", "splits surrogate", importer{file: "a.jsonl", valid: `{"text":"` + zwj + `","label":[[2,3,"MISC"]]}`}, "inside a surrogate pair"},
		{"doccano", "splits grapheme", importer{file: "a.jsonl", valid: `{"text":"` + zwj + `","label":[[2,4,"MISC"]]}`}, "splits the character"},
		{"labelstudio", "splits grapheme", importer{file: "a.json", valid: `[{"data":{"text":"` + zwj + `"},"annotations":[{"result":[{"id":"r1","type":"labels","value":{"start":2,"end":4,"labels":["MISC"]}}]}]}]`}, "splits the character"},
		{"brat", "splits grapheme", importer{file: "a.ann", valid: "T1\tMISC 2 4\t👩\u200d\n", extra: map[string]string{"a.txt": zwj}, folder: true}, "splits the character"},
		// Relations to unknown spans.
		{"jsonl", "relation to unknown span", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"id":"s1","start":0,"end":12,"label":"PERSON"}],"relations":[{"label":"SAME_AS","from":"s1","to":"s9"}]}`}, "relations[0].to"},
		{"spacy", "relation to unknown span", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"start":0,"end":12,"label":"PERSON"}],"relations":[{"head_span":{"start":0,"end":12,"label":"PERSON"},"child_span":{"start":13,"end":17,"label":"PERSON"},"label":"SAME_AS"}]}`}, "relations[0].child_span"},
		{"doccano", "relation to unknown span", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","entities":[{"id":1,"start_offset":0,"end_offset":12,"label":"PERSON"}],"relations":[{"id":1,"from_id":1,"to_id":9,"type":"SAME_AS"}]}`}, "relations[0].to_id"},
		{"labelstudio", "relation to unknown span", importer{file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","type":"labels","value":{"start":0,"end":12,"labels":["PERSON"]}},{"type":"relation","from_id":"r1","to_id":"r9","labels":["SAME_AS"]}]}]}]`}, "relations[0].to_id"},
		{"brat", "relation to unknown span", importer{file: "a.ann", valid: "T1\tPERSON 0 12\tVedant Patel\nR1\tSAME_AS Arg1:T1 Arg2:T9\n", extra: map[string]string{"a.txt": "Vedant Patel said."}, folder: true}, "a.ann:2: Arg2: T9 is not an annotation"},
		// Duplicate ids.
		{"jsonl", "duplicate ids", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"id":"s1","start":0,"end":12,"label":"PERSON"},{"id":"s1","start":0,"end":6,"label":"PERSON"}]}`}, "duplicate span id"},
		{"spacy", "duplicate ids", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"id":"s1","start":0,"end":12,"label":"PERSON"},{"id":"s1","start":13,"end":17,"label":"ORG"}]}`}, "duplicate id"},
		{"doccano", "duplicate ids", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","entities":[{"id":1,"start_offset":0,"end_offset":12,"label":"PERSON"},{"id":1,"start_offset":13,"end_offset":17,"label":"PERSON"}],"relations":[]}`}, "duplicate entity id"},
		{"labelstudio", "duplicate ids", importer{file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","type":"labels","value":{"start":0,"end":12,"labels":["PERSON"]}},{"id":"r1","type":"labels","value":{"start":13,"end":17,"labels":["ORG"]}}]}]}]`}, "duplicate region id"},
		{"brat", "duplicate ids", importer{file: "a.ann", valid: "T1\tPERSON 0 12\tVedant Patel\nT1\tPERSON 0 6\tVedant\n", extra: map[string]string{"a.txt": "Vedant Patel said."}, folder: true}, "a.ann:2: id: duplicate id T1"},
		// A layer that does not exist.
		{"jsonl", "unknown layer", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"start":0,"end":12,"label":"PERSON","layer":"speech"}]}`}, `unknown layer "speech"`},
		{"spacy", "unknown layer", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[],"span_groups":{"speech":[{"start":0,"end":12,"label":"PERSON"}]}}`}, `unknown layer "speech"`},
		{"brat", "undeclared type", importer{file: "a.ann", valid: "T1\tPERSON 0 12\tVedant Patel\n", extra: map[string]string{"a.txt": "Vedant Patel said.", "annotation.conf": "[entities]\nORG\n[relations]\n[events]\n[attributes]\n"}, folder: true}, "type PERSON is not declared"},
		{"labelstudio", "label not in config", importer{file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","type":"labels","value":{"start":0,"end":12,"labels":["PERSON"]}}]}]}]`, extra: map[string]string{"a.label_config.xml": `<View><Labels name="label" toName="text"><Label value="ORG"/></Labels><Text name="text" value="$text"/></View>`}}, `label "PERSON" is not in the labelling config`},
		{"conll", "not an IOB tag", importer{file: "a.conll", valid: "Vedant\tB-PERSON\nPatel\tPERSON\n"}, "a.conll:2: tag"},
		// A relation label that does not exist (where the files declare them).
		{"brat", "undeclared relation", importer{file: "a.ann", valid: "T1\tPERSON 0 12\tVedant Patel\nT2\tPERSON 0 6\tVedant\nR1\tKNOWS Arg1:T1 Arg2:T2\n", extra: map[string]string{"a.txt": "Vedant Patel said.", "annotation.conf": "[entities]\nPERSON\n[relations]\nSAME_AS Arg1:PERSON, Arg2:PERSON\n[events]\n[attributes]\n"}, folder: true}, "relation type KNOWS is not declared"},
		{"labelstudio", "relation label not in config", importer{file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","type":"labels","value":{"start":0,"end":12,"labels":["PERSON"]}},{"id":"r2","type":"labels","value":{"start":0,"end":6,"labels":["PERSON"]}},{"type":"relation","from_id":"r1","to_id":"r2","labels":["KNOWS"]}]}]}]`, extra: map[string]string{"a.label_config.xml": `<View><Labels name="label" toName="text"><Label value="PERSON"/></Labels><Text name="text" value="$text"/><Relations><Relation value="SAME_AS"/></Relations></View>`}}, `relation label "KNOWS" is not in the labelling config`},
		// Text that is not the text at the offsets.
		{"brat", "text mismatch", importer{file: "a.ann", valid: "T1\tPERSON 0 12\tVedant Patil\n", extra: map[string]string{"a.txt": "Vedant Patel said."}, folder: true}, "a.ann:1: text"},
		{"labelstudio", "text mismatch", importer{file: "a.json", valid: `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"r1","type":"labels","value":{"start":0,"end":12,"text":"Vedant Patil","labels":["PERSON"]}}]}]}]`}, "value.text"},
		{"spacy", "text mismatch", importer{file: "a.jsonl", valid: `{"text":"Vedant Patel said.","spans":[{"start":0,"end":12,"label":"PERSON","text":"Vedant Patil"}]}`}, "spans[0].text"},
	}
	for _, c := range cases {
		t.Run(c.format+"/"+c.name, func(t *testing.T) {
			path := c.im.layout(t, []byte(c.im.valid))
			line := c.format != "labelstudio" && c.format != "html" && c.format != "txt"
			mustFail(t, c.format, path, c.im.file, c.want, line)
		})
	}
}

// TestLabelStudioLegacyUTF16: exports from Label Studio before its code
// point fix hold UTF-16 offsets; their region texts give them away.
func TestLabelStudioLegacyUTF16(t *testing.T) {
	text := "💩This is an annotation." // Label Studio issue #1347
	dir := t.TempDir()
	p := filepath.Join(dir, "old.json")
	os.WriteFile(p, []byte(`[{"data":{"text":"`+text+`"},"annotations":[{"result":[{"id":"a","from_name":"label","to_name":"text","type":"labels","value":{"start":13,"end":23,"text":"annotation","labels":["Annotation"]}}]}]}]`), 0o644)
	s := mustStore(t)
	rep := importAll(t, s, "labelstudio", format.ReadOptions{}, p)
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "UTF-16") {
		t.Errorf("warnings = %q", rep.Warnings)
	}
	b := projectBundles(t, s)[0]
	if sp := b.Spans[0]; sp.Start != 12 || sp.End != 22 {
		t.Errorf("span = %d..%d, want 12..22 (code points)", sp.Start, sp.End)
	}
}

// TestSpacyRejectedTasks: a task answered reject brings its text, not its
// spans, and says so.
func TestSpacyRejectedTasks(t *testing.T) {
	p := filepath.Join(t.TempDir(), "db-out.jsonl")
	os.WriteFile(p, []byte(`{"text":"Vedant Patel said.","spans":[{"start":0,"end":12,"label":"PERSON"}],"answer":"reject","_input_hash":1}`+"\n"), 0o644)
	s := mustStore(t)
	rep := importAll(t, s, "auto", format.ReadOptions{}, p)
	if rep.Spans != 0 || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "reject") {
		t.Errorf("report = %+v", rep)
	}
}

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"native.jsonl":  `{"id":"x","title":"t","text":"a","spans":[],"relations":[]}`,
		"prodigy.jsonl": `{"text":"a","tokens":[],"spans":[]}`,
		"doccano.jsonl": `{"text":"a","label":[]}`,
		"rel.jsonl":     `{"text":"a","entities":[],"relations":[]}`,
		"ls.json":       `[{"data":{"text":"a"}}]`,
		"a.conll":       "a\tO\n",
		"a.html":        "<p>a</p>",
		"a.txt":         "a",
	}
	want := map[string]string{"native.jsonl": "jsonl", "prodigy.jsonl": "spacy", "doccano.jsonl": "doccano", "rel.jsonl": "doccano",
		"ls.json": "labelstudio", "a.conll": "conll", "a.html": "html", "a.txt": "txt"}
	for n, c := range files {
		os.WriteFile(filepath.Join(dir, n), []byte(c+"\n"), 0o644)
	}
	for n, w := range want {
		if got := format.Detect(filepath.Join(dir, n)); got != w {
			t.Errorf("Detect(%s) = %q, want %q", n, got, w)
		}
	}
	if got := format.Detect(filepath.Join(corpusDir, "tutorial-news")); got != "brat" {
		t.Errorf("Detect(brat folder) = %q", got)
	}
}

var _ = annot.NewID
