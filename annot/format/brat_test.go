package format_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/internal/validators"
)

// corpusDir is a copy of the shared brat corpus (../shared/corpora/brat,
// licences beside it): the brat tutorial, with every line type, and
// CoNLL-2002 Spanish and Dutch newswire.
const corpusDir = "testdata/brat-corpus"

// annLines reads the lines of an .ann file Spanbench carries, in a form
// that ignores A and # ids (renumbered on export) and line order: T lines
// with their id, type, offsets and text; R lines with id, type and
// arguments; A lines by name, target and value; # notes by target and
// text. skipped counts the lines Spanbench does not model.
func annLines(t *testing.T, path string, spans map[string]bool) (carried []string, skipped int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		lines = append(lines, strings.SplitN(l, "\t", 3))
	}
	// First the T ids, so A and # lines on events can be told apart.
	for _, f := range lines {
		if f[0][0] == 'T' && spans != nil {
			spans[f[0]] = true
		}
	}
	for _, f := range lines {
		switch f[0][0] {
		case 'T':
			carried = append(carried, strings.Join(f, "\t"))
		case 'R':
			carried = append(carried, f[0]+"\t"+strings.TrimSpace(f[1]))
		case 'A', 'M':
			args := strings.Fields(f[1])
			if !spans[args[1]] {
				skipped++
				continue
			}
			if len(args) == 2 {
				args = append(args, "true") // a binary attribute
			}
			carried = append(carried, "A\t"+strings.Join(args, " "))
		case '#':
			args := strings.Fields(f[1])
			if !spans[args[1]] {
				skipped++
				continue
			}
			carried = append(carried, "#\t"+args[1]+"\t"+f[2])
		default: // E, N, *
			skipped++
		}
	}
	sort.Strings(carried)
	return carried, skipped
}

