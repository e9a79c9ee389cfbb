package store

import (
	"testing"

	"spanbench/annot"
)

// Span labels an import adds get the first keys no label has (after the
// default labels' 1-9, the letters of annot.LabelKeys, in the order the
// labels are added), so the label bar shows them with a key; relation
// labels get none.
func TestImportGivesAddedSpanLabelsFreeKeys(t *testing.T) {
	s := mustOpen(t)
	doc := annot.Bundle{
		Doc: annot.Document{Text: "Citibank moved money to banks."},
		Spans: []annot.Span{
			{ID: "T1", Start: 0, End: 8, Layer: annot.LayerEntity, Label: "Organization"},
			{ID: "T2", Start: 9, End: 14, Layer: annot.LayerEntity, Label: "Transfer-money"},
			{ID: "T3", Start: 24, End: 29, Layer: annot.LayerEntity, Label: "Organization"},
		},
		Relations: []annot.Relation{{Label: "Located", From: "T1", To: "T3"}},
	}
	rep, err := s.Import(ctx, "ana", seq(doc), ImportOptions{Labels: []annot.Label{{Layer: annot.LayerRelation, Name: "Located"}}})
	if err != nil {
		t.Fatal(err)
	}
	before := 9 // the default labels have keys 1-9 (store.go's seedLabels)
	var spanLabels int
	for _, l := range rep.AddedLabels {
		if l.Layer == annot.LayerRelation {
			if l.Key != "" {
				t.Errorf("relation label %s got key %q", l.Name, l.Key)
			}
			continue
		}
		if want := annot.LabelKeys[before+spanLabels]; l.Key != want {
			t.Errorf("%s got key %q, want %q", l.Name, l.Key, want)
		}
		spanLabels++
	}
	if spanLabels != 2 {
		t.Fatalf("added %d span labels, want Organization and Transfer-money: %+v", spanLabels, rep.AddedLabels)
	}
	ls, err := s.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := annot.ValidateLabels(ls); err != nil {
		t.Errorf("the stored labels: %v", err)
	}
}
