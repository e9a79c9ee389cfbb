package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
)

// canonicalCSV is the reliability data of Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability", section C, as the agree command reads
// it: one row per observer, an empty cell for a missing value.
const canonicalCSV = `A,1,2,3,3,2,1,4,1,2,,,
B,1,2,3,3,2,2,4,1,2,5,,3
C,,3,3,3,2,3,4,2,2,5,1,
D,1,2,3,3,2,4,4,1,2,5,1,
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAgreeCanonical(t *testing.T) {
	data := writeTemp(t, "rel.csv", canonicalCSV)
	// Expected values printed in Krippendorff (2011), section C.
	for _, c := range []struct {
		level, want string
	}{
		{"", "0.743"}, // nominal is the default
		{"ordinal", "0.815"},
		{"interval", "0.849"},
		{"ratio", "0.797"},
	} {
		args := []string{"agree", "--data", data}
		if c.level != "" {
			args = append(args, "--level", c.level)
		}
		code, out, stderr := run(args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
		if !strings.Contains(out, ": "+c.want+" ") || !strings.Contains(out, "4 coders, 12 units") {
			t.Errorf("%s: %q; want alpha %s, 4 coders, 12 units", c.level, out, c.want)
		}
	}
}

func TestAgreeNominalLabels(t *testing.T) {
	// The canonical table with category names instead of numbers: nominal
	// α only compares values for equality, so it is still .743.
	names := strings.NewReplacer("1", "PER", "2", "ORG", "3", "LOC", "4", "MISC", "5", "DATE").Replace(canonicalCSV)
	names = strings.NewReplacer("A,", "ann,", "B,", "bob,", "C,", "cy,", "D,", "dee,").Replace(names)
	code, out, stderr := run("agree", "--data", writeTemp(t, "names.csv", "\ufeff"+names))
	if code != 0 || !strings.Contains(out, ": 0.743 ") {
		t.Errorf("%d %q %s; want 0.743", code, out, stderr)
	}
}

func TestAgreeJSON(t *testing.T) {
	code, out, stderr := run("agree", "--data", writeTemp(t, "rel.csv", canonicalCSV), "--format", "json", "--level", "interval")
	if code != 0 {
		t.Fatalf("%d %s", code, stderr)
	}
	var got struct {
		Alpha  *float64 `json:"krippendorff_alpha"`
		Units  int      `json:"units"`
		Coders int      `json:"coders"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Alpha == nil {
		t.Fatalf("%q: %v", out, err)
	}
	if math.Abs(*got.Alpha-0.849) > 0.0005 || got.Units != 12 || got.Coders != 4 {
		t.Errorf("%+v (alpha %v); want 0.849, 12 units, 4 coders", got, *got.Alpha)
	}
}

func TestAgreeBadInput(t *testing.T) {
	for _, c := range []struct {
		name, csv, level, want string
	}{
		{"text at interval", "A,1,2\nB,1,x\n", "interval", ":2: column 3: \"x\" is not a number"},
		{"ragged row", "A,1,2,3\nB,1,2\n", "", ":2: column 4: 2 units, but line 1 has 3"},
		{"long row", "A,1,2\nB,1,2,3\n", "", ":2: column 4: 3 units, but line 1 has 2"},
		{"repeated coder", "A,1,2\nA,1,2\n", "", ":2: column 1: coder \"A\" already has a row (line 1)"},
		{"no name", "A,1,2\n,1,2\n", "", ":2: column 1: the coder's name is empty"},
		{"one coder", "A,1,2\n", "", "1 coder rows; alpha needs at least 2"},
		{"bad quote", "A,1,2\nB,1\"2,3\n", "", ":2: at byte 4 of the line: bare \""},
		{"negative ratio", "A,1,2\nB,1,-2\n", "ratio", ":2: column 3: \"-2\" is negative"},
		{"no variation", "A,1,1\nB,1,1\n", "", "agreement undefined"},
	} {
		p := writeTemp(t, "bad.csv", c.csv)
		args := []string{"agree", "--data", p}
		if c.level != "" {
			args = append(args, "--level", c.level)
		}
		code, out, stderr := run(args...)
		if code != 1 || out != "" || !strings.Contains(stderr, p) || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: %d %q %q; want one line naming %s and %q", c.name, code, out, stderr, p, c.want)
		}
	}
	if code, _, stderr := run("agree", "--level", "ordinal"); code != 2 || !strings.Contains(stderr, "--data") {
		t.Errorf("--level without --data: %d %q; want a usage error", code, stderr)
	}
	if code, _, stderr := run("agree", "--data", "x.csv", "--level", "cardinal"); code != 2 || !strings.Contains(stderr, "unknown level") {
		t.Errorf("bad level: %d %q; want a usage error", code, stderr)
	}
}

