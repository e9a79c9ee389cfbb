package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBlindCommand: blind on/off is stored in the project and printed back.
func TestBlindCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, stderr := run("import", "--db", db, samplePath); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	for _, step := range []struct{ arg, want string }{{"", "is off"}, {"on", "is on"}, {"", "is on"}, {"off", "is off"}, {"", "is off"}} {
		args := []string{"blind", "--db", db}
		if step.arg != "" {
			args = append(args, step.arg)
		}
		code, out, stderr := run(args...)
		if code != 0 || !strings.Contains(out, step.want) {
			t.Errorf("%v: exit %d, %q %q; want %q", args, code, out, stderr, step.want)
		}
	}
	if code, _, _ := run("blind", "--db", db, "maybe"); code != 2 {
		t.Errorf("blind maybe: exit %d, want 2", code)
	}
}
