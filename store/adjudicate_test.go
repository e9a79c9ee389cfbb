package store

import (
	"testing"

	"spanbench/annot"
	"spanbench/annot/adjudicate"
)

// The second document of agreeProject, adjudicated by ana and ben's
// versions: QUOTE [0,3) direct (both), [6,9) (ana indirect, ben direct),
// PERSON [12,13) and [16,17) (both); SPEAKER [0,3)->[12,13) (both),
// [6,9)->[16,17) (ana) or ->[12,13) (ben).
func TestAdjudicateDocument(t *testing.T) {
	s, ids := agreeProject(t)
	d2 := ids[1]
	a, err := s.Adjudication(ctx, d2, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Pre-merge: the quote [0,3), both PERSONs and the link between them;
	// left: the kind of [6,9).
	if len(a.Merge.Create) != 3 || len(a.Merge.Link) != 1 || len(a.Disagreements) != 1 || a.Disagreements[0].Kind != adjudicate.Attribute {
		t.Fatalf("merge %d spans %d links, disagreements %+v; want 3, 1 and one attribute", len(a.Merge.Create), len(a.Merge.Link), a.Disagreements)
	}
	if _, err := s.PreMerge(ctx, "judge", d2, 0); err != nil {
		t.Fatal(err)
	}
	gold := 0
	spans, err := s.Spans(ctx, d2)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range spans {
		if sp.Annotator == adjudicate.Gold {
			gold++
			if sp.Attrs[adjudicate.AttrFrom] != "ana,ben" {
				t.Errorf("gold span %d-%d from %q; want ana,ben", sp.Start, sp.End, sp.Attrs[adjudicate.AttrFrom])
			}
		}
	}
	if gold != 3 {
		t.Errorf("%d gold spans after the pre-merge; want 3", gold)
	}
	if err := s.MarkAdjudicated(ctx, "judge", d2, 0); annot.KindOf(err) != annot.KindConflict {
		t.Errorf("mark with a disagreement left: %v; want a conflict", err)
	}
	a, err = s.Adjudication(ctx, d2, 0)
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.Decide(a.Disagreements[0], adjudicate.Take, "ben")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyAdjudication(ctx, "judge", d2, "take ben's", e); err != nil {
		t.Fatal(err)
	}
	// Gold now has [6,9): its SPEAKER links disagree.
	a, err = s.Adjudication(ctx, d2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Disagreements) != 1 || a.Disagreements[0].Kind != adjudicate.Link || a.Settled != 1 {
		t.Fatalf("after taking ben's quote: %+v, settled %d; want one link disagreement, 1 settled", a.Disagreements, a.Settled)
	}
	e, _ = a.Decide(a.Disagreements[0], adjudicate.Drop, "")
	if _, err := s.ApplyAdjudication(ctx, "judge", d2, "drop", e); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkAdjudicated(ctx, "judge", d2, 0); err != nil {
		t.Fatal(err)
	}
	progress := func() map[string]DocAdjudication {
		t.Helper()
		ps, err := s.AdjudicationProgress(ctx, AgreeFilter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]DocAdjudication{}
		for _, p := range ps {
			out[p.ID] = p
		}
		return out
	}
	p := progress()[d2]
	if !p.Adjudicated || p.Left != 0 || p.Settled != 2 {
		t.Errorf("d2 progress %+v; want adjudicated, 0 left, 2 settled", p)
	}
	// The dataset card counts it among the documents marked adjudicated.
	settled := func() int {
		t.Helper()
		card, err := s.TeamCard(ctx)
		if err != nil || card == nil {
			t.Fatalf("team card %v, %v", card, err)
		}
		return card.Settled
	}
	if n := settled(); n != 1 {
		t.Errorf("the card counts %d documents marked adjudicated, want 1", n)
	}
	// Each step is an action of its own: undo takes back the mark, then
	// the drop.
	if _, err := s.Undo(ctx, "judge"); err != nil {
		t.Fatal(err)
	}
	if p := progress()[d2]; p.Adjudicated || p.Left != 0 {
		t.Errorf("after one undo: %+v; want not adjudicated, 0 left", p)
	}
	if n := settled(); n != 0 {
		t.Errorf("after undoing the mark the card counts %d documents marked adjudicated, want 0", n)
	}
	if _, err := s.Undo(ctx, "judge"); err != nil {
		t.Fatal(err)
	}
	if p := progress()[d2]; p.Left != 1 {
		t.Errorf("after two undos: %+v; want the link disagreement back", p)
	}
}
