package format_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// validatorKit finds the third-party validator kit, shared/validators/validate,
// in a folder above the package; t.Skip when there is none.
func validatorKit(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "validators", "validate")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no shared/validators/validate above the package")
		}
		dir = parent
	}
}

// runKit runs the kit on args and returns its output and whether it
// accepted them (exit status 0).
func runKit(t *testing.T, args ...string) (string, bool) {
	t.Helper()
	out, err := exec.Command(validatorKit(t), args...).CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return string(out), false
		}
		t.Fatalf("validate %v: %v\n%s", args, err, out)
	}
	return string(out), true
}
