// Package validators finds and runs the third-party format validators for
// the tests of every package: shared/validators beside the repository
// (brat's parser and verifier, conlleval and seqeval, doccano's import
// pipeline, label-studio-converter, spaCy's tokenizer rules, pandas; its
// README says what each checks). One place decides where the kit is and
// when its absence fails a run.
package validators

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// e2e reports whether the run must check every format (make test sets
// SPANBENCH_E2E=1): then a missing kit or a validator that cannot run fails
// the test instead of skipping it, so CI cannot pass by skipping.
func e2e() bool { return os.Getenv("SPANBENCH_E2E") == "1" }

// Find returns the kit's validate script in the nearest folder above the
// working directory that has shared/validators/validate (CI puts shared/
// beside the repository). Without one the test is skipped, or failed under
// SPANBENCH_E2E=1.
func Find(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "validators", "validate")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	const where = "no shared/validators/validate in any folder above "
	if e2e() {
		t.Fatalf("%s%s (SPANBENCH_E2E=1: the format validators must run)", where, wd)
	}
	t.Skipf("%s%s; the files are not checked by their own readers", where, wd)
	return ""
}

// Run runs `validate ARGS...` and returns its output and whether the
// consumer accepted the files (exit status 0; 1 is a refusal). Exit status
// 2 (wrong arguments, or a Python package missing: .ci/deps test installs
// them) skips the test, or fails it under SPANBENCH_E2E=1.
func Run(t testing.TB, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(Find(t), args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil {
		return out.String(), true
	}
	var exit *exec.ExitError
	switch {
	case !errors.As(err, &exit):
		t.Fatalf("validate %s: %v", strings.Join(args, " "), err)
	case exit.ExitCode() == 2 && !e2e():
		t.Skipf("the validator cannot run here (install its packages with .ci/deps test):\n%s", out.String())
	case exit.ExitCode() != 1:
		t.Fatalf("validate %s: exit %d\n%s", strings.Join(args, " "), exit.ExitCode(), out.String())
	}
	return out.String(), false
}

// Check runs `validate --max 20 ARGS...` and fails the test with the
// consumer's error lines unless it accepts the files.
func Check(t testing.TB, args ...string) {
	t.Helper()
	out, ok := Run(t, append([]string{"--max", "20"}, args...)...)
	if testing.Verbose() {
		t.Logf("validate %s:\n%s", strings.Join(args, " "), out)
	}
	if ok {
		return
	}
	var errs []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "error:") || strings.HasPrefix(l, "FAIL:") {
			errs = append(errs, l)
		}
	}
	t.Errorf("validate %s: the consumer refuses the files\n%s", strings.Join(args, " "), strings.Join(errs, "\n"))
}
