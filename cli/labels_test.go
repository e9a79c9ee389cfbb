package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/store"
)

// labelsProject imports mixedBundle (spans QUOTE, CLAIM, PERSON, MISC, GPE,
// CUE; relations SPEAKER, CUE, CLAIMANT) into a new project.
func labelsProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var in bytes.Buffer
	if err := format.WriteJSONL(&in, mixedBundle()); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "mixed.jsonl")
	os.WriteFile(src, in.Bytes(), 0o644)
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run("import", "--db", db, src); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	return db
}

// labelRows runs "labels" and returns its rows by "layer/name", as fields.
func labelRows(t *testing.T, db string) map[string][]string {
	t.Helper()
	code, out, stderr := run("labels", "--db", db)
	if code != 0 {
		t.Fatalf("labels: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "LAYER NAME COLOR KEY USES" {
		t.Fatalf("header %q", lines[0])
	}
	rows := map[string][]string{}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		rows[f[0]+"/"+f[1]] = f
	}
	return rows
}

func TestLabelsListsColourKeyAndUses(t *testing.T) {
	db := labelsProject(t)
	rows := labelRows(t, db)
	want := map[string]string{
		"quote/QUOTE":       "quote QUOTE #f2b134 1 1 spans",
		"entity/PERSON":     "entity PERSON #e56b6f 3 1 spans",
		"entity/ORG":        "entity ORG #6bbf59 4 0 spans",
		"cue/CUE":           "cue CUE #8d99ae - 1 spans",
		"relation/SPEAKER":  "relation SPEAKER #d9822b - 1 relations",
		"relation/SAME_AS":  "relation SAME_AS #9b6cc4 - 0 relations",
		"relation/CLAIMANT": "relation CLAIMANT #3a7cb8 - 1 relations",
	}
	for k, w := range want {
		if got := strings.Join(rows[k], " "); got != w {
			t.Errorf("%s: %q, want %q", k, got, w)
		}
	}
	if len(rows) != len(annot.DefaultLabels()) {
		t.Errorf("%d rows", len(rows))
	}
}

