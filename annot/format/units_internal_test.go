package format

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
)

// TestBratCRLFDecidedPerFile: brat's server counts \r\n as one character.
// Whether an .ann does is decided for the whole file, so a span whose
// server offsets also match the text a line earlier still lands on its own
// line.
func TestBratCRLFDecidedPerFile(t *testing.T) {
	text := strings.Repeat("Alice said hello.\r\n", 20)
	const line = 18 // "Alice said hello." without its \r\n
	// T1 fits only after conversion; T2, on line 19 (0-based) as the server
	// counts, also matches "Alice" at the start of line 18 read raw.
	ann := fmt.Sprintf("T1\tX %d %d\tsaid\nT2\tPERSON %d %d\tAlice\n", line+6, line+10, 19*line, 19*line+5)
	b, err := parseBratAnn(text, []byte(ann), "d.ann", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Spans[1].Start; got != 19*19 {
		t.Errorf("T2 starts at %d (line %d), want %d (line 19)", got, got/19, 19*19)
	}
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "2 spans counted \\r\\n as one character") {
		t.Errorf("warnings = %q", b.Warnings)
	}
	// Raw offsets that all fit are kept, even where the server's would too.
	b, err = parseBratAnn(text, []byte(fmt.Sprintf("T2\tPERSON %d %d\tAlice\n", 19*line, 19*line+5)), "d.ann", nil)
	if err != nil || b.Spans[0].Start != 19*line || len(b.Warnings) != 0 {
		t.Errorf("raw: %v %+v %q", err, b.Spans, b.Warnings)
	}
	// A span that fits neither is named by file and line.
	_, err = parseBratAnn(text, []byte(ann+"T3\tX 0 5\thello\n"), "d.ann", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "d.ann:3: ") {
		t.Errorf("neither: err = %v", err)
	}
	// Spans that fit only raw next to spans that fit only converted: an error.
	_, err = parseBratAnn(text, []byte(ann+"T3\tX 25 29\tsaid\n"), "d.ann", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "d.ann:3: ") {
		t.Errorf("mixed: err = %v", err)
	}
}

func BenchmarkCRLFConvert(b *testing.B) {
	text := strings.Repeat("Alice said hello.\r\n", 20000)
	m := newCRLFMap(text)
	pieces := make([]annot.Fragment, 20000)
	for i := range pieces {
		pieces[i] = annot.Fragment{Start: 18 * i, End: 18*i + 5}
	}
	for b.Loop() {
		for i := range pieces {
			m.convert(pieces[i : i+1])
		}
	}
}

