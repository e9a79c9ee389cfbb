package format

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
)

// Fuzz targets for every parser. Each checks that no input panics and
// that whatever a parser accepts is a valid bundle: valid UTF-8 text,
// spans inside it on grapheme boundaries, relations between its spans.
// Seeds are in testdata/fuzz/FuzzXxx (and the f.Add calls below).
// Run one with: go test ./annot/format -run '^$' -fuzz '^FuzzBratAnn$' -fuzztime 5m

// TestFuzzSeedsCommitted checks every seed is in testdata/fuzz/FuzzXxx, the
// committed corpus go test -fuzz starts from; -update writes them.
func TestFuzzSeedsCommitted(t *testing.T) {
	update := flag.Lookup("update")
	for name, seeds := range fuzzSeeds() {
		dir := filepath.Join("testdata", "fuzz", name)
		for i, args := range seeds {
			var b strings.Builder
			b.WriteString("go test fuzz v1\n")
			for _, a := range args {
				switch v := a.(type) {
				case []byte:
					fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(v)))
				case string:
					fmt.Fprintf(&b, "string(%s)\n", strconv.Quote(v))
				case bool:
					fmt.Fprintf(&b, "bool(%v)\n", v)
				case uint8:
					fmt.Fprintf(&b, "byte(%d)\n", v)
				default:
					t.Fatalf("seed type %T", a)
				}
			}
			p := filepath.Join(dir, fmt.Sprintf("seed-%02d", i))
			if update != nil && update.Value.String() == "true" {
				os.MkdirAll(dir, 0o755)
				if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if got, err := os.ReadFile(p); err != nil || string(got) != b.String() {
				t.Errorf("%s is missing or stale; run go test ./annot/format -run FuzzSeeds -update", p)
			}
		}
	}
}

