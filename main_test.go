package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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

// TestNoDisplay starts the real binary without a display: one line saying
// what to do and exit status 2, not a Go stack trace, and no project made.
func TestNoDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("no DISPLAY there")
	}
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "p.db")
	var env []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); name != "DISPLAY" && name != "WAYLAND_DISPLAY" {
			env = append(env, kv)
		}
	}
	cmd := exec.Command(bin, "--db", db)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err == nil {
		code = 0
	}
	want := "spanbench: no display: set DISPLAY or use a subcommand\n"
	if code != 2 || stderr.String() != want || stdout.Len() != 0 {
		t.Fatalf("exit %d, stderr %q, stdout %q; want exit 2 and %q", code, stderr.String(), stdout.String(), want)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the project file was created (%v)", err)
	}
}
