package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWindowFollowsCLIImport: with the window open on the sample article,
// "spanbench import" adds a document from another process; a second later
// Alt+Down (next document) opens it, which it can only do once the window's
// list holds it. Its title is the text file's first line (docs/formats.md).
func TestWindowFollowsCLIImport(t *testing.T) {
	bin, env := windowSetup(t)
	dir := t.TempDir()
	db, txt := filepath.Join(dir, "p.db"), filepath.Join(dir, "budget.txt")
	if err := os.WriteFile(txt, []byte("Budget talks in Kabul\n\nThe finance minister presented the budget.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The steps sleep 0.4 s after each, so Alt+Down comes 1 s after the
	// import returned: two of the window's polls.
	steps := []string{`run:"$bin" import --db "$db" "` + txt + `"`, "sleep:0.2", "alt+Down", "title:Budget talks in Kabul", "ctrl+q"}

	runWindow(t, bin, db, env, steps)
}
