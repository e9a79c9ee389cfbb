package format_test

import (
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/annot/format"
	"spanbench/internal/validators"
)

// overlapBundle has spans that overlap: "Patel" inside "Vedant Patel",
// "Ruiz in Kabul" across "Ana Ruiz" and "Kabul", and a relation to the
// nested "Patel".
func overlapBundle() annot.Bundle {
	t := "Vedant Patel met Ana Ruiz in Kabul."
	sp := func(n int, label, sub string) annot.Span {
		s, e := at(t, sub, 0)
		return annot.Span{ID: id(n), Start: s, End: e, Layer: annot.LayerEntity, Label: label}
	}
	return annot.Bundle{
		Doc: annot.Document{ID: "9c0c7d3e-2b1a-4f5e-8c9d-0a1b2c3d4e5f", Title: "Overlaps", Text: t, Status: annot.StatusDone},
		Spans: []annot.Span{sp(30, "PERSON", "Vedant Patel"), sp(31, "PERSON", "Patel"), sp(32, "PERSON", "Ana Ruiz"),
			sp(33, "ORG", "Ruiz in Kabul"), sp(34, "GPE", "Kabul")},
		Relations: []annot.Relation{{ID: id(130), Label: annot.RelSameAs, From: id(30), To: id(31)},
			{ID: id(131), Label: "MET", From: id(30), To: id(32)}},
	}
}

// TestDoccanoOverlapWarning: doccano's default project does not allow
// overlapping spans, and its importer (Spans.clean) drops every span that
// starts before the end of the last one kept. Counted by hand for
// overlapBundle, sorted by start: Vedant Patel 0-12 kept, Patel 7-12
// dropped, Ana Ruiz 17-25 kept, Ruiz in Kabul 21-34 dropped, Kabul 29-35
// kept: 2 of 5 dropped, and SAME_AS (Vedant Patel -> Patel) points at a
// dropped span. The export summary and the card say so, naming the setting.
func TestDoccanoOverlapWarning(t *testing.T) {
	dir := t.TempDir()
	sum := export(t, dir, "doccano", format.ExportOptions{}, canonical(overlapBundle()))
	want := `2 of 5 spans overlap a span before them: doccano's import drops them unless the project setting "Allow overlapping spans" is on (it is off in a new project); 1 relations point at such spans`
	all := strings.Join(sum.Warnings, "\n")
	if !strings.Contains(all, want) {
		t.Errorf("warnings:\n%s\nwant %s", all, want)
	}
	if card := readAll(t, sum.Card); !strings.Contains(card, `"Allow overlapping spans"`) {
		t.Errorf("card has no warning:\n%s", card)
	}
	// Spans that do not overlap: no warning.
	b := overlapBundle()
	b.Spans = []annot.Span{b.Spans[0], b.Spans[2], b.Spans[4]}
	b.Relations = b.Relations[1:]
	plain := export(t, t.TempDir(), "doccano", format.ExportOptions{}, b)
	if all := strings.Join(plain.Warnings, "\n"); strings.Contains(all, "overlap") {
		t.Errorf("warnings: %s", all)
	}

	// Last, as it skips without the kit: doccano's own pipeline agrees.
	out, _ := validators.Run(t, "doccano", sum.Path)
	if !strings.Contains(out, "drops 2 of 5 spans") || !strings.Contains(out, "1 of 2 relations point at a dropped span") {
		t.Errorf("validator:\n%s", out)
	}
}
