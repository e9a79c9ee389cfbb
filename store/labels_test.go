package store

import (
	"strings"
	"testing"

	"spanbench/annot"
)

// TestSetLabelsRenamesDeletesAndCounts edits the label set as the Settings
// dialog and the labels command do: a rename reaches spans and relations
// and is undone in one step; a label in use is not deleted.
func TestSetLabelsRenamesDeletesAndCounts(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, sample)
	p, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 25, End: 37, Layer: annot.LayerEntity, Label: "PERSON"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 45, End: 82, Layer: annot.LayerQuote, Label: "QUOTE"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Link(ctx, "ana", annot.Relation{DocID: doc, Label: annot.RelSpeaker, From: q.ID, To: p.ID}); err != nil {
		t.Fatal(err)
	}
	uses, err := s.LabelUses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if uses[annot.LayerEntity]["PERSON"] != 1 || uses[annot.LayerQuote]["QUOTE"] != 1 || uses[annot.LayerRelation][annot.RelSpeaker] != 1 || uses[annot.LayerEntity]["ORG"] != 0 {
		t.Fatalf("uses %v", uses)
	}

	ls, _ := s.Labels(ctx)
	ls[annot.IndexLabel(ls, annot.LayerEntity, "PERSON")].Name = "PER"
	ls[annot.IndexLabel(ls, annot.LayerRelation, annot.RelSpeaker)].Name = "SAID_BY"
	ls = append(ls[:annot.IndexLabel(ls, annot.LayerEntity, "MISC")], ls[annot.IndexLabel(ls, annot.LayerEntity, "MISC")+1:]...)
	ls = append(ls, annot.Label{Layer: annot.LayerRelation, Name: "QUOTES", Color: "#555555"})
	got, err := s.SetLabels(ctx, "ana", ls)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 14 || annot.IndexLabel(got, annot.LayerEntity, "MISC") >= 0 || annot.IndexLabel(got, annot.LayerRelation, "QUOTES") != 13 {
		t.Fatalf("labels %v", got)
	}
	b, _ := s.Bundle(ctx, doc)
	if b.Spans[0].Label != "PER" || b.Relations[0].Label != "SAID_BY" {
		t.Fatalf("rename did not reach the annotations: %s, %s", b.Spans[0].Label, b.Relations[0].Label)
	}

	// Deleting a label in use changes nothing, the message says why.
	_, err = s.SetLabels(ctx, "ana", got[1:])
	if annot.KindOf(err) != annot.KindConflict || !strings.Contains(err.Error(), "label QUOTE is used by 1 span; relabel or delete it first") {
		t.Fatalf("deleting QUOTE: %v", err)
	}
	said := annot.IndexLabel(got, annot.LayerRelation, "SAID_BY")
	_, err = s.SetLabels(ctx, "ana", append(append([]annot.Label{}, got[:said]...), got[said+1:]...))
	if annot.KindOf(err) != annot.KindConflict || !strings.Contains(err.Error(), "SAID_BY") {
		t.Fatalf("deleting a relation label in use: %v", err)
	}
	if now, _ := s.Labels(ctx); len(now) != 14 {
		t.Fatalf("a refused delete changed the set: %v", now)
	}

	// One undo brings back the old names, MISC and no QUOTES.
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	now, _ := s.Labels(ctx)
	if len(now) != 14 || now[2].Name != "PERSON" || annot.IndexLabel(now, annot.LayerEntity, "MISC") != 8 || annot.IndexLabel(now, annot.LayerRelation, "QUOTES") >= 0 {
		t.Fatalf("after undo %v", now)
	}
	b, _ = s.Bundle(ctx, doc)
	if b.Spans[0].Label != "PERSON" || b.Relations[0].Label != annot.RelSpeaker {
		t.Fatalf("undo did not rename back: %s, %s", b.Spans[0].Label, b.Relations[0].Label)
	}
	mustCheck(t, s)

	// SetLabels checks the set as annot.ValidateLabels does.
	bad := append(now, annot.Label{Layer: annot.LayerEntity, Name: "X", Color: "blue"})
	if _, err := s.SetLabels(ctx, "ana", bad); annot.KindOf(err) != annot.KindInvalid || !strings.Contains(err.Error(), "#rrggbb") {
		t.Fatalf("bad colour: %v", err)
	}
}
