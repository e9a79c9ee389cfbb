package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/internal/validators"
	"spanbench/store"
)

// teamProject imports the sample article and two more documents, adds a
// span by cy to the sample, assigns every document to ana and ben and
// makes the project blind. It returns the project and its documents by
// title.
func teamProject(t *testing.T) (string, map[string]annot.Document) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	two := filepath.Join(dir, "two.txt")
	three := filepath.Join(dir, "three.txt")
	os.WriteFile(two, []byte("Reuters reported that the Taliban met officials in Doha.\n"), 0o644)
	os.WriteFile(three, []byte("Kabul and Islamabad, said Ana Ruiz, will talk again.\n"), 0o644)
	for _, args := range [][]string{
		{"import", "--db", db, samplePath, two, three},
		{"assign", "--db", db, "--coders", "ana,ben", "--per-doc", "2"},
		{"blind", "--db", db, "on"},
	} {
		if code, _, stderr := run(args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := map[string]annot.Document{}
	infos, _ := s.ListDocuments(context.Background(), store.DocFilter{})
	for _, d := range infos {
		docs[d.Title], _ = s.Document(context.Background(), d.ID)
	}
	if len(docs) != 3 {
		t.Fatalf("%d documents", len(docs))
	}
	sample := docTitled(t, docs, "State Department")
	mustCreate(t, s, "cy", sample, "Vedant Patel", "PERSON", annot.LayerEntity)
	return db, docs
}

func docTitled(t *testing.T, docs map[string]annot.Document, prefix string) annot.Document {
	t.Helper()
	for title, d := range docs {
		if strings.HasPrefix(title, prefix) {
			return d
		}
	}
	t.Fatalf("no document titled %q...", prefix)
	return annot.Document{}
}

// mustCreate adds a span by who over the first occurrence of words.
func mustCreate(t *testing.T, s *store.Store, who string, d annot.Document, words, label string, layer annot.Layer) annot.Span {
	t.Helper()
	i := strings.Index(d.Text, words)
	if i < 0 {
		t.Fatalf("%q not in %q", words, d.Title)
	}
	start := utf8.RuneCountInString(d.Text[:i])
	res, err := s.Apply(context.Background(), who, d.ID, "add", store.Change{Create: []annot.Span{
		{Start: start, End: start + utf8.RuneCountInString(words), Layer: layer, Label: label}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Spans[0]
}

// dump lists a project's spans and relations, one line each, sorted.
func dump(t *testing.T, db string) []string {
	return projectLines(t, db,
		func(b annot.Bundle, sp annot.Span) string {
			return fmt.Sprintf("span %s %s %s %d %d %s %s %v", sp.ID, b.Doc.Title[:10], sp.Annotator, sp.Start, sp.End, sp.Layer, sp.Label, sp.Attrs)
		},
		func(b annot.Bundle, r annot.Relation) string {
			return fmt.Sprintf("rel %s %s %s %s %s", r.ID, r.Label, r.From, r.To, r.Annotator)
		})
}

func countBy(lines []string, prefix, who string) int {
	n := 0
	for _, l := range lines {
		f := strings.Fields(l)
		if strings.HasPrefix(l, prefix) && (prefix == "rel" && f[len(f)-1] == who || prefix == "span" && strings.Contains(l, " "+who+" ")) {
			n++
		}
	}
	return n
}

// TestTeamPackCodeMerge: two coders work from their own files on the
// sample article and two more documents and their work is merged back;
// merging again changes nothing; a span both sides changed is a
// conflict, listed and not overwritten, while the rest merges.
func TestTeamPackCodeMerge(t *testing.T) {
	db, docs := teamProject(t)
	dir := filepath.Dir(db)
	sample, two, three := docTitled(t, docs, "State Department"), docTitled(t, docs, "Reuters"), docTitled(t, docs, "Kabul")
	ana, ben := filepath.Join(dir, "ana.spanbench"), filepath.Join(dir, "ben.spanbench")
	for _, c := range []struct{ who, out string }{{"ana", ana}, {"ben", ben}} {
		code, out, stderr := run("pack", "--db", db, "--annotator", c.who, "--out", c.out)
		// Blind: cy's span stays home; 3 documents each (assign gave both).
		if code != 0 || !strings.Contains(out, "packed 3 documents, 0 spans and 0 relations for "+c.who) {
			t.Fatalf("pack %s: %d %q %q", c.who, code, out, stderr)
		}
	}
	if code, _, stderr := run("pack", "--db", db, "--annotator", "ana", "--out", ana); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("packing over ana's file: %d %q", code, stderr)
	}

	// ana: in the sample a QUOTE and a PERSON linked by SPEAKER, an ORG
	// in "two"; ben: the same PERSON (his own span), two GPEs in "three".
	as, err := store.Open(ana)
	if err != nil {
		t.Fatal(err)
	}
	q := mustCreate(t, as, "ana", sample, "“We are cooperating", "QUOTE", annot.LayerQuote)
	vp := mustCreate(t, as, "ana", sample, "Vedant Patel", "PERSON", annot.LayerEntity)
	if _, err := as.Apply(context.Background(), "ana", sample.ID, "link", store.Change{Link: []annot.Relation{{Label: annot.RelSpeaker, From: q.ID, To: vp.ID}}}); err != nil {
		t.Fatal(err)
	}
	org := mustCreate(t, as, "ana", two, "Reuters", "ORG", annot.LayerEntity)
	as.Close()
	bs, err := store.Open(ben)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, bs, "ben", sample, "Vedant Patel", "PERSON", annot.LayerEntity)
	mustCreate(t, bs, "ben", three, "Kabul", "GPE", annot.LayerEntity)
	mustCreate(t, bs, "ben", three, "Islamabad", "GPE", annot.LayerEntity)
	bs.Close()

	code, out, stderr := run("merge", "--db", db, ana, ben)
	if code != 0 {
		t.Fatalf("merge: %d %q %q", code, out, stderr)
	}
	if !strings.Contains(out, "(ana): 3 documents; spans 3 added, 0 changed, 0 deleted; relations 1 added, 0 deleted; 0 conflicts") ||
		!strings.Contains(out, "(ben): 3 documents; spans 3 added, 0 changed, 0 deleted; relations 0 added, 0 deleted; 0 conflicts") {
		t.Errorf("merge report:\n%s", out)
	}
	after := dump(t, db)
	// Hand count: cy 1 span (kept at home), ana 3 spans + 1 SPEAKER, ben 3.
	if len(after) != 8 || countBy(after, "span", "cy") != 1 || countBy(after, "span", "ana") != 3 ||
		countBy(after, "span", "ben") != 3 || countBy(after, "rel", "ana") != 1 {
		t.Fatalf("after the merge:\n%s", strings.Join(after, "\n"))
	}

	// The dataset card of any export states the coders and their
	// agreement. Hand count, all three documents assigned to ana and ben:
	// ana-ben: sample PERSON matched, ana's QUOTE and ORG and ben's two
	// GPEs unmatched: F1 2·1/(3+3); ana-cy and ben-cy: the sample only
	// (cy's one span), PERSON matched: 2·1/(2+1) and 2·1/(1+1).
	export := filepath.Join(dir, "team.jsonl")
	if code, _, stderr := run("export", "--db", db, "--format", "jsonl", "--out", export); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	card, err := os.ReadFile(filepath.Join(dir, "team.README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Coded by 3 coders (ana, ben, cy); 0 documents with an adjudicated version",
		"| ana | 3 | 2 | 3 |", "| ben | 3 | 2 | 3 |", "| cy | 0 | 1 | 1 |",
		"| ana | ben | 3 | 1 | 2 | 2 | 0.333 | 0.333 |",
		"| ana | cy | 1 | 1 | 1 | 0 | 0.667 | 0.667 |",
		"| ben | cy | 1 | 1 | 0 | 0 | 1.000 | 1.000 |",
	} {
		if !strings.Contains(string(card), want) {
			t.Errorf("the card lacks %q:\n%s", want, card)
		}
	}

	// agree over the merged work. Hand count, entity layer, ana and ben
	// (all three documents assigned to both): sample PERSON matched; ana's
	// ORG in "two" and ben's two GPEs in "three" only theirs: matched 1,
	// only_a 1, only_b 2, F1 2·1/(2+3) = 0.4. Quote layer: ana's quote
	// only (matched 0, only_a 1, only_b 0, F1 0), and its SPEAKER link
	// only hers: link F1 2·0/(1+0) = 0.
	for _, c := range []struct {
		layer                 string
		matched, onlyA, onlyB float64
		f1                    float64
		checkSpeaker          bool
	}{
		{layer: "entity", matched: 1, onlyA: 1, onlyB: 2, f1: 0.4},
		{layer: "quote", matched: 0, onlyA: 1, onlyB: 0, f1: 0, checkSpeaker: true},
	} {
		code, out, stderr := run("agree", "--db", db, "--annotators", "ana,ben", "--layer", c.layer, "--format", "json", "--gamma=false")
		if code != 0 {
			t.Fatalf("agree --layer %s: %d %s", c.layer, code, stderr)
		}
		var rep struct {
			Pairs     []map[string]any
			Relations map[string]map[string]any
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Pairs) != 1 {
			t.Fatalf("agree --layer %s: %v %s", c.layer, err, out)
		}
		p := rep.Pairs[0]
		if p["matched"] != c.matched || p["only_a"] != c.onlyA || p["only_b"] != c.onlyB || p["span_f1_exact"] != c.f1 {
			t.Errorf("agree --layer %s: %v; want matched %v, only_a %v, only_b %v, F1 %v", c.layer, p, c.matched, c.onlyA, c.onlyB, c.f1)
		}
		if c.checkSpeaker && rep.Relations["SPEAKER"]["f1"] != 0.0 {
			t.Errorf("SPEAKER link agreement %v; want F1 0 (ana's link only)", rep.Relations["SPEAKER"])
		}
	}

	// An export of a selection counts the same project figures from the
	// project's spans (not from what it writes).
	part := filepath.Join(dir, "part.jsonl")
	if code, _, stderr := run("export", "--db", db, "--format", "jsonl", "--status", "todo", "--label", "GPE", "--out", part); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	partCard, err := os.ReadFile(filepath.Join(dir, "part.README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := func(card []byte) string {
		s := string(card)
		i, j := strings.Index(s, "## Coders and agreement"), strings.Index(s, "## Spans per label")
		if i < 0 || j < i {
			return ""
		}
		return s[i:j]
	}
	if a, b := section(card), section(partCard); a == "" || a != b {
		t.Errorf("the selection's card says\n%s\nthe whole export's\n%s", b, a)
	}

	// Merging both again changes nothing, not even the edit log.
	actions := func() int {
		s, err := store.OpenReadOnly(db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		id, err := s.LastAction(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return int(id)
	}
	last := actions()
	if code, out, stderr := run("merge", "--db", db, ana, ben); code != 0 || strings.Count(out, "0 added, 0 changed, 0 deleted; relations 0 added, 0 deleted; 0 conflicts") != 2 {
		t.Errorf("merging again: %d %q %q", code, out, stderr)
	}
	if again := dump(t, db); strings.Join(again, "\n") != strings.Join(after, "\n") || actions() != last {
		t.Errorf("merging again changed the project:\n%s", strings.Join(again, "\n"))
	}

	// Both sides change ana's ORG: here to GPE (an adjudicator), in her
	// file to MISC; in her file she also deletes her PERSON (its SPEAKER
	// goes with it) and adds a LOC.
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	here := org
	here.Label = "GPE"
	if _, err := s.Apply(context.Background(), "adj", two.ID, "relabel", store.Change{Update: []annot.Span{here}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	as, err = store.Open(ana)
	if err != nil {
		t.Fatal(err)
	}
	there := org
	there.Label = "MISC"
	if _, err := as.Apply(context.Background(), "ana", two.ID, "relabel", store.Change{Update: []annot.Span{there}, Delete: nil}); err != nil {
		t.Fatal(err)
	}
	if _, err := as.Apply(context.Background(), "ana", sample.ID, "delete", store.Change{Delete: []string{vp.ID}}); err != nil {
		t.Fatal(err)
	}
	direct := q
	direct.Attrs = map[string]string{"kind": "direct"}
	if _, err := as.Apply(context.Background(), "ana", sample.ID, "kind", store.Change{Update: []annot.Span{direct}}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, as, "ana", two, "Doha", "LOC", annot.LayerEntity)
	as.Close()
	code, out, stderr = run("merge", "--db", db, ana)
	if code != 0 || !strings.Contains(out, "spans 1 added, 1 changed, 1 deleted; relations 0 added, 1 deleted; 1 conflicts") ||
		!strings.Contains(out, "conflict: span "+org.ID) || !strings.Contains(out, "here entity GPE") || !strings.Contains(out, "in the file entity MISC") {
		t.Fatalf("merge with a conflict: %d\n%s%s", code, out, stderr)
	}
	final := dump(t, db)
	// ana: QUOTE, ORG-now-GPE (kept), LOC; the SPEAKER went with the PERSON.
	if countBy(final, "span", "ana") != 3 || countBy(final, "rel", "ana") != 0 || !strings.Contains(strings.Join(final, "\n"), org.ID+" Reuters re ana") {
		t.Errorf("after the conflicting merge:\n%s", strings.Join(final, "\n"))
	}
	for _, l := range final {
		if strings.HasPrefix(l, "span "+org.ID) && !strings.Contains(l, "entity GPE") {
			t.Errorf("the conflict overwrote the project's version: %s", l)
		}
		if strings.HasPrefix(l, "span "+q.ID) && !strings.Contains(l, "map[kind:direct]") {
			t.Errorf("ana's change of her quote's kind was not merged: %s", l)
		}
	}
}

// TestMergeRefuses: a file that is not a project, a project that is not a
// coder's file, and a coder's file of another project are each refused
// with one line, and the project is unchanged.
func TestMergeRefuses(t *testing.T) {
	db, _ := teamProject(t)
	dir := filepath.Dir(db)
	other := filepath.Join(dir, "other.db")
	otherPack := filepath.Join(dir, "other.spanbench")
	for _, args := range [][]string{
		{"import", "--db", other, samplePath},
		{"assign", "--db", other, "--coders", "ana", "--per-doc", "1"},
		{"pack", "--db", other, "--annotator", "ana", "--out", otherPack},
	} {
		if code, _, stderr := run(args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a project\n"), 0o644)
	before := dump(t, db)
	for _, c := range []struct{ file, want string }{
		{text, "not a Spanbench project"},
		{other, "not a coder's file"},
		{otherPack, "from another project"},
		{db, "is this project"},
	} {
		code, _, stderr := run("merge", "--db", db, c.file)
		if code != 1 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("merge %s: exit %d, stderr %q; want one line with %q", filepath.Base(c.file), code, stderr, c.want)
		}
	}
	if after := dump(t, db); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Error("a refused merge changed the project")
	}
}

// teamCoded is teamProject with work by ana and ben in the sample: both
// tag Vedant Patel (PERSON), ana also a QUOTE linked to her PERSON by
// SPEAKER, ben a GPE in the third document.
func teamCoded(t *testing.T) (string, map[string]annot.Document) {
	t.Helper()
	db, docs := teamProject(t)
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sample := docTitled(t, docs, "State Department")
	q := mustCreate(t, s, "ana", sample, "“We are cooperating", "QUOTE", annot.LayerQuote)
	vp := mustCreate(t, s, "ana", sample, "Vedant Patel", "PERSON", annot.LayerEntity)
	if _, err := s.Apply(context.Background(), "ana", sample.ID, "link", store.Change{Link: []annot.Relation{{Label: annot.RelSpeaker, From: q.ID, To: vp.ID}}}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "ben", sample, "Vedant Patel", "PERSON", annot.LayerEntity)
	mustCreate(t, s, "ben", docTitled(t, docs, "Kabul"), "Kabul", "GPE", annot.LayerEntity)
	return db, docs
}

// TestTeamLabelStudioOneAnnotationPerCoder: a Label Studio export gives
// each coder of a task an annotation of their own, named in completed_by,
// which Label Studio's converter accepts and Spanbench reads back with
// each span's coder.
func TestTeamLabelStudioOneAnnotationPerCoder(t *testing.T) {
	db, _ := teamCoded(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "team.json")
	spanbench(t, "export", "--db", db, "--format", "labelstudio", "--out", data)
	var tasks []struct {
		Data        map[string]string
		Annotations []struct {
			Result      []map[string]any
			CompletedBy struct{ Email string } `json:"completed_by"`
		}
	}
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &tasks); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, task := range tasks {
		for _, a := range task.Annotations {
			got[task.Data["title"][:5]] = append(got[task.Data["title"][:5]], fmt.Sprintf("%s:%d", a.CompletedBy.Email, len(a.Result)))
		}
	}
	// The sample: cy's PERSON; ana's QUOTE, PERSON and SPEAKER; ben's
	// PERSON. Kabul: ben's GPE. Reuters: no span, one empty annotation.
	want := map[string][]string{"State": {"ana:3", "ben:1", "cy:1"}, "Kabul": {"ben:1"}, "Reute": {":0"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("annotations per task %v, want %v", got, want)
	}
	back := filepath.Join(dir, "back.db")
	spanbench(t, "import", "--db", back, data)
	lines := dump(t, back)
	if countBy(lines, "span", "ana") != 2 || countBy(lines, "span", "ben") != 2 || countBy(lines, "span", "cy") != 1 {
		t.Errorf("read back:\n%s", strings.Join(lines, "\n"))
	}
	validators.Check(t, "labelstudio", data, filepath.Join(dir, "team.label_config.xml"))
}

// TestTeamExportsPerCoder: in a project of several coders, native JSONL
// names each span's coder, spaCy has a span group per coder, brat a
// folder per coder, doccano a file per coder, each accepted by the
// format's own reader; --annotator NAME exports one coder's spans.
func TestTeamExportsPerCoder(t *testing.T) {
	db, _ := teamCoded(t)
	dir := t.TempDir()
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// JSONL: every span with its annotator; --annotator ana keeps hers
	// (QUOTE, PERSON) and her SPEAKER.
	all := filepath.Join(dir, "all.jsonl")
	spanbench(t, "export", "--db", db, "--format", "jsonl", "--out", all)
	if got := strings.Count(read(all), `"annotator":"ana"`); got != 3 { // 2 spans, 1 relation
		t.Errorf("all.jsonl: %d items by ana, want 3", got)
	}
	ana := filepath.Join(dir, "ana.jsonl")
	spanbench(t, "export", "--db", db, "--format", "jsonl", "--annotator", "ana", "--out", ana)
	if s := read(ana); strings.Count(s, `"annotator":"ana"`) != 3 || strings.Contains(s, `"annotator":"ben"`) || strings.Contains(s, `"annotator":"cy"`) {
		t.Errorf("ana.jsonl holds others' spans:\n%s", s)
	}
	gold := filepath.Join(dir, "gold.jsonl")
	spanbench(t, "export", "--db", db, "--format", "jsonl", "--annotator", "gold", "--out", gold)
	if s := read(gold); strings.Contains(s, `"annotator"`) {
		t.Errorf("gold.jsonl (no gold version yet) holds spans:\n%s", s)
	}

	// spaCy: groups coder:ana (2 spans), coder:ben (1 in the sample).
	sp := filepath.Join(dir, "team.spacy.jsonl")
	spanbench(t, "export", "--db", db, "--format", "spacy", "--out", sp)
	var task struct {
		Meta       map[string]any
		SpanGroups map[string][]map[string]any `json:"span_groups"`
	}
	for _, line := range strings.Split(strings.TrimSpace(read(sp)), "\n") {
		if err := json.Unmarshal([]byte(line), &task); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(fmt.Sprint(task.Meta["title"]), "State") {
			if len(task.SpanGroups["coder:ana"]) != 2 || len(task.SpanGroups["coder:ben"]) != 1 || len(task.SpanGroups["coder:cy"]) != 1 {
				t.Errorf("sample's span groups: %v", task.SpanGroups)
			}
		}
	}
	back := filepath.Join(dir, "back.db")
	spanbench(t, "import", "--db", back, sp)
	if lines := dump(t, back); countBy(lines, "span", "ana") != 2 || countBy(lines, "span", "ben") != 2 {
		t.Errorf("spaCy read back:\n%s", strings.Join(lines, "\n"))
	}

	// brat: the whole project on top, and ana/, ben/, cy/ with their own.
	br := filepath.Join(dir, "brat")
	spanbench(t, "export", "--db", db, "--format", "brat", "--out", br)
	anns, _ := filepath.Glob(filepath.Join(br, "ana", "*.ann"))
	if len(anns) != 1 || strings.Count(read(anns[0]), "\n") != 3 { // T1, T2, R1
		t.Errorf("brat/ana: %v", anns)
	}
	bens, _ := filepath.Glob(filepath.Join(br, "ben", "*.ann"))
	if len(bens) != 2 {
		t.Errorf("brat/ben: %v", bens)
	}
	// Exporting again over it replaces it.
	spanbench(t, "export", "--db", db, "--format", "brat", "--out", br)

	// doccano: NAME.CODER.jsonl per coder, a line per document coded.
	dc := filepath.Join(dir, "team.doccano.jsonl")
	spanbench(t, "export", "--db", db, "--format", "doccano", "--out", dc)
	if n := strings.Count(read(filepath.Join(dir, "team.doccano.ben.jsonl")), "\n"); n != 2 {
		t.Errorf("doccano ben file: %d lines, want 2", n)
	}
	if s := read(filepath.Join(dir, "team.doccano.ana.jsonl")); strings.Count(s, "\n") != 1 || !strings.Contains(s, `"relations":[{`) {
		t.Errorf("doccano ana file: %s", s)
	}

	validators.Check(t, "brat", br)
	for _, c := range []string{"ana", "ben", "cy"} {
		validators.Check(t, "brat", filepath.Join(br, c))
		validators.Check(t, "doccano", filepath.Join(dir, "team.doccano."+c+".jsonl"))
	}
	validators.Check(t, "doccano", dc)
	validators.Check(t, "spacy", sp)
}

// TestPackOutput: pack never writes over the project, a device or any
// existing file, needs a coder with documents, and leaves nothing behind
// when it fails.
func TestPackOutput(t *testing.T) {
	db, _ := teamProject(t)
	dir := filepath.Dir(db)
	// (Compared by content: opening the project may index its texts.)
	before := dump(t, db)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--annotator", "ana", "--out", db}, 2, "is the project file"},
		{[]string{"--annotator", "ana", "--out", os.DevNull}, 1, "already exists"},
		{[]string{"--annotator", "ana", "--out", "-"}, 2, "not a stream"},
		{[]string{"--out", filepath.Join(dir, "x.spanbench")}, 2, "give --annotator"},
		{[]string{"--annotator", "zoe", "--out", filepath.Join(dir, "zoe.spanbench")}, 1, "zoe has no documents assigned"},
		{[]string{"--annotator", "ana", "--out", filepath.Join(dir, "no", "such", "ana.spanbench")}, 1, "ana.spanbench"},
	} {
		code, _, stderr := run(append([]string{"pack", "--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("pack %v: exit %d, %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if st, err := os.Stat(os.DevNull); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatal("/dev/null is no longer a device")
	}
	if after := dump(t, db); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Error("a refused pack changed the project")
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*spanbench*"))
	if len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestPackCarriesTheProject: a coder's file has the project's labels (a
// label added too), cue lexicon, gazetteer and guidelines; without blind
// coding it has every coder's spans of the coder's documents.
func TestPackCarriesTheProject(t *testing.T) {
	db, _ := teamProject(t)
	dir := filepath.Dir(db)
	md := filepath.Join(dir, "g.md")
	os.WriteFile(md, []byte("# Guidelines\n\nTag every speaker.\n"), 0o644)
	gz := filepath.Join(dir, "g.csv")
	os.WriteFile(gz, []byte("text,label\nVedant Patel,PERSON\n"), 0o644)
	for _, args := range [][]string{
		{"guidelines", "--db", db, "--import", md},
		{"gazetteer", "import", "--db", db, gz},
		{"cues", "--db", db, "--add", "point out"},
		{"labels", "--db", db, "--add", "entity:WEAPON"},
		{"blind", "--db", db, "off"},
	} {
		if code, _, stderr := run(args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
	out := filepath.Join(dir, "ana.spanbench")
	// Not blind: cy's span in the sample comes along.
	if code, stdout, stderr := run("pack", "--db", db, "--annotator", "ana", "--out", out); code != 0 || !strings.Contains(stdout, "packed 3 documents, 1 spans") {
		t.Fatalf("pack: %d %q %q", code, stdout, stderr)
	}
	src, err := store.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	p, err := store.OpenReadOnly(out)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	for _, get := range []func(*store.Store) (any, error){
		func(s *store.Store) (any, error) { return s.Labels(ctx) },
		func(s *store.Store) (any, error) { return s.CueWords(ctx) },
		func(s *store.Store) (any, error) { return s.Gazetteer(ctx) },
		func(s *store.Store) (any, error) { return s.Setting(ctx, store.GuidelinesKey, "") },
		func(s *store.Store) (any, error) { return s.ProjectID(ctx) },
	} {
		a, errA := get(src)
		b, errB := get(p)
		if errA != nil || errB != nil || fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("the coder's file has %v (%v), the project %v (%v)", b, errB, a, errA)
		}
	}
	if g, _ := p.Setting(ctx, store.GuidelinesKey, ""); !strings.Contains(g, "Tag every speaker") {
		t.Errorf("guidelines %q", g)
	}
}