// agreeDB imports the two hand-counted documents of annot/agree's
// TestProjectHandCount (ten one-letter words each, word t the token
// [2t, 2t+1)) as native JSONL:
//
//	d1 ana: QUOTE [0,5) [10,15), PERSON [18,19) [6,7), SPEAKER [0,5)->[18,19), [10,15)->[6,7)
//	   ben: QUOTE [0,5) [12,17), PERSON [18,19),       SPEAKER [0,5)->[18,19), [12,17)->[18,19)
//	d2 ana: QUOTE [0,3) [6,9), PERSON [12,13) [16,17), SPEAKER [0,3)->[12,13), [6,9)->[16,17)
//	   ben: the same spans,                             SPEAKER [0,3)->[12,13), [6,9)->[12,13)
func agreeDB(t *testing.T) string {
	t.Helper()
	span := func(c, id string, layer annot.Layer, label string, s, e int) annot.Span {
		return annot.Span{ID: annot.DerivedID("t", c+id), Start: s, End: e, Layer: layer, Label: label, Annotator: c}
	}
	link := func(c, from, to string) annot.Relation {
		return annot.Relation{ID: annot.DerivedID("t", c+from+to), Label: annot.RelSpeaker, From: annot.DerivedID("t", c+from), To: annot.DerivedID("t", c+to), Annotator: c}
	}
	q, p := annot.LayerQuote, annot.LayerEntity
	docs := []annot.Bundle{
		{Doc: annot.Document{ID: annot.DerivedID("t", "d1"), Title: "one", Text: "a b c d e f g h i j"},
			Spans: []annot.Span{span("ana", "q1", q, "QUOTE", 0, 5), span("ana", "q2", q, "QUOTE", 10, 15), span("ana", "p1", p, "PERSON", 18, 19), span("ana", "p2", p, "PERSON", 6, 7),
				span("ben", "q1", q, "QUOTE", 0, 5), span("ben", "q2", q, "QUOTE", 12, 17), span("ben", "p1", p, "PERSON", 18, 19)},
			Relations: []annot.Relation{link("ana", "q1", "p1"), link("ana", "q2", "p2"), link("ben", "q1", "p1"), link("ben", "q2", "p1")}},
		{Doc: annot.Document{ID: annot.DerivedID("t", "d2"), Title: "two", Text: "k l m n o p q r s t"},
			Spans: []annot.Span{span("ana", "q3", q, "QUOTE", 0, 3), span("ana", "q4", q, "QUOTE", 6, 9), span("ana", "p3", p, "PERSON", 12, 13), span("ana", "p4", p, "PERSON", 16, 17),
				span("ben", "q3", q, "QUOTE", 0, 3), span("ben", "q4", q, "QUOTE", 6, 9), span("ben", "p3", p, "PERSON", 12, 13), span("ben", "p4", p, "PERSON", 16, 17)},
			Relations: []annot.Relation{link("ana", "q3", "p3"), link("ana", "q4", "p4"), link("ben", "q3", "p3"), link("ben", "q4", "p3")}},
	}
	var buf bytes.Buffer
	for _, b := range docs {
		if err := format.WriteJSONL(&buf, b); err != nil {
			t.Fatal(err)
		}
	}
	in := writeTemp(t, "coded.jsonl", buf.String())
	db := filepath.Join(filepath.Dir(in), "p.db")
	if code, _, stderr := run("import", "--db", db, in); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	return db
}

