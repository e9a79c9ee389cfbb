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
	// A project's own relation label, in use.
	ls, _ := s.Labels(ctx)
	if _, err := s.SetLabels(ctx, "ana", append(ls, annot.Label{Layer: annot.LayerRelation, Name: "QUOTES", Color: "#555555"})); err != nil {
		t.Fatal(err)
	}
	own, err := s.Link(ctx, "ana", annot.Relation{DocID: doc, Label: "QUOTES", From: q.ID, To: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	relLabel := func() string {
		rs, _ := s.Relations(ctx, doc)
		for _, r := range rs {
			if r.ID == own.ID {
				return r.Label
			}
		}
		return ""
	}
	uses, err := s.LabelUses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if uses[annot.LayerEntity]["PERSON"] != 1 || uses[annot.LayerQuote]["QUOTE"] != 1 || uses[annot.LayerRelation][annot.RelSpeaker] != 1 || uses[annot.LayerEntity]["ORG"] != 0 {
		t.Fatalf("uses %v", uses)
	}

	ls, _ = s.Labels(ctx)
	ls[annot.IndexLabel(ls, annot.LayerEntity, "PERSON")].Name = "PER"
	ls[annot.IndexLabel(ls, annot.LayerRelation, "QUOTES")].Name = "SAID_BY"
	ls = append(ls[:annot.IndexLabel(ls, annot.LayerEntity, "MISC")], ls[annot.IndexLabel(ls, annot.LayerEntity, "MISC")+1:]...)
	ls = append(ls, annot.Label{Layer: annot.LayerRelation, Name: "ATTRIBUTED", Color: "#555555"})
	got, err := s.SetLabels(ctx, "ana", ls)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 15 || annot.IndexLabel(got, annot.LayerEntity, "MISC") >= 0 || annot.IndexLabel(got, annot.LayerRelation, "ATTRIBUTED") != 14 {
		t.Fatalf("labels %v", got)
	}
	b, _ := s.Bundle(ctx, doc)
	if b.Spans[0].Label != "PER" || relLabel() != "SAID_BY" {
		t.Fatalf("rename did not reach the annotations: %s, %s", b.Spans[0].Label, relLabel())
	}
	mustCheck(t, s) // renamed spans and relations are not damage

	// Deleting a label in use changes nothing, the message says why.
	_, err = s.SetLabels(ctx, "ana", got[1:])
	if annot.KindOf(err) != annot.KindConflict || !strings.Contains(err.Error(), "label QUOTE is used by 1 span; relabel or delete it first") {
		t.Fatalf("deleting QUOTE: %v", err)
	}
	said := annot.IndexLabel(got, annot.LayerRelation, "SAID_BY")
	_, err = s.SetLabels(ctx, "ana", append(append([]annot.Label{}, got[:said]...), got[said+1:]...))
	if annot.KindOf(err) != annot.KindConflict || !strings.Contains(err.Error(), "label SAID_BY is used by 1 relation;") {
		t.Fatalf("deleting a relation label in use: %v", err)
	}
	// The built-in relation labels stay, used or not.
	ls = append([]annot.Label(nil), got...)
	ls[annot.IndexLabel(ls, annot.LayerRelation, annot.RelSameAs)].Name = "COREF"
	if _, err := s.SetLabels(ctx, "ana", ls); annot.KindOf(err) != annot.KindInvalid || !strings.Contains(err.Error(), "SAME_AS is built in") {
		t.Fatalf("renaming SAME_AS: %v", err)
	}
	if now, _ := s.Labels(ctx); len(now) != 15 {
		t.Fatalf("a refused delete changed the set: %v", now)
	}

	// One undo brings back the old names, MISC and no ATTRIBUTED.
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	now, _ := s.Labels(ctx)
	if len(now) != 15 || now[2].Name != "PERSON" || annot.IndexLabel(now, annot.LayerEntity, "MISC") != 8 || annot.IndexLabel(now, annot.LayerRelation, "ATTRIBUTED") >= 0 {
		t.Fatalf("after undo %v", now)
	}
	b, _ = s.Bundle(ctx, doc)
	if b.Spans[0].Label != "PERSON" || relLabel() != "QUOTES" {
		t.Fatalf("undo did not rename back: %s, %s", b.Spans[0].Label, relLabel())
	}
	mustCheck(t, s)

	// SetLabels checks the set as annot.ValidateLabels does.
	bad := append(now, annot.Label{Layer: annot.LayerEntity, Name: "X", Color: "blue"})
	if _, err := s.SetLabels(ctx, "ana", bad); annot.KindOf(err) != annot.KindInvalid || !strings.Contains(err.Error(), "#rrggbb") {
		t.Fatalf("bad colour: %v", err)
	}
}

// TestSetLabelsSwapsNames swaps two labels' names, and gives a renamed
// label's old name to a new label, in one call each; undo brings back
// every name on every span.
func TestSetLabelsSwapsNames(t *testing.T) {
	s := mustOpen(t)
	doc := mustDoc(t, s, sample)
	org, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 25, End: 37, Layer: annot.LayerEntity, Label: "ORG"})
	if err != nil {
		t.Fatal(err)
	}
	gpe, err := s.CreateSpan(ctx, "ana", annot.Span{DocID: doc, Start: 103, End: 107, Layer: annot.LayerEntity, Label: "GPE"})
	if err != nil {
		t.Fatal(err)
	}
	labelOf := func(id string) string {
		sp, err := s.Span(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return sp.Label
	}
	ls, _ := s.Labels(ctx)
	o, g := annot.IndexLabel(ls, annot.LayerEntity, "ORG"), annot.IndexLabel(ls, annot.LayerEntity, "GPE")
	ls[o].Name, ls[g].Name = "GPE", "ORG"
	if _, err := s.SetLabels(ctx, "ana", ls); err != nil {
		t.Fatalf("swap: %v", err)
	}
	if labelOf(org.ID) != "GPE" || labelOf(gpe.ID) != "ORG" {
		t.Fatalf("after the swap: %s, %s", labelOf(org.ID), labelOf(gpe.ID))
	}
	mustCheck(t, s)
	// The old ORG (now GPE) becomes PLACE and a new label takes GPE.
	ls, _ = s.Labels(ctx)
	ls[annot.IndexLabel(ls, annot.LayerEntity, "GPE")].Name = "PLACE"
	ls = append([]annot.Label{{Layer: annot.LayerEntity, Name: "GPE", Color: "#010203"}}, ls...)
	got, err := s.SetLabels(ctx, "ana", ls)
	if err != nil {
		t.Fatalf("new label taking a renamed label's name: %v", err)
	}
	if got[0].Name != "GPE" || got[0].ID == 0 || labelOf(org.ID) != "PLACE" {
		t.Fatalf("labels %v, span %s", got[:3], labelOf(org.ID))
	}
	for _, l := range got {
		if strings.Contains(l.Name, " ") {
			t.Fatalf("a temporary name stayed: %v", got)
		}
	}
	for range 2 {
		if _, err := s.Undo(ctx, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	now, _ := s.Labels(ctx)
	if len(now) != 14 || now[3].Name != "ORG" || now[4].Name != "GPE" || labelOf(org.ID) != "ORG" || labelOf(gpe.ID) != "GPE" {
		t.Fatalf("after two undos: %v; spans %s, %s", now, labelOf(org.ID), labelOf(gpe.ID))
	}
	for range 2 {
		if _, err := s.Redo(ctx, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	if labelOf(org.ID) != "PLACE" || labelOf(gpe.ID) != "ORG" {
		t.Fatalf("after two redos: %s, %s", labelOf(org.ID), labelOf(gpe.ID))
	}
	mustCheck(t, s)
}
