package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"spanbench/assets"
)

// TestWindowAdjudicatesByKeyboard builds a two-coder project with the
// command line (ana and ben coded the sample article: both marked "Vedant
// Patel" a PERSON; ana the later "Patel" a PERSON, ben an ORG; only ana
// marked "Afghanistan" a GPE), then in the real window: Ctrl+Shift+J
// (adjudication: the agreed PERSON is pre-merged into gold), 1 (ana's
// version of the first disagreement, the label of "Patel"), Ctrl+Z (undone;
// the current disagreement stays the next one, Afghanistan), K (back to
// "Patel"), 2 (ben's ORG), D (drop Afghanistan), M (mark adjudicated),
// Ctrl+Q. "spanbench export --annotated-by gold" must then hold exactly the
// two gold spans with their provenance, and the document adjudicated.
// Offsets are code points of assets/state-dept-afghanistan.txt counted
// with Python's str.find: "Vedant Patel" 387-399 (as TestWindowEndToEnd),
// "Patel" 837-842 (as TestWindowRelatesByKeyboard), "Afghanistan" 903-914.
func TestWindowAdjudicatesByKeyboard(t *testing.T) {
	bin, env := windowSetup(t)
	dir := t.TempDir()
	db, in := filepath.Join(dir, "p.db"), filepath.Join(dir, "coders.jsonl")
	text := []rune(assets.SampleText())
	type span struct {
		Start     int    `json:"start"`
		End       int    `json:"end"`
		Text      string `json:"text"`
		Layer     string `json:"layer"`
		Label     string `json:"label"`
		Annotator string `json:"annotator"`
	}
	sp := func(s, e int, label, who string) span {
		return span{s, e, string(text[s:e]), "entity", label, who}
	}
	spans := []span{sp(387, 399, "PERSON", "ana"), sp(387, 399, "PERSON", "ben"),
		sp(837, 842, "PERSON", "ana"), sp(837, 842, "ORG", "ben"), sp(903, 914, "GPE", "ana")}
	for _, s := range spans {
		if want := map[int]string{387: "Vedant Patel", 837: "Patel", 903: "Afghanistan"}[s.Start]; s.Text != want {
			t.Fatalf("the sample article has %q at %d, want %q", s.Text, s.Start, want)
		}
	}
	line, err := json.Marshal(map[string]any{"title": assets.SampleTitle, "text": string(text), "spans": spans})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLI(t, bin, env, "import", "--db", db, "--format", "jsonl", in)

	runWindow(t, bin, db, env, []string{"ctrl+shift+j", "1", "ctrl+z", "k", "2", "d", "m", "ctrl+q"})

	var doc struct {
		Meta  map[string]string
		Spans []struct {
			Start, End       int
			Label, Annotator string
			Attrs            map[string]string
		}
	}
	out := runCLI(t, bin, env, "export", "--db", db, "--format", "jsonl", "--annotated-by", "gold", "--out", "-")
	if err := json.Unmarshal(bytes.TrimSpace(out), &doc); err != nil {
		t.Fatalf("export is not one JSON document: %v\n%s", err, out)
	}
	var got []string
	for _, s := range doc.Spans {
		got = append(got, strings.Join([]string{s.Annotator, s.Label, strconv.Itoa(s.Start), strconv.Itoa(s.End), s.Attrs["from"]}, " "))
	}
	sort.Strings(got)
	want := []string{"gold ORG 837 842 ben", "gold PERSON 387 399 ana,ben"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("gold spans %q, want %q", got, want)
	}
	if doc.Meta["adjudicated"] != "yes" {
		t.Fatalf("document meta %v, want adjudicated=yes", doc.Meta)
	}
}