func TestAgreeDB(t *testing.T) {
	db := agreeDB(t)
	code, out, stderr := run("agree", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("agree: %d %s", code, stderr)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// The object the issue about teams asks for.
	for _, k := range []string{"layer", "annotators", "documents", "pairs", "fleiss_kappa", "krippendorff_alpha", "alpha_u", "gamma", "per_label", "relations"} {
		if _, ok := got[k]; !ok {
			t.Errorf("json has no %q", k)
		}
	}
	var rep struct {
		Layer      string
		Annotators []string
		Documents  int
		Pairs      []map[string]any
		Relations  map[string]map[string]any
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Layer != "quote" || strings.Join(rep.Annotators, ",") != "ana,ben" || rep.Documents != 2 || len(rep.Pairs) != 1 {
		t.Fatalf("layer %q annotators %v documents %d pairs %d; want quote, ana,ben, 2, 1", rep.Layer, rep.Annotators, rep.Documents, len(rep.Pairs))
	}
	// Hand counts (see agreeDB): 3 exact matches, 1 only in each coder,
	// F1 .75; token κ .8; SPEAKER links F1 .5, target κ .5. (The JSONL has
	// no annotator on relations: each counts for the coder of its spans.)
	pair := rep.Pairs[0]
	for k, want := range map[string]float64{"matched": 3, "only_a": 1, "only_b": 1, "span_f1_exact": 0.75, "span_f1_overlap": 1} {
		if pair[k] != want {
			t.Errorf("pairs[0].%s = %v; want %v", k, pair[k], want)
		}
	}
	if k, ok := pair["cohen_kappa"].(float64); !ok || math.Abs(k-0.8) > 1e-9 {
		t.Errorf("cohen_kappa %v; want .8", pair["cohen_kappa"])
	}
	if s := rep.Relations["SPEAKER"]; s["f1"] != 0.5 || math.Abs(s["kappa"].(float64)-0.5) > 1e-9 {
		t.Errorf("SPEAKER %v; want f1 .5, kappa .5", s)
	}
	// CUE: no links at all: F1 is undefined, written as null.
	if c := rep.Relations["CUE"]; c == nil || c["f1"] != nil {
		t.Errorf("CUE %v; want f1 null", c)
	}

	// γ's convention is the paper's unless asked (docs/agreement.md).
	for conv, want := range map[string]string{"": "paper", "pygamma-0.1": "pygamma-0.1"} {
		args := []string{"agree", "--db", db, "--format", "json"}
		if conv != "" {
			args = append(args, "--gamma-convention", conv)
		}
		code, out, stderr := run(args...)
		var r struct {
			GammaParameters struct{ Convention string } `json:"gamma_parameters"`
		}
		if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil || r.GammaParameters.Convention != want {
			t.Errorf("%v: %d %v %s: convention %q, want %q", args, code, err, stderr, r.GammaParameters.Convention, want)
		}
	}

	code, out, stderr = run("agree", "--db", db, "--gamma=false")
	if code != 0 || !strings.Contains(out, "ana/ben") || !strings.Contains(out, "0.750") || !strings.Contains(out, "not computed") {
		t.Errorf("text: %d %q %s", code, out, stderr)
	}
	// Entities: ana's 4 PERSONs, ben's 3, all of ben's among ana's: 3 matched.
	code, out, stderr = run("agree", "--db", db, "--format", "csv", "--layer", "entity", "--gamma=false")
	if code != 0 || !strings.HasPrefix(out, "layer,scope,a,b,label,document,measure,value\n") || !strings.Contains(out, "entity,pair,ana,ben,,,matched,3\n") {
		t.Errorf("csv: %d %q %s", code, out, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--layer", "speech"}, "unknown layer"},
		{[]string{"--annotators", "ana"}, "at least two"},
		{[]string{"--format", "xml"}, "give text, json or csv"},
		{[]string{"--gamma-convention", "java"}, "give paper or pygamma-0.1"},
		{[]string{"--level", "ordinal"}, "--level goes with --data"},
		{[]string{"--data", "x.csv", "--layer", "quote"}, "does not go with --data"},
	} {
		code, _, stderr := run(append([]string{"agree", "--db", db}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %d %q; want a usage error with %q", c.args, code, stderr, c.want)
		}
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if code, _, stderr := run("agree", "--db", missing); code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("missing project: %d %q; want one line", code, stderr)
	}
}