// TestLabelStudioUnitDecidedPerTask: old Label Studio files count UTF-16
// units. The unit is decided for the whole task, and since region texts
// are compared without their spaces, an exact match breaks a tie.
func TestLabelStudioUnitDecidedPerTask(t *testing.T) {
	task := func(text string, regions ...string) *lsTaskIn {
		var rs []string
		for i, r := range regions {
			rs = append(rs, fmt.Sprintf(`{"id":"r%d","type":"labels","value":{%s,"labels":["X"]}}`, i, r))
		}
		var tk lsTaskIn
		js := fmt.Sprintf(`{"data":{"text":%q},"annotations":[{"result":[%s]}]}`, text, strings.Join(rs, ","))
		if err := json.Unmarshal([]byte(js), &tk); err != nil {
			t.Fatal(err)
		}
		return &tk
	}
	spans := func(b annot.Bundle) string {
		ix := annot.NewIndex(b.Doc.Text)
		var got []string
		for _, sp := range b.Spans {
			got = append(got, fmt.Sprintf("%d..%d %q", sp.Start, sp.End, ix.Slice(sp.Start, sp.End)))
		}
		return strings.Join(got, ", ")
	}
	// UTF-16 4..6 is code points 3..5; 0..2 is the emoji alone.
	b, err := decodeLSTask(task("😀 aaaaaa", `"start":4,"end":6,"text":"aa"`, `"start":0,"end":2,"text":"😀"`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := spans(b), `3..5 "aa", 0..1 "😀"`; got != want {
		t.Errorf("spans = %s, want %s", got, want)
	}
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "2 regions had UTF-16 offsets") {
		t.Errorf("warnings = %q", b.Warnings)
	}
	// One region that fits only UTF-16 converts them all, a region
	// without its text included.
	b, err = decodeLSTask(task("😀 aaaaaa bb", `"start":4,"end":6,"text":"aa"`, `"start":10,"end":12,"text":"bb"`, `"start":10,"end":12`), nil)
	if got, want := spans(b), `3..5 "aa", 9..11 "bb", 9..11 "bb"`; err != nil || got != want {
		t.Errorf("spans = %s, %v; want %s", got, err, want)
	}
	// Code points are kept when they fit as well.
	b, err = decodeLSTask(task("😀 aaaaaa", `"start":4,"end":6,"text":"aa"`, `"start":0,"end":1,"text":"😀"`), nil)
	if got, want := spans(b), `4..6 "aa", 0..1 "😀"`; err != nil || got != want || len(b.Warnings) != 0 {
		t.Errorf("spans = %s, %v, %q; want %s", got, err, b.Warnings, want)
	}
	// A region that fits only code points next to one that fits only UTF-16.
	_, err = decodeLSTask(task("😀 ab", `"start":2,"end":3,"text":"a"`, `"start":4,"end":5,"text":"b"`), nil)
	if err == nil || !strings.Contains(err.Error(), "one or the other") {
		t.Errorf("mixed: err = %v", err)
	}
	// A region that fits neither.
	_, err = decodeLSTask(task("😀 ab", `"start":2,"end":3,"text":"a"`, `"start":0,"end":1,"text":"z"`), nil)
	if err == nil || !strings.Contains(err.Error(), "result[1]") {
		t.Errorf("neither: err = %v", err)
	}
}

// TestStageAbortClosesData: an export that fails or is cancelled does not
// leave its temporary data file open.
func TestStageAbortClosesData(t *testing.T) {
	for _, out := range []string{filepath.Join(t.TempDir(), "x.jsonl"), ""} {
		var w io.Writer
		if out == "" {
			w = io.Discard
		}
		stg, err := newStage(out, false, w)
		if err != nil {
			t.Fatal(err)
		}
		fw, err := openData(stg)
		if err != nil {
			t.Fatal(err)
		}
		stg.abort()
		if _, err := fw.f.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
			t.Errorf("out %q: the data file is still open (write: %v)", out, err)
		}
		if _, err := os.Stat(stg.tmp); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("out %q: %s left behind", out, stg.tmp)
		}
	}
}

// TestContextCut: CSV context never splits a grapheme cluster, Hangul
// written in conjoining jamo included.
func TestContextCut(t *testing.T) {
	cases := []struct {
		text        string
		cp, fwd, bk int
	}{
		{"ab\u1112\u1161\u11abcd", 3, 5, 2}, // 한 as L V T jamo
		{"ab\u1112\u1161\u11abcd", 4, 5, 2}, //
		{"ae\u0301z", 2, 3, 1},              // combining acute
		{"a👩\u200d👧z", 3, 4, 1},             // ZWJ sequence
		{"a🇺🇸🇫🇷z", 2, 3, 1},                 // a flag
		{"a🇺🇸🇫🇷z", 3, 3, 3},                 // between two flags
		{"a👍🏽z", 2, 3, 1},                   // skin tone modifier
		{"a\r\nb", 2, 3, 1},                 // CR LF
		{"plain text", 4, 4, 4},
	}
	for _, c := range cases {
		for _, table := range []bool{false, true} {
			ix := annot.NewIndex(c.text)
			if got := contextCut(ix, c.cp, 1, table); got != c.fwd {
				t.Errorf("%q at %d forward (table %v): %d, want %d", c.text, c.cp, table, got, c.fwd)
			}
			if got := contextCut(ix, c.cp, -1, table); got != c.bk {
				t.Errorf("%q at %d back (table %v): %d, want %d", c.text, c.cp, table, got, c.bk)
			}
		}
	}
}

