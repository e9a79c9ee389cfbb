package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
)

// run runs the command line in-process and returns status, stdout, stderr.
func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb, nil)
	return code, out.String(), errb.String()
}

const samplePath = "../assets/state-dept-afghanistan.txt"

func TestImportExportSampleByteIdentical(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	code, out, stderr := run("export", "--db", db, "--format", "jsonl", "--out", "-")
	if code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	var doc struct {
		Title, Text string
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(samplePath)
	if doc.Text != string(want) {
		t.Errorf("exported text differs from the file")
	}
	if doc.Title != "State Department: US and Allies Work to Counter Emerging Terrorist Threats in Afghanistan" {
		t.Errorf("title = %q", doc.Title)
	}
	// Importing the same article again skips it.
	code, out, _ = run("import", "--db", db, samplePath)
	if code != 0 || !strings.Contains(out, "imported 0 documents") || !strings.Contains(out, "already in the project") {
		t.Errorf("re-import: %d %q", code, out)
	}
}

// mixedBundle is a document mixing emoji ZWJ sequences, flags, skin tones,
// combining marks, CJK, Arabic, an astral letter, CRLF and a BOM, with
// overlapping spans across layers, a discontinuous quote and relations.
func mixedBundle() annot.Bundle {
	text := "\ufeff“We are 👩‍👩‍👧 here,” said Zoë Ångström (🇺🇸, 👍🏽),\r\n“and 日本語 مرحبا 𝐀 cafe\u0301.”\r\n"
	ix := annot.NewIndex(text)
	at := func(sub string) (int, int) {
		b := strings.Index(text, sub)
		s, _ := ix.FromByte(b)
		e, _ := ix.FromByte(b + len(sub))
		return s, e
	}
	qs, _ := at("We are 👩‍👩‍👧 here,")
	_, qe := at("and 日本語 مرحبا 𝐀 cafe\u0301.")
	f1s, f1e := at("We are 👩‍👩‍👧 here,")
	f2s, f2e := at("and 日本語 مرحبا 𝐀 cafe\u0301.")
	ps, pe := at("Zoë Ångström")
	zs, ze := at("Zoë")
	cs, ce := at("said")
	js, je := at("日本語")
	ids := []string{"0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0a01", "0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0a02", "0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0a03",
		"0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0a04", "0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0a05", "0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0a06"}
	return annot.Bundle{
		Doc: annot.Document{ID: "6f0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f", Title: "Mixed ✓", Text: text,
			Meta: map[string]string{"source": "test", "url": "https://example.org/a?b=1&c=<2>"}, Status: annot.StatusInProgress},
		Spans: []annot.Span{
			{ID: ids[0], Start: qs, End: qe, Fragments: []annot.Fragment{{Start: f1s, End: f1e}, {Start: f2s, End: f2e}}, Layer: annot.LayerQuote, Label: "QUOTE",
				Attrs: map[string]string{"kind": "direct"}, Note: "interrupted by its cue", Annotator: "ana"},
			{ID: ids[1], Start: ps, End: pe, Layer: annot.LayerEntity, Label: "PERSON", Annotator: "ana"},
			{ID: ids[2], Start: zs, End: ze, Layer: annot.LayerEntity, Label: "MISC", Annotator: "bob"},
			{ID: ids[3], Start: cs, End: ce, Layer: annot.LayerCue, Label: "CUE", Annotator: "ana"},
			{ID: ids[4], Start: qs, End: qe, Layer: annot.LayerClaim, Label: "CLAIM", Attrs: map[string]string{"checkworthy": "unsure"}, Annotator: "ana"},
			{ID: ids[5], Start: js, End: je, Layer: annot.LayerEntity, Label: "GPE", Annotator: "ana"},
		},
		Relations: []annot.Relation{
			{ID: "0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0b01", Label: annot.RelSpeaker, From: ids[0], To: ids[1]},
			{ID: "0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0b02", Label: annot.RelCue, From: ids[0], To: ids[3]},
			{ID: "0b4e1f9e-8a7c-4c1e-9a55-2f6f3c1d0b03", Label: annot.RelClaimant, From: ids[4], To: ids[0]},
		},
	}
}

func TestNativeJSONLRoundTripsExactly(t *testing.T) {
	dir := t.TempDir()
	var in bytes.Buffer
	// Exports list spans by start, longest first, then id: the canonical order.
	b := mixedBundle()
	sort.Slice(b.Spans, func(i, j int) bool {
		x, y := b.Spans[i], b.Spans[j]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End > y.End
		}
		return x.ID < y.ID
	})
	if err := format.WriteJSONL(&in, b); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "mixed.jsonl")
	os.WriteFile(src, in.Bytes(), 0o644)
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run("import", "--db", db, src); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	code, out, stderr := run("export", "--db", db, "--format", "jsonl", "--out", "-")
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	if out != in.String() {
		t.Errorf("round trip differs:\n in: %s\nout: %s", in.String(), out)
	}
	// Every span's text is its code point slice, as Python would take it.
	var doc struct {
		Text  string
		Spans []struct {
			Start, End int
			Text       string
		}
	}
	json.Unmarshal([]byte(out), &doc)
	runes := []rune(doc.Text)
	for _, s := range doc.Spans {
		if string(runes[s.Start:s.End]) != s.Text {
			t.Errorf("span %d..%d text %q != slice %q", s.Start, s.End, s.Text, string(runes[s.Start:s.End]))
		}
	}
}

