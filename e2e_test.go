package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The end-to-end test drives the real binary in a virtual X server with
// xdotool, exactly as the keyboard contract reads: Ctrl+F, type "Vedant
// Patel", Enter, Escape, 3, Ctrl+Q; then "spanbench export" must hold a
// PERSON span 387-399 on the sample article. With Ctrl+Z before quitting,
// no span at all.
//
// SPANBENCH_BIN names the binary (make test builds it); without it the test
// builds one. With SPANBENCH_E2E=1 (make test) missing tools fail the test;
// otherwise it is skipped.

// e2eScript starts the window on a project, waits until it shows the sample
// article, focuses it (Xvfb has no window manager), sends the steps and
// waits for the program to quit. A step is an xdotool key name, "type:
// TEXT", or, for a second process: "run: SHELL" runs a command ($bin and
// $db name the binary and the project), "sleep: SECONDS" waits, and
// "title: TEXT" fails unless a window of the program's whose title holds
// TEXT shows within 5 s (--all: xdotool's search otherwise matches any one
// of --pid and --name).
const e2eScript = `
set -u
bin=$1 db=$2; shift 2
"$bin" --db "$db" & app=$!
win=""
for i in $(seq 1 240); do
  win=$(xdotool search --all --pid "$app" --name 'State Department' 2>/dev/null | tail -n 1)
  [ -n "$win" ] && break
  kill -0 "$app" 2>/dev/null || { echo "spanbench exited before showing the sample article" >&2; wait "$app"; exit 1; }
  sleep 0.25
done
[ -n "$win" ] || { echo "no window showing the sample article after 60 s" >&2; kill "$app"; exit 1; }
xdotool windowactivate --sync "$win" >/dev/null 2>&1 || true
xdotool windowfocus --sync "$win" >/dev/null 2>&1 || true
sleep 1
for s in "$@"; do
  case $s in
    type:*) xdotool type --delay 40 "${s#type:}" ;;
    run:*) eval "${s#run:}" >&2 || { echo "step failed: $s" >&2; kill "$app"; exit 1; } ;;
    sleep:*) sleep "${s#sleep:}" ;;
    title:*)
      found=""
      for i in $(seq 1 20); do
        found=$(xdotool search --all --pid "$app" --name "${s#title:}" 2>/dev/null | tail -n 1)
        [ -n "$found" ] && break
        sleep 0.25
      done
      [ -n "$found" ] || { echo "no window titled ${s#title:}" >&2; kill "$app"; exit 1; } ;;
    *) xdotool key --clearmodifiers "$s" ;;
  esac
  sleep 0.4
done
for i in $(seq 1 120); do kill -0 "$app" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$app" 2>/dev/null; then echo "spanbench did not quit on Ctrl+Q" >&2; kill "$app"; exit 1; fi
wait "$app"
`

func TestWindowEndToEnd(t *testing.T) {
	bin, env := windowSetup(t)

	keys := []string{"ctrl+f", "type:Vedant Patel", "Return", "Escape", "3"}
	t.Run("label", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "p.db")
		runWindow(t, bin, db, env, append(keys, "ctrl+q"))
		spans := exportedSpans(t, bin, db, env)
		found := false
		for _, s := range spans {
			if s.Label == "PERSON" && s.Start == 387 && s.End == 399 && s.Text == "Vedant Patel" {
				found = true
			}
		}
		if !found || len(spans) != 1 {
			t.Fatalf("exported spans %+v, want one PERSON 387-399 \"Vedant Patel\"", spans)
		}
	})
	t.Run("undo", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "p.db")
		runWindow(t, bin, db, env, append(keys, "ctrl+z", "ctrl+q"))
		if spans := exportedSpans(t, bin, db, env); len(spans) != 0 {
			t.Fatalf("exported spans %+v, want none after Ctrl+Z", spans)
		}
	})
}

// binary is the spanbench binary to test: SPANBENCH_BIN, or one built into
// a temporary folder.
func binary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("SPANBENCH_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "spanbench")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// windowSetup returns the binary and the environment of an end-to-end
// window test: a home of its own (the window's preferences stay in it). It
// skips without Xvfb and xdotool, or fails under SPANBENCH_E2E=1.
func windowSetup(t *testing.T) (bin string, env []string) {
	t.Helper()
	required := os.Getenv("SPANBENCH_E2E") == "1"
	for _, tool := range []string{"xvfb-run", "Xvfb", "xauth", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			if required {
				t.Fatalf("%s is missing (SPANBENCH_E2E=1): install it with .ci/deps test", tool)
			}
			t.Skipf("%s is missing; the end-to-end window test needs Xvfb and xdotool (.ci/deps test)", tool)
		}
	}
	home := t.TempDir()
	return binary(t), append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "LANG=en_US.UTF-8")
}

// runWindow runs e2eScript under Xvfb on project db with steps.
func runWindow(t *testing.T, bin, db string, env, steps []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-a", "-s", "-screen 0 1280x800x24", "bash", "-c", e2eScript, "e2e", bin, db}, steps...)
	cmd := exec.CommandContext(ctx, "xvfb-run", args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("window run failed: %v\n%s", err, out.String())
	}
}

// runCLI runs the binary with args and returns its standard output; the
// test fails, with standard error, if it does not succeed.
func runCLI(t *testing.T, bin string, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("spanbench %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

type exportedSpan struct {
	Start, End  int
	Label, Text string
}

func exportedSpans(t *testing.T, bin, db string, env []string) []exportedSpan {
	t.Helper()
	out := runCLI(t, bin, env, "export", "--db", db, "--format", "jsonl", "--out", "-")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 {
		t.Fatalf("export has %d documents, want the sample article only", len(lines))
	}
	var doc struct {
		Title string
		Spans []exportedSpan
	}
	if err := json.Unmarshal([]byte(lines[0]), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.Title, "State Department") {
		t.Fatalf("exported document %q is not the sample article", doc.Title)
	}
	return doc.Spans
}
