package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestWindowRelatesByKeyboard makes a SAME_AS (not the default SPEAKER)
// with the keyboard alone in the real window: label "Vedant Patel" and the
// later "Patel" (of "Patel said") PERSON, then Ctrl+R, type "same", Enter
// (the label), Tab (the nearest entity the rule allows: the only other
// one), Enter, Ctrl+Q. "spanbench export --format jsonl" must then hold
// the relation from the second span to the first. Offsets are code points
// of assets/state-dept-afghanistan.txt: "Vedant Patel" 387-399 (as
// TestWindowEndToEnd), "Patel" again at 837 (counted with Python's
// str.find on the file).
func TestWindowRelatesByKeyboard(t *testing.T) {
	bin, env := windowSetup(t)
	db := filepath.Join(t.TempDir(), "p.db")
	runWindow(t, bin, db, env, []string{
		"ctrl+f", "type:Vedant Patel", "Return", "Escape", "3",
		"ctrl+f", "type:Patel", "Return", "Escape", "3",
		"ctrl+r", "type:same", "Return", "Tab", "Return",
		"ctrl+q"})

	out := runCLI(t, bin, env, "export", "--db", db, "--format", "jsonl", "--out", "-")
	var doc struct {
		Spans []struct {
			ID         string
			Start, End int
			Label      string
		}
		Relations []struct{ Label, From, To string }
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(out))), &doc); err != nil {
		t.Fatalf("export is not one JSON document: %v", err)
	}
	at := map[string]int{}
	for _, s := range doc.Spans {
		if s.Label == "PERSON" {
			at[s.ID] = s.Start
		}
	}
	if len(doc.Spans) != 2 || len(at) != 2 {
		t.Fatalf("exported spans %+v, want two PERSON", doc.Spans)
	}
	if len(doc.Relations) != 1 {
		t.Fatalf("exported relations %+v, want one SAME_AS", doc.Relations)
	}
	r := doc.Relations[0]
	if r.Label != "SAME_AS" || at[r.From] != 837 || at[r.To] != 387 {
		t.Fatalf("exported relation %+v (from starts at %d, to at %d), want SAME_AS from 837 to 387", r, at[r.From], at[r.To])
	}
}