func TestLabelsEditsInOneAction(t *testing.T) {
	db := labelsProject(t)
	code, out, stderr := run("labels", "--db", db, "--annotator", "cli",
		"--add", "entity:DATE", "--add", "relation:QUOTES_FROM:#112233", "--rename", "entity:PERSON:PER",
		"--key", "entity:DATE:3", "--color", "quote:QUOTE:#AABBCC", "--delete", "entity:LOC", "--key", "cue:CUE:-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"added entity label DATE (#", "added relation label QUOTES_FROM (#112233)",
		"renamed entity label PERSON to PER", "entity label DATE: key 3 (PER had it and now has none)",
		"quote label QUOTE: colour #aabbcc", "deleted entity label LOC", "cue label CUE: key none"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	rows := labelRows(t, db)
	if r := rows["entity/DATE"]; len(r) == 0 || r[3] != "3" {
		t.Errorf("DATE %v", r)
	}
	if r := rows["entity/PER"]; len(r) == 0 || r[3] != "-" || r[4] != "1" {
		t.Errorf("PER %v (the renamed label keeps its span)", r)
	}
	if rows["entity/PERSON"] != nil || rows["entity/LOC"] != nil || rows["relation/QUOTES_FROM"][2] != "#112233" || rows["quote/QUOTE"][2] != "#aabbcc" {
		t.Errorf("rows %v", rows)
	}
	_, exported, _ := run("export", "--db", db, "--format", "jsonl", "--out", "-")
	if !strings.Contains(exported, `"label":"PER"`) || strings.Contains(exported, `"label":"PERSON"`) {
		t.Errorf("export still says PERSON: %s", exported)
	}
	if code, out, stderr := run("check", "--db", db); code != 0 {
		t.Fatalf("check after the rename: %s %s", out, stderr)
	}
	// One action: one undo by the same annotator brings back the defaults.
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(context.Background(), "cli"); err != nil {
		t.Fatal(err)
	}
	ls, _ := s.Labels(context.Background())
	s.Close()
	def := annot.DefaultLabels()
	for i := range def {
		def[i].ID = ls[i].ID
	}
	if !equalLabels(ls, def) {
		t.Errorf("after one undo %v", ls)
	}
}

func equalLabels(a, b []annot.Label) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLabelsSwapNames(t *testing.T) {
	db := labelsProject(t)
	code, _, stderr := run("labels", "--db", db, "--rename", "entity:GPE:TMP", "--rename", "entity:MISC:GPE", "--rename", "entity:TMP:MISC")
	if code != 0 {
		t.Fatalf("swap: %d %s", code, stderr)
	}
	_, exported, _ := run("export", "--db", db, "--format", "jsonl", "--out", "-")
	// Zoë was MISC and 日本語 GPE.
	if !strings.Contains(exported, `"text":"Zoë","layer":"entity","label":"GPE"`) || !strings.Contains(exported, `"text":"日本語","layer":"entity","label":"MISC"`) {
		t.Errorf("labels not swapped on the spans: %s", exported)
	}
	if code, out, stderr := run("check", "--db", db); code != 0 {
		t.Fatalf("check after the swap: %s %s", out, stderr)
	}
}

func TestLabelsRefusals(t *testing.T) {
	db := labelsProject(t)
	_, before, _ := run("labels", "--db", db)
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"delete used span label", []string{"--delete", "entity:PERSON"}, 1, "labels not changed: label PERSON is used by 1 span; relabel or delete it first"},
		{"delete a built-in relation label", []string{"--delete", "relation:SAME_AS"}, 1, "relation label SAME_AS is built in (used for linking coreferent entities): it can be recoloured, not renamed or deleted"},
		{"rename a built-in relation label", []string{"--rename", "relation:SPEAKER:SAID_BY"}, 1, "relation label SPEAKER is built in"},
		{"all or nothing", []string{"--add", "entity:DATE", "--delete", "entity:GPE"}, 1, "label GPE is used by 1 span"},
		{"rename onto a label", []string{"--rename", "entity:PERSON:ORG"}, 1, "layer entity already has a label ORG"},
		{"add twice", []string{"--add", "entity:DATE", "--add", "entity:DATE"}, 1, "layer entity already has a label DATE"},
		{"unknown label", []string{"--color", "entity:NOPE:#123456"}, 1, `label "NOPE" does not exist in layer entity (known: `},
		{"unknown layer", []string{"--add", "topic:X"}, 2, `unknown layer "topic"`},
		{"two words", []string{"--add", "entity:NEW ORG"}, 2, "must be one word"},
		{"bad colour", []string{"--color", "entity:ORG:green"}, 2, "not of the form #rrggbb"},
		{"bad add colour", []string{"--add", "entity:X:#12345"}, 2, "not of the form #rrggbb"},
		{"key 0", []string{"--key", "entity:ORG:0"}, 2, "not one of 1-9"},
		{"relation key", []string{"--key", "relation:SPEAKER:1"}, 2, "relation labels have no key"},
		{"no layer", []string{"--delete", "PERSON"}, 2, "want LAYER:NAME"},
		{"rename without new name", []string{"--rename", "entity:PERSON"}, 2, "want LAYER:OLD:NEW"},
		{"argument", []string{"PERSON"}, 2, "unexpected argument"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(append([]string{"labels", "--db", db}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
			if first := strings.SplitN(stderr, "\n", 2)[0]; !strings.HasPrefix(first, "spanbench labels: ") || !strings.Contains(first, tt.want) {
				t.Errorf("the first line should say it all: %q", first)
			}
			if tt.code == 1 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("a failure is one line: %q", stderr)
			}
			if _, after, _ := run("labels", "--db", db); after != before {
				t.Errorf("the labels changed:\n%s", after)
			}
		})
	}
	code, out, _ := run("labels", "--db", db, "--key", "quote:QUOTE:1")
	if code != 0 || !strings.Contains(out, "nothing changed") {
		t.Errorf("a no-op: %d %q", code, out)
	}
}
