package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/store"
)

// TestSpansConcordance prints the spans of a label as aligned text (the
// escape sequence in the text and title made inert) and as JSON lines.
func TestSpansConcordance(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	text := "Hi \x1b[2J there. Vedant Patel said so."
	src := func(yield func(annot.Bundle, error) bool) {
		yield(annot.Bundle{Doc: annot.Document{Title: "Brief\x1b[31m", Text: text}}, nil)
	}
	rep, err := s.Import(context.Background(), "t", src, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// "Hi ", ESC, "[2J there. " is 3+1+11 = 15 code points before "Vedant Patel" (12).
	if _, err := s.Apply(context.Background(), "t", rep.DocIDs[0], "add PERSON", store.Change{Create: []annot.Span{{DocID: rep.DocIDs[0], Start: 15, End: 27, Layer: annot.LayerEntity, Label: "PERSON"}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	code, out, stderr := run("spans", "--db", db, "--label", "PERSON", "--context", "20")
	if code != 0 {
		t.Fatalf("spans: %d %s", code, stderr)
	}
	if strings.Contains(out, "\x1b") || !strings.Contains(out, `Hi \x1b[2J there. [Vedant Patel] said so.`) || !strings.Contains(out, `Brief\x1b[31m`) {
		t.Errorf("text output:\n%s", out)
	}
	code, out, stderr = run("spans", "--db", db, "--text", "PATEL", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("spans jsonl: %d %s", code, stderr)
	}
	var line spanLine
	if err := json.Unmarshal([]byte(out), &line); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if line.Text != "Vedant Patel" || line.Start != 15 || line.End != 27 || line.Right != " said so." || line.Left != text[:15] {
		t.Errorf("jsonl line: %+v", line)
	}
	if code, out, _ := run("spans", "--db", db, "--label", "ORG"); code != 0 || out != "" {
		t.Errorf("no ORG spans: status %d, output %q", code, out)
	}
	if code, _, _ := run("spans", "--db", db, "--attr", "=x"); code != 2 {
		t.Errorf("--attr =x: status %d, want 2", code)
	}
}
