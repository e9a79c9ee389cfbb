package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/store"
)

// TestQuietInPOSIXLocale runs the real binary's commands in the locales of
// Debian containers and CI. Fyne used to print "Error parsing user locale
// C" on every run there; a command's standard error must hold only what
// the command says.
func TestQuietInPOSIXLocale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "p.db")
	// list opens read-only and creates nothing, so the project comes first.
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var base []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES":
			continue
		}
		base = append(base, kv)
	}
	for _, locale := range []string{"C.UTF-8", "C", "POSIX", "en_US.UTF-8"} {
		for _, args := range [][]string{{"version"}, {"list", "--db", db}} {
			cmd := exec.Command(bin, args...)
			cmd.Env = append(append([]string(nil), base...), "LANG="+locale)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("LANG=%s spanbench %s: %v\n%s", locale, strings.Join(args, " "), err, stderr.String())
			}
			if stderr.Len() != 0 {
				t.Errorf("LANG=%s spanbench %s wrote to standard error:\n%s", locale, strings.Join(args, " "), stderr.String())
			}
		}
	}
}
