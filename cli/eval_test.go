package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"spanbench/annot"
	"spanbench/annot/format"
)

// evalGoldFile writes one gold document: an indirect quote whose source is
// a name, a direct one whose source is "she" (SAME_AS the name), and a title
// in quotation marks that is no quote. Offsets come from finding the words.
func evalGoldFile(t *testing.T) string {
	text := "Mayor Ana Ruiz said the bridge would reopen in May. “We are ready,” she said. The film “Blue River” opens on Friday."
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		start := utf8.RuneCountInString(text[:i])
		return start, start + utf8.RuneCountInString(s)
	}
	span := func(id, s string, layer annot.Layer, label string, attrs map[string]string) annot.Span {
		a, b := at(s)
		return annot.Span{ID: id, Start: a, End: b, Layer: layer, Label: label, Attrs: attrs}
	}
	b := annot.Bundle{Doc: annot.Document{ID: "d1", Title: "bridge", Text: text, Status: annot.StatusDone}}
	b.Spans = []annot.Span{
		span("ruiz", "Ana Ruiz", annot.LayerEntity, "PERSON", nil),
		span("q1", "the bridge would reopen in May", annot.LayerQuote, "QUOTE", map[string]string{"kind": "indirect", "class": "said-that"}),
		span("q2", "We are ready", annot.LayerQuote, "QUOTE", map[string]string{"kind": "direct", "class": "pronoun"}),
		span("she", "she", annot.LayerEntity, "PERSON", nil),
	}
	b.Relations = []annot.Relation{
		{ID: "r1", Label: "SPEAKER", From: "q1", To: "ruiz"},
		{ID: "r2", Label: "SPEAKER", From: "q2", To: "she"},
		{ID: "r3", Label: "SAME_AS", From: "she", To: "ruiz"},
	}
	path := filepath.Join(t.TempDir(), "gold.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := format.WriteJSONL(f, b); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEval scores the suggesters on a gold file: both quotes found, the
// title not suggested, the named source and the pronoun resolved right.
func TestEval(t *testing.T) {
	gold := evalGoldFile(t)
	code, out, stderr := run("eval", "--gold", gold, "--format", "jsonl", "--json")
	if code != 0 {
		t.Fatalf("eval: %d %s", code, stderr)
	}
	var got struct {
		Docs    int
		All     map[string]struct{ Right, Total int }
		Classes map[string]map[string]struct{ Right, Total int }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, out)
	}
	want := map[string][2]int{
		"direct_found": {1, 1}, "quote_precision": {1, 1}, "speaker_pronoun": {1, 1}, "speaker_named": {0, 0},
		"indirect_found": {1, 1}, "indirect_precision": {1, 1}, "indirect_source_named": {1, 1},
	}
	for k, w := range want {
		if f := got.All[k]; f.Right != w[0] || f.Total != w[1] {
			t.Errorf("%s = %d/%d, want %d/%d", k, f.Right, f.Total, w[0], w[1])
		}
	}
	if got.Docs != 1 || got.Classes["said-that"]["indirect_found"].Total != 1 || got.Classes["pronoun"]["direct_found"].Total != 1 {
		t.Errorf("docs %d, classes %v", got.Docs, got.Classes)
	}
	// The text table has a row for all quotes and one per class.
	code, out, _ = run("eval", "--gold", gold)
	if code != 0 || !strings.Contains(out, "indirect found") || !strings.Contains(out, "\nsaid-that ") || !strings.Contains(out, "\npronoun ") {
		t.Errorf("eval table: %d\n%s", code, out)
	}
}

func TestEvalBadInput(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nothing.jsonl")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"eval"}, 2, "give --gold"},
		{[]string{"eval", "--gold", evalGoldFile(t), "--format", "conll"}, 2, "--format \"conll\""},
		{[]string{"eval", "--gold", missing}, 1, missing},
	} {
		code, _, stderr := run(tc.args...)
		first := strings.SplitN(stderr, "\n", 2)[0]
		if code != tc.code || !strings.Contains(first, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tc.args, code, first, tc.code, tc.want)
		}
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{\"text\": 3}\n"), 0o644)
	if code, _, stderr := run("eval", "--gold", bad); code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "bad.jsonl") {
		t.Errorf("bad JSONL: exit %d, %q", code, stderr)
	}
}