// TestBratCorpusRoundTrip imports every document of the real brat corpus
// into a project, exports the project as brat and checks every T, R, A and
// # line comes back with the same ids, offsets and text, and that every
// line Spanbench does not model was counted in the import's warnings.
func TestBratCorpusRoundTrip(t *testing.T) {
	var dirs []string
	for _, d := range []string{"tutorial-news", "CoNLL-ST_2002/esp", "CoNLL-ST_2002/ned"} {
		dirs = append(dirs, filepath.Join(corpusDir, d))
	}
	if _, err := os.Stat(dirs[0]); err != nil {
		t.Fatalf("the shared brat corpus is missing: %v", err)
	}
	s := mustStore(t)
	im, err := format.Open("auto", format.ReadOptions{}, dirs...)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range im.Formats {
		if f != "brat" {
			t.Fatalf("%s detected as %s", dirs[i], f)
		}
	}
	rep, err := s.Import(ctx, "tester", im.Bundles, storeOptsLabels(im.Labels))
	if err != nil {
		t.Fatal(err)
	}
	var anns []string
	for _, d := range dirs {
		m, _ := filepath.Glob(filepath.Join(d, "*.ann"))
		anns = append(anns, m...)
	}
	if rep.Documents != len(anns) || len(anns) != 33 {
		t.Fatalf("imported %d documents of %d .ann files", rep.Documents, len(anns))
	}
	// Warnings say how many lines of each file were skipped.
	warned := map[string]int{}
	for _, w := range rep.Warnings {
		file, rest, _ := strings.Cut(w, ": skipped lines Spanbench does not model: ")
		for _, part := range strings.Split(rest, ", ") {
			var n int
			fmt.Sscanf(part, "%d", &n)
			warned[filepath.Base(file)] += n
		}
	}
	// Declared labels came in with their layers.
	labels, _ := s.Labels(ctx)
	ls := annot.NewLabelSet(labels)
	for _, want := range []annot.Label{{Layer: annot.LayerEntity, Name: "Organization"}, {Layer: annot.LayerEntity, Name: "PER"},
		{Layer: annot.LayerRelation, Name: "Located"}, {Layer: annot.LayerRelation, Name: "Alias"}} {
		if !ls.Has(want.Layer, want.Name) {
			t.Errorf("label %s/%s not added", want.Layer, want.Name)
		}
	}
	out := filepath.Join(t.TempDir(), "corpus")
	sum, err := format.Export(ctx, s.Bundles(ctx, storeAll()), format.ExportOptions{Format: "brat", Out: out, Labels: labels, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 33 || sum.Spans != 935 {
		t.Errorf("exported %d documents, %d spans", sum.Documents, sum.Spans)
	}
	total, carriedAll := 0, 0
	for _, ann := range anns {
		name := filepath.Base(ann)
		spans := map[string]bool{}
		want, skipped := annLines(t, ann, spans)
		got, gotSkipped := annLines(t, filepath.Join(out, name), spans)
		if gotSkipped != 0 {
			t.Errorf("%s: export wrote %d lines Spanbench does not model", name, gotSkipped)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: lines differ after the round trip:\nwant:\n%s\ngot:\n%s", name, strings.Join(want, "\n"), strings.Join(got, "\n"))
		}
		if warned[name] != skipped {
			t.Errorf("%s: %d lines skipped, warnings count %d", name, skipped, warned[name])
		}
		txt, _ := os.ReadFile(strings.TrimSuffix(ann, ".ann") + ".txt")
		back, _ := os.ReadFile(filepath.Join(out, strings.TrimSuffix(name, ".ann")+".txt"))
		if string(txt) != string(back) {
			t.Errorf("%s: text changed", name)
		}
		total += skipped
		carriedAll += len(want)
	}
	// Skipped: 23 E, 1 N, 2 *, 6 A on events, 2 # on an event and a
	// relation. Carried: 935 T, 8 R, 5 A and 2 # on spans.
	if total != 34 || carriedAll != 950 {
		t.Errorf("skipped %d lines, carried %d; want 34 and 950", total, carriedAll)
	}
	// The exported folder opens in brat: its conf declares every type used.
	conf, _ := os.ReadFile(filepath.Join(out, "annotation.conf"))
	for _, typ := range []string{"\tPER\n", "\tOrganization\n", "\tTransfer-money\n", "Located\tArg1:<ENTITY>, Arg2:<ENTITY>", "Mention\tArg:<ENTITY>, Value:Name|Nominal"} {
		if !strings.Contains(string(conf), typ) {
			t.Errorf("annotation.conf lacks %q", typ)
		}
	}
	// And it reads back: a second round trip is exact, files and all.
	s2 := mustStore(t)
	importAll(t, s2, "brat", format.ReadOptions{}, out)
	out2 := filepath.Join(t.TempDir(), "again")
	if _, err := format.Export(ctx, s2.Bundles(ctx, storeAll()), format.ExportOptions{Format: "brat", Out: out2, Labels: labels, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, ann := range anns {
		a, _ := os.ReadFile(filepath.Join(out, filepath.Base(ann)))
		b, _ := os.ReadFile(filepath.Join(out2, filepath.Base(ann)))
		if string(a) != string(b) {
			t.Errorf("%s: second round trip differs", filepath.Base(ann))
		}
	}
}

// TestBratCRLFCountedAsOne: brat's server reads text with universal
// newlines and counts \r\n as one character (brat issue #853). Such an
// .ann is recognised by its span texts and converted, with a warning.
func TestBratCRLFCountedAsOne(t *testing.T) {
	dir := t.TempDir()
	text := "Line one.\r\nVedant Patel spoke.\r\nIn Kabul.\r\n"
	os.WriteFile(filepath.Join(dir, "d.txt"), []byte(text), 0o644)
	// Offsets as brat's server counts them: \r\n is one character.
	os.WriteFile(filepath.Join(dir, "d.ann"), []byte("T1\tPERSON 10 22\tVedant Patel\nT2\tGPE 33 38\tKabul\n"), 0o644)
	s := mustStore(t)
	rep := importAll(t, s, "brat", format.ReadOptions{}, dir)
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "counted \\r\\n as one character") {
		t.Errorf("warnings = %q", rep.Warnings)
	}
	b := projectBundles(t, s)[0]
	ix := annot.NewIndex(b.Doc.Text)
	var got []string
	for _, sp := range b.Spans {
		got = append(got, ix.Slice(sp.Start, sp.End))
	}
	if strings.Join(got, "|") != "Vedant Patel|Kabul" {
		t.Errorf("spans = %q", got)
	}
	// Offsets counting the \r (Spanbench's own) need no conversion.
	os.WriteFile(filepath.Join(dir, "d.ann"), []byte("T1\tPERSON 11 23\tVedant Patel\n"), 0o644)
	s2 := mustStore(t)
	if rep := importAll(t, s2, "brat", format.ReadOptions{}, dir); len(rep.Warnings) != 0 {
		t.Errorf("warnings = %q", rep.Warnings)
	}
}

// TestBratDiscontinuousAndIDs: discontinuous spans, attributes, multi-line
// notes and new spans next to remembered brat ids.
func TestBratDiscontinuousAndIDs(t *testing.T) {
	dir := t.TempDir()
	text := "“We are here,” he said, “and we stay.”"
	os.WriteFile(filepath.Join(dir, "q.txt"), []byte(text), 0o644)
	os.WriteFile(filepath.Join(dir, "q.ann"), []byte("T7\tQUOTE 1 13;25 37\tWe are here, and we stay.\nT9\tCUE 18 22\tsaid\nR4\tCUE Arg1:T7 Arg2:T9\nA2\tkind T7 direct\n#5\tAnnotatorNotes T7\tfirst line\n#6\tAnnotatorNotes T7\tsecond line\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "annotation.conf"), []byte("[entities]\n!quote\n\tQUOTE\n!cue\n\tCUE\n[relations]\nCUE Arg1:QUOTE, Arg2:CUE\n[events]\n[attributes]\nkind Arg:<ENTITY>, Value:direct|indirect\n"), 0o644)
	s := mustStore(t)
	importAll(t, s, "brat", format.ReadOptions{}, dir)
	b := projectBundles(t, s)[0]
	var q annot.Span
	for _, sp := range b.Spans {
		if sp.Label == "QUOTE" {
			q = sp
		}
	}
	if q.Layer != annot.LayerQuote || len(q.Fragments) != 2 || q.Attrs["kind"] != "direct" || q.Note != "first line\nsecond line" {
		t.Fatalf("quote = %+v", q)
	}
	// A new span gets an id after brat's; brat's T7, T9 and R4 stay.
	b.Spans = append(b.Spans, annot.Span{ID: annot.NewID(), DocID: b.Doc.ID, Start: 0, End: 1, Layer: annot.LayerEntity, Label: "MISC"})
	out := filepath.Join(t.TempDir(), "out")
	if _, err := format.Export(ctx, seq(b), format.ExportOptions{Format: "brat", Out: out}); err != nil {
		t.Fatal(err)
	}
	ann, _ := os.ReadFile(filepath.Join(out, "q.ann"))
	want := "T7\tQUOTE 1 13;25 37\tWe are here, and we stay.\nT9\tCUE 18 22\tsaid\nT10\tMISC 0 1\t“\nR4\tCUE Arg1:T7 Arg2:T9\t\nA1\tkind T7 direct\n#1\tAnnotatorNotes T7\tfirst line\n#2\tAnnotatorNotes T7\tsecond line\n"
	if string(ann) != want {
		t.Errorf("q.ann =\n%s\nwant\n%s", ann, want)
	}
	conf, _ := os.ReadFile(filepath.Join(out, "annotation.conf"))
	if !strings.Contains(string(conf), "!quote\n\tQUOTE\n") {
		t.Errorf("annotation.conf:\n%s", conf)
	}
}

// TestBratLineBreakFragments exports spans across line breaks: each is
// written as fragments split at the breaks, as brat's annotator writes a
// selection over two lines, and brat's parser accepts the file. Expected
// offsets hand-checked: "unsure." is 17..24, "\n" 24, "Line" 25..29; a
// " " 29, "two" 30..33, a CRLF 33..35, "end" 35..38.
func TestBratLineBreakFragments(t *testing.T) {
	text := "Vedant Patel was unsure.\nLine two\r\nend."
	doc := annot.Document{ID: annot.NewID(), Title: "lines", Text: text}
	b := annot.Bundle{Doc: doc, Spans: []annot.Span{
		{ID: annot.NewID(), DocID: doc.ID, Start: 17, End: 29, Layer: annot.LayerEntity, Label: "CLAIM"},
		{ID: annot.NewID(), DocID: doc.ID, Start: 30, End: 38, Layer: annot.LayerEntity, Label: "MISC"},
	}}
	out := filepath.Join(t.TempDir(), "out")
	if _, err := format.Export(ctx, seq(b), format.ExportOptions{Format: "brat", Out: out}); err != nil {
		t.Fatal(err)
	}
	anns, _ := filepath.Glob(filepath.Join(out, "*.ann"))
	if len(anns) != 1 {
		t.Fatalf("ann files: %v", anns)
	}
	ann, _ := os.ReadFile(anns[0])
	want := "T1\tCLAIM 17 24;25 29\tunsure. Line\nT2\tMISC 30 33;35 38\ttwo end\n"
	if string(ann) != want {
		t.Errorf(".ann =\n%q\nwant\n%q", ann, want)
	}
	// Read back, fragments split only by a line break are one span again.
	s := mustStore(t)
	importAll(t, s, "brat", format.ReadOptions{}, out)
	got := projectBundles(t, s)[0].Spans
	sort.Slice(got, func(i, j int) bool { return got[i].Start < got[j].Start })
	if len(got) != 2 || got[0].Start != 17 || got[0].End != 29 || got[0].Fragments != nil || got[1].Start != 30 || got[1].End != 38 || got[1].Fragments != nil {
		t.Errorf("read back: %+v", got)
	}
	// Last, as it skips without the kit: brat's own parser accepts it.
	validators.Check(t, "brat", out)
}