func TestBadInputLeavesProjectUnchanged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatal(stderr)
	}
	_, before, _ := run("export", "--db", db, "--format", "jsonl", "--out", "-")

	good := func() map[string]any {
		var in bytes.Buffer
		format.WriteJSONL(&in, mixedBundle())
		var m map[string]any
		json.Unmarshal(in.Bytes(), &m)
		return m
	}
	line := func(mut func(m map[string]any)) []byte {
		m := good()
		mut(m)
		b, _ := json.Marshal(m)
		return append(b, '\n')
	}
	span := func(m map[string]any, i int) map[string]any { return m["spans"].([]any)[i].(map[string]any) }
	cases := []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"binary", "photo.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"},
		{"invalid utf-8", "latin1.txt", []byte("caf\xe9 au lait\n"), "not valid UTF-8"},
		{"empty", "empty.txt", nil, "empty"},
		{"text mismatch", "bad.jsonl", line(func(m map[string]any) { span(m, 1)["text"] = "Zoe Angstrom" }), "spans[1].text"},
		{"offset out of range", "bad.jsonl", line(func(m map[string]any) { span(m, 2)["end"] = 5000; delete(span(m, 2), "text") }), "spans[2].end"},
		{"relation to unknown span", "bad.jsonl", line(func(m map[string]any) {
			m["relations"].([]any)[0].(map[string]any)["to"] = "0b4e1f9e-0000-4c1e-9a55-2f6f3c1d0a99"
		}), "relations[0].to"},
		{"truncated line", "cut.jsonl", line(func(m map[string]any) {})[:120], "truncated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.file)
			os.WriteFile(p, c.content, 0o644)
			// A good file first on the command line: all or nothing.
			good := filepath.Join(dir, "good.txt")
			os.WriteFile(good, []byte("A fine headline\n\nAnd a body.\n"), 0o644)
			code, _, stderr := run("import", "--db", db, good, p)
			if code != 1 {
				t.Fatalf("exit %d, want 1", code)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, c.file) || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr = %q, want one line naming %s and %q", stderr, c.file, c.want)
			}
			if strings.HasSuffix(c.file, ".jsonl") && !strings.Contains(stderr, c.file+":1") {
				t.Errorf("stderr = %q, want the line number", stderr)
			}
			_, after, _ := run("export", "--db", db, "--format", "jsonl", "--out", "-")
			if after != before {
				t.Errorf("project changed by a failed import")
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, _ := run("frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, _ := run("import", "--db", filepath.Join(t.TempDir(), "p.db")); code != 2 {
		t.Errorf("import without paths: exit %d", code)
	}
	if code, _, _ := run("export", "--db", filepath.Join(t.TempDir(), "p.db")); code != 2 {
		t.Errorf("export without --out: exit %d", code)
	}
	if code, out, _ := run("version"); code != 0 || !strings.Contains(out, Version) {
		t.Errorf("version: %d %q", code, out)
	}
}
