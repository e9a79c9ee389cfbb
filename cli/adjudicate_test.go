package cli

import (
	"strings"
	"testing"

	"spanbench/annot"
)

// disagreementKeys returns the KEY of each listed disagreement of kind.
func disagreementKeys(out, kind string) []string {
	var keys []string
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if strings.HasPrefix(l, "  ") && len(f) > 1 && f[1] == kind {
			keys = append(keys, f[0])
		}
	}
	return keys
}

// On agreeDB's two documents (see there): d1 has a boundary disagreement
// (ana's QUOTE [10,15), ben's [12,17)) and a missing one (ana's PERSON
// [6,7)), and 3 things to pre-merge (QUOTE [0,5), PERSON [18,19), SPEAKER
// between them); d2 agrees on its 4 spans and the SPEAKER from [0,3): 5 to
// pre-merge. Its SPEAKER from [6,9) differs (ana ->[16,17), ben ->[12,13))
// ("s" or "q") and is listed once gold has [6,9).
func TestAdjudicateCLI(t *testing.T) {
	db := agreeDB(t)
	d1, d2 := annot.DerivedID("t", "d1"), annot.DerivedID("t", "d2")
	code, out, stderr := run("adjudicate", "--db", db)
	if code != 0 {
		t.Fatalf("adjudicate: %d %s", code, stderr)
	}
	for _, want := range []string{
		d1 + ` "one" (ana, ben): 2 disagreements left, 0 settled, 3 to pre-merge`,
		d2 + ` "two" (ana, ben): 0 disagreements left, 0 settled, 5 to pre-merge`,
		`ana: QUOTE "f g h" | ben: QUOTE "g h i"`,
		`ana: PERSON "d" | ben: (nothing)`,
		"Project: 2 disagreements left in 1 documents; 0 of 2 documents adjudicated.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("listing has no %q:\n%s", want, out)
		}
	}
	if got := disagreementKeys(out, "boundary"); len(got) != 1 {
		t.Errorf("boundary keys %v; want one", got)
	}
	code, out, stderr = run("adjudicate", "--db", db, "--auto")
	if code != 0 || !strings.Contains(out, "Pre-merged 6 spans and 2 links into gold in 2 documents.") ||
		!strings.Contains(out, d2+` "two" (ana, ben): 1 disagreements left, 0 settled, 0 to pre-merge`) {
		t.Fatalf("--auto: %d %s %s", code, out, stderr)
	}
	links := disagreementKeys(out, "link")
	if len(links) != 1 || !strings.Contains(out, `ana: SPEAKER -> PERSON "s" | ben: SPEAKER -> PERSON "q"`) {
		t.Fatalf("link disagreements %v in:\n%s", links, out)
	}
	// Pre-merging again writes nothing.
	if code, out, _ := run("adjudicate", "--db", db, "--auto"); code != 0 || !strings.Contains(out, "Pre-merged 0 spans and 0 links into gold in 0 documents.") {
		t.Errorf("second --auto: %d %s", code, out)
	}
	if code, _, stderr := run("adjudicate", "--db", db, "--doc", d2, "--mark"); code != 1 || !strings.Contains(stderr, "1 disagreements left") {
		t.Errorf("--mark with one left: %d %q; want an error", code, stderr)
	}
	code, out, stderr = run("adjudicate", "--db", db, "--doc", d2, "--key", links[0], "--take", "ana", "--mark")
	if code != 0 || !strings.Contains(out, "Settled "+links[0]+": 0 gold spans, 1 gold links written.") || !strings.Contains(out, "Marked 1 documents adjudicated.") ||
		!strings.Contains(out, "0 disagreements left, 1 settled, 0 to pre-merge, adjudicated") {
		t.Errorf("take ana's link and mark: %d %s %s", code, out, stderr)
	}
	code, out, _ = run("adjudicate", "--db", db)
	if code != 0 || !strings.Contains(out, "Project: 2 disagreements left in 1 documents; 1 of 2 documents adjudicated.") {
		t.Errorf("final listing: %d %s", code, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--take", "ana"}, "--key names"},
		{[]string{"--key", "abc", "--take", "ana"}, "--key needs --doc"},
		{[]string{"--doc", d1, "--key", "abc", "--drop", "--take-all"}, "exactly one"},
		{[]string{"--threshold", "-1"}, "--threshold"},
	} {
		if code, _, stderr := run(append([]string{"adjudicate", "--db", db}, c.args...)...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: %d %q; want a usage error with %q", c.args, code, stderr, c.want)
		}
	}
	if code, _, stderr := run("adjudicate", "--db", db, "--doc", d1, "--key", "nokey", "--drop"); code != 1 || !strings.Contains(stderr, "no disagreement left with key") {
		t.Errorf("unknown key: %d %q", code, stderr)
	}
	if code, _, stderr := run("adjudicate", "--db", db, "--doc", d1, "--key", disagreementKeys(out, "boundary")[0], "--take", "cy"); code != 2 || !strings.Contains(stderr, `coder "cy" has no version`) {
		t.Errorf("take a stranger's: %d %q", code, stderr)
	}
}