// TestJSONLRelationChecks: relations are checked once per line, by
// readJSONLines for the readers and by DecodeJSONLine when called alone,
// with annot.ValidateRelation's rules.
func TestJSONLRelationChecks(t *testing.T) {
	line := `{"text":"Vedant Patel said.","spans":[{"id":"a","start":0,"end":12,"label":"PERSON"}],"relations":[{"label":"SPEAKER","from":"a","to":"zz"}]}`
	if _, err := DecodeJSONLine([]byte(line)); err == nil || !strings.Contains(err.Error(), "relations[0].to") {
		t.Errorf("DecodeJSONLine: err = %v", err)
	}
	for _, err := range ReadJSONL(strings.NewReader("\n"+line+"\n"), "d.jsonl") {
		if err == nil || !strings.HasPrefix(err.Error(), "d.jsonl:2: relations[0].to") {
			t.Errorf("ReadJSONL: err = %v", err)
		}
	}
	if _, err := DecodeJSONLine([]byte("{\"text\":\"caf\xe9\"}")); err == nil || !strings.Contains(err.Error(), "not valid UTF-8") {
		t.Errorf("DecodeJSONLine: err = %v", err)
	}
}

// TestErrNotUTF8: invalid UTF-8 is recognised by its error, not its text.
func TestErrNotUTF8(t *testing.T) {
	if err := CheckText([]byte("caf\xe9 au lait")); !errors.Is(err, ErrNotUTF8) {
		t.Errorf("CheckText: %v", err)
	}
	if err := CheckText([]byte("\x00\x01\x02")); err == nil || errors.Is(err, ErrNotUTF8) {
		t.Errorf("CheckText of binary data: %v", err)
	}
	if err := checkUTF8([]byte("caf\xe9")); !errors.Is(err, ErrNotUTF8) {
		t.Errorf("checkUTF8: %v", err)
	}
	_, err := io.ReadAll(newUTF8Reader(strings.NewReader("caf\xe9")))
	if !errors.Is(err, ErrNotUTF8) {
		t.Errorf("utf8Reader: %v", err)
	}
}

// TestOpenReadsConfigsOnce: Labels and Read share the configs one Open
// parses, so a config changed in between does not make the two disagree,
// and a folder of N task files reads its config once, not 2N times.
func TestOpenReadsConfigsOnce(t *testing.T) {
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ls := t.TempDir()
	task := `[{"data":{"text":"Vedant Patel said."},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":12,"text":"Vedant Patel","labels":["PERSON"]}}]}]}]`
	for _, n := range []string{"a", "b", "c"} {
		write(filepath.Join(ls, n+".json"), task)
	}
	write(filepath.Join(ls, "config.xml"), `<View><Labels name="label" toName="text"><Label value="PERSON" background="#aa0000"/></Labels><Text name="text" value="$text"/></View>`)
	br := t.TempDir()
	write(filepath.Join(br, "d.txt"), "Vedant Patel said.")
	write(filepath.Join(br, "d.ann"), "T1\tPERSON 0 12\tVedant Patel\n")
	write(filepath.Join(br, "annotation.conf"), "[entities]\nPERSON\n[relations]\n[events]\n[attributes]\n")
	for _, c := range []struct{ format, dir, conf string }{{"labelstudio", ls, "config.xml"}, {"brat", br, "annotation.conf"}} {
		opt := ReadOptions{confs: &confCache{}}
		im, err := Open(c.format, opt, c.dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Labels) != 1 || im.Labels[0].Name != "PERSON" {
			t.Errorf("%s: labels %+v", c.format, im.Labels)
		}
		write(filepath.Join(c.dir, c.conf), "<broken")
		n := 0
		for b, err := range im.Bundles {
			if err != nil {
				t.Fatalf("%s: %v", c.format, err)
			}
			n += len(b.Spans)
		}
		if n == 0 {
			t.Errorf("%s: no spans", c.format)
		}
		parsed := 0
		for _, e := range opt.confs.m {
			if e.err == nil {
				parsed++
			}
		}
		if parsed != 1 {
			t.Errorf("%s: %d configs parsed, want 1", c.format, parsed)
		}
	}
}
