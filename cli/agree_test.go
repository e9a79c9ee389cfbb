package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// canonicalCSV is the reliability data of Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability", section C, as the agree command reads
// it: one row per observer, an empty cell for a missing value.
const canonicalCSV = `A,1,2,3,3,2,1,4,1,2,,,
B,1,2,3,3,2,2,4,1,2,5,,3
C,,3,3,3,2,3,4,2,2,5,1,
D,1,2,3,3,2,4,4,1,2,5,1,
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAgreeCanonical(t *testing.T) {
	data := writeTemp(t, "rel.csv", canonicalCSV)
	// Expected values printed in Krippendorff (2011), section C.
	for _, c := range []struct {
		level, want string
	}{
		{"", "0.743"}, // nominal is the default
		{"ordinal", "0.815"},
		{"interval", "0.849"},
		{"ratio", "0.797"},
	} {
		args := []string{"agree", "--data", data}
		if c.level != "" {
			args = append(args, "--level", c.level)
		}
		code, out, stderr := run(args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
		if !strings.Contains(out, ": "+c.want+" ") || !strings.Contains(out, "4 coders, 12 units") {
			t.Errorf("%s: %q; want alpha %s, 4 coders, 12 units", c.level, out, c.want)
		}
	}
}

func TestAgreeNominalLabels(t *testing.T) {
	// The canonical table with category names instead of numbers: nominal
	// α only compares values for equality, so it is still .743.
	names := strings.NewReplacer("1", "PER", "2", "ORG", "3", "LOC", "4", "MISC", "5", "DATE").Replace(canonicalCSV)
	names = strings.NewReplacer("A,", "ann,", "B,", "bob,", "C,", "cy,", "D,", "dee,").Replace(names)
	code, out, stderr := run("agree", "--data", writeTemp(t, "names.csv", "\ufeff"+names))
	if code != 0 || !strings.Contains(out, ": 0.743 ") {
		t.Errorf("%d %q %s; want 0.743", code, out, stderr)
	}
}

func TestAgreeJSON(t *testing.T) {
	code, out, stderr := run("agree", "--data", writeTemp(t, "rel.csv", canonicalCSV), "--format", "json", "--level", "interval")
	if code != 0 {
		t.Fatalf("%d %s", code, stderr)
	}
	var got struct {
		Alpha  *float64 `json:"krippendorff_alpha"`
		Units  int      `json:"units"`
		Coders int      `json:"coders"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Alpha == nil {
		t.Fatalf("%q: %v", out, err)
	}
	if math.Abs(*got.Alpha-0.849) > 0.0005 || got.Units != 12 || got.Coders != 4 {
		t.Errorf("%+v (alpha %v); want 0.849, 12 units, 4 coders", got, *got.Alpha)
	}
}

func TestAgreeBadInput(t *testing.T) {
	for _, c := range []struct {
		name, csv, level, want string
	}{
		{"text at interval", "A,1,2\nB,1,x\n", "interval", ":2: column 3: \"x\" is not a number"},
		{"ragged row", "A,1,2,3\nB,1,2\n", "", ":2: column 4: 2 units, but line 1 has 3"},
		{"long row", "A,1,2\nB,1,2,3\n", "", ":2: column 4: 3 units, but line 1 has 2"},
		{"repeated coder", "A,1,2\nA,1,2\n", "", ":2: column 1: coder \"A\" already has a row (line 1)"},
		{"no name", "A,1,2\n,1,2\n", "", ":2: column 1: the coder's name is empty"},
		{"one coder", "A,1,2\n", "", "1 coder rows; alpha needs at least 2"},
		{"bad quote", "A,1,2\nB,1\"2,3\n", "", ":2: at byte 4 of the line: bare \""},
		{"negative ratio", "A,1,2\nB,1,-2\n", "ratio", ":2: column 3: \"-2\" is negative"},
		{"no variation", "A,1,1\nB,1,1\n", "", "agreement undefined"},
	} {
		p := writeTemp(t, "bad.csv", c.csv)
		args := []string{"agree", "--data", p}
		if c.level != "" {
			args = append(args, "--level", c.level)
		}
		code, out, stderr := run(args...)
		if code != 1 || out != "" || !strings.Contains(stderr, p) || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: %d %q %q; want one line naming %s and %q", c.name, code, out, stderr, p, c.want)
		}
	}
	if code, _, stderr := run("agree"); code != 2 || !strings.Contains(stderr, "--data") {
		t.Errorf("no --data: %d %q; want a usage error", code, stderr)
	}
	if code, _, stderr := run("agree", "--data", "x.csv", "--level", "cardinal"); code != 2 || !strings.Contains(stderr, "unknown level") {
		t.Errorf("bad level: %d %q; want a usage error", code, stderr)
	}
}
