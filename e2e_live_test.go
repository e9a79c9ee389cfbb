package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// liveSteps are the steps e2eScript understands plus three for a second
// process: "run: SHELL" runs a command ($bin and $db name the binary and
// the project), "sleep: SECONDS" waits, and "title: TEXT" fails unless a
// window of the program's whose title holds TEXT shows within 5 s (--all:
// xdotool's search otherwise matches any one of --pid and --name).
const liveSteps = `    type:*) xdotool type --delay 40 "${s#type:}" ;;
    run:*) eval "${s#run:}" >&2 || { echo "step failed: $s" >&2; kill "$app"; exit 1; } ;;
    sleep:*) sleep "${s#sleep:}" ;;
    title:*)
      found=""
      for i in $(seq 1 20); do
        found=$(xdotool search --all --pid "$app" --name "${s#title:}" 2>/dev/null | tail -n 1)
        [ -n "$found" ] && break
        sleep 0.25
      done
      [ -n "$found" ] || { echo "no window titled ${s#title:}" >&2; kill "$app"; exit 1; } ;;`

// TestWindowFollowsCLIImport: with the window open on the sample article,
// "spanbench import" adds a document from another process; a second later
// Alt+Down (next document) opens it, which it can only do once the window's
// list holds it. Its title is the text file's first line (docs/formats.md).
func TestWindowFollowsCLIImport(t *testing.T) {
	required := os.Getenv("SPANBENCH_E2E") == "1"
	for _, tool := range []string{"xvfb-run", "Xvfb", "xauth", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			if required {
				t.Fatalf("%s is missing (SPANBENCH_E2E=1): install it with .ci/deps test", tool)
			}
			t.Skipf("%s is missing; the end-to-end window test needs Xvfb and xdotool (.ci/deps test)", tool)
		}
	}
	typeStep := `    type:*) xdotool type --delay 40 "${s#type:}" ;;`
	if !strings.Contains(e2eScript, typeStep) {
		t.Fatal("e2eScript no longer has the type: step this test extends")
	}
	script := strings.Replace(e2eScript, typeStep, liveSteps, 1)
	bin := binary(t)
	home := t.TempDir()
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "LANG=en_US.UTF-8")
	dir := t.TempDir()
	db, txt := filepath.Join(dir, "p.db"), filepath.Join(dir, "budget.txt")
	if err := os.WriteFile(txt, []byte("Budget talks in Kabul\n\nThe finance minister presented the budget.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The steps sleep 0.4 s after each, so Alt+Down comes 1 s after the
	// import returned: two of the window's polls.
	steps := []string{`run:"$bin" import --db "$db" "` + txt + `"`, "sleep:0.2", "alt+Down", "title:Budget talks in Kabul", "ctrl+q"}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-a", "-s", "-screen 0 1280x800x24", "bash", "-c", script, "e2e", bin, db}, steps...)
	cmd := exec.CommandContext(ctx, "xvfb-run", args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("window run failed: %v\n%s", err, out.String())
	}
}
