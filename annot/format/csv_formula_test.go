package format_test

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/internal/validators"
)

// formulaBundle has cells that spreadsheets run as formulas (OWASP's CSV
// injection examples: =HYPERLINK, +cmd|, @SUM, -, TAB, CR) and plain
// numbers that must stay numbers.
func formulaBundle() annot.Bundle {
	text := "-2+3 said =HYPERLINK(\"http://x\",\"y\") and @SUM(A1) then -12 and +3.5e2 "
	b := annot.Bundle{Doc: annot.Document{ID: "=1+1", Title: "+cmd|' /C calc'!A0", Text: text}}
	add := func(sub, label string) *annot.Span {
		i := strings.Index(text, sub)
		b.Spans = append(b.Spans, annot.Span{ID: "@" + label, Start: i, End: i + len(sub), Layer: annot.LayerEntity, Label: label})
		return &b.Spans[len(b.Spans)-1]
	}
	add("-2+3", "-MISC").Note = "\tnote"
	add("=HYPERLINK(\"http://x\",\"y\")", "=ORG").Annotator = "\rbob"
	add("@SUM(A1)", "@PERSON").Attrs = map[string]string{"k": "v"}
	add("-12", "NUM")
	add("+3.5e2", "NUM2").Note = "'=already quoted"
	return canonical(b)
}

func readCSV(t *testing.T, p string) [][]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCSVFormulasNeutralized: by default every cell that starts like a
// formula, and is not a plain number, gets a ' before it, and the card
// says so; KeepFormulas writes the cells as they are. RestoreFormula gives
// every original cell back.
func TestCSVFormulasNeutralized(t *testing.T) {
	b := formulaBundle()
	dir := t.TempDir()
	sum := export(t, dir, "csv", format.ExportOptions{}, b)
	rows := readCSV(t, sum.Path)
	kept := export(t, t.TempDir(), "csv", format.ExportOptions{KeepFormulas: true}, b)
	raw := readCSV(t, kept.Path)
	if len(rows) != len(raw) || len(rows) != 6 {
		t.Fatalf("%d and %d rows", len(rows), len(raw))
	}
	for i := range rows {
		for j := range rows[i] {
			c, r := rows[i][j], raw[i][j]
			if annot.RestoreFormula(c) != r {
				t.Errorf("row %d col %s: %q does not restore to %q", i, rows[0][j], c, r)
			}
			starts := r != "" && strings.ContainsRune("=+-@\t\r", rune(r[0]))
			number := r == "-12" || r == "+3.5e2" || r == "-2" // plain numbers stay
			switch {
			case starts && !number && c != "'"+r:
				t.Errorf("row %d col %s: %q not neutralized", i, rows[0][j], c)
			case number && c != r:
				t.Errorf("row %d col %s: the number %q became %q", i, rows[0][j], r, c)
			}
		}
	}
	// The note '=already quoted keeps its own ' after a restore.
	if n := rows[5][10]; n != "''=already quoted" {
		t.Errorf("note: %q", n)
	}
	card, _ := os.ReadFile(sum.Card)
	keptCard, _ := os.ReadFile(kept.Card)
	if !strings.Contains(string(card), "| Formula cells | a cell starting with") || !strings.Contains(string(keptCard), "| Formula cells | kept as they are") {
		t.Errorf("the cards do not say how formula cells were written")
	}
	validators.Check(t, "csv", sum.Path, "--fail-on-formulas")
	if out, ok := validators.Run(t, "csv", kept.Path, "--fail-on-formulas"); ok {
		t.Errorf("the validator passed formula cells kept as they are:\n%s", out)
	}
}

// TestNeutralizeFormula: the cell rule, case by case (OWASP's list of
// leading characters; plain numbers as the validator kit's NUMBER pattern
// reads them).
func TestNeutralizeFormula(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""}, {"plain", "plain"}, {"=1+1", "'=1+1"}, {"+cmd|x", "'+cmd|x"}, {"-x", "'-x"}, {"@SUM(1)", "'@SUM(1)"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"-12", "-12"}, {"+3.5", "+3.5"}, {"-1,5", "-1,5"}, {"-.5", "-.5"},
		{"1e5", "1e5"}, {"-1e-5", "-1e-5"}, {"-1e", "'-1e"}, {"-", "'-"}, {"+", "'+"}, {"--1", "'--1"},
		{"'", "'"}, {"'x", "'x"}, {"'=x", "''=x"}, {"''", "'''"}, {"'-5", "''-5"}, {"-٣", "'-٣"},
	}
	for _, c := range cases {
		got := annot.NeutralizeFormula(c.in)
		if got != c.want {
			t.Errorf("NeutralizeFormula(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := annot.RestoreFormula(got); back != c.in {
			t.Errorf("RestoreFormula(%q) = %q, want %q", got, back, c.in)
		}
	}
}