// fuzzSeeds returns every fuzz target's seed inputs (committed under
// testdata/fuzz/FuzzXxx as well).
func fuzzSeeds() map[string][][]any {
	text := bratTextSeed
	js := func() [][]any {
		var out [][]any
		for _, s := range fuzzSeedsJSON() {
			out = append(out, []any{[]byte(s)})
		}
		return out
	}
	m := map[string][][]any{}
	m["FuzzJSONL"] = append(m["FuzzJSONL"], js()...)
	m["FuzzSpacy"] = append(m["FuzzSpacy"], js()...)
	m["FuzzSpacy"] = append(m["FuzzSpacy"], []any{[]byte(`{"text":"Vedant Patel said.","meta":{"id":"x","title":"T","n":3},"tokens":[{"text":"Vedant","start":0,"end":6,"id":0,"ws":true}],"spans":[{"start":0,"end":12,"token_start":0,"token_end":1,"label":"PERSON","id":"p"}],"span_groups":{"quote":[{"start":0,"end":6,"label":"QUOTE","id":"q"},{"start":13,"end":17,"label":"QUOTE","id":"q"}],"sc":[{"start":13,"end":17,"label":"CUE"}]},"relations":[{"head":1,"child":0,"head_span":{"start":0,"end":6,"label":"QUOTE"},"child_span":{"start":0,"end":12,"label":"PERSON"},"label":"SPEAKER"}]}`)})
	m["FuzzSpacy"] = append(m["FuzzSpacy"], []any{[]byte(`{"text":"x","spans":[],"answer":"reject"}`)})
	m["FuzzDoccano"] = append(m["FuzzDoccano"], []any{[]byte(`{"id":17,"text":"Vedant Patel said.","label":[[0,12,"PERSON"],{"start_offset":13,"end_offset":17,"label":"CUE"}],"source":"x"}`), uint8(0)})
	m["FuzzDoccano"] = append(m["FuzzDoccano"], []any{[]byte(`{"text":"A 👩‍👩‍👧 family 🇺🇸.","entities":[{"id":1,"start_offset":2,"end_offset":10,"label":"MISC"},{"id":"b","start_offset":18,"end_offset":22,"label":"GPE"}],"relations":[{"id":1,"from_id":1,"to_id":"b","type":"SAME_AS"}]}`), uint8(1)})
	m["FuzzDoccano"] = append(m["FuzzDoccano"], []any{[]byte(`{"text":"cafe\u0301","label":[[0,4,"X"]]}`), uint8(2)})
	m["FuzzDoccano"] = append(m["FuzzDoccano"], []any{[]byte(`{"text":"x","label":["positive"]}`), uint8(0)})
	m["FuzzBratAnn"] = append(m["FuzzBratAnn"], []any{text, "T1\tQUOTE 1 13;25 37\tWe are here, and we stay.\nT2\tPERSON 40 52\tVedant Patel\nR1\tSPEAKER Arg1:T1 Arg2:T2\t\nA1\tkind T1 direct\nA2\tIndividual T2\n#1\tAnnotatorNotes T2\tnote\nE1\tBe-born:T2 Person-Arg:T2\nA3\tNeg E1\n*\tAlias T1 T2\nN1\tReference T2 Wikidata:Q1\tPatel\n", true})
	m["FuzzBratAnn"] = append(m["FuzzBratAnn"], []any{text, "T1\tPERSON 39 51\tVedant Patel\n", false})
	m["FuzzBratAnn"] = append(m["FuzzBratAnn"], []any{"ab", "T1\tX 0 3\tabc\nR1\tY Arg1:T1 Arg2:T9\n", false})
	m["FuzzBratAnn"] = append(m["FuzzBratAnn"], []any{"a\r\nb", "T1\tX 2 3\tb\n", false})
	m["FuzzBratConf"] = append(m["FuzzBratConf"], []any{[]byte(bratConfSeed)})
	m["FuzzBratConf"] = append(m["FuzzBratConf"], []any{[]byte("[entities]\n\t\t\tdeep\n[relations]\nR\n")})
	m["FuzzBratConf"] = append(m["FuzzBratConf"], []any{[]byte("[entities\nX\n")})
	m["FuzzCoNLL"] = append(m["FuzzCoNLL"], []any{[]byte("-DOCSTART-\tO\n\nVedant\tB-PERSON\nPatel\tI-PERSON\nsaid\tO\n.\tO\n\nHe\tO\n")})
	m["FuzzCoNLL"] = append(m["FuzzCoNLL"], []any{[]byte("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n")})
	m["FuzzCoNLL"] = append(m["FuzzCoNLL"], []any{[]byte("a\tI-X\nb\tE-X\nc\tS-Y\nd\tU-Z\ne\tL-Z\n")})
	m["FuzzCoNLL"] = append(m["FuzzCoNLL"], []any{[]byte("\u0301\tB-X\n")})
	m["FuzzLabelStudio"] = append(m["FuzzLabelStudio"], []any{[]byte(`[{"id":1,"data":{"text":"Vedant Patel said.","title":"T"},"annotations":[{"result":[{"id":"a","from_name":"label","to_name":"text","type":"labels","value":{"start":0,"end":12,"text":"Vedant Patel","labels":["PERSON"]}},{"id":"a_f2","type":"labels","value":{"start":13,"end":17,"labels":["PERSON"]}},{"id":"a","from_name":"attr_kind","type":"choices","value":{"choices":["direct"]}},{"id":"a","from_name":"note","type":"textarea","value":{"text":["n"]}},{"id":"b","type":"labels","value":{"start":13,"end":17,"labels":["CUE"]}},{"type":"relation","from_id":"a","to_id":"b","direction":"left","labels":[]}]}],"predictions":[{}]}]`), false})
	m["FuzzLabelStudio"] = append(m["FuzzLabelStudio"], []any{[]byte(`{"data":{"text":"💩This is an annotation."},"completions":[{"result":[{"id":"x","type":"labels","value":{"start":13,"end":23,"text":"annotation","labels":["A"]}}]}]}`), false})
	m["FuzzLabelStudio"] = append(m["FuzzLabelStudio"], []any{[]byte(`[{"data":{"text":"x"},"annotations":[{"was_cancelled":true,"result":[]}]}]`), true})
	m["FuzzLabelStudio"] = append(m["FuzzLabelStudio"], []any{[]byte(`[]`), true})
	m["FuzzLabelStudioConfig"] = append(m["FuzzLabelStudioConfig"], []any{[]byte(`<View><Labels name="label" toName="text"><Label value="QUOTE" background="#f2b134" hint="Spanbench layer: quote"/></Labels><Text name="text" value="$body"/><Relations><Relation value="SPEAKER"/></Relations></View>`)})
	m["FuzzLabelStudioConfig"] = append(m["FuzzLabelStudioConfig"], []any{[]byte(`<View><Labels><Label value="A"/>`)})
	m["FuzzHTML"] = append(m["FuzzHTML"], []any{[]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Patel speaks | News</title><link rel="canonical" href="https://example.org/a"><meta property="article:published_time" content="2024-05-26T10:00:00Z"></head><body><nav>Home</nav><article><h1>Patel speaks</h1><p>Vedant Patel said the United States and its allies would keep working together against threats in the region.</p><p>“We are cooperating with partners,” he said.</p></article></body></html>`)})
	m["FuzzHTML"] = append(m["FuzzHTML"], []any{[]byte("<html><head><meta charset=\"windows-1252\"></head><body><p>caf\xe9 au lait, and a long enough paragraph of text to be an article body for readability.</p></body></html>")})
	m["FuzzHTML"] = append(m["FuzzHTML"], []any{[]byte("<p>")})
	m["FuzzCheckText"] = append(m["FuzzCheckText"], []any{[]byte("Headline\r\n\r\nBody.")})
	m["FuzzCheckText"] = append(m["FuzzCheckText"], []any{[]byte("\xff\xfeH\x00i\x00")})
	m["FuzzCheckText"] = append(m["FuzzCheckText"], []any{[]byte("caf\xe9")})
	m["FuzzUTF8Reader"] = append(m["FuzzUTF8Reader"], []any{[]byte("héllo 👩‍👩‍👧"), uint8(1)})
	m["FuzzUTF8Reader"] = append(m["FuzzUTF8Reader"], []any{[]byte("caf\xe9"), uint8(3)})
	return m
}

// addSeeds adds the target's seeds from fuzzSeeds.
func addSeeds(f *testing.F) {
	add := f.Add // vet cannot check a variadic seed list against the target
	for _, args := range fuzzSeeds()[f.Name()] {
		add(args...)
	}
}

// checkBundle fails when a parser returned a bundle the store would refuse
// for a reason the parser should have reported.
func checkBundle(t *testing.T, b annot.Bundle) {
	t.Helper()
	if !utf8.ValidString(b.Doc.Text) || b.Doc.Text == "" {
		t.Fatalf("accepted a text that is empty or not UTF-8: %q", b.Doc.Text)
	}
	// Ids as the store gives them: missing ones made up.
	ids := map[string]bool{}
	for i := range b.Spans {
		if b.Spans[i].ID == "" {
			b.Spans[i].ID = fmt.Sprintf("~span%d", i)
		}
		if ids[b.Spans[i].ID] {
			return // duplicate ids are the store's to refuse (conflict)
		}
		ids[b.Spans[i].ID] = true
	}
	for i := range b.Relations {
		if b.Relations[i].ID == "" {
			b.Relations[i].ID = fmt.Sprintf("~rel%d", i)
		}
	}
	if err := b.Validate(nil); err != nil && annot.KindOf(err) != annot.KindConflict {
		t.Fatalf("accepted an invalid bundle: %v", err)
	}
}

func fuzzSeedsJSON() []string {
	return []string{
		`{"text":"Vedant Patel said.","spans":[{"start":0,"end":12,"label":"PERSON","layer":"entity"}]}`,
		`{"id":"6f0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f","title":"t","text":"A 👩‍👩‍👧 family.","meta":{},"status":"done","spans":[{"id":"a","start":2,"end":7,"text":"👩‍👩‍👧","layer":"entity","label":"MISC"},{"id":"b","start":0,"end":9,"fragments":[[0,1],[8,9]],"layer":"quote","label":"QUOTE"}],"relations":[{"id":"r","label":"SPEAKER","from":"b","to":"a"}]}`,
		`{"text":"\r\n\ufeffx","spans":[{"start":0,"end":1}]}`,
		`{"text":"ab","spans":[{"start":0,"end":3,"label":"X"}]`,
	}
}

func FuzzJSONL(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		for b, err := range ReadJSONL(bytes.NewReader(line), "fuzz.jsonl") {
			if err != nil {
				return
			}
			checkBundle(t, b)
		}
	})
}

func FuzzSpacy(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		for b, err := range ReadSpacy(bytes.NewReader(line), "fuzz.jsonl") {
			if err != nil {
				return
			}
			checkBundle(t, b)
		}
	})
}

func FuzzDoccano(f *testing.F) {
	addSeeds(f)
	units := []Unit{UnitUTF16, UnitCodePoint, UnitGrapheme}
	f.Fuzz(func(t *testing.T, line []byte, u uint8) {
		for b, err := range ReadDoccano(bytes.NewReader(line), "fuzz.jsonl", units[int(u)%len(units)]) {
			if err != nil {
				return
			}
			checkBundle(t, b)
		}
	})
}

const bratTextSeed = "“We are here,” he said, “and we stay.”\r\nVedant Patel 👩‍👩‍👧 🇺🇸.\n"

const bratConfSeed = "# comment\n[entities]\n!quote\n\tQUOTE\n!entity\n\tPERSON\n\t\tPolitician\nORG\n[relations]\n<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\nSPEAKER Arg1:QUOTE, Arg2:PERSON\n[events]\n<POG>=PERSON|ORG\n!Life\n\tBe-born Person-Arg:PERSON\n[attributes]\nkind Arg:<ENTITY>, Value:direct|indirect\n"

func FuzzBratAnn(f *testing.F) {
	addSeeds(f)
	conf, err := parseBratConf([]byte(bratConfSeed), "annotation.conf")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, ann string, useConf bool) {
		if CheckText([]byte(text)) != nil {
			return // ReadBrat refuses such texts before parsing
		}
		c := conf
		if !useConf {
			c = nil
		}
		b, err := parseBratAnn(text, []byte(ann), "fuzz.ann", c)
		if err != nil {
			return
		}
		checkBundle(t, b)
	})
}

func FuzzBratConf(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseBratConf(b, "annotation.conf")
		if err != nil {
			return
		}
		for _, l := range c.order {
			if err := annot.CheckLabelName(l.Name); err != nil {
				t.Fatalf("declared label %q: %v", l.Name, err)
			}
		}
		parseBratColors(b)
	})
}

func FuzzCoNLL(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for bd, err := range ReadCoNLL(bytes.NewReader(b), "fuzz.conll") {
			if err != nil {
				return
			}
			checkBundle(t, bd)
		}
	})
}

func FuzzLabelStudio(f *testing.F) {
	addSeeds(f)
	cfg, err := parseLSConfig([]byte(`<View><Labels name="label" toName="text"><Label value="PERSON" hint="Spanbench layer: entity"/><Label value="CUE" hint="Spanbench layer: cue"/></Labels><Text name="text" value="$text"/><Relations><Relation value="SPEAKER"/></Relations></View>`), "c.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte, useCfg bool) {
		c := cfg
		if !useCfg {
			c = nil
		}
		for bd, err := range ReadLabelStudio(bytes.NewReader(b), "fuzz.json", c) {
			if err != nil {
				return
			}
			checkBundle(t, bd)
		}
	})
}

func FuzzLabelStudioConfig(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseLSConfig(b, "c.xml")
		if err != nil {
			return
		}
		for _, l := range c.labels {
			if l.Name == "" {
				t.Fatalf("declared an empty label")
			}
		}
	})
}

func FuzzHTML(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		bd, err := parseHTML(b, "fuzz.html")
		if err != nil {
			return
		}
		checkBundle(t, bd)
		if strings.TrimSpace(bd.Doc.Title) == "" {
			t.Fatalf("no title")
		}
	})
}

func FuzzCheckText(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if CheckText(b) == nil {
			if !utf8.Valid(b) || len(b) == 0 {
				t.Fatalf("accepted %q", b)
			}
			if annot.TitleFromText(string(b)) == "" {
				t.Fatalf("no title for %q", b)
			}
		}
	})
}

func FuzzUTF8Reader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte, chunk uint8) {
		r := newUTF8Reader(&chunkReader{b: b, n: int(chunk%7) + 1})
		var out bytes.Buffer
		buf := make([]byte, 16)
		var err error
		for {
			var n int
			n, err = r.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				break
			}
		}
		if utf8.Valid(b) {
			if out.String() != string(b) || err != io.EOF {
				t.Fatalf("valid input %q came out as %q, %v", b, out.Bytes(), err)
			}
		} else if _, ok := err.(notUTF8Error); !ok {
			t.Fatalf("invalid input %q: err %v", b, err)
		}
	})
}

// chunkReader returns at most n bytes a read, to cut characters.
type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[n:]
	return n, nil
}
